import { readdirSync, readFileSync, statSync } from 'node:fs';
import type { WritableDB } from '../../../db/handles';
import { ERASE_METHOD, eraseHeldFeedbackContent, forgetErasedKeys } from '../../../db/queries/privacy';
import { applyBatch, positionOf } from './apply';
import type { Batch } from './batch';
import { decodeEnvelope, openEnvelope, type DecodeOptions } from './batchFile';
import { candidateOfPurpose, keepCandidateSealed, markCandidateKeysChecked, quarantineCandidateData, txValues, unsealCandidateData } from './candidateKeys';
import { erasedTouched, forceErasureMarks } from './erasureMarks';
import { keepSealed, unsealTransaction } from './feedbackKeys';
import type { SealedItem } from './sealedContent';
import { envelopeDir, parseEnvelopeName, placeholderTarget, resolveIn, type EnvelopeKind } from './folderLayout';
import { captureWrite } from './outbox';
import type { OfferedCandidateKey } from './candidateSnapshotOpen';
import { applySnapshot } from './snapshotApply';
import { readStateRecords } from './stateRecord';
import type { Session } from './team';
import { supersededDevices, type TeamView } from './teamRecords';
import { isSyncId } from './syncIds';
import { refused, type Checked } from './syncResult';

/** A file still arriving becomes a problem in words only after this long. */
export const PARTIAL_PATIENCE_MS = 10 * 60_000;

export interface DeviceFile {
  seq: number;
  path: string;
  size: number;
  mtimeMs: number;
}

/**
 * A device's files of one kind, by number, with what an engine leaves beside them set aside: names that are
 * not ours (conflict copies, duplicates, temporaries), online-only placeholders and 0-byte files (both noted
 * as not here yet).
 */
export function deviceFiles(folder: string, kind: EnvelopeKind, deviceId: string): { files: DeviceFile[]; notHereYet: number[] } {
  const dir = envelopeDir(kind, deviceId);
  const files: DeviceFile[] = [];
  const notHereYet: number[] = [];
  let names: string[];
  try {
    names = readdirSync(resolveIn(folder, dir));
  } catch {
    return { files, notHereYet };
  }
  for (const name of names) {
    const parsed = parseEnvelopeName(name);
    if (!parsed) {
      const target = placeholderTarget(name);
      const seq = target === undefined ? undefined : parseEnvelopeName(target)?.seq;
      if (seq !== undefined) notHereYet.push(seq);
      continue;
    }
    try {
      const stat = statSync(resolveIn(folder, `${dir}/${name}`));
      if (!stat.isFile()) continue;
      if (stat.size === 0) notHereYet.push(parsed.seq);
      else files.push({ seq: parsed.seq, path: `${dir}/${name}`, size: stat.size, mtimeMs: stat.mtimeMs });
    } catch {
      // Gone between listing and reading: an engine replacing it; the next pass sees it.
    }
  }
  files.sort((a, b) => a.seq - b.seq);
  return { files, notHereYet };
}

export interface ImportReport {
  applied: number;
  /** Waits in words ("waiting for Ana's laptop: change 41 not here yet"). */
  waits: string[];
  problems: string[];
}

export interface ImportOptions {
  now: number;
  /** When a file was first seen incomplete (path → ms), kept between passes for the partial-file patience. */
  partialSince: Map<string, number>;
  /** "Ana's laptop": a device in words. */
  deviceWords: (deviceId: string) => string;
}

/** A snapshot a joining device may bootstrap from: the file, and the device whose changes up to `seq` it holds. */
export interface SnapshotChoice {
  path: string;
  from: { deviceId: string; seq: number; memberId: string };
}

/**
 * The snapshots a device with no shared data yet may join from, newest first: each confirmed device's newest
 * snapshot, and only the one its state record names.
 */
