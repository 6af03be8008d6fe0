import { rmSync } from 'node:fs';
import type { WritableDB } from '../../../db/handles';
import { prepare } from '../../../db/statements';
import { readSnapshotEvery } from '../../../db/queries/settingsValues';
import { positionOf } from './apply';
import { planCompaction, type Peer } from './compaction';
import { highestInFolder } from './exporter';
import { resolveIn } from './folderLayout';
import { deviceFiles, listLogDevices } from './importer';
import { mergeSeen, readStateRecords, sameFacts, writeStateRecord, type StateRecord } from './stateRecord';
import { publishBuiltSnapshot, type BuiltSnapshot } from './snapshotFile';
import type { Session } from './team';
import { supersededDevices, type TeamView } from './teamRecords';

export interface GrowthReport {
  snapshot: boolean;
  removed: number;
  /** "Ana's laptop has not synced since 2026-11-02: the folder cannot shrink". */
  notices: string[];
}

/**
 * Snapshots built off this thread (the background worker): a cycle asks for one when it is due and publishes
 * it in a later cycle, after the export, so the batches up to its number are always in the folder first.
 */
export interface SnapshotJobs {
  /** The snapshot built since it was asked for, once (null while building, failed or never asked). */
  take(): BuiltSnapshot | null;
  /** Starts building one unless one is being built, or a failed one waits out its back-off. */
  request(): void;
}

/** What this install has seen of each device's state record (positions only grow: a late older copy changes nothing). */
export type SeenStates = Map<string, StateRecord>;

/** The state records in the folder, from the devices the team knows, folded into what was seen before. */
export function refreshSeen(seen: SeenStates, session: Session, team: TeamView): SeenStates {
  const records = readStateRecords(session.config.folder, session.config.teamId, (id) => team.devices.get(id)?.record.signing);
  for (const [id, record] of records) if (id !== session.config.deviceId) seen.set(id, mergeSeen(seen.get(id), record));
  return seen;
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Once a cycle has exported and imported: a snapshot when `sync.snapshotEvery` files have gone by since the
 * last, this device's state record when its facts changed, and then its own files nobody needs any more
 * removed (docs/sync.md "Growth"). Only ever touches this device's own folders and record.
 */
export function grow(
  db: WritableDB,
  session: Session,
  team: TeamView,
  seen: SeenStates,
  options: { now: number; deviceWords: (id: string) => string; snapshots: SnapshotJobs },
): GrowthReport {
  const { folder, deviceId } = session.config;
  const every = readSnapshotEvery(db);
  refreshSeen(seen, session, team);
  const ownRecord = seen.get(deviceId) ?? readStateRecords(folder, session.config.teamId, (id) => (id === deviceId ? team.devices.get(id)?.record.signing : undefined)).get(deviceId);

  const snapshots = deviceFiles(folder, 'snapshot', deviceId).files;
  const newest = snapshots.at(-1);
  const known = ownRecord?.snapshot && newest && ownRecord.snapshot.name === newest.path.split('/').at(-1) ? ownRecord.snapshot : null;
  // Positions inside a snapshot this install did not note (the founder's first) count as none: others then
  // keep more, never less, until the next snapshot.
  let snapshot: StateRecord['snapshot'] = newest ? (known ?? { name: newest.path.split('/').at(-1) ?? '', seq: newest.seq, positions: {} }) : null;
  let wrote = false;
  const ownSince = deviceFiles(folder, 'batch', deviceId).files.filter((f) => f.seq > (snapshot?.seq ?? 0)).length;
  // A device that mostly reads must snapshot too, or the positions in its old snapshot keep everyone's files.
  let appliedSince = 0;
  for (const other of listLogDevices(folder)) {
    if (other === deviceId || ownSince + appliedSince >= every) continue;
    const from = snapshot?.positions[other] ?? 0;
    const to = positionOf(db, other);
    if (to > from) appliedSince += deviceFiles(folder, 'batch', other).files.filter((f) => f.seq > from && f.seq <= to).length;
  }
  if (ownSince + appliedSince >= every) {
    const built = options.snapshots.take();
    // The export ran before this, so every batch up to the snapshot's number is in the folder.
    if (built && built.seq <= highestInFolder(folder, deviceId)) {
      snapshot = publishBuiltSnapshot(folder, built);
      wrote = true;
    } else options.snapshots.request();
  }

  const positions = Object.fromEntries((prepare(db, 'SELECT device_id, seq FROM sync_positions').all() as { device_id: string; seq: number }[]).map((p) => [p.device_id, p.seq]));
  const record: StateRecord = { type: 'sync-state', id: deviceId, teamId: session.config.teamId, positions, highest: highestInFolder(folder, deviceId), snapshot, writtenAt: options.now };
  if (!sameFacts(ownRecord, record)) {
    writeStateRecord(folder, record, session.secrets.device.signing);
    seen.set(deviceId, record);
  }

  // A device restored from a backup writes under a new id; its old id (confirmed, never publishing again) is not a peer.
  const superseded = new Set([...session.config.previousDeviceIds, ...supersededDevices(team)]);
  const peers: Peer[] = [...team.devices.values()]
    .filter((d) => d.state === 'confirmed' && d.record.id !== deviceId && !superseded.has(d.record.id))
    .map((d) => {
      const published = seen.get(d.record.id);
      return {
        deviceId: d.record.id,
        ...(published ? { published: { position: published.positions[deviceId] ?? 0, snapshotPosition: published.snapshot ? (published.snapshot.positions[deviceId] ?? 0) : null } } : {}),
      };
    });
  const plan = planCompaction({ batches: deviceFiles(folder, 'batch', deviceId).files, snapshots: deviceFiles(folder, 'snapshot', deviceId).files, peers });
  for (const file of [...plan.batches, ...plan.snapshots]) rmSync(resolveIn(folder, file.path), { force: true });

  const notices = plan.heldBack
    .filter((h) => h.files >= every)
    .map((h) => {
      const published = seen.get(h.deviceId);
      const device = team.devices.get(h.deviceId);
      const since = published ? day(published.writtenAt) : device ? `it joined (${day(device.record.createdAt)})` : 'it joined';
      return `${options.deviceWords(h.deviceId)} has not synced since ${since}: the folder cannot shrink (${h.files} of this device's files wait for it)`;
    });
  return { snapshot: wrote, removed: plan.batches.length + plan.snapshots.length, notices };
}
