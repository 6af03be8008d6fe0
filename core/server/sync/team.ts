import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import type { ReadableDB, WritableDB } from '../../../db/handles';
import { newId } from '../../../db/ids';
import { prepare } from '../../../db/statements';
import { ApiFailure, invalidField } from '../apiFailure';
import { positionOf } from './apply';
import { writeFileAtomic } from './atomicWrite';
import { generateDeviceKeys, publicKeysOf } from './deviceKeys';
import { ensureEngineIgnores } from './engineIgnores';
import type { DeviceConfig, DeviceSecrets } from './deviceStore';
import { FOLDER_FORMAT, readFolderFormat, writeFolderFormat } from './folderFormat';
import { grantDir, resolveIn } from './folderLayout';
import { scanFolder } from './folderScan';
import { makeKeyGrant, openKeyGrant } from './keyGrant';
import { newSymmetricKey } from './keyWrap';
import { renameDevice } from './outbox';
import { buildSnapshotFile, publishBuiltSnapshot, type SnapshotWriter } from './snapshotFile';
import { isSyncId } from './syncIds';
import { cosignDeviceRecord, joinProof, proofMatches, readTeam, writeDeviceRecord, writeMemberRecord, type DeviceRecord, type TeamView } from './teamRecords';

/** An install in a team with its keys unlocked: what every folder operation below needs. */
export interface Session {
  config: DeviceConfig;
  secrets: DeviceSecrets;
}

const signer = (s: Session) => ({ deviceId: s.config.deviceId, key: s.secrets.device.signing });

export function teamView(config: DeviceConfig): TeamView {
  return readTeam(config.folder, { teamId: config.teamId, rootDevice: config.root, revoked: config.revoked });
}

/**
 * Makes a team in an empty folder: the team id and key, this device's keys, format.json, the founder's member
 * and device records and the team key granted to this device. The caller turns capture on and publishes the
 * first snapshot (`publishSnapshot`).
 */
export function foundTeam(input: { folder: string; deviceName: string; memberId: string; memberName: string; now: number }): Session {
  mkdirSync(input.folder, { recursive: true });
  const format = readFolderFormat(input.folder);
  if (format.ok || format.kind !== 'missing') throw invalidField('folder', 'This folder already holds a team (format.json); choose an empty folder');
  if (readdirSync(input.folder).some((name) => !name.startsWith('.'))) throw invalidField('folder', 'Choose an empty folder: this one already holds files');
  const teamId = newId();
  const deviceId = newId();
  const keys = generateDeviceKeys();
  const teamKeyId = newId();
  const teamKey = newSymmetricKey();
  const config: DeviceConfig = {
    version: 1,
    teamId,
    folder: input.folder,
    deviceId,
    memberId: input.memberId,
    deviceName: input.deviceName,
    root: { deviceId, signing: keys.publicKeys.signing },
    previousDeviceIds: [],
    revoked: {},
    bootstrapped: true,
  };
  const session: Session = { config, secrets: { device: keys.secretKeys, keys: { [teamKeyId]: teamKey }, teamKeyId, invites: {} } };
  ensureEngineIgnores(input.folder);
  writeFolderFormat(input.folder, teamId);
  writeMemberRecord(input.folder, { type: 'member', id: input.memberId, teamId, name: input.memberName, admin: true }, signer(session));
  writeDeviceRecord(input.folder, deviceRecord(config, keys.publicKeys, input.now), [signer(session)]);
  grantKeys(session, { deviceId, agreementKey: keys.publicKeys.agreement }, input.now);
  return session;
}

function deviceRecord(config: DeviceConfig, publicKeys: { signing: string; agreement: string }, now: number, extra: Partial<DeviceRecord> = {}): DeviceRecord {
  return {
    type: 'device',
    id: config.deviceId,
    teamId: config.teamId,
    memberId: config.memberId,
    name: config.deviceName,
    signing: publicKeys.signing,
    agreement: publicKeys.agreement,
    createdAt: now,
    ...extra,
  };
}

