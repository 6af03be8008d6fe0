import { prepare } from '../../../db/statements';
import type { ReadableDB, WritableDB } from '../../../db/handles';
import { newId } from '../../../db/ids';
import { isFeedbackOfErasedCandidate } from '../../../db/queries/privacy';
import { applyUnsealed } from './apply';
import type { Change, SyncTransaction } from './batch';
import { newSymmetricKey } from './keyWrap';
import { isSealedItem, openSealed, sealValue, type SealedItem } from './sealedContent';

/*
 * Per-feedback keys (docs/sync.md, "Per-feedback keys"). A submitted feedback's content leaves its device sealed
 * under a random key of its own; the routing part (ids, loop, slot, author, kind, status, version, superseded,
 * times) stays team-readable, so every device knows who has submitted and the blind counts hold.
 */

/** The columns of a feedback row that are its content; the rest route it. Every column of its ratings is content. */
export const FEEDBACK_CONTENT_COLUMNS: ReadonlySet<string> = new Set([
  'amendment_reason',
  'vote',
  'raise_bar',
  'reason_to_hire',
  'reason_not_to_hire',
  'questions_asked',
  'saw_others',
]);

/**
 * Only a feedback's inserts carry its content: a submitted version never changes but by being superseded
 * (routing), and an erasure's marks are no secret, so updates and deletes stay team-readable.
 */
export function isContentChange(c: Change): boolean {
  if (c.op !== 'insert') return false;
  return c.table === 'feedback_ratings' || (c.table === 'feedback' && FEEDBACK_CONTENT_COLUMNS.has(c.column ?? ''));
}

/**
 * A revote (`debrief.revote`) changes its author's vote and says why: its votes and note leave sealed under the key
 * of the feedback whose vote it changes, so exactly that feedback's readers get them (docs/sync.md, "Revotes").
 * Its routing (id, loop, author, time) stays team-readable, so every device authorises it by its loop and counts
 * who changed their vote. These columns have no default: a device without the key holds them as REVOTE_BLANK.
 */
export const REVOTE_CONTENT_COLUMNS: ReadonlySet<string> = new Set(['from_vote', 'to_vote', 'note']);
export const REVOTE_BLANK = '';

export function isRevoteContentChange(c: Change): boolean {
  return c.op === 'insert' && c.table === 'revotes' && REVOTE_CONTENT_COLUMNS.has(c.column ?? '');
}

/**
 * The feedback a revote of `authorId` in `loopId` is sealed under: their submitted interview feedback there, the
 * current version first (any version has the same readers).
 */
export const REVOTE_FEEDBACK_SQL = (loopId: string, authorId: string) =>
  `(SELECT f.id FROM feedback f WHERE f.loop_id = ${loopId} AND f.author_id = ${authorId} AND f.kind = 'interview' AND f.status = 'submitted'
     ORDER BY f.superseded, f.version DESC LIMIT 1)`;

function revoteFeedbackId(db: ReadableDB, changes: readonly Change[], pk: string): string | undefined {
  const field = (column: string) => changes.find((c) => c.pk === pk && c.table === 'revotes' && c.column === column)?.value;
  const loopId = field('loop_id');
  const authorId = field('author_id');
  if (typeof loopId !== 'string' || typeof authorId !== 'string') return undefined;
  return (prepare(db, `SELECT ${REVOTE_FEEDBACK_SQL('?', '?')} AS id`).get(loopId, authorId) as { id: string | null } | undefined)?.id ?? undefined;
}

/** Both tables' keys start with the feedback's id. */
export function feedbackIdOf(c: Change): string {
  const key = JSON.parse(c.pk) as unknown[];
  return String(key[0]);
}

/** What a feedback item seals: its content changes of one transaction and where they stood in it. */
export interface FeedbackContent {
  feedbackId: string;
  at: number[];
  changes: Change[];
}

export const feedbackPurpose = (feedbackId: string) => `feedback:${feedbackId}` as const;

export interface FeedbackKey {
  keyId: string;
  key: Buffer;
}

export function feedbackKeyOf(db: ReadableDB, feedbackId: string): FeedbackKey | undefined {
  return prepare(db, 'SELECT key_id AS keyId, key FROM sync_feedback_keys WHERE feedback_id = ? ORDER BY key_id LIMIT 1').get(feedbackId) as FeedbackKey | undefined;
}

export function feedbackKeyById(db: ReadableDB, keyId: string): (FeedbackKey & { feedbackId: string }) | undefined {
  return prepare(db, 'SELECT feedback_id AS feedbackId, key_id AS keyId, key FROM sync_feedback_keys WHERE key_id = ?').get(keyId) as
    | (FeedbackKey & { feedbackId: string })
    | undefined;
}

