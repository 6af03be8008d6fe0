import { z } from 'zod';
import { LIMITS } from './limits';
import { requiredText } from './fields';

export const EVIDENCE_FIELDS = ['situation', 'task', 'action', 'result'] as const;
export type EvidenceField = (typeof EVIDENCE_FIELDS)[number];

export const EVIDENCE_PAGE_MAX = 50;

export const EvidenceSearchInput = z.strictObject({
  query: requiredText('Search', LIMITS.search),
  limit: z
    .number({ error: 'limit must be a number' })
    .int({ error: 'limit must be a whole number' })
    .min(1, { error: 'limit must be at least 1' })
    .max(EVIDENCE_PAGE_MAX, { error: `limit must be at most ${EVIDENCE_PAGE_MAX}` })
    .default(20),
  offset: z.number({ error: 'offset must be a number' }).int({ error: 'offset must be a whole number' }).min(0, { error: 'offset must be at least 0' }).default(0),
});

/** A stretch of the snippet that matched the search: [start, end) in UTF-16 code units, as JavaScript strings count. */
export interface Highlight {
  start: number;
  end: number;
}

export interface EvidenceHit {
  feedbackId: string;
  loopId: string;
  candidateId: string;
  candidateName: string;
  roleTitle: string;
  principleId: string;
  principleName: string;
  authorId: string;
  authorName: string;
  kind: 'interview' | 'training';
  submittedAt: string | null;
  /** The evidence field the snippet comes from: the one with the most matches. */
  field: EvidenceField;
  /** Part of that field around its first match; "…" marks text left out. */
  snippet: string;
  highlights: Highlight[];
}

export interface EvidenceSearchResult {
  /**
   * How many hits in all, in feedback the caller may read now (blind feedback is never counted); null when
   * there are more than this page and the ones before it, and counting them all would mean reading the whole index.
   */
  total: number | null;
  /** There is at least one more hit after this page. */
  hasMore: boolean;
  /** Newest (most recently written) first. */
  items: EvidenceHit[];
  /**
   * True while this device builds its evidence index after joining a team (a minute or two at ten years): nothing
   * can be found yet, and the screen says so. Absent otherwise.
   */
  indexBuilding?: true;
}
