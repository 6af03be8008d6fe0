/**
 * The activity log's hash chain (issue 12 item 5): what each link covers and how a chain is checked against
 * the log. Pure: the hash function is handed in (node:crypto's SHA-256 cut to 128 bits on the server;
 * any in tests).
 *
 * Each device chains its own copy of the log in the order rows reached it (docs/sync.md, "A log that shows
 * tampering"). A link is appended for every insert, update and delete the app makes to a log row — a draft's
 * autosaves folded into one row, an erasure redacting a summary — so what the app changed re-anchors, while a
 * change made with other tools (the sqlite3 CLI) has no link and shows.
 */
import type { ActivityEntry } from '../api/contract/activity';

export type ChainKind = 'insert' | 'update' | 'delete';

/** A log row as stored: the entry the Activity screen lists. */
export type LoggedRow = ActivityEntry;

/**
 * One link: what happened to which row, by whom, and the hash of the row afterwards. The running hash over all
 * links so far is kept only on every CHECKPOINT-th link and on the newest (null between): a link's hash would
 * be as large as the rest of it, and an edited link still shows at the next kept hash.
 */
export interface ChainLink {
  seq: number;
  kind: ChainKind;
  /** The row's id after the event (a fold gives the row a new id). Its UUIDv7 time dates a removed row. */
  activityId: string;
  /** An update's id before it, when that differs (a fold); null otherwise. */
  previousId: string | null;
  /** The row's author, kept so a removed row can still be named in a report. */
  actor: string;
  /** The row's content hash after the event; null for a delete. */
  rowHash: string | null;
  /** The running hash after this link; null where not kept. */
  hash: string | null;
}

/** How often the running hash is kept: an edited link is reported as the first of its stretch of this many. */
export const CHECKPOINT = 32;

export type Hash = (text: string) => string;

export type ChainProblemKind = 'changed' | 'removed' | 'inserted' | 'unlinked';

export interface ChainProblem {
  kind: ChainProblemKind;
  /**
   * The log row concerned (for `unlinked`, the row of the first link after the last kept hash that still
   * matched: the edited link is that one or one of the CHECKPOINT after it).
   */
  id: string;
  /** The time the row's UUIDv7 id carries (the row's own `at` for an inserted row, or an id of another form). */
  at: string;
  /** The author the chain logged (the row's own for an inserted row). */
  actor: string;
}

export interface ChainReport {
  intact: boolean;
  /** Rows in the log now. */
  entries: number;
  /** At most MAX_PROBLEMS, oldest first; `more` counts the rest. */
  problems: ChainProblem[];
  more: number;
}

export const MAX_PROBLEMS = 50;

/** The content a row's hash covers: every column, in a fixed order, as JSON (no ambiguity between fields). */
export function canonicalRow(row: LoggedRow): string {
  return JSON.stringify([row.id, row.at, row.actor, row.method, row.entity, row.entityId, row.summary]);
}

export function rowHash(row: LoggedRow, hash: Hash): string {
  return hash(canonicalRow(row));
}

/** The running hash after a link: the one before it (empty for the first) and every field of this one. */
export function linkHash(previous: string | null, link: Omit<ChainLink, 'seq' | 'hash'>, hash: Hash): string {
  return hash(JSON.stringify([previous ?? '', link.kind, link.activityId, link.previousId ?? '', link.actor, link.rowHash ?? '']));
}

/** Whether a link keeps its running hash: every CHECKPOINT-th, and the newest (the next link starts from it). */
export const keepsHash = (seq: number, newest: boolean) => newest || seq % CHECKPOINT === 0;

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The millisecond a UUIDv7 id was made, as ISO text; null for an id of another form. */
export function uuidv7Time(id: string): string | null {
  if (!UUID_V7.test(id)) return null;
  return new Date(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toISOString();
}

/**
 * Checks the links in order (the running hash must match wherever it was kept) and then the log against what
 * the links say it holds: a row whose content differs was changed, a row the links hold but the log lacks was
 * removed, a row the links never saw was put in by other means.
 */
export function verifyChain(links: readonly ChainLink[], rows: readonly LoggedRow[], hash: Hash): ChainReport {
  const problems: ChainProblem[] = [];
  const expected = new Map<string, { rowHash: string; actor: string }>();
  const present = new Map(rows.map((r) => [r.id, r]));
  const when = (id: string) => uuidv7Time(id) ?? present.get(id)?.at ?? '';
  let previous: string | null = null;
  let stretch: ChainLink | null = null;
  for (const link of links) {
    stretch ??= link;
    previous = linkHash(previous, link, hash);
    if (link.hash !== null) {
      if (previous !== link.hash) problems.push({ kind: 'unlinked', id: stretch.activityId, at: when(stretch.activityId), actor: stretch.actor });
      // Carry on from the stored hash, so one edited link is one problem, not one for every stretch after it.
      previous = link.hash;
      stretch = null;
    }
    if (link.kind === 'update' && link.previousId !== null) expected.delete(link.previousId);
    if (link.kind === 'delete' || link.rowHash === null) expected.delete(link.activityId);
    else expected.set(link.activityId, { rowHash: link.rowHash, actor: link.actor });
  }
  // The newest link always keeps its hash; links after the last kept one mean the newest were removed.
  if (stretch) problems.push({ kind: 'unlinked', id: stretch.activityId, at: when(stretch.activityId), actor: stretch.actor });
  for (const row of rows) {
    const want = expected.get(row.id);
    if (!want) problems.push({ kind: 'inserted', id: row.id, at: row.at, actor: row.actor });
    else if (rowHash(row, hash) !== want.rowHash) problems.push({ kind: 'changed', id: row.id, at: when(row.id), actor: want.actor });
    expected.delete(row.id);
  }
  for (const [id, want] of expected) problems.push({ kind: 'removed', id, at: when(id), actor: want.actor });
  problems.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    intact: problems.length === 0,
    entries: rows.length,
    problems: problems.slice(0, MAX_PROBLEMS),
    more: Math.max(0, problems.length - MAX_PROBLEMS),
  };
}
