import type { WritableDB } from '../../../db/handles';
import { publishEnvelope } from './atomicWrite';
import { encodeBatchFile } from './batchFile';
import { sealCandidateData } from './candidateKeys';
import { sealTransaction } from './feedbackKeys';
import { scanFolder } from './folderScan';
import { outboxHighestSeq, takeBatch } from './outbox';
import { rotateDevice, type Session } from './team';

/** Transactions per file: a busy day fits in one file, and a file stays small enough to decode at once. */
const BATCH_LIMIT = 5_000;

export interface ExportResult {
  /** Files written this time. */
  written: number;
  /** The last change of this device now in the folder. */
  inFolder: number;
  /** Set when this device found itself restored from a backup and took a new id. */
  rotated?: { previous: string; next: string };
  /** A fork: the folder holds another file under a number this device was about to write. */
  problem?: string;
}

/** The highest change of a device in the folder, in its log or a snapshot. */
export function highestInFolder(folder: string, deviceId: string): number {
  const scan = scanFolder(folder, () => 1).devices.find((d) => d.deviceId === deviceId);
  if (!scan) return 0;
  return Math.max(scan.highestSeq, ...scan.snapshots.map((s) => s.seq));
}

/**
 * Writes this device's changes that are not in the folder yet as batch files. The folder, not a local note,
 * says what was written, so a crash between writing a file and noting it loses nothing. If the folder holds
 * more of this device's changes than its outbox ever made, the database was restored from a backup: the
 * device takes a new id first and never reuses a number.
 */
export function exportChanges(db: WritableDB, session: Session, now: number): ExportResult {
  let rotated: ExportResult['rotated'];
  let from = highestInFolder(session.config.folder, session.config.deviceId);
  if (from > outboxHighestSeq(db)) {
    rotated = rotateDevice(db, session, now);
    from = 0;
  }
  const keyId = session.secrets.teamKeyId;
  const key = keyId ? session.secrets.keys[keyId] : undefined;
  let written = 0;
  if (!keyId || !key) return { written, inFolder: from, ...(rotated ? { rotated } : {}) };
  for (let batch = takeBatch(db, from, { limit: BATCH_LIMIT }); batch; batch = takeBatch(db, from, { limit: BATCH_LIMIT })) {
    // A candidate's personal data leaves sealed under the candidate's key (candidateKeys.ts), then submitted
    // feedback's content under its own (feedbackKeys.ts): the team key shows routing only.
    const teamId = session.config.teamId;
    const payload = { ...batch, transactions: batch.transactions.map((tx) => sealTransaction(db, teamId, sealCandidateData(db, teamId, tx))) };
    const file = encodeBatchFile(
      { teamId: session.config.teamId, deviceId: session.config.deviceId, seq: batch.seq, createdAt: now, keyId, key, payload },
      session.secrets.device.signing,
    );
    const published = publishEnvelope(session.config.folder, file);
    if (!published.ok) return { written, inFolder: from, problem: `This device's change ${batch.seq} is in the folder twice, differently (${published.detail}); writing stopped`, ...(rotated ? { rotated } : {}) };
    if (published.value === 'written') written++;
    from = batch.seq;
  }
  return { written, inFolder: from, ...(rotated ? { rotated } : {}) };
}
