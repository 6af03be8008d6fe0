import { create } from 'zustand';
import type { WorkspaceInfo } from '../../core/api/contract/workspace';
import { api } from '../api/transport';

export const SCREENS = ['principles', 'questions', 'activity'] as const;
export type Screen = (typeof SCREENS)[number];

interface Notice {
  id: number;
  kind: 'error' | 'info';
  text: string;
}

interface AppState {
  workspace: WorkspaceInfo | null;
  loadError: string | null;
  screen: Screen;
  notices: Notice[];
  load(): Promise<void>;
  start(starter: boolean): Promise<boolean>;
  go(screen: Screen): void;
  notify(kind: Notice['kind'], text: string): void;
  dismiss(id: number): void;
}

function screenFromHash(): Screen {
  const name = window.location.hash.replace(/^#\/?/, '');
  return (SCREENS as readonly string[]).includes(name) ? (name as Screen) : 'principles';
}

let nextNotice = 1;

export const useApp = create<AppState>((set, get) => ({
  workspace: null,
  loadError: null,
  screen: screenFromHash(),
  notices: [],
  async load() {
    const result = await api.call('workspace.get');
    if (result.ok) set({ workspace: result.value, loadError: null });
    else set({ loadError: result.error.message });
  },
  async start(starter) {
    const result = await api.call('workspace.start', { starter });
    if (!result.ok) {
      get().notify('error', result.error.message);
      return false;
    }
    set({ workspace: result.value });
    return true;
  },
  go(screen) {
    window.location.hash = `#/${screen}`;
    set({ screen });
  },
  notify(kind, text) {
    const id = nextNotice++;
    set({ notices: [...get().notices, { id, kind, text }] });
    if (kind === 'info') setTimeout(() => get().dismiss(id), 4000);
  },
  dismiss(id) {
    set({ notices: get().notices.filter((n) => n.id !== id) });
  },
}));

window.addEventListener('hashchange', () => useApp.setState({ screen: screenFromHash() }));
