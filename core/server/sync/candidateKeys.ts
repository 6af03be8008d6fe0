import { CANDIDATE_PERSONAL_FIELDS } from '../../api/contract/candidates';
import type { ReadableDB, WritableDB } from '../../../db/handles';
import { newId } from '../../../db/ids';
import { ERASE_METHOD, erasureMark } from '../../../db/queries/privacy';
import { prepare } from '../../../db/statements';
import type { Change, ChangeValue, SyncTransaction } from './batch';
import { newSymmetricKey } from './keyWrap';
import { isSealedItem, openSealed, sealValue, type SealedItem } from './sealedContent';

/*
 * Per-candidate keys (docs/sync.md, "Per-candidate keys"). A candidate's personal data (the profile, and the free
 * text written on their loops) leaves a device only sealed under a random key of that candidate's, granted to
 * every confirmed device of the team. An erasure deletes the key everywhere, so every batch and snapshot still
 * holding the data is unreadable by anyone.
 */

/** Per synced table, the columns that are a candidate's personal data. Everything else routes the row. */
export const CANDIDATE_SEALED: Readonly<Record<string, ReadonlySet<string>>> = {
  candidates: new Set(CANDIDATE_PERSONAL_FIELDS),
  loops: new Set(['cancel_reason', 'override_reason']),
  debriefs: new Set(['notes', 'early_reason']),
  // A revote's note (and votes) leave sealed under its feedback's key instead (feedbackKeys.ts), which an erasure deletes too.
  decisions: new Set(['rationale', 'verdict_rationale', 'reopened_reason']),
  coaching_notes: new Set(['note']),
  hire_checkins: new Set(['note']),
  // Log lines about a candidate, their loops or their feedback name the candidate ("Created a loop for …").
  activity: new Set(['summary']),
  // A practice write-up made from a loop quotes its evidence and reasons (the name is redacted, the rest is not).
  practice_items: new Set(['title', 'write_up', 'answers']),
};

export const candidatePurpose = (candidateId: string) => `candidate:${candidateId}` as const;

const PURPOSE = /^candidate:(.+)$/;
export const candidateOfPurpose = (purpose: string): string | null => PURPOSE.exec(purpose)?.[1] ?? null;

/** A text worth sealing: empty texts, empty lists and nulls say nothing about anyone. */
const isPersonalValue = (value: ChangeValue) => typeof value === 'string' && value !== '' && value !== '[]';

export function isPersonalChange(c: Change): boolean {
  return (c.op === 'insert' || c.op === 'update') && !!c.column && !!CANDIDATE_SEALED[c.table]?.has(c.column) && isPersonalValue(c.value);
}

/**
 * A change leaving a candidate's name blank. No device writes one: the API refuses a blank name, an erasure marks
 * it with words, a blank value is never sealed (isPersonalValue) and a snapshot's own items skip blanks. A blank
 * name is how every device tells a candidate it holds blind (db/queries/candidates.isHeldBlind), so one received
 * (sent in the clear by a modified device, or sealed under a real key) is refused: it would make a readable
 * candidate count as sealed everywhere, with their erasure confirmed by id.
 */
export const blanksCandidateName = (c: Change): boolean =>
  c.table === 'candidates' && c.column === 'name' && (c.op === 'insert' || c.op === 'update') && (c.value === '' || c.value === null);

const BLANK_NAME = 'A candidate’s name may not be made blank';

/** What a candidate item of a batch seals: one transaction's personal changes and where they stood in it. */
export interface CandidateContent {
  candidateId: string;
  at: number[];
  changes: Change[];
  /** A snapshot's item: each change's own clock (a batch item's changes take their transaction's). */
  hlcs?: string[];
}

export interface CandidateKey {
  keyId: string;
  key: Buffer;
}

export function candidateKeyOf(db: ReadableDB, candidateId: string): CandidateKey | undefined {
  return prepare(db, 'SELECT key_id AS keyId, key FROM sync_candidate_keys WHERE candidate_id = ? ORDER BY key_id LIMIT 1').get(candidateId) as CandidateKey | undefined;
}

