import { create } from 'zustand';
import type { MethodInput } from '../../../core/api/contract/methods';
import type { PrincipleCoverage, Question, TagCount } from '../../../core/api/contract/questions';
import type { ApiError, ApiResult } from '../../../core/api/contract/result';
import { api } from '../../api/transport';
import { useApp } from '../../stores/app';

export interface QuestionFilters {
  search: string;
  principleId: string;
  tag: string;
  lint: '' | 'clean' | 'warning' | 'hypothetical';
  status: 'active' | 'retired' | 'all';
}

export const NO_FILTERS: QuestionFilters = { search: '', principleId: '', tag: '', lint: '', status: 'active' };
export const PAGE_SIZE = 200;

type SaveResult = ApiResult<Question>;

interface QuestionsState {
  filters: QuestionFilters;
  items: Question[];
  total: number;
  loading: boolean;
  tags: TagCount[];
  coverage: PrincipleCoverage[];
  setFilters(patch: Partial<QuestionFilters>): void;
  load(): Promise<void>;
  loadSide(): Promise<void>;
  create(input: MethodInput<'questions.create'>): Promise<SaveResult>;
  update(input: MethodInput<'questions.update'>): Promise<SaveResult>;
  setStatus(id: string, action: 'retire' | 'restore'): Promise<void>;
}

const fail = (error: ApiError) => useApp.getState().notify('error', error.message);

// Each load gets a number; an answer to an older search never overwrites a newer one.
let latestLoad = 0;

export const useQuestions = create<QuestionsState>((set, get) => ({
  filters: NO_FILTERS,
  items: [],
  total: 0,
  loading: false,
  tags: [],
  coverage: [],
  setFilters(patch) {
    set({ filters: { ...get().filters, ...patch } });
    void get().load();
  },
  async load() {
    const ticket = ++latestLoad;
    const f = get().filters;
    set({ loading: true });
    const result = await api.call('questions.list', {
      search: f.search,
      status: f.status,
      limit: PAGE_SIZE,
      ...(f.principleId ? { principleId: f.principleId } : {}),
      ...(f.tag ? { tag: f.tag } : {}),
      ...(f.lint ? { lint: f.lint } : {}),
    });
    if (ticket !== latestLoad) return;
    if (result.ok) set({ items: result.value.items, total: result.value.total, loading: false });
    else {
      set({ loading: false });
      fail(result.error);
    }
  },
  async loadSide() {
    const [tags, coverage] = await Promise.all([api.call('questions.tags'), api.call('questions.coverage')]);
    if (tags.ok) set({ tags: tags.value });
    if (coverage.ok) set({ coverage: coverage.value });
  },
  async create(input) {
    const result = await api.call('questions.create', input);
    if (!result.ok) return { ok: false, error: result.error };
    await Promise.all([get().load(), get().loadSide()]);
    return { ok: true, value: result.value };
  },
  async update(input) {
    const result = await api.call('questions.update', input);
    if (!result.ok) return { ok: false, error: result.error };
    await Promise.all([get().load(), get().loadSide()]);
    return { ok: true, value: result.value };
  },
  async setStatus(id, action) {
    const result = await api.call(action === 'retire' ? 'questions.retire' : 'questions.restore', { id });
    if (!result.ok) return fail(result.error);
    useApp.getState().notify('info', action === 'retire' ? 'Question retired' : 'Question restored');
    await Promise.all([get().load(), get().loadSide()]);
  },
}));