/** The key of a feedback this device holds the content of: made on first need (by its author's device, at export). */
export function ensureFeedbackKey(db: WritableDB, feedbackId: string): FeedbackKey {
  const known = feedbackKeyOf(db, feedbackId);
  if (known) return known;
  const made = { keyId: newId(), key: newSymmetricKey() };
  prepare(db, 'INSERT INTO sync_feedback_keys (feedback_id, key_id, key) VALUES (?, ?, ?)').run(feedbackId, made.keyId, made.key);
  return made;
}

export function storeFeedbackKey(db: WritableDB, feedbackId: string, key: FeedbackKey): boolean {
  return prepare(db, 'INSERT OR IGNORE INTO sync_feedback_keys (key_id, feedback_id, key) VALUES (?, ?, ?)').run(key.keyId, feedbackId, key.key).changes > 0;
}

/** A transaction as it leaves this device: each feedback's content in a sealed item under that feedback's key. */
export function sealTransaction(db: WritableDB, teamId: string, tx: SyncTransaction): SyncTransaction {
  if (!tx.changes.some((c) => isContentChange(c) || isRevoteContentChange(c))) return tx;
  const byFeedback = new Map<string, FeedbackContent>();
  const open: Change[] = [];
  const revoteFeedback = new Map<string, string | undefined>();
  const sealedUnder = (c: Change): string | undefined => {
    if (isContentChange(c)) return feedbackIdOf(c);
    if (!isRevoteContentChange(c)) return undefined;
    if (!revoteFeedback.has(c.pk)) revoteFeedback.set(c.pk, revoteFeedbackId(db, tx.changes, c.pk));
    // A revote without submitted feedback of its author here is refused everywhere anyway: it travels as it is.
    return revoteFeedback.get(c.pk);
  };
  tx.changes.forEach((c, i) => {
    const feedbackId = sealedUnder(c);
    if (feedbackId === undefined) {
      open.push(c);
      return;
    }
    let content = byFeedback.get(feedbackId);
    if (!content) byFeedback.set(feedbackId, (content = { feedbackId, at: [], changes: [] }));
    content.at.push(i);
    content.changes.push(c);
  });
  const sealed = [...byFeedback.values()].map((content) => {
    const { keyId, key } = ensureFeedbackKey(db, content.feedbackId);
    return sealValue(content, key, { teamId, purpose: feedbackPurpose(content.feedbackId), keyId });
  });
  return { ...tx, changes: open, sealed: [...(tx.sealed ?? []), ...sealed] };
}

function contentOf(item: SealedItem, key: Uint8Array, teamId: string): FeedbackContent | null {
  const opened = openSealed(item, key, teamId);
  if (!opened.ok) return null;
  const v = opened.value as Partial<FeedbackContent> | null;
  if (!v || typeof v.feedbackId !== 'string' || item.purpose !== feedbackPurpose(v.feedbackId) || !Array.isArray(v.at) || !Array.isArray(v.changes) || v.at.length !== v.changes.length) return null;
  return v as FeedbackContent;
}

/**
 * A received transaction with the content this device holds keys for put back where it stood (so it applies
 * exactly as on its author's device), and the items it cannot open yet.
 */
export function unsealTransaction(db: ReadableDB, teamId: string, tx: SyncTransaction): { tx: SyncTransaction; kept: SealedItem[] } {
  if (!tx.sealed?.length) return { tx, kept: [] };
  const kept: SealedItem[] = [];
  const placed: { at: number; change: Change }[] = [];
  for (const item of tx.sealed) {
    const held = isSealedItem(item) ? feedbackKeyById(db, item.keyId) : undefined;
    const content = held && item.purpose === feedbackPurpose(held.feedbackId) ? contentOf(item, held.key, teamId) : null;
    if (!content || content.feedbackId !== held?.feedbackId) {
      kept.push(item);
      continue;
    }
    content.changes.forEach((change, i) => placed.push({ at: content.at[i] ?? Number.MAX_SAFE_INTEGER, change }));
  }
  const changes = [...tx.changes];
  for (const p of placed.sort((a, b) => a.at - b.at)) changes.splice(Math.min(p.at, changes.length), 0, p.change);
  const { sealed: _sealed, ...rest } = tx;
  return { tx: { ...rest, changes: withRevoteBlanks(changes) }, kept };
}

/** A revote whose content stayed sealed is inserted with its content columns blank (they have no default). */
function withRevoteBlanks(changes: Change[]): Change[] {
  const inserted = new Map<string, Set<string>>();
  for (const c of changes) {
    if (c.table !== 'revotes' || c.op !== 'insert') continue;
    const columns = inserted.get(c.pk) ?? new Set<string>();
    columns.add(c.column ?? '');
    inserted.set(c.pk, columns);
  }
  const out = [...changes];
  for (const [pk, columns] of inserted) {
    const missing = [...REVOTE_CONTENT_COLUMNS].filter((column) => !columns.has(column));
    if (missing.length === 0) continue;
    // Right after the row's last change, so the blanks are part of its one insert.
    const last = out.findLastIndex((c) => c.table === 'revotes' && c.op === 'insert' && c.pk === pk);
    out.splice(last + 1, 0, ...missing.map((column) => ({ table: 'revotes', pk, column, value: REVOTE_BLANK, op: 'insert' as const })));
  }
  return out;
}