export function candidateKeyById(db: ReadableDB, keyId: string): (CandidateKey & { candidateId: string; unchecked: boolean }) | undefined {
  const row = prepare(db, 'SELECT candidate_id AS candidateId, key_id AS keyId, key, unchecked FROM sync_candidate_keys WHERE key_id = ?').get(keyId) as
    | (CandidateKey & { candidateId: string; unchecked: number })
    | undefined;
  return row && { ...row, unchecked: row.unchecked === 1 };
}

/** Keys seen to open data sealed under them: no longer taken on trust alone (takeCandidateGrant). */
export function markCandidateKeysChecked(db: WritableDB, keyIds: Iterable<string>): void {
  const mark = prepare(db, 'UPDATE sync_candidate_keys SET unchecked = 0 WHERE key_id = ? AND unchecked = 1');
  for (const keyId of new Set(keyIds)) mark.run(keyId);
}

export function isErasedCandidate(db: ReadableDB, candidateId: string): boolean {
  return prepare(db, 'SELECT 1 FROM erased_candidates WHERE id = ?').get(candidateId) !== undefined;
}

/** Made on first need when the write that created the candidate did not (one received in the clear from an older version). */
function ensureCandidateKey(db: WritableDB, candidateId: string): CandidateKey {
  const known = candidateKeyOf(db, candidateId);
  if (known) return known;
  const made = { keyId: newId(), key: newSymmetricKey() };
  prepare(db, 'INSERT INTO sync_candidate_keys (candidate_id, key_id, key) VALUES (?, ?, ?)').run(candidateId, made.keyId, made.key);
  return made;
}

const one = (db: ReadableDB, sql: string, arg: unknown): string | null => {
  // The first column, whatever its name (a cached statement's mode is shared: no pluck).
  const row = prepare(db, sql).get(arg) as Record<string, unknown> | undefined;
  const v = row === undefined ? undefined : Object.values(row)[0];
  return typeof v === 'string' ? v : null;
};

/** A text value a transaction's own changes set on a row's column, looked up by (table, pk, column). */
export type TxValues = (table: string, pk: string, column: string) => string | null;

/** One index over a transaction's changes: a lookup per change would make a large write's export quadratic. */
export function txValues(changes: readonly Change[]): TxValues {
  let index: Map<string, ChangeValue> | null = null;
  return (table, pk, column) => {
    if (!index) {
      index = new Map();
      for (const c of changes) if (c.column && c.op !== 'delete') index.set(`${c.table}\u0000${c.pk}\u0000${c.column}`, c.value);
    }
    const v = index.get(`${table}\u0000${pk}\u0000${column}`);
    return typeof v === 'string' ? v : null;
  };
}

/**
 * The candidate a row of CANDIDATE_SEALED is about: from the transaction's own changes first (the row may be gone
 * by the time it is exported), then from the database. Null when it cannot be told.
 */
export function candidateOfRow(db: ReadableDB, table: string, pk: string, inTx: TxValues): string | null {
  const key = (JSON.parse(pk) as unknown[])[0];
  const ofLoop = (loopId: string | null) =>
    loopId === null ? null : (inTx('loops', JSON.stringify([loopId]), 'candidate_id') ?? one(db, 'SELECT candidate_id FROM loops WHERE id = ?', loopId));
  switch (table) {
    case 'candidates':
      return typeof key === 'string' ? key : null;
    case 'loops':
      return inTx('loops', pk, 'candidate_id') ?? one(db, 'SELECT candidate_id FROM loops WHERE id = ?', key);
    case 'debriefs':
      return ofLoop(typeof key === 'string' ? key : null);
    case 'practice_items':
      return ofLoop(inTx('practice_items', pk, 'source_loop_id') ?? one(db, 'SELECT source_loop_id FROM practice_items WHERE id = ?', key));
    case 'activity': {
      const entity = inTx('activity', pk, 'entity') ?? one(db, 'SELECT entity FROM activity WHERE id = ?', key);
      const entityId = inTx('activity', pk, 'entity_id') ?? one(db, 'SELECT entity_id FROM activity WHERE id = ?', key);
      if (entity === 'candidate') return entityId;
      if (entity === 'loop') return ofLoop(entityId);
      if (entity === 'feedback' && entityId) return ofLoop(inTx('feedback', JSON.stringify([entityId]), 'loop_id') ?? one(db, 'SELECT loop_id FROM feedback WHERE id = ?', entityId));
      return null;
    }
    default:
      return CANDIDATE_SEALED[table] ? ofLoop(inTx(table, pk, 'loop_id') ?? one(db, `SELECT loop_id FROM "${table}" WHERE id = ?`, key)) : null;
  }
}