/** Every key this device holds, granted (wrapped) to another device. */
function grantKeys(session: Session, recipient: { deviceId: string; agreementKey: string }, now: number): void {
  for (const [keyId, key] of Object.entries(session.secrets.keys)) grantKey(session, recipient, keyId, key, now);
}

function grantKey(session: Session, recipient: { deviceId: string; agreementKey: string }, keyId: string, key: Uint8Array, now: number): void {
  const grant = makeKeyGrant({
    teamId: session.config.teamId,
    grantId: newId(),
    keyId,
    purpose: 'team',
    key,
    recipient,
    granter: { deviceId: session.config.deviceId, signingKey: session.secrets.device.signing },
    createdAt: now,
  });
  writeFileAtomic(resolveIn(session.config.folder, grant.path), grant.bytes);
}

/** What the snapshot writer needs of this session (it crosses to the background worker). */
export function snapshotWriter(session: Session): SnapshotWriter {
  const keyId = session.secrets.teamKeyId;
  const key = keyId ? session.secrets.keys[keyId] : undefined;
  if (!keyId || !key) throw new Error('No team key to write a snapshot under');
  return { teamId: session.config.teamId, deviceId: session.config.deviceId, keyId, key, signing: session.secrets.device.signing };
}

/**
 * The state of the workspace as a snapshot of this device at its last change, built on this thread and
 * published at once (the engine builds in the background worker instead: `buildSnapshotFile`). Call it only
 * once this device's changes are exported: the exporter starts after the highest number in the folder.
 */
export function publishSnapshot(db: WritableDB, session: Session, now: number): { seq: number; name: string; positions: Record<string, number> } {
  return publishBuiltSnapshot(session.config.folder, buildSnapshotFile(db, snapshotWriter(session), now));
}

interface InvitationBody {
  v: 1;
  teamId: string;
  format: number;
  memberId: string;
  root: { deviceId: string; signing: string };
  secret: string;
}

const INVITATION_PREFIX = 'principled-invitation:';