const quarantineSealed = (db: WritableDB, row: { deviceId: string; seq: number; hlc: string; authorId: string }, reason: string) =>
  prepare(db, `INSERT OR IGNORE INTO sync_quarantine (device_id, seq, hlc, method, actor, author_id, reason, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(
    row.deviceId,
    row.seq,
    row.hlc,
    'feedback.sealed',
    row.authorId,
    row.authorId,
    reason,
    // Never the values: the reader may still be blind to them.
    JSON.stringify([]),
  );

/** Whether a transaction's own changes insert this feedback as submitted: the only place its content may come with. */
function submitsFeedback(tx: SyncTransaction, feedbackId: string): boolean {
  const pk = JSON.stringify([feedbackId]);
  return tx.changes.some((c) => c.table === 'feedback' && c.op === 'insert' && c.pk === pk && c.column === 'status' && c.value === 'submitted');
}

const insertsRevote = (tx: SyncTransaction) => tx.changes.some((c) => c.table === 'revotes' && c.op === 'insert');

/**
 * Keeps items this device cannot open yet, with what judging and applying them later needs: only those of a
 * transaction applied here (not quarantined) that submits their feedback. Content for feedback submitted earlier
 * would rewrite it with a newer clock once a key came; such a transaction goes to the quarantine, its item is
 * dropped. Content of an erased candidate's feedback is dropped: its key is gone everywhere.
 */
export function keepSealed(db: WritableDB, deviceId: string, authorId: string, tx: SyncTransaction, items: readonly SealedItem[]): void {
  const insert = prepare(db, 'INSERT INTO sync_sealed (feedback_id, key_id, device_id, seq, author_id, hlc, item) VALUES (?, ?, ?, ?, ?, ?, ?)');
  if (prepare(db, 'SELECT 1 FROM sync_quarantine WHERE device_id = ? AND seq = ?').get(deviceId, tx.seq)) return;
  for (const item of items) {
    if (!isSealedItem(item) || !item.purpose.startsWith('feedback:')) continue;
    const feedbackId = item.purpose.slice('feedback:'.length);
    if (isFeedbackOfErasedCandidate(db, feedbackId)) continue;
    // A revote's item comes with the revote, after its feedback was submitted; judged once it opens (revoteRefusal).
    if (!(tx.method === 'debrief.revote' ? insertsRevote(tx) : submitsFeedback(tx, feedbackId))) {
      quarantineSealed(db, { deviceId, seq: tx.seq, hlc: tx.hlc, authorId }, 'Sealed content for feedback this change does not submit: submitted feedback cannot be changed');
      continue;
    }
    insert.run(feedbackId, item.keyId, deviceId, tx.seq, authorId, tx.hlc, JSON.stringify(item));
  }
}

/**
 * Why an opened revote may not be applied, or null: the votes and note of one revote row here (its routing was
 * authorised as `debrief.revote` when it came), written by the author of that revote and of the submitted interview
 * feedback it is sealed under, in the same loop, and with the revote itself, never later.
 */
function revoteRefusal(db: ReadableDB, content: FeedbackContent, authorId: string, hlc: string): string | null {
  const pk = content.changes[0]?.pk ?? '';
  if (content.changes.some((c) => c.pk !== pk)) return 'A sealed revote item may hold only one revote';
  const revote = prepare(db, 'SELECT loop_id AS loopId, author_id AS authorId FROM revotes WHERE id = ?').get(String((JSON.parse(pk) as unknown[])[0])) as
    | { loopId: string; authorId: string }
    | undefined;
  if (!revote) return 'Sealed content of a revote this device does not have';
  if (revote.authorId !== authorId) return 'A revote is written only by its author';
  const feedback = prepare(db, 'SELECT author_id AS authorId, loop_id AS loopId, kind, status FROM feedback WHERE id = ?').get(content.feedbackId) as
    | { authorId: string; loopId: string; kind: string; status: string }
    | undefined;
  if (!feedback || feedback.authorId !== authorId || feedback.loopId !== revote.loopId || feedback.kind !== 'interview' || feedback.status !== 'submitted') {
    return 'A revote is sealed under its author’s submitted feedback in that loop';
  }
  if (isFeedbackOfErasedCandidate(db, content.feedbackId)) return 'Sealed content of a revote about an erased candidate';
  const inserted = prepare(db, `SELECT hlc FROM sync_rows WHERE tbl = 'revotes' AND pk = ?`).get(pk) as { hlc: string } | undefined;
  if (hlc > (inserted?.hlc ?? '')) return 'Sealed revote content written after the revote';
  return null;
}

/** Why opened content may not be applied, or null: only its author's feedback, only content, only that feedback. */
function contentRefusal(db: ReadableDB, content: FeedbackContent, authorId: string, hlc: string): string | null {
  if (content.changes.length > 0 && content.changes.every(isRevoteContentChange)) return revoteRefusal(db, content, authorId, hlc);
  const row = prepare(db, 'SELECT author_id AS authorId, status FROM feedback WHERE id = ?').get(content.feedbackId) as { authorId: string; status: string } | undefined;
  if (!row) return 'Sealed feedback content for feedback this device does not have';
  if (row.authorId !== authorId) return 'Feedback is written only by its author';
  if (row.status !== 'submitted') return 'Sealed content of feedback that is not submitted';
  if (isFeedbackOfErasedCandidate(db, content.feedbackId)) return 'Sealed content of feedback about an erased candidate';
  // Content comes with the change that submits its feedback (or a snapshot of it), never later. Feedback submitted
  // before the team was made has no clock, and neither has its content in the first snapshot.
  const submitted = prepare(db, `SELECT hlc FROM sync_rows WHERE tbl = 'feedback' AND pk = ?`).get(JSON.stringify([content.feedbackId])) as { hlc: string } | undefined;
  if (hlc > (submitted?.hlc ?? '')) return 'Sealed content written after its feedback was submitted: submitted feedback cannot be changed';
  for (const c of content.changes) {
    if (!isContentChange(c) || feedbackIdOf(c) !== content.feedbackId) return 'A sealed feedback item may hold only that feedback’s content';
  }
  return null;
}

/**
 * Whether a granted key is the one a held item was sealed under: it opens at least one item of that feedback kept
 * under its key id. A grant naming the right key id with another key (any reader's device can write one) would
 * otherwise be stored, fail to open the content and cost it for good.
 */
export function keyOpensHeld(db: ReadableDB, teamId: string, feedbackId: string, key: FeedbackKey): boolean {
  const items = (prepare(db, 'SELECT item FROM sync_sealed WHERE key_id = ? AND feedback_id = ?').all(key.keyId, feedbackId) as { item: string }[]).map((r) => r.item);
  return items.some((item) => contentOf(JSON.parse(item) as SealedItem, key.key, teamId)?.feedbackId === feedbackId);
}

/**
 * Applies the sealed content a newly granted key opens (one transaction): each item judged as its transaction
 * would have been, then applied with that transaction's clock. An item its key does not open, or that is not its
 * author's content, goes to the quarantine. Returns how many items were applied.
 */
export function applyGrantedContent(db: WritableDB, teamId: string, keyId: string): number {
  const held = feedbackKeyById(db, keyId);
  if (!held) return 0;
  const rows = prepare(db, 'SELECT id, feedback_id AS feedbackId, device_id AS deviceId, seq, author_id AS authorId, hlc, item FROM sync_sealed WHERE key_id = ? ORDER BY hlc, id').all(keyId) as {
    id: number;
    feedbackId: string;
    deviceId: string;
    seq: number;
    authorId: string;
    hlc: string;
    item: string;
  }[];
  let applied = 0;
  db.transaction(() => {
    for (const row of rows) {
      const item = JSON.parse(row.item) as SealedItem;
      const content = row.feedbackId === held.feedbackId ? contentOf(item, held.key, teamId) : null;
      const changes = content?.changes ?? [];
      const method = changes.length > 0 && changes.every(isRevoteContentChange) ? 'debrief.revote' : 'feedback.submit';
      const tx: SyncTransaction = { seq: row.seq, hlc: row.hlc, method, actor: row.authorId, deps: {}, changes };
      const reason = !content || content.feedbackId !== row.feedbackId ? 'The granted key does not open this sealed feedback content' : contentRefusal(db, content, row.authorId, row.hlc);
      try {
        if (reason) throw new Error(reason);
        applyUnsealed(db, row.deviceId, tx, tx.changes);
        applied++;
      } catch (error) {
        quarantineSealed(db, row, reason ?? `Could not be applied: ${(error as Error).message}`);
      }
      prepare(db, 'DELETE FROM sync_sealed WHERE id = ?').run(row.id);
    }
  })();
  return applied;
}

/** Feedback whose content this device holds sealed, waiting for a key. */
export function isSealedHere(db: ReadableDB, feedbackId: string): boolean {
  return prepare(db, 'SELECT 1 FROM sync_sealed WHERE feedback_id = ? LIMIT 1').get(feedbackId) !== undefined;
}