/**
 * A transaction as it leaves this device: each candidate's personal changes, inserts and updates alike, in an item
 * sealed under that candidate's key. An erased candidate's marks stay readable (they are no secret, and every
 * device must apply them): an erasure's own, and those a later write put back (erasureMarks.ts); any other change
 * about a candidate erased since is sealed under a key no one keeps. The log lines about other candidates an
 * erasure rewrote (the name taken out) leave sealed under their own candidates' keys, as any change of theirs.
 */
export function sealCandidateData(db: WritableDB, teamId: string, tx: SyncTransaction): SyncTransaction {
  if (!tx.changes.some(isPersonalChange)) return tx;
  const erasing = new Set(tx.method === ERASE_METHOD ? tx.changes.filter((c) => c.table === 'erased_candidates').map((c) => (JSON.parse(c.pk) as string[])[0]) : []);
  const isMark = (c: Change, candidateId: string) => c.column !== null && c.value === erasureMark(c.table, c.column, c.value) && isErasedCandidate(db, candidateId);
  const byCandidate = new Map<string, CandidateContent>();
  const open: Change[] = [];
  const inTx = txValues(tx.changes);
  tx.changes.forEach((c, i) => {
    const candidateId = isPersonalChange(c) ? candidateOfRow(db, c.table, c.pk, inTx) : null;
    if (candidateId === null || erasing.has(candidateId) || isMark(c, candidateId)) {
      open.push(c);
      return;
    }
    let content = byCandidate.get(candidateId);
    if (!content) byCandidate.set(candidateId, (content = { candidateId, at: [], changes: [] }));
    content.at.push(i);
    content.changes.push(c);
  });
  if (byCandidate.size === 0) return tx;
  const sealed = [...byCandidate.values()].map((content) => {
    const { keyId, key } = isErasedCandidate(db, content.candidateId) ? { keyId: newId(), key: newSymmetricKey() } : ensureCandidateKey(db, content.candidateId);
    return sealValue(content, key, { teamId, purpose: candidatePurpose(content.candidateId), keyId });
  });
  return { ...tx, changes: open, sealed: [...(tx.sealed ?? []), ...sealed] };
}

/**
 * Why opened content may not be applied, or null: only personal columns, each of a row about the item's own
 * candidate (told from `inTx`, the transaction's changes with the opened ones, then this device's rows), as
 * feedback content may hold only its own feedback's: a member's device could otherwise seal a change to any
 * candidate's row under a key of its own.
 */
export function contentRefusal(db: ReadableDB, content: CandidateContent, inTx: TxValues): string | null {
  for (const c of content.changes) {
    if (!c || (c.op !== 'insert' && c.op !== 'update') || !c.column || !CANDIDATE_SEALED[c.table]?.has(c.column)) return 'A sealed candidate item may hold only personal data';
    if (rowCandidate(db, c, inTx) !== content.candidateId) return 'A sealed candidate item may hold only that candidate’s data';
    if (blanksCandidateName(c)) return BLANK_NAME;
  }
  if (content.hlcs && content.hlcs.length !== content.changes.length) return 'A sealed candidate item is not what it says';
  return null;
}

