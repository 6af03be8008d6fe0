import { create } from 'zustand';
import type { RecoveryStatus } from '../../core/api/contract/backups';
import type { ApiResult } from '../../core/api/contract/result';
import type { Settings } from '../../core/api/contract/settings';
import type { WorkspaceInfo } from '../../core/api/contract/workspace';
import { api, onSignedOut } from '../api/transport';
import { noteMe, purgeStaleDrafts } from '../components/draftBuffer';
import { pushNotice, type Notice } from '../components/noticeQueue';
import { invalidateAfter, queryClient } from '../data/queryClient';
import { mirrorRead } from '../data/storeRefresh';
import { queryKeyOf } from '../data/useApi';
import { hashOf, routeFromHash, to, type Route, type Screen } from '../routing/routes';

interface AppState {
  workspace: WorkspaceInfo | null;
  /** Set when the workspace could not be opened normally: the recovery screen shows instead of the app. */
  recovery: Exclude<RecoveryStatus, { state: 'ok' }> | null;
  settings: Settings | null;
  loadError: string | null;
  /** Browser mode: the host no longer knows this browser's session (or never did), so nothing here can work. */
  signedOut: boolean;
  /** The app is locked (features/lock): only the lock screen shows, and nothing of the workspace is kept. */
  locked: boolean;
  route: Route;
  notices: Notice[];
  /** At launch (and "Try again"): recovery first, then the workspace and settings reads the whole app hangs on. */
  load(): Promise<void>;
  /** Reads the settings again, after a settings write made around useApiMutation. */
  loadSettings(): Promise<void>;
  /** Switches who "me" is; the previous person's buffered drafts go at once. */
  setMe(memberId: string | null): Promise<ApiResult<Settings>>;
  /** Drops buffered drafts that are not mine or that the server says are stale (after an erasure, say). */
  purgeDrafts(): Promise<void>;
  start(starter: boolean): Promise<boolean>;
  go(route: Route | Screen): void;
  notify(kind: Notice['kind'], text: string): void;
  dismiss(id: number): void;
}

let nextNotice = 1;

/*
 * The workspace and the settings are views of their cached reads (storeRefresh.ts): any write or
 * server event that invalidates `workspace.get` or `settings.get` updates them here, for the many
 * components that read them through this store.
 */
const workspaceRead = mirrorRead(
  'workspace.get',
  undefined,
  (workspace) => useApp.setState({ workspace, loadError: null }),
  (error) => useApp.setState({ loadError: error.message }),
);
const settingsRead = mirrorRead(
  'settings.get',
  undefined,
  (settings) => {
    // Drafts buffered for whoever was "me" before go as soon as "me" changes, here or in another window.
    noteMe(localStorage, settings.me);
    useApp.setState({ settings });
  },
  () => undefined,
);

export const useApp = create<AppState>((set, get) => ({
  workspace: null,
  recovery: null,
  settings: null,
  loadError: null,
  signedOut: false,
  locked: false,
  route: routeFromHash(window.location.hash),
  notices: [],
  async load() {
    // All three at once: the first screen waits for one round trip, not two. A workspace that needs
    // recovery refuses the reads, and the recovery screen shows before any load error would.
    const [status] = await Promise.all([api.call('recovery.status'), workspaceRead.ready(), settingsRead.ready()]);
    if (status.ok && status.value.state !== 'ok') {
      set({ recovery: status.value });
      return;
    }
    if (get().settings) await get().purgeDrafts();
  },
  loadSettings: () => settingsRead.refresh(),
  async setMe(memberId) {
    const result = await api.call('settings.setMe', { memberId });
    if (result.ok) {
      queryClient.setQueryData(queryKeyOf('settings.get'), result.value);
      void invalidateAfter('settings.setMe');
    }
    return result;
  },
  async purgeDrafts() {
    const me = get().settings?.me ?? null;
    await purgeStaleDrafts(localStorage, me, {
      feedbackMine: (loopId) => api.call('feedback.mine', { loopId }),
      candidate: (id) => api.call('candidates.get', { id }),
      loop: (id) => api.call('loops.get', { id }),
    });
  },
  async start(starter) {
    const result = await api.call('workspace.start', { starter });
    if (!result.ok) {
      get().notify('error', result.error.message);
      return false;
    }
    queryClient.setQueryData(queryKeyOf('workspace.get'), result.value);
    void invalidateAfter('workspace.start');
    return true;
  },
  go(target) {
    const route = typeof target === 'string' ? to.screen(target) : target;
    window.location.hash = hashOf(route);
    set({ route });
  },
  notify(kind, text) {
    const id = nextNotice++;
    // A burst of confirmations should not bury the screen: only the latest few stay. Each one
    // dismisses itself (see Notices in App.tsx), so the store only keeps the list.
    set({ notices: pushNotice(get().notices, { id, kind, text }) });
  },
  dismiss(id) {
    set({ notices: get().notices.filter((n) => n.id !== id) });
  },
}));

window.addEventListener('hashchange', () => useApp.setState({ route: routeFromHash(window.location.hash) }));

onSignedOut(() => useApp.setState({ signedOut: true }));
