/**
 * The activity log's hash chain (issue 12 item 5): what each link covers and how a chain is checked against
 * the log. Pure: the hash function is handed in (node:crypto's SHA-256 on the server, the same in tests).
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

/** One link: what happened to which row, the hash of the row afterwards, and the hash over all that and the previous link. */
export interface ChainLink {
  seq: number;
  kind: ChainKind;
  /** The row's id after the event (a fold gives the row a new id). */
  activityId: string;
  /** An update's id before it; null otherwise. */
  previousId: string | null;
  /** The row's time and author, kept so a removed row can still be named in a report. */
  at: string;
  actor: string;
  /** The row's content hash after the event; null for a delete. */
  rowHash: string | null;
  hash: string;
}

export type Hash = (text: string) => string;

export type ChainProblemKind = 'changed' | 'removed' | 'inserted' | 'unlinked';

export interface ChainProblem {
  kind: ChainProblemKind;
  /** The log row concerned (for `unlinked`, the row of the first link that no longer follows from the one before). */
  id: string;
  at: string;
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

/** The hash of a link: the previous link's hash (empty for the first) and every field of this one. */
export function linkHash(previous: string | null, link: Omit<ChainLink, 'seq' | 'hash'>, hash: Hash): string {
  return hash(JSON.stringify([previous ?? '', link.kind, link.activityId, link.previousId ?? '', link.at, link.actor, link.rowHash ?? '']));
}

/**
 * Checks the links in order (each must follow from the one before) and then the log against what the links
 * say it holds: a row whose content differs was changed, a row the links hold but the log lacks was removed,
 * a row the links never saw was put in by other means.
 */
export function verifyChain(links: readonly ChainLink[], rows: readonly LoggedRow[], hash: Hash): ChainReport {
  const problems: ChainProblem[] = [];
  const expected = new Map<string, { rowHash: string; at: string; actor: string }>();
  let previous: string | null = null;
  for (const link of links) {
    if (linkHash(previous, link, hash) !== link.hash) problems.push({ kind: 'unlinked', id: link.activityId, at: link.at, actor: link.actor });
    // Carry on from the stored hash, so one edited link is one problem, not one for every link after it.
    previous = link.hash;
    if (link.kind === 'update' && link.previousId !== null) expected.delete(link.previousId);
    if (link.kind === 'delete' || link.rowHash === null) expected.delete(link.activityId);
    else expected.set(link.activityId, { rowHash: link.rowHash, at: link.at, actor: link.actor });
  }
  for (const row of rows) {
    const want = expected.get(row.id);
    if (!want) problems.push({ kind: 'inserted', id: row.id, at: row.at, actor: row.actor });
    else if (rowHash(row, hash) !== want.rowHash) problems.push({ kind: 'changed', id: row.id, at: want.at, actor: want.actor });
    expected.delete(row.id);
  }
  for (const [id, want] of expected) problems.push({ kind: 'removed', id, at: want.at, actor: want.actor });
  problems.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    intact: problems.length === 0,
    entries: rows.length,
    problems: problems.slice(0, MAX_PROBLEMS),
    more: Math.max(0, problems.length - MAX_PROBLEMS),
  };
}
