import type { Candidate } from '../../../core/api/contract/candidates';
import type { OwedFeedback } from '../../../core/api/contract/feedback';
import type { LoopSummary } from '../../../core/api/contract/loops';
import type { Question } from '../../../core/api/contract/questions';
import type { TeamMemberName } from '../../../core/api/contract/team';
import { useState } from 'react';
import { useApiQuery } from '../../data/useApi';
import { useTeam } from '../../stores/team';
import { useDebounced } from '../useDebounced';

/** Few per group: the palette is for jumping to a thing whose name you know, not for browsing. */
export const PER_GROUP = 5;

export interface PaletteFinds {
  candidates: Candidate[];
  loops: LoopSummary[];
  questions: Question[];
  people: TeamMemberName[];
  owed: OwedFeedback[];
  /** The query the entity results belong to, so Enter never acts on results of an older query. */
  settled: string;
}

const includes = (text: string, query: string) => text.toLowerCase().includes(query.toLowerCase());

/**
 * What the palette finds for `query`. Candidates and questions are searched on the server
 * (their lists grow without bound); open loops, what I owe, and the team's names (already cached
 * by the app shell) come from the shared cache and are filtered here.
 */
export function usePaletteSearch(query: string, me: string | null): PaletteFinds {
  const members = useTeam((s) => s.members);
  const openLoops = useApiQuery('loops.list', { status: 'open' }).data ?? [];
  const owed = useApiQuery('feedback.owed', undefined, { enabled: Boolean(me) }).data ?? [];
  const [committed, setCommitted] = useState('');
  useDebounced(query.trim(), committed, setCommitted);

  // Keyed by the committed query, so each answer belongs to the words it was asked for.
  const searching = Boolean(committed);
  const candidates = useApiQuery('candidates.list', { search: committed, limit: PER_GROUP }, { enabled: searching });
  const questions = useApiQuery('questions.list', { search: committed, limit: PER_GROUP }, { enabled: searching });
  const answered = searching && !candidates.isPending && !questions.isPending;

  const trimmed = query.trim();
  if (!trimmed) return { candidates: [], loops: [], questions: [], people: [], owed: me ? owed : [], settled: '' };
  const fresh = answered && committed === trimmed;
  return {
    candidates: fresh ? (candidates.data?.items ?? []) : [],
    questions: fresh ? (questions.data?.items ?? []) : [],
    loops: openLoops.filter((l) => includes(l.candidateName, trimmed) || includes(l.roleTitle, trimmed)).slice(0, PER_GROUP),
    people: members.filter((m) => includes(m.name, trimmed) || includes(m.title, trimmed) || includes(m.team, trimmed)).slice(0, PER_GROUP),
    owed: me ? owed : [],
    settled: fresh ? trimmed : '',
  };
}
