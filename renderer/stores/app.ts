import { create } from 'zustand';
import type { RecoveryStatus } from '../../core/api/contract/backups';
import type { ApiResult } from '../../core/api/contract/result';
import type { Settings } from '../../core/api/contract/settings';
import type { WorkspaceInfo } from '../../core/api/contract/workspace';
import { api, onSignedOut } from '../api/transport';
import { noteMe, purgeStaleDrafts } from '../components/draftBuffer';
import { pushNotice, type Notice } from '../components/noticeQueue';
import { invalidateAfter } from '../data/queryClient';
import { hashOf, routeFromHash, to, type Route, type Screen } from '../routing/routes';

interface AppState {
  workspace: WorkspaceInfo | null;
  /** Set when the workspace could not be opened normally: the recovery screen shows instead of the app. */
  recovery: Exclude<RecoveryStatus, { state: 'ok' }> | null;
  settings: Settings | null;
  loadError: string | null;
  /** Browser mode: the host no longer knows this browser's session (or never did), so nothing here can work. */
  signedOut: boolean;
  route: Route;
  notices: Notice[];
  load(): Promise<void>;
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

export const useApp = create<AppState>((set, get) => ({
  workspace: null,
  recovery: null,
  settings: null,
  loadError: null,
  signedOut: false,
  route: routeFromHash(window.location.hash),
  notices: [],
  async load() {
    const status = await api.call('recovery.status');
    if (status.ok && status.value.state !== 'ok') {
      set({ recovery: status.value });
      return;
    }
    const [result, settings] = await Promise.all([api.call('workspace.get'), api.call('settings.get')]);
    if (result.ok) set({ workspace: result.value, loadError: null });
    else set({ loadError: result.error.message });
    if (settings.ok) {
      set({ settings: settings.value });
      await get().purgeDrafts();
    }
  },
  async loadSettings() {
    const settings = await api.call('settings.get');
    if (settings.ok) {
      noteMe(localStorage, settings.value.me);
      set({ settings: settings.value });
    }
  },
  async setMe(memberId) {
    const result = await api.call('settings.setMe', { memberId });
    if (result.ok) {
      noteMe(localStorage, result.value.me);
      set({ settings: result.value });
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
    set({ workspace: result.value });
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
