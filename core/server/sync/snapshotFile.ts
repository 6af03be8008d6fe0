import type { KeyObject } from 'node:crypto';
import type { ReadableDB } from '../../../db/handles';
import { publishEnvelope } from './atomicWrite';
import { encodeEnvelope } from './batchFile';
import { readSnapshotSections } from './snapshot';

/** What writing a snapshot needs of a session: plain data and a KeyObject, so it crosses to the background worker. */
export interface SnapshotWriter {
  teamId: string;
  deviceId: string;
  keyId: string;
  key: Uint8Array;
  signing: KeyObject;
}

/** A snapshot file made but not yet in the folder (built in the background worker, published by the sync cycle). */
export interface BuiltSnapshot {
  path: string;
  bytes: Uint8Array;
  seq: number;
  positions: Record<string, number>;
  sections: number;
}

/**
 * The shared state as a snapshot file of this device at its last change (`seq`: the outbox's last number),
 * read in one read transaction so the sections, the seq and the positions agree. The caller publishes it only
 * once the batches up to `seq` are in the folder: the exporter starts after the highest number there.
 */
export function buildSnapshotFile(db: ReadableDB, writer: SnapshotWriter, createdAt: number, options: { targetBytes?: number; onSection?: (done: number) => void } = {}): BuiltSnapshot {
  return db.transaction(() => {
    const seq = Math.max(1, (db.prepare(`SELECT seq FROM sqlite_sequence WHERE name = 'sync_outbox'`).pluck().get() as number | undefined) ?? 0);
    const { compressed, manifest } = readSnapshotSections(db, { ...options, sealing: { teamId: writer.teamId, deviceId: writer.deviceId, seq } });
    const file = encodeEnvelope(
      { kind: 'snapshot', teamId: writer.teamId, deviceId: writer.deviceId, seq, createdAt, sections: compressed.map((c) => ({ keyId: writer.keyId, key: writer.key, compressed: c })) },
      writer.signing,
    );
    return { path: file.path, bytes: file.bytes, seq, positions: Object.fromEntries(manifest.positions.map(([id, p]) => [id, p])), sections: compressed.length };
  })();
}

/** Puts a built snapshot in the folder (it supersedes one under the same number); returns what a state record notes. */
export function publishBuiltSnapshot(folder: string, built: BuiltSnapshot): { seq: number; name: string; positions: Record<string, number> } {
  const bytes = Buffer.from(built.bytes.buffer, built.bytes.byteOffset, built.bytes.byteLength);
  const published = publishEnvelope(folder, { path: built.path, bytes }, {}, { supersede: true });
  if (!published.ok) throw new Error(published.detail);
  return { seq: built.seq, name: built.path.split('/').at(-1) ?? '', positions: built.positions };
}
