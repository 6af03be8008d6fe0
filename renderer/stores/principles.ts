import { create } from 'zustand';
import type { MethodInput } from '../../core/api/contract/methods';
import type { Principle, PrincipleRevision } from '../../core/api/contract/principles';
import type { ApiError, ApiResult } from '../../core/api/contract/result';
import { api } from '../api/transport';
import { useApp } from './app';

type SaveResult = ApiResult<Principle>;

interface PrinciplesState {
  all: Principle[];
  loaded: boolean;
  load(): Promise<void>;
  create(input: MethodInput<'principles.create'>): Promise<SaveResult>;
  update(input: MethodInput<'principles.update'>): Promise<SaveResult>;
  move(id: string, delta: -1 | 1): Promise<void>;
  /** Moves an active principle to `index` among the active ones (a drop, or a move by keyboard). */
  moveTo(id: string, index: number): Promise<void>;
  setStatus(id: string, action: 'archive' | 'restore'): Promise<void>;
  revisions(id: string): Promise<PrincipleRevision[]>;
}

export const activePrinciples = (all: Principle[]) => all.filter((p) => p.status === 'active');

const fail = (error: ApiError) => useApp.getState().notify('error', error.message);

export const usePrinciples = create<PrinciplesState>((set, get) => ({
  all: [],
  loaded: false,
  async load() {
    const result = await api.call('principles.list', { includeArchived: true });
    if (result.ok) set({ all: result.value, loaded: true });
    else fail(result.error);
  },
  async create(input) {
    const result = await api.call('principles.create', input);
    if (!result.ok) return { ok: false, error: result.error };
    await get().load();
    return { ok: true, value: result.value };
  },
  async update(input) {
    const result = await api.call('principles.update', input);
    if (!result.ok) return { ok: false, error: result.error };
    set({ all: get().all.map((p) => (p.id === result.value.id ? result.value : p)) });
    return { ok: true, value: result.value };
  },
  async move(id, delta) {
    const from = activePrinciples(get().all).findIndex((p) => p.id === id);
    if (from >= 0) await get().moveTo(id, from + delta);
  },
  async moveTo(id, to) {
    const active = activePrinciples(get().all);
    const from = active.findIndex((p) => p.id === id);
    if (from < 0 || to < 0 || to >= active.length || to === from) return;
    const ordered = [...active];
    const [moved] = ordered.splice(from, 1);
    if (!moved) return;
    ordered.splice(to, 0, moved);
    // Optimistic: the list moves at once; the server's answer replaces it, or the old order comes back.
    const previous = get().all;
    const archived = previous.filter((p) => p.status !== 'active');
    set({ all: [...ordered.map((p, position) => ({ ...p, position })), ...archived] });
    const result = await api.call('principles.reorder', { ids: ordered.map((p) => p.id) });
    if (result.ok) set({ all: [...result.value, ...archived] });
    else {
      set({ all: previous });
      fail(result.error);
    }
  },
  async setStatus(id, action) {
    const result = await api.call(action === 'archive' ? 'principles.archive' : 'principles.restore', { id });
    if (!result.ok) return fail(result.error);
    useApp.getState().notify('info', `${action === 'archive' ? 'Archived' : 'Restored'} "${result.value.name}"`);
    await get().load();
  },
  async revisions(id) {
    const result = await api.call('principles.revisions', { id });
    if (result.ok) return result.value;
    fail(result.error);
    return [];
  },
}));