export function snapshotChoices(session: Session, team: TeamView): SnapshotChoice[] {
  const published = readStateRecords(session.config.folder, session.config.teamId, (id) => team.devices.get(id)?.record.signing);
  // Others compact their batches down to the positions in that one (an older snapshot, or one not yet arrived,
  // may need removed batches). A restored device's old id is no peer of compaction any more: its snapshot's
  // positions are not kept to.
  const superseded = supersededDevices(team);
  return [...team.devices.values()]
    .filter((d) => d.state === 'confirmed' && d.record.id !== session.config.deviceId && !superseded.has(d.record.id))
    .flatMap((d) => {
      const file = deviceFiles(session.config.folder, 'snapshot', d.record.id).files.at(-1);
      const named = published.get(d.record.id)?.snapshot?.name;
      if (!file || (named !== undefined && `${envelopeDir('snapshot', d.record.id)}/${named}` !== file.path)) return [];
      return [{ file, choice: { path: file.path, from: { deviceId: d.record.id, seq: file.seq, memberId: d.record.memberId } } }];
    })
    .sort((a, b) => b.file.mtimeMs - a.file.mtimeMs)
    .map((c) => c.choice);
}

/**
 * What checking and applying a snapshot file needs, as plain data (it crosses to the background worker): the
 * team, the signing keys of the devices the team knows and the symmetric keys this device holds.
 */
export interface SnapshotKeys {
  teamId: string;
  signing: Record<string, string>;
  keys: Record<string, Uint8Array>;
  /** Candidate keys granted to this device before its first snapshot: their data is applied with it (candidateSnapshotOpen.ts). */
  candidateKeys?: OfferedCandidateKey[];
}

export function snapshotKeys(session: Session, team: TeamView): SnapshotKeys {
  const signing: Record<string, string> = {};
  for (const d of team.devices.values()) if (d.state !== 'pending') signing[d.record.id] = d.record.signing;
  return { teamId: session.config.teamId, signing, keys: { ...session.secrets.keys } };
}

/**
 * Checks a snapshot file whole (hash, signature, every section's tag) and applies it (snapshotApply.ts), on the
 * connection given: the background worker's second writer in the app. `beforeWrite` runs once the file has been
 * checked and before anything is written (the worker waits there for the API thread's leave to write). A file
 * that cannot be opened is `unopened`; one opened but not applied says why (snapshotApply.ts).
 */
export async function applySnapshotFile(
  db: WritableDB,
  folder: string,
  choice: SnapshotChoice,
  keys: SnapshotKeys,
  beforeWrite: () => Promise<void> = async () => {},
  onSection?: (done: number, total: number) => void,
): Promise<Checked<{ rows: number }, string>> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(resolveIn(folder, choice.path));
  } catch (error) {
    return refused('unopened', `cannot be read yet (${(error as Error).message})`);
  }
  const opened = openEnvelope(choice.path, bytes, { teamId: keys.teamId, signingKeyFor: (id) => keys.signing[id], keyFor: (id) => keys.keys[id] });
  // Still arriving, damaged or under a key not granted yet: the next snapshot is tried, and this one next cycle.
  if (!opened.ok) return refused('unopened', `${opened.kind}: ${opened.detail}`);
  await beforeWrite();
  const candidateKeys = keys.candidateKeys ? { teamId: keys.teamId, keys: keys.candidateKeys } : undefined;
  return applySnapshot(db, opened.value.sections, choice.from, { onSection, ...(candidateKeys ? { candidateKeys } : {}) });
}

function readBytes(session: Session, path: string): Buffer | null {
  try {
    return readFileSync(resolveIn(session.config.folder, path));
  } catch {
    return null;
  }
}

const notYet = { ok: false as const, kind: 'partial' as const, detail: 'cannot be read yet' };

function decode(session: Session, team: TeamView, path: string) {
  const bytes = readBytes(session, path);
  return bytes ? decodeEnvelope(path, bytes, optionsFor(session, team)) : notYet;
}

function optionsFor(session: Session, team: TeamView): DecodeOptions {
  return {
    teamId: session.config.teamId,
    signingKeyFor: (id) => {
      const device = team.devices.get(id);
      return device && device.state !== 'pending' ? device.record.signing : undefined;
    },
    keyFor: (keyId) => session.secrets.keys[keyId],
  };
}

