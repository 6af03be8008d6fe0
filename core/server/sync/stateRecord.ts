import type { KeyObject } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from './atomicWrite';
import { canonicalJson } from './canonicalJson';
import { resolveIn, statePath } from './folderLayout';
import { decodeRecordFile, encodeRecordFile, signRecord } from './signedRecord';
import { isSyncId } from './syncIds';

/**
 * `state/<deviceId>.json`: what a device tells the others so they may compact: how far it has applied each
 * other device (`positions`), its own highest file, and the positions inside its newest snapshot (a device
 * joining later may bootstrap from that snapshot, so the batches after those positions must stay). Signed by
 * the device alone; the only file a device rewrites in place.
 */
export interface StateRecord {
  type: 'sync-state';
  id: string;
  teamId: string;
  positions: Record<string, number>;
  highest: number;
  /** The publisher's newest snapshot: its file name, own seq and the positions of others in it; null before it has one. */
  snapshot: { name: string; seq: number; positions: Record<string, number> } | null;
  writtenAt: number;
  [key: string]: unknown;
}

export function writeStateRecord(root: string, record: StateRecord, key: KeyObject): void {
  writeFileAtomic(resolveIn(root, statePath(record.id)), encodeRecordFile(signRecord(record, record.id, key)));
}

/** The same facts, ignoring when they were written: rewriting unchanged positions would only wake every engine. */
export function sameFacts(a: StateRecord | undefined, b: StateRecord): boolean {
  if (!a) return false;
  const { writtenAt: _a, ...restA } = a;
  const { writtenAt: _b, ...restB } = b;
  return canonicalJson(restA) === canonicalJson(restB);
}

const isPositions = (value: unknown): value is Record<string, number> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.entries(value).every(([k, v]) => isSyncId(k) && Number.isSafeInteger(v) && (v as number) >= 0);

/**
 * Every state record in the folder that its own device signed (a device the caller knows, by its signing key).
 * Unknown devices, bad signatures, another signer, records at another device's path or of another shape are
 * left out: a missing record only makes compaction more careful.
 */
export function readStateRecords(root: string, teamId: string, signingKeyFor: (deviceId: string) => string | undefined): Map<string, StateRecord> {
  const out = new Map<string, StateRecord>();
  let names: string[];
  try {
    names = readdirSync(resolveIn(root, 'state'));
  } catch {
    return out;
  }
  for (const name of names) {
    const id = /^([0-9a-f-]{36})\.json$/.exec(name)?.[1];
    if (!id || !isSyncId(id)) continue;
    let bytes: Buffer;
    try {
      bytes = readFileSync(resolveIn(root, statePath(id)));
    } catch {
      continue;
    }
    // Only the device itself may speak for its positions.
    const decoded = decodeRecordFile(bytes, { type: 'sync-state', id, teamId }, (by) => (by === id ? signingKeyFor(id) : undefined));
    if (!decoded.ok || decoded.value.signers.length !== 1) continue;
    const r = decoded.value.record;
    const snapshot = r.snapshot as StateRecord['snapshot'] | undefined;
    if (!isPositions(r.positions) || !Number.isSafeInteger(r.highest) || typeof r.writtenAt !== 'number') continue;
    if (snapshot !== null && !(snapshot && typeof snapshot.name === 'string' && Number.isSafeInteger(snapshot.seq) && isPositions(snapshot.positions))) continue;
    out.set(id, r as StateRecord);
  }
  return out;
}

/**
 * Folds a record read now into what was seen before from the same signer. Positions only grow, so an older
 * copy arriving late (an engine's delay) never lowers what is known: per device the highest seen is kept, and
 * the snapshot with the higher seq.
 */
export function mergeSeen(before: StateRecord | undefined, now: StateRecord): StateRecord {
  if (!before) return now;
  const positions = { ...before.positions };
  for (const [id, seq] of Object.entries(now.positions)) positions[id] = Math.max(positions[id] ?? 0, seq);
  const snapshot = !before.snapshot || (now.snapshot && now.snapshot.seq >= before.snapshot.seq) ? now.snapshot : before.snapshot;
  return { ...now, positions, highest: Math.max(before.highest, now.highest), snapshot, writtenAt: Math.max(before.writtenAt, now.writtenAt) };
}
