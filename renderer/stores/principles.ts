import { create } from 'zustand';
import type { MethodInput } from '../../core/api/contract/methods';
import type { Principle, PrincipleRevision } from '../../core/api/contract/principles';
import type { ApiError, ApiResult } from '../../core/api/contract/result';
import { api } from '../api/transport';
import { invalidateAfter, queryClient } from '../data/queryClient';
import { mirrorRead } from '../data/storeRefresh';
import { queryKeyOf, readFn } from '../data/useApi';
import { useApp } from './app';

type SaveResult = ApiResult<Principle>;

interface PrinciplesState {
  all: Principle[];
  loaded: boolean;
  /** Resolves once the principles are known; later changes arrive by invalidation. */
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

const LIST_INPUT = { includeArchived: true };

/**
 * Every principle, archived ones included. A store (not a query per component) because nearly
 * every screen names principles and the list is reordered optimistically; it mirrors the cached
 * `principles.list` read, so writes here and changes from other windows refresh it alike.
 */
const list = mirrorRead('principles.list', LIST_INPUT, (all) => usePrinciples.setState({ all, loaded: true }), fail);

export const usePrinciples = create<PrinciplesState>((set, get) => ({
  all: [],
  loaded: false,
  load: () => list.ready(),
  async create(input) {
    const result = await api.call('principles.create', input);
    if (result.ok) await invalidateAfter('principles.create');
    return result;
  },
  async update(input) {
    const result = await api.call('principles.update', input);
    if (result.ok) await invalidateAfter('principles.update');
    return result;
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
    if (result.ok) {
      queryClient.setQueryData(queryKeyOf('principles.list', LIST_INPUT), [...result.value, ...archived]);
      void invalidateAfter('principles.reorder');
    } else {
      set({ all: previous });
      fail(result.error);
    }
  },
  async setStatus(id, action) {
    const method = action === 'archive' ? 'principles.archive' : 'principles.restore';
    const result = await api.call(method, { id });
    if (!result.ok) return fail(result.error);
    useApp.getState().notify('info', `${action === 'archive' ? 'Archived' : 'Restored'} "${result.value.name}"`);
    await invalidateAfter(method);
  },
  async revisions(id) {
    try {
      return await queryClient.fetchQuery({ queryKey: queryKeyOf('principles.revisions', { id }), queryFn: readFn('principles.revisions', { id }) });
    } catch (error) {
      fail(error as ApiError);
      return [];
    }
  },
}));
