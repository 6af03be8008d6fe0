import { prepare } from '../../../db/statements';
import type { WritableDB } from '../../../db/handles';
import type { Batch, Change, SyncTransaction } from './batch';
import { captureTriggersSql } from './captureTriggers';
import { installCandidateKeying } from './candidateKeying';
import { installFeedbackKeying } from './feedbackKeying';
import { after, formatHlc, parseHlc, tick, type Hlc } from './hlc';

interface Capture {
  deviceId: string;
  now: () => number;
  /** The outbox transaction of the write in progress; null between writes and while applying others' changes. */
  seq: number | null;
}

const captures = new WeakMap<WritableDB, Capture>();

export interface CaptureOptions {
  deviceId: string;
  /** Wall time in milliseconds; tests move it to simulate clock skew. */
  now?: () => number;
}

/**
 * Turns on change capture for a team workspace's writer connection: records the device id (once; a different
 * id on a workspace that already has one is refused: a device restored from a backup takes a new id by a
 * rotation the caller makes explicitly) and creates the TEMP triggers.
 */
export function installCapture(db: WritableDB, options: CaptureOptions): void {
  if (captures.has(db)) throw new Error('Change capture is already installed on this connection');
  const existing = prepare(db, 'SELECT device_id AS deviceId FROM sync_device WHERE id = 1').get() as { deviceId: string } | undefined;
  if (existing && existing.deviceId !== options.deviceId) {
    throw new Error(`This workspace is device ${existing.deviceId}, not ${options.deviceId}`);
  }
  if (!existing) prepare(db, 'INSERT INTO sync_device (id, device_id) VALUES (1, ?)').run(options.deviceId);
  const capture: Capture = { deviceId: options.deviceId, now: options.now ?? Date.now, seq: null };
  db.function('sync_tx', { deterministic: false }, () => capture.seq);
  db.exec(captureTriggersSql(db));
  installFeedbackKeying(db);
  installCandidateKeying(db);
  captures.set(db, capture);
}

/**
 * Undoes `installCapture` and what it and the writes since recorded (a team that could not be made): the
 * triggers go, and so do the device id and the outbox, as if this workspace had never been in a team.
 */
export function uninstallCapture(db: WritableDB): void {
  const names = db.prepare(`SELECT name FROM sqlite_temp_master WHERE type = 'trigger' AND name LIKE 'sync\\_capture\\_%' ESCAPE '\\'`).pluck().all() as string[];
  for (const name of names) db.exec(`DROP TRIGGER temp."${name.replaceAll('"', '""')}"`);
  captures.delete(db);
  db.transaction(() => {
    prepare(db, 'DELETE FROM sync_outbox_changes').run();
    prepare(db, 'DELETE FROM sync_outbox').run();
    prepare(db, `UPDATE sqlite_sequence SET seq = 0 WHERE name = 'sync_outbox'`).run();
    prepare(db, 'DELETE FROM sync_device').run();
  }).immediate();
}

/**
 * A device restored from a backup writes on under a new id (it must never reuse sequence numbers the folder
 * already holds under the old one): the outbox starts again at 1 under `deviceId`, and the old id's changes
 * up to `keptSeq` (what the restored database has) count as applied, so the rest are read back from the folder
 * like any other device's. One transaction; the caller publishes the new device record.
 */
export function renameDevice(db: WritableDB, deviceId: string, memberId: string): { previous: string; keptSeq: number } {
  const capture = captures.get(db);
  const previous = deviceIdOf(db);
  if (!capture || !previous) throw new Error('Change capture is not installed on this connection');
  const keptSeq = outboxHighestSeq(db);
  db.transaction(() => {
    prepare(db, 'INSERT INTO sync_positions (device_id, seq, member_id) VALUES (?, ?, ?) ON CONFLICT (device_id) DO UPDATE SET seq = max(seq, excluded.seq)').run(previous, keptSeq, memberId);
    prepare(db, 'DELETE FROM sync_outbox_changes').run();
    prepare(db, 'DELETE FROM sync_outbox').run();
    prepare(db, `UPDATE sqlite_sequence SET seq = 0 WHERE name = 'sync_outbox'`).run();
    prepare(db, 'UPDATE sync_device SET device_id = ? WHERE id = 1').run(deviceId);
  }).immediate();
  capture.deviceId = deviceId;
  return { previous, keptSeq };
}

/** The last sequence number this device's outbox handed out (0 before its first write). */
export function outboxHighestSeq(db: WritableDB): number {
  return (prepare(db, `SELECT seq FROM sqlite_sequence WHERE name = 'sync_outbox'`).get() as { seq: number } | undefined)?.seq ?? 0;
}

export function captureInstalled(db: WritableDB): boolean {
  return captures.has(db);
}

export function deviceIdOf(db: WritableDB): string | null {
  return (prepare(db, 'SELECT device_id AS deviceId FROM sync_device WHERE id = 1').get() as { deviceId: string } | undefined)?.deviceId ?? null;
}

export function readClock(db: WritableDB): Hlc | null {
  const row = prepare(db, 'SELECT clock FROM sync_device WHERE id = 1').get() as { clock: string } | undefined;
  return row?.clock ? parseHlc(row.clock) : null;
}

export function writeClock(db: WritableDB, clock: Hlc): void {
  prepare(db, 'UPDATE sync_device SET clock = ? WHERE id = 1').run(formatHlc(clock));
}

