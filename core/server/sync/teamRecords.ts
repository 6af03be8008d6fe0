import { createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from './atomicWrite';
import { devicePath, memberPath, resolveIn } from './folderLayout';
import { addSignature, decodeRecordFile, encodeRecordFile, signRecord, type SignedRecord } from './signedRecord';
import { isSyncId } from './syncIds';

/**
 * The team's people and devices as the folder records them. members/<id>.json is signed by an admin's device;
 * devices/<id>.json by the device itself and, once confirmed, an admin's device (or, for a device that took a
 * new id after a restore, by the id it had before). Trust starts at the founder's device, which every install
 * knows from its invitation: nothing else in the folder is taken on its own word.
 */
export interface MemberRecord {
  type: 'member';
  id: string;
  teamId: string;
  name: string;
  /** May confirm and revoke devices and invite (founders and admins). */
  admin: boolean;
  [key: string]: unknown;
}

export interface DeviceRecord {
  type: 'device';
  id: string;
  teamId: string;
  memberId: string;
  name: string;
  signing: string;
  agreement: string;
  createdAt: number;
  /** HMAC of the invitation's one-time secret over who this device is: the admin confirming it checks it. */
  joinProof?: string;
  /** The id this install wrote under before a restore from a backup made it take this one. */
  previousDeviceId?: string;
  /** Set by an admin's device: changes after this one are rejected, earlier ones kept. */
  revokedAfterSeq?: number;
  [key: string]: unknown;
}

export type DeviceState = 'confirmed' | 'pending' | 'revoked';

export interface TeamDevice {
  record: DeviceRecord;
  state: DeviceState;
  /** The file's modification time (ms): when this device last changed its record. */
}

export interface TeamView {
  devices: Map<string, TeamDevice>;
  members: Map<string, MemberRecord>;
  adminDevices: Set<string>;
  /** Records that did not verify, in words (a record still arriving reads as one until it is whole). */
  problems: string[];
}

export function joinProof(secret: string, record: Pick<DeviceRecord, 'teamId' | 'id' | 'memberId' | 'signing'>): string {
  return createHmac('sha256', Buffer.from(secret, 'base64url')).update(`principled/join/v1|${record.teamId}|${record.id}|${record.memberId}|${record.signing}`).digest('base64url');
}

export function proofMatches(secret: string, record: DeviceRecord): boolean {
  if (typeof record.joinProof !== 'string') return false;
  const expected = Buffer.from(joinProof(secret, record));
  const given = Buffer.from(record.joinProof);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export function writeMemberRecord(root: string, record: MemberRecord, signer: { deviceId: string; key: KeyObject }): void {
  writeFileAtomic(resolveIn(root, memberPath(record.id)), encodeRecordFile(signRecord(record, signer.deviceId, signer.key)));
}

export function writeDeviceRecord(root: string, record: DeviceRecord, signers: { deviceId: string; key: KeyObject }[]): void {
  let signed: SignedRecord<DeviceRecord> = { record, signatures: [] };
  for (const s of signers) signed = addSignature(signed, s.deviceId, s.key);
  writeFileAtomic(resolveIn(root, devicePath(record.id)), encodeRecordFile(signed));
}

/** Adds a signature to a device record as it is in the folder (an admin confirming it). */
export function cosignDeviceRecord(root: string, deviceId: string, signer: { deviceId: string; key: KeyObject }): DeviceRecord | null {
  const raw = readJson(root, devicePath(deviceId)) as SignedRecord<DeviceRecord> | null;
  if (!raw?.record || !Array.isArray(raw.signatures)) return null;
  writeFileAtomic(resolveIn(root, devicePath(deviceId)), encodeRecordFile(addSignature(raw, signer.deviceId, signer.key)));
  return raw.record;
}

function readJson(root: string, path: string): unknown {
  try {
    return JSON.parse(readFileSync(resolveIn(root, path), 'utf8'));
  } catch {
    return null;
  }
}

function listIds(root: string, area: 'devices' | 'members'): string[] {
  try {
    return readdirSync(resolveIn(root, area))
      .map((name) => /^([0-9a-f-]{36})\.json$/.exec(name)?.[1])
      .filter((id): id is string => isSyncId(id));
  } catch {
    return [];
  }
}

/**
 * Reads and verifies every member and device record, then decides from the trust root outwards which devices
 * are confirmed, which wait for an admin, which are revoked, and which devices are admins'. `revoked` holds
 * revocations this install saw before (an older copy of a record cannot undo them).
 */
export function readTeam(root: string, options: { teamId: string; rootDevice: { deviceId: string; signing: string }; revoked: Record<string, number> }): TeamView {
  const problems: string[] = [];
  const claimed = new Map<string, string>();
  const rawDevices = new Map<string, Buffer>();
  for (const id of listIds(root, 'devices')) {
    try {
      const bytes = readFileSync(resolveIn(root, devicePath(id)));
      rawDevices.set(id, bytes);
      const parsed = JSON.parse(bytes.toString('utf8')) as { record?: { signing?: unknown } };
      if (typeof parsed.record?.signing === 'string') claimed.set(id, parsed.record.signing);
    } catch {
      problems.push(`The record of device ${id} cannot be read yet`);
    }
  }
  // The root's key comes from the invitation, never from its file.
  claimed.set(options.rootDevice.deviceId, options.rootDevice.signing);
  const keyFor = (id: string) => claimed.get(id);

  const verified = new Map<string, { record: DeviceRecord; signers: string[] }>();
  for (const [id, bytes] of rawDevices) {
    const decoded = decodeRecordFile(bytes, { type: 'device', id, teamId: options.teamId }, keyFor);
    if (!decoded.ok) {
      problems.push(`The record of device ${id} does not verify (${decoded.detail})`);
      continue;
    }
    const record = decoded.value.record as DeviceRecord;
    if (!isSyncId(record.memberId) || typeof record.signing !== 'string' || typeof record.agreement !== 'string' || typeof record.name !== 'string') {
      problems.push(`The record of device ${id} lacks a field`);
      continue;
    }
    if (id === options.rootDevice.deviceId && record.signing !== options.rootDevice.signing) {
      problems.push(`The founder's device record does not hold the key the invitation named`);
      continue;
    }
    verified.set(id, { record, signers: decoded.value.signers });
  }

  const memberFiles = new Map<string, { record: MemberRecord; signers: string[] }>();
  for (const id of listIds(root, 'members')) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(resolveIn(root, memberPath(id)));
    } catch {
      continue;
    }
    const decoded = decodeRecordFile(bytes, { type: 'member', id, teamId: options.teamId }, keyFor);
    if (!decoded.ok) {
      problems.push(`The record of member ${id} does not verify (${decoded.detail})`);
      continue;
    }
    memberFiles.set(id, { record: decoded.value.record as MemberRecord, signers: decoded.value.signers });
  }

  const devices = new Map<string, TeamDevice>();
  const members = new Map<string, MemberRecord>();
  const adminDevices = new Set<string>([options.rootDevice.deviceId]);
  // From the root outwards until nothing changes: each round may confirm devices whose confirmer became known.
  for (let changed = true, round = 0; changed && round < 100; round++) {
    changed = false;
    for (const [id, { record, signers }] of memberFiles) {
      if (!members.has(id) && signers.some((s) => adminDevices.has(s))) {
        members.set(id, record);
        changed = true;
      }
    }
    for (const [id, { record, signers }] of verified) {
      if (devices.has(id)) continue;
      const byAdmin = signers.some((s) => s !== id && adminDevices.has(s));
      const bySelf = signers.includes(id);
      const previous = record.previousDeviceId ? devices.get(record.previousDeviceId) : undefined;
      const bySuccession = previous?.state === 'confirmed' && previous.record.memberId === record.memberId && signers.includes(previous.record.id);
      let state: DeviceState | null = null;
      if (typeof record.revokedAfterSeq === 'number' && byAdmin) state = 'revoked';
      else if (id === options.rootDevice.deviceId && bySelf) state = 'confirmed';
      else if (bySelf && (byAdmin || bySuccession)) state = 'confirmed';
      if (state) {
        devices.set(id, { record, state });
        changed = true;
      }
    }
    for (const [id, device] of devices) {
      if (device.state === 'confirmed' && members.get(device.record.memberId)?.admin === true && !adminDevices.has(id)) {
        adminDevices.add(id);
        changed = true;
      }
    }
  }
  for (const [id, { record, signers }] of verified) {
    if (!devices.has(id) && signers.includes(id)) devices.set(id, { record, state: 'pending' });
  }
  for (const [id, afterSeq] of Object.entries(options.revoked)) {
    const device = devices.get(id);
    if (!device) continue;
    const kept = Math.min(afterSeq, device.record.revokedAfterSeq ?? Infinity);
    devices.set(id, { record: { ...device.record, revokedAfterSeq: kept }, state: 'revoked' });
    adminDevices.delete(id);
  }
  return { devices, members, adminDevices, problems };
}

/** Ids a restored device left for a new one: still confirmed by their records, but nobody writes or reads under them any more. */
export function supersededDevices(team: TeamView): Set<string> {
  return new Set([...team.devices.values()].flatMap((d) => (d.record.previousDeviceId ? [d.record.previousDeviceId] : [])));
}
