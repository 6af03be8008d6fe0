import { create } from 'zustand';
import type { MethodInput } from '../../../core/api/contract/methods';

export interface QuestionFilters {
  search: string;
  principleId: string;
  tag: string;
  lint: '' | 'clean' | 'warning' | 'hypothetical';
  status: 'active' | 'retired' | 'all';
}

export const NO_FILTERS: QuestionFilters = { search: '', principleId: '', tag: '', lint: '', status: 'active' };

/** The `questions.list` input for these filters (without paging): also the list's cache key. */
export function listInput(f: QuestionFilters): MethodInput<'questions.list'> {
  return {
    search: f.search,
    status: f.status,
    ...(f.principleId ? { principleId: f.principleId } : {}),
    ...(f.tag ? { tag: f.tag } : {}),
    ...(f.lint ? { lint: f.lint } : {}),
  };
}

interface FilterState {
  filters: QuestionFilters;
  setFilters(patch: Partial<QuestionFilters>): void;
}

/** Only what the bank is filtered by, kept across visits; the questions themselves are cached reads. */
export const useQuestionFilters = create<FilterState>((set, get) => ({
  filters: NO_FILTERS,
  setFilters: (patch) => set({ filters: { ...get().filters, ...patch } }),
}));