function rowCandidate(db: ReadableDB, c: Change, inTx: TxValues): string | null {
  try {
    return typeof c.pk === 'string' ? candidateOfRow(db, c.table, c.pk, inTx) : null;
  } catch {
    // A key that is not a JSON list: no row of anyone's.
    return null;
  }
}

/** Lookups in the transaction's own changes first, then in `more` (the rest of its batch). */
const withFallback = (inTx: TxValues, more: TxValues | undefined): TxValues => (more ? (t, p, c) => inTx(t, p, c) ?? more(t, p, c) : inTx);

/** A candidate item opened with a key: null unless it opens and is filed under that candidate, whole. */
export function contentOf(item: SealedItem, key: Uint8Array, teamId: string, candidateId: string): CandidateContent | null {
  const opened = openSealed(item, key, teamId);
  if (!opened.ok) return null;
  const v = opened.value as Partial<CandidateContent> | null;
  if (!v || v.candidateId !== candidateId || item.purpose !== candidatePurpose(candidateId) || !Array.isArray(v.at) || !Array.isArray(v.changes)) return null;
  if (v.at.length !== v.changes.length) return null;
  return v as CandidateContent;
}

/** Each column's value in a row this device holds without its personal data: its default, '' when required, else null. */
const blanks = new WeakMap<object, Map<string, Map<string, ChangeValue>>>();
export function blankColumns(db: ReadableDB, table: string): Map<string, ChangeValue> {
  let perDb = blanks.get(db);
  if (!perDb) blanks.set(db, (perDb = new Map()));
  let found = perDb.get(table);
  if (!found) {
    const sealed = CANDIDATE_SEALED[table] ?? new Set<string>();
    const info = db.prepare('SELECT name, "notnull" AS required, dflt_value AS dflt FROM pragma_table_info(?)').all(table) as { name: string; required: number; dflt: string | null }[];
    found = new Map(info.filter((c) => sealed.has(c.name)).map((c) => [c.name, defaultOf(c.dflt) ?? (c.required ? '' : null)]));
    perDb.set(table, found);
  }
  return found;
}

function defaultOf(sql: string | null): ChangeValue {
  if (sql === null || /^null$/i.test(sql)) return null;
  const quoted = /^'(.*)'$/s.exec(sql);
  if (quoted) return (quoted[1] ?? '').replaceAll("''", "'");
  const n = Number(sql);
  return Number.isFinite(n) ? n : null;
}

/** Changes put back where they stood (`at`: their index in the whole transaction, ascending): one pass. */
function mergeAt(changes: readonly Change[], placed: readonly { at: number; change: Change }[]): Change[] {
  const out: Change[] = [];
  let i = 0;
  for (const p of placed) {
    while (out.length < p.at && i < changes.length) out.push(changes[i++] as Change);
    out.push(p.change);
  }
  while (i < changes.length) out.push(changes[i++] as Change);
  return out;
}

/**
 * Changes put back right after the last change of their row (the applier groups a row's consecutive changes into
 * one INSERT or UPDATE), or where they stood when the row has nothing else here: for a transaction some of whose
 * other sealed items stayed shut, so the places are not exact. One pass.
 */
function mergeBesideRow(changes: readonly Change[], placed: readonly { at: number; change: Change }[]): Change[] {
  const rowOf = (c: Change) => `${c.table}\u0000${c.pk}\u0000${c.op}`;
  const last = new Map<string, number>();
  changes.forEach((c, i) => last.set(rowOf(c), i));
  const after = new Map<number, Change[]>();
  const loose: { at: number; change: Change }[] = [];
  for (const p of placed) {
    const j = last.get(rowOf(p.change));
    if (j === undefined) loose.push(p);
    else after.set(j, [...(after.get(j) ?? []), p.change]);
  }
  const out: Change[] = [];
  changes.forEach((c, i) => out.push(c, ...(after.get(i) ?? [])));
  return mergeAt(out, loose);
}