function isBatch(value: unknown, deviceId: string, seq: number): value is Batch {
  const b = value as Partial<Batch> | null;
  return !!b && b.deviceId === deviceId && b.seq === seq && Array.isArray(b.transactions) && typeof b.deps === 'object';
}

/**
 * Applies every other device's batches that can be applied now, each device's in order: the next file is the
 * first numbered after the last change applied (a file is named by its last change). Devices wait on each
 * other's changes (causal order), so passes repeat while any applies. A revoked device's changes after its
 * revocation point are rejected; earlier ones are kept.
 */
export function importChanges(db: WritableDB, session: Session, team: TeamView, options: ImportOptions): ImportReport {
  const report: ImportReport = { applied: 0, waits: [], problems: [] };
  const blocked = new Map<string, string>();
  const own = new Set([session.config.deviceId]);
  const ids = listLogDevices(session.config.folder).filter((id) => !own.has(id));
  for (let progress = true; progress; ) {
    progress = false;
    blocked.clear();
    for (const deviceId of ids) {
      const device = team.devices.get(deviceId);
      if (!device || device.state === 'pending') {
        blocked.set(deviceId, `waiting for ${device ? options.deviceWords(deviceId) : `device ${deviceId.slice(0, 8)}`} to be confirmed by an admin`);
        continue;
      }
      const limit = device.state === 'revoked' ? (device.record.revokedAfterSeq ?? 0) : Infinity;
      for (;;) {
        const position = positionOf(db, deviceId);
        if (position >= limit) break;
        const { files, notHereYet } = deviceFiles(session.config.folder, 'batch', deviceId);
        const next = files.filter((f) => f.seq > position);
        const file = next[0];
        if (!file) {
          if (notHereYet.some((s) => s > position)) blocked.set(deviceId, `waiting for ${options.deviceWords(deviceId)}: change ${position + 1} not here yet`);
          break;
        }
        if (next[1]?.seq === file.seq) {
          report.problems.push(`${options.deviceWords(deviceId)} wrote change ${file.seq} twice, differently: its changes after ${position} are not applied`);
          break;
        }
        const decoded = decode(session, team, file.path);
        if (!decoded.ok) {
          if (decoded.kind === 'partial') {
            const since = options.partialSince.get(file.path) ?? options.now;
            options.partialSince.set(file.path, since);
            if (options.now - since > PARTIAL_PATIENCE_MS) report.problems.push(`${options.deviceWords(deviceId)}: change ${file.seq} has been arriving for over ten minutes (${decoded.detail})`);
            else blocked.set(deviceId, `waiting for ${options.deviceWords(deviceId)}: change ${position + 1} is still arriving`);
          } else if (decoded.kind === 'wrong-key') {
            blocked.set(deviceId, `waiting for the key to read ${options.deviceWords(deviceId)}'s changes`);
          } else {
            report.problems.push(`${options.deviceWords(deviceId)}: change ${file.seq} was rejected (${decoded.kind}: ${decoded.detail})`);
          }
          break;
        }
        options.partialSince.delete(file.path);
        const payload = decoded.value.sections[0]?.payload;
        if (!isBatch(payload, deviceId, file.seq)) {
          report.problems.push(`${options.deviceWords(deviceId)}: change ${file.seq} does not hold a batch of changes`);
          break;
        }
        const kept = payload.transactions.filter((t) => t.seq <= limit);
        const last = kept.at(-1);
        if (!last) break;
        const batch: Batch = { ...payload, seq: last.seq, deps: last.deps, transactions: kept };
        let result;
        try {
          result = applyReceived(db, session.config.teamId, batch, device.record.memberId, options.now, session.config.memberId);
        } catch (error) {
          report.problems.push(`${options.deviceWords(deviceId)}: change ${file.seq} could not be applied (${(error as Error).message})`);
          break;
        }
        if (result.status === 'applied') {
          report.applied += result.applied + result.quarantined;
          progress = true;
          if (result.waiting) {
            blocked.set(deviceId, waitWords(result.waiting, options));
            break;
          }
          continue;
        }
        if (result.status === 'waiting') blocked.set(deviceId, waitWords(result, options));
        break;
      }
    }
  }
  report.waits.push(...blocked.values());
  return report;
}

