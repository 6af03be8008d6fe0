import { useEffect, useState } from 'react';
import type { Candidate } from '../../../core/api/contract/candidates';
import type { OwedFeedback } from '../../../core/api/contract/feedback';
import type { LoopSummary } from '../../../core/api/contract/loops';
import type { Question } from '../../../core/api/contract/questions';
import type { TeamMember } from '../../../core/api/contract/team';
import { api } from '../../api/transport';
import { useTeam } from '../../stores/team';
import { useDebounced } from '../useDebounced';

/** Few per group: the palette is for jumping to a thing whose name you know, not for browsing. */
export const PER_GROUP = 5;

export interface PaletteFinds {
  candidates: Candidate[];
  loops: LoopSummary[];
  questions: Question[];
  people: TeamMember[];
  owed: OwedFeedback[];
  /** The query the entity results belong to, so Enter never acts on results of an older query. */
  settled: string;
}

const includes = (text: string, query: string) => text.toLowerCase().includes(query.toLowerCase());

/**
 * What the palette finds for `query`. Candidates and questions are searched on the server
 * (their lists grow without bound); open loops, what I owe, and the team (already cached by
 * the app shell) are read once per opening and filtered here.
 */
export function usePaletteSearch(query: string, me: string | null): PaletteFinds {
  const members = useTeam((s) => s.members);
  const [openLoops, setOpenLoops] = useState<LoopSummary[]>([]);
  const [owed, setOwed] = useState<OwedFeedback[]>([]);
  const [committed, setCommitted] = useState('');
  const [server, setServer] = useState<{ query: string; candidates: Candidate[]; questions: Question[] }>({
    query: '',
    candidates: [],
    questions: [],
  });

  useEffect(() => {
    let live = true;
    void api.call('loops.list', { status: 'open' }).then((r) => live && r.ok && setOpenLoops(r.value));
    if (me) void api.call('feedback.owed').then((r) => live && r.ok && setOwed(r.value));
    return () => {
      live = false;
    };
  }, [me]);

  useDebounced(query.trim(), committed, setCommitted);

  useEffect(() => {
    if (!committed) return;
    let live = true;
    void Promise.all([
      api.call('candidates.list', { search: committed, limit: PER_GROUP }),
      api.call('questions.list', { search: committed, limit: PER_GROUP }),
    ]).then(([c, q]) => {
      if (!live) return;
      setServer({ query: committed, candidates: c.ok ? c.value.items : [], questions: q.ok ? q.value.items : [] });
    });
    return () => {
      live = false;
    };
  }, [committed]);

  const trimmed = query.trim();
  if (!trimmed) return { candidates: [], loops: [], questions: [], people: [], owed, settled: '' };
  const fresh = server.query === trimmed;
  return {
    candidates: fresh ? server.candidates : [],
    questions: fresh ? server.questions : [],
    loops: openLoops.filter((l) => includes(l.candidateName, trimmed) || includes(l.roleTitle, trimmed)).slice(0, PER_GROUP),
    people: members.filter((m) => includes(m.name, trimmed) || includes(m.email, trimmed)).slice(0, PER_GROUP),
    owed,
    settled: fresh ? trimmed : '',
  };
}