/**
 * A received transaction with the personal data this device holds keys for put back, and the items it cannot
 * open yet. A row inserted without its sealed required columns gets them blank ('' for a name): it is held with
 * its routing only until the key comes (then the content is applied with this transaction's clock).
 */
export function unsealCandidateData(
  db: ReadableDB,
  teamId: string,
  tx: SyncTransaction,
  items: readonly SealedItem[],
  /** Whether every other sealed item of the transaction was opened: then each change goes back exactly where it stood. */
  exact: boolean,
  /** The changes of the transaction's whole batch: a row it writes may be inserted by an earlier one not applied yet. */
  inBatch?: TxValues,
): { tx: SyncTransaction; kept: SealedItem[]; refused: string | null; opened: string[] } {
  // Checked before the blanks of rows held blind are added below (they are this device's own, never received).
  if (tx.changes.some(blanksCandidateName)) return { tx, kept: [], refused: BLANK_NAME, opened: [] };
  if (items.length === 0) return { tx, kept: [], refused: null, opened: [] };
  const inTx = withFallback(txValues(tx.changes), inBatch);
  const kept: SealedItem[] = [];
  let refused: string | null = null;
  const opened: string[] = [];
  const placed: { at: number; change: Change }[] = [];
  for (const item of items) {
    const candidateId = candidateOfPurpose(item.purpose);
    const held = candidateId === null ? undefined : candidateKeyById(db, item.keyId);
    const content = held && held.candidateId === candidateId ? contentOf(item, held.key, teamId, candidateId) : null;
    if (!content) {
      kept.push(item);
      continue;
    }
    opened.push(item.keyId);
    const why = contentRefusal(db, content, inTx);
    if (why) {
      refused = why;
      continue;
    }
    content.changes.forEach((change, i) => placed.push({ at: content.at[i] ?? Number.MAX_SAFE_INTEGER, change }));
  }
  placed.sort((a, b) => a.at - b.at);
  let changes = placed.length === 0 ? tx.changes : exact ? mergeAt(tx.changes, placed) : mergeBesideRow(tx.changes, placed);
  if (kept.length > 0) changes = withRequiredBlanks(db, changes);
  return { tx: { ...tx, changes }, kept, refused, opened };
}

/** Required personal columns of rows inserted without them, blank (as a snapshot holds them), beside their row. */
function withRequiredBlanks(db: ReadableDB, changes: readonly Change[]): Change[] {
  const rows = new Map<string, { table: string; pk: string; columns: Set<string> }>();
  for (const c of changes) {
    if (c.op !== 'insert' || !CANDIDATE_SEALED[c.table]) continue;
    const id = `${c.table}\u0000${c.pk}`;
    let row = rows.get(id);
    if (!row) rows.set(id, (row = { table: c.table, pk: c.pk, columns: new Set() }));
    row.columns.add(c.column ?? '');
  }
  const blanks: { at: number; change: Change }[] = [];
  for (const row of rows.values()) {
    for (const [column, blank] of blankColumns(db, row.table)) {
      if (blank !== '' || row.columns.has(column)) continue;
      // Only a required column without a default is blanked by hand: the insert leaves the others at their default.
      if (!requiredWithoutDefault(db, row.table, column)) continue;
      blanks.push({ at: Number.MAX_SAFE_INTEGER, change: { table: row.table, pk: row.pk, column, value: blank, op: 'insert' } });
    }
  }
  return blanks.length === 0 ? [...changes] : mergeBesideRow(changes, blanks);
}

const required = new WeakMap<object, Set<string>>();
function requiredWithoutDefault(db: ReadableDB, table: string, column: string): boolean {
  let set = required.get(db);
  if (!set) {
    set = new Set();
    for (const t of Object.keys(CANDIDATE_SEALED)) {
      for (const c of db.prepare('SELECT name FROM pragma_table_info(?) WHERE "notnull" = 1 AND dflt_value IS NULL').pluck().all(t) as string[]) set.add(`${t}.${c}`);
    }
    required.set(db, set);
  }
  return set.has(`${table}.${column}`);
}