/**
 * Applies a received batch with the sealed content this device holds keys for put back, and keeps the rest
 * sealed (feedbackKeys.ts) in the same transaction as the position moves: nothing is applied without it.
 */
function applyReceived(db: WritableDB, teamId: string, batch: Batch, authorId: string, now: number, me: string) {
  // Sealed in the opposite order: a candidate's data first (its places are in the whole transaction), then feedback.
  const isCandidateItem = (item: SealedItem) => candidateOfPurpose(item.purpose) !== null;
  const inBatch = txValues(batch.transactions.flatMap((tx) => tx.changes));
  const received = batch.transactions.map((tx) => {
    const feedback = unsealTransaction(db, teamId, tx);
    const shut = feedback.kept.some((item) => !isCandidateItem(item));
    const candidate = unsealCandidateData(db, teamId, feedback.tx, feedback.kept.filter(isCandidateItem), !shut, inBatch);
    return { tx: candidate.tx, kept: feedback.kept.filter((item) => !isCandidateItem(item)), candidateKept: candidate.kept, refused: candidate.refused, opened: candidate.opened };
  });
  // A transaction whose sealed candidate data holds more than personal data is refused whole (quarantined below).
  const plain: Batch = { ...batch, transactions: received.map((r) => (r.refused ? { ...r.tx, changes: [] } : r.tx)) };
  return db
    .transaction(() => {
      markCandidateKeysChecked(db, received.flatMap((r) => r.opened));
      const before = positionOf(db, batch.deviceId);
      const result = applyBatch(db, plain, authorId, { now: () => now });
      const after = positionOf(db, batch.deviceId);
      const appliedNow = (r: { tx: { seq: number } }) => r.tx.seq > before && r.tx.seq <= after;
      for (const r of received) {
        if (!appliedNow(r)) continue;
        if (r.refused) {
          quarantineCandidateData(db, { deviceId: batch.deviceId, seq: r.tx.seq, hlc: r.tx.hlc, authorId }, r.refused);
          continue;
        }
        if (r.kept.length > 0) keepSealed(db, batch.deviceId, authorId, r.tx, r.kept);
        if (r.candidateKept.length > 0) keepCandidateSealed(db, batch.deviceId, authorId, r.tx, r.candidateKept);
      }
      // Another device's erasure reaches this device's keys and sealed content of that candidate too.
      const erasedHere = received.flatMap((r) =>
        appliedNow(r) && !r.refused ? r.tx.changes.filter((c) => c.table === 'erased_candidates' && c.op !== 'delete').map((c) => (JSON.parse(c.pk) as string[])[0]!) : [],
      );
      if (erasedHere.length > 0) {
        // Feedback content held here in the clear, which the erasing device may not have held at all.
        for (const id of new Set(erasedHere)) eraseHeldFeedbackContent(db, id);
        forgetErasedKeys(db);
      }
      // A change about an erased candidate, or an erasure reaching text written here since, ends on the marks:
      // sent as this device's own write, since no other device can read what it wrote (erasureMarks.ts).
      const touched = new Set(received.flatMap((r) => (appliedNow(r) && !r.refused ? [...erasedTouched(db, r.tx.changes)] : [])));
      if (touched.size > 0) captureWrite(db, { method: ERASE_METHOD, actor: me }, () => forceErasureMarks(db, touched));
      return result;
    })
    .immediate();
}

function waitWords(waiting: { deviceId: string; seq: number }, options: ImportOptions): string {
  return `waiting for ${options.deviceWords(waiting.deviceId)}: change ${waiting.seq} not here yet`;
}

export function listLogDevices(folder: string): string[] {
  try {
    return readdirSync(resolveIn(folder, 'log')).filter((name) => isSyncId(name)).sort();
  } catch {
    return [];
  }
}

/** The newest file time of a device (log or snapshots), for "last seen". */
export function lastSeen(folder: string, deviceId: string): number | null {
  const times = [...deviceFiles(folder, 'batch', deviceId).files, ...deviceFiles(folder, 'snapshot', deviceId).files].map((f) => f.mtimeMs);
  return times.length ? Math.max(...times) : null;
}