/** An invitation for one member: the team, the founder's device to trust, and a one-time secret. */
export function invite(session: Session, member: { id: string; name: string; admin: boolean }): string {
  if (!readTeam(session.config.folder, { teamId: session.config.teamId, rootDevice: session.config.root, revoked: session.config.revoked }).adminDevices.has(session.config.deviceId)) {
    throw new ApiFailure('FORBIDDEN', 'Only a confirmed founder or admin device can invite');
  }
  const secret = randomBytes(32).toString('base64url');
  session.secrets.invites[member.id] = secret;
  writeMemberRecord(session.config.folder, { type: 'member', id: member.id, teamId: session.config.teamId, name: member.name, admin: member.admin }, signer(session));
  const body: InvitationBody = { v: 1, teamId: session.config.teamId, format: FOLDER_FORMAT, memberId: member.id, root: session.config.root, secret };
  return INVITATION_PREFIX + Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

export function parseInvitation(text: string): InvitationBody {
  const bad = () => invalidField('invitation', 'This is not a Principled invitation (copy the whole text)');
  const trimmed = text.trim();
  if (!trimmed.startsWith(INVITATION_PREFIX)) throw bad();
  try {
    const body = JSON.parse(Buffer.from(trimmed.slice(INVITATION_PREFIX.length), 'base64url').toString('utf8')) as InvitationBody;
    if (body.v !== 1 || !isSyncId(body.teamId) || !isSyncId(body.memberId) || !isSyncId(body.root?.deviceId) || typeof body.root.signing !== 'string' || typeof body.secret !== 'string') throw bad();
    if (body.format > FOLDER_FORMAT) throw invalidField('invitation', 'This invitation is for a newer Principled: update first');
    return body;
  } catch (error) {
    if (error instanceof ApiFailure) throw error;
    throw bad();
  }
}

/** Joins with an invitation: this device's keys and its device record, waiting for an admin's device to confirm it. */
export function joinTeam(input: { folder: string; invitation: string; deviceName: string; now: number }): Session {
  const body = parseInvitation(input.invitation);
  const format = readFolderFormat(input.folder);
  if (!format.ok) throw invalidField('folder', format.kind === 'missing' ? 'This folder holds no team yet: choose your copy of the team folder (it may still be syncing)' : format.detail);
  if (format.value.teamId !== body.teamId) throw invalidField('folder', 'This folder belongs to another team than the invitation');
  const keys = generateDeviceKeys();
  const config: DeviceConfig = {
    version: 1,
    teamId: body.teamId,
    folder: input.folder,
    deviceId: newId(),
    memberId: body.memberId,
    deviceName: input.deviceName,
    root: body.root,
    previousDeviceIds: [],
    revoked: {},
    bootstrapped: false,
  };
  const session: Session = { config, secrets: { device: keys.secretKeys, keys: {}, teamKeyId: null, invites: {} } };
  const record = deviceRecord(config, keys.publicKeys, input.now);
  record.joinProof = joinProof(body.secret, record);
  ensureEngineIgnores(input.folder);
  writeDeviceRecord(input.folder, record, [signer(session)]);
  return session;
}

/** An admin's device confirms a device that joined with an invitation it made: co-signs it and grants it the team key. */
export function confirmDevice(session: Session, deviceId: string, now: number): DeviceRecord {
  const team = teamView(session.config);
  if (!team.adminDevices.has(session.config.deviceId)) throw new ApiFailure('FORBIDDEN', 'Only a confirmed founder or admin device can confirm devices');
  const device = team.devices.get(deviceId);
  if (!device) throw invalidField('deviceId', 'No such device in the team folder (its record may still be syncing)');
  if (device.state !== 'pending') throw invalidField('deviceId', `This device is already ${device.state}`);
  const secret = session.secrets.invites[device.record.memberId];
  if (!secret || !proofMatches(secret, device.record)) {
    throw invalidField('deviceId', 'This device did not join with an invitation made on this device (or that invitation was used already)');
  }
  cosignDeviceRecord(session.config.folder, deviceId, signer(session));
  grantKeys(session, { deviceId, agreementKey: device.record.agreement }, now);
  delete session.secrets.invites[device.record.memberId];
  return device.record;
}

/**
 * Revokes a device: its changes up to the last one in the folder now are kept, later ones rejected on every
 * device. The record is rewritten and signed by this admin's device alone.
 */
export function revokeDevice(db: WritableDB, session: Session, deviceId: string, now: number): { record: DeviceRecord; keptUpTo: number } {
  const team = teamView(session.config);
  if (!team.adminDevices.has(session.config.deviceId)) throw new ApiFailure('FORBIDDEN', 'Only a confirmed founder or admin device can revoke devices');
  if (deviceId === session.config.deviceId) throw invalidField('deviceId', 'This device cannot revoke itself: revoke it from another admin device');
  const device = team.devices.get(deviceId);
  if (!device) throw invalidField('deviceId', 'No such device in the team folder');
  if (device.state === 'revoked') throw invalidField('deviceId', 'This device is already revoked');
  const inFolder = scanFolder(session.config.folder, () => 1).devices.find((d) => d.deviceId === deviceId)?.highestSeq ?? 0;
  const keptUpTo = Math.max(positionOf(db, deviceId), inFolder);
  const { joinProof: _proof, ...record } = device.record;
  const revoked: DeviceRecord = { ...record, revokedAfterSeq: keptUpTo };
  writeDeviceRecord(session.config.folder, revoked, [signer(session)]);
  session.config.revoked[deviceId] = keptUpTo;
  rotateTeamKey(session, teamView(session.config), now);
  return { record: revoked, keptUpTo };
}

/**
 * A new team key after a revocation, granted to every confirmed device (this one included) and to none other:
 * from the next file on, writers use it, so the revoked device cannot read what the team writes after. Older
 * files stay readable under the old key by whoever holds it. Key ids are UUIDv7, so the newest key a device
 * holds is the greatest id (collectGrants switches to it).
 */
export function rotateTeamKey(session: Session, team: TeamView, now: number): string {
  const keyId = newId();
  const key = newSymmetricKey();
  session.secrets.keys[keyId] = key;
  session.secrets.teamKeyId = keyId;
  for (const device of team.devices.values()) {
    if (device.state !== 'confirmed') continue;
    grantKey(session, { deviceId: device.record.id, agreementKey: device.record.agreement }, keyId, key, now);
  }
  return keyId;
}

/**
 * This device restored from a backup: the folder holds changes under its id that its database does not. It
 * takes a new id (same keys), signed by the old one so it stays confirmed, and reads the old id's missing
 * changes back from the folder like another device's.
 */
export function rotateDevice(db: WritableDB, session: Session, now: number): { previous: string; next: string } {
  const next = newId();
  renameDevice(db, next, session.config.memberId);
  const previous = session.config.deviceId;
  const publicKeys = publicKeysOf(session.secrets.device);
  session.config.previousDeviceIds = [...session.config.previousDeviceIds, previous];
  session.config.deviceId = next;
  writeDeviceRecord(session.config.folder, deviceRecord(session.config, publicKeys, now, { previousDeviceId: previous }), [
    { deviceId: next, key: session.secrets.device.signing },
    { deviceId: previous, key: session.secrets.device.signing },
  ]);
  return { previous, next };
}

/** Grant files this device has dealt with already (taken or refused): not opened again. */
export function grantSeen(db: ReadableDB): (grantId: string) => boolean {
  const seen = prepare(db, 'SELECT 1 FROM sync_grants_seen WHERE grant_id = ?');
  return (grantId) => seen.get(grantId) !== undefined;
}

/**
 * The grant files in the folder for this device, under any id it had, that `seen` does not know yet: feedback
 * grants dealt with already are left out (opening thousands every cycle would cost seconds). A file that cannot be
 * read now (still arriving, removed) is skipped; the next cycle looks again.
 */
export function* unseenGrantFiles(session: Session, seen: (grantId: string) => boolean): Generator<{ name: string; path: string; bytes: Buffer; recipient: string }> {
  for (const recipient of [session.config.deviceId, ...session.config.previousDeviceIds]) {
    let names: string[];
    try {
      names = readdirSync(resolveIn(session.config.folder, grantDir(recipient)));
    } catch {
      continue;
    }
    for (const name of names) {
      if (!isSyncId(name) || seen(name)) continue;
      const path = `${grantDir(recipient)}/${name}`;
      let bytes: Buffer;
      try {
        bytes = readFileSync(resolveIn(session.config.folder, path));
      } catch {
        continue;
      }
      yield { name, path, bytes, recipient };
    }
  }
}

/** Keys granted to this device (under any id it had) by an admin's device that it does not hold yet. Returns how many were new. */
export function collectGrants(session: Session, team: TeamView, seen: (grantId: string) => boolean = () => false): number {
  let added = 0;
  for (const { path, bytes, recipient } of unseenGrantFiles(session, seen)) {
    const opened = openKeyGrant(path, bytes, {
      teamId: session.config.teamId,
      signingKeyFor: (id) => (team.adminDevices.has(id) ? team.devices.get(id)?.record.signing : undefined),
      me: { deviceId: recipient, agreementSecret: session.secrets.device.agreement },
    });
    if (!opened.ok || opened.value.grant.purpose !== 'team' || session.secrets.keys[opened.value.grant.keyId]) continue;
    session.secrets.keys[opened.value.grant.keyId] = opened.value.key;
    // Writers use the newest team key they hold (a rotation after a revocation).
    const current = session.secrets.teamKeyId;
    if (!current || opened.value.grant.keyId > current) session.secrets.teamKeyId = opened.value.grant.keyId;
    added++;
  }
  return added;
}