export const quarantineCandidateData = (db: WritableDB, row: { deviceId: string; seq: number; hlc: string; authorId: string }, reason: string) =>
  prepare(db, `INSERT OR IGNORE INTO sync_quarantine (device_id, seq, hlc, method, actor, author_id, reason, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(
    row.deviceId,
    row.seq,
    row.hlc,
    'candidate.sealed',
    row.authorId,
    row.authorId,
    reason,
    // Never the values.
    JSON.stringify([]),
  );

/**
 * The columns whose values authorising a held item reads (`refusal`, `candidateOfRow`): which loop, candidate,
 * feedback or author a row is about. Every other value of the transaction is dropped from what is kept with the
 * item: the row travels in this device's snapshots, and values opened here (another candidate's profile, feedback
 * content) must not leave under the team key.
 */
const ROUTING = new Set(['candidate_id', 'loop_id', 'source_loop_id', 'entity', 'entity_id', 'author_id', 'status', 'slot_id', 'feedback_id', 'checkin_id']);
const routingOf = (changes: readonly Change[]): Change[] => changes.map((c) => (c.column && !ROUTING.has(c.column) ? { ...c, value: null } : c));

/**
 * Keeps the items of an applied transaction this device cannot open yet (not those of a quarantined one, nor of an
 * erased candidate: that key is gone everywhere), with the transaction's changes (their routing values only): what
 * opens later is authorised with them, as the whole transaction would have been.
 */
export function keepCandidateSealed(db: WritableDB, deviceId: string, authorId: string, tx: SyncTransaction, items: readonly SealedItem[]): void {
  if (prepare(db, 'SELECT 1 FROM sync_quarantine WHERE device_id = ? AND seq = ?').get(deviceId, tx.seq)) return;
  const insert = prepare(db, 'INSERT INTO sync_candidate_sealed (candidate_id, key_id, device_id, seq, author_id, hlc, method, item, changes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const visible = JSON.stringify(routingOf(tx.changes));
  for (const item of items) {
    const candidateId = isSealedItem(item) ? candidateOfPurpose(item.purpose) : null;
    if (candidateId === null || isErasedCandidate(db, candidateId)) continue;
    insert.run(candidateId, item.keyId, deviceId, tx.seq, authorId, tx.hlc, tx.method, JSON.stringify(item), visible);
  }
}

/** Whether a granted key opens an item held under its key id; undefined when none is held (nothing to check it by). */
export function keyOpensHeldCandidate(db: ReadableDB, teamId: string, candidateId: string, key: CandidateKey): boolean | undefined {
  const items = (prepare(db, 'SELECT item FROM sync_candidate_sealed WHERE key_id = ? AND candidate_id = ?').all(key.keyId, candidateId) as { item: string }[]).map((r) => r.item);
  if (items.length === 0) return undefined;
  return items.some((item) => contentOf(JSON.parse(item) as SealedItem, key.key, teamId, candidateId) !== null);
}

/** A key taken from a forged grant (filed under this candidate or another), replaced by the one that opens what it could not (takeCandidateGrant). */
export function replaceCandidateKey(db: WritableDB, candidateId: string, key: CandidateKey): void {
  // It opened what the held key could not: checked.
  prepare(db, 'UPDATE sync_candidate_keys SET key = ?, candidate_id = ?, unchecked = 0 WHERE key_id = ?').run(key.key, candidateId, key.keyId);
}

/** `unchecked` when nothing sealed under it was here to open (a grant arriving before the data). */
export function storeCandidateKey(db: WritableDB, candidateId: string, key: CandidateKey, unchecked = false): boolean {
  return (
    prepare(db, 'INSERT OR IGNORE INTO sync_candidate_keys (key_id, candidate_id, key, unchecked) VALUES (?, ?, ?, ?)').run(key.keyId, candidateId, key.key, unchecked ? 1 : 0)
      .changes > 0
  );
}
