import { EVIDENCE_FIELDS, type EvidenceHit, type EvidenceSearchResult } from '../../api/contract/evidence';
import { readMarks, snippetAround, type Marked } from '../../rules/evidenceSnippet';
import type { ReadableDB } from '../../../db/handles';
import { evidenceRows, matchesBetween, type EvidenceRow } from '../../../db/queries/evidence';
import { readableEvidence, type ReadableEvidence } from '../readableEvidence';
import { toEvidenceQuery } from '../../../db/queries/ftsQuery';
import { getMemberBasics } from '../../../db/queries/team';
import { searchPending } from '../../../db/searchPending';
import type { HandlersFor } from './types';

function toHit(row: EvidenceRow): EvidenceHit {
  const marked = {
    situation: readMarks(row.markedSituation, row.situation),
    task: readMarks(row.markedTask, row.task),
    action: readMarks(row.markedAction, row.action),
    result: readMarks(row.markedResult, row.result),
  };
  // The field with the most matches; the first of the STAR order on a tie.
  const field = EVIDENCE_FIELDS.reduce((best, f) => (marked[f].highlights.length > marked[best].highlights.length ? f : best), EVIDENCE_FIELDS[0]);
  const snippet: Marked = snippetAround(marked[field]);
  return {
    feedbackId: row.feedbackId,
    loopId: row.loopId,
    candidateId: row.candidateId,
    candidateName: row.candidateName,
    roleTitle: row.roleTitle,
    principleId: row.principleId,
    principleName: row.principleName,
    authorId: row.authorId,
    authorName: row.authorName,
    kind: row.kind,
    submittedAt: row.submittedAt,
    field,
    snippet: snippet.text,
    highlights: snippet.highlights,
  };
}

/** The first window of rowids read from the index; each next one is twice as wide. */
const FIRST_WINDOW = 4_096;

/**
 * The readable matches, newest first, until `wanted` are found or every readable rowid has been passed.
 * The index is read backwards in widening windows of rowids and each match kept if the caller may read
 * it: a common word fills a page from the first window (a few thousand rowids read, not the quarter
 * million that hold it), a rare one ends after a few windows with its whole (short) list read. `complete`
 * says whether every readable match was seen, so the count is exact.
 */
function readableMatches(db: ReadableDB, fts: string, readable: ReadableEvidence, wanted: number): { rowids: number[]; complete: boolean } {
  const rowids: number[] = [];
  let high = readable.high;
  let width = FIRST_WINDOW;
  while (high >= readable.low && rowids.length < wanted) {
    const from = Math.max(readable.low, high - width + 1);
    for (const rowid of matchesBetween(db, fts, from, high)) if (readable.rowids.has(rowid)) rowids.push(rowid);
    high = from - 1;
    width *= 2;
  }
  return { rowids, complete: high < readable.low };
}

export const evidenceHandlers: HandlersFor<'evidence'> = {
  'evidence.search': ({ query, limit, offset }, { db, actor }): EvidenceSearchResult => {
    const me = getMemberBasics(db, actor);
    const fts = toEvidenceQuery(query);
    if (!me || me.status !== 'active' || fts === null) return { total: 0, hasMore: false, items: [] };
    if (searchPending(db, 'evidence_fts')) return { total: null, hasMore: false, items: [], indexBuilding: true };
    const readable = readableEvidence(db, me.id, me.capabilities.includes('admin'));
    // One more than the page, to know whether there is a next one.
    const { rowids, complete } = readableMatches(db, fts, readable, offset + limit + 1);
    const page = rowids.slice(offset, offset + limit);
    const rows = new Map(evidenceRows(db, fts, page).map((r) => [r.rowid, r]));
    const items = page.flatMap((rowid) => {
      const row = rows.get(rowid);
      return row ? [toHit(row)] : [];
    });
    return { total: complete ? rowids.length : null, hasMore: rowids.length > offset + limit, items };
  },
};