export interface WriteInfo {
  method: string;
  actor: string;
}

/**
 * Runs one write (already inside its transaction) with its changes captured into the outbox under one
 * transaction row, and the clocks of the rows and fields it touched moved to its HLC. Without capture
 * installed (a solo workspace) it is just `body()`.
 */
export function captureWrite<T>(db: WritableDB, info: WriteInfo, body: () => T): T {
  const capture = captures.get(db);
  if (!capture || capture.seq !== null) return body();
  const clock = tick(readClock(db), capture.now(), capture.deviceId);
  const seq = Number(
    prepare(db, `INSERT INTO sync_outbox (hlc, method, actor, deps) SELECT ?, ?, ?, coalesce(json_group_object(device_id, seq), '{}') FROM sync_positions`)
      .run(formatHlc(clock), info.method, info.actor).lastInsertRowid,
  );
  capture.seq = seq;
  let value: T;
  try {
    value = body();
  } finally {
    capture.seq = null;
  }
  finishWrite(db, seq, clock, capture.deviceId);
  return value;
}

/** The latest clock among the rows and fields a write changed. */
const TOUCHED_CLOCK = `
  SELECT max(coalesce(f.hlc, ''), coalesce(r.hlc, '')) AS hlc
  FROM sync_outbox_changes c
  LEFT JOIN sync_rows r ON r.tbl = c.tbl AND r.pk = c.pk
  LEFT JOIN sync_clocks f ON f.tbl = c.tbl AND f.pk = c.pk AND f.col = c.col
  WHERE c.seq = ? ORDER BY 1 DESC LIMIT 1`;

function finishWrite(db: WritableDB, seq: number, clock: Hlc, deviceId: string): void {
  if (!prepare(db, 'SELECT 1 FROM sync_outbox_changes WHERE seq = ? LIMIT 1').get(seq)) {
    // Only local rows changed (a draft autosave, who "me" is): nothing to send.
    prepare(db, 'DELETE FROM sync_outbox WHERE seq = ?').run(seq);
    // Receivers apply transactions in unbroken sequence: the number is given back for the next write.
    prepare(db, `UPDATE sqlite_sequence SET seq = ? WHERE name = 'sync_outbox'`).run(seq - 1);
    writeClock(db, clock);
    return;
  }
  let hlc = clock;
  const touched = (prepare(db, TOUCHED_CLOCK).get(seq) as { hlc: string } | undefined)?.hlc ?? '';
  if (touched && touched >= formatHlc(hlc)) {
    // A value from a device whose clock runs ahead: this edit was made after seeing it, so it must win.
    hlc = after(parseHlc(touched), deviceId);
    prepare(db, 'UPDATE sync_outbox SET hlc = ? WHERE seq = ?').run(formatHlc(hlc), seq);
  } else {
    writeClock(db, clock);
  }
  const text = formatHlc(hlc);
  // A row's last insert or delete in this write sets its existence clock; an insert supersedes field clocks.
  prepare(
      db,
    `INSERT INTO sync_rows (tbl, pk, hlc, deleted)
       SELECT tbl, pk, ?, op = 'delete' FROM sync_outbox_changes c
       WHERE seq = ? AND op IN ('insert', 'delete')
         AND id = (SELECT max(id) FROM sync_outbox_changes d WHERE d.seq = c.seq AND d.tbl = c.tbl AND d.pk = c.pk AND d.op IN ('insert', 'delete'))
     ON CONFLICT (tbl, pk) DO UPDATE SET hlc = excluded.hlc, deleted = excluded.deleted`,
  ).run(text, seq);
  prepare(
      db,
    `INSERT INTO sync_clocks (tbl, pk, col, hlc) SELECT DISTINCT tbl, pk, col, ? FROM sync_outbox_changes WHERE seq = ? AND op = 'update'
     ON CONFLICT (tbl, pk, col) DO UPDATE SET hlc = excluded.hlc`,
  ).run(text, seq);
}

/** The outbox transactions after `fromSeq`, at most `limit` of them, with their changes in the order made. */
function transactionsAfter(db: WritableDB, fromSeq: number, limit: number): SyncTransaction[] {
  const rows = prepare(db, 'SELECT seq, hlc, method, actor, deps FROM sync_outbox WHERE seq > ? ORDER BY seq LIMIT ?').all(fromSeq, limit) as (Omit<
    SyncTransaction,
    'changes' | 'deps'
  > & { deps: string })[];
  const changesOf = prepare(db, 'SELECT tbl AS "table", pk, col AS "column", value, op FROM sync_outbox_changes WHERE seq = ? ORDER BY id');
  return rows.map((row) => ({ ...row, deps: JSON.parse(row.deps) as Record<string, number>, changes: changesOf.all(row.seq) as Change[] }));
}

/**
 * The next batch of this device's changes: its transactions after `fromSeq` (the last one already taken),
 * each with how far this device had applied everyone else's when it was written, so a receiver applies
 * those first. Null when there is nothing new.
 */
export function takeBatch(db: WritableDB, fromSeq: number, options: { limit?: number } = {}): Batch | null {
  const deviceId = deviceIdOf(db);
  if (!deviceId) throw new Error('Change capture was never installed on this workspace');
  const transactions = transactionsAfter(db, fromSeq, options.limit ?? 10_000);
  const last = transactions.at(-1);
  if (!last) return null;
  return { deviceId, seq: last.seq, deps: last.deps, transactions };
}
