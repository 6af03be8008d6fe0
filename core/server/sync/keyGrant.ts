import { type KeyObject } from 'node:crypto';
import { grantPath } from './folderLayout';
import { isKeyPurpose, unwrapKey, wrapKey, type KeyPurpose } from './keyWrap';
import { decodeRecordFile, encodeRecordFile, signRecord, type RecordProblem, type SigningKeyLookup } from './signedRecord';
import { isSyncId } from './syncIds';
import { refused, type Checked } from './syncResult';

/**
 * A key grant, keys/<recipientDeviceId>/<grantId>: one symmetric key wrapped to one device, signed by the
 * device that granted it. Batches name their key by key id, so when a device is revoked the team key
 * rotates to a new key id, granted to the remaining devices only, and older batches stay readable under
 * the old one.
 */
export interface KeyGrantRecord {
  type: 'key-grant';
  /** The grant id (the file name). */
  id: string;
  teamId: string;
  keyId: string;
  purpose: KeyPurpose;
  recipientDeviceId: string;
  granterDeviceId: string;
  /** keyWrap.wrapKey's output, bound to purpose, key id and recipient. */
  wrapped: string;
  /** Milliseconds since the epoch, the granter's clock. */
  createdAt: number;
}

export interface GrantInput {
  teamId: string;
  grantId: string;
  keyId: string;
  purpose: KeyPurpose;
  key: Uint8Array;
  recipient: { deviceId: string; agreementKey: string };
  granter: { deviceId: string; signingKey: KeyObject };
  createdAt: number;
}

export function makeKeyGrant(input: GrantInput): { path: string; bytes: Buffer } {
  for (const id of [input.teamId, input.grantId, input.keyId, input.recipient.deviceId, input.granter.deviceId]) {
    if (!isSyncId(id)) throw new TypeError(`not a UUID: ${id}`);
  }
  const record: KeyGrantRecord = {
    type: 'key-grant',
    id: input.grantId,
    teamId: input.teamId,
    keyId: input.keyId,
    purpose: input.purpose,
    recipientDeviceId: input.recipient.deviceId,
    granterDeviceId: input.granter.deviceId,
    wrapped: wrapKey(input.key, input.recipient.agreementKey, { purpose: input.purpose, keyId: input.keyId, recipientDeviceId: input.recipient.deviceId }),
    createdAt: input.createdAt,
  };
  return { path: grantPath(input.recipient.deviceId, input.grantId), bytes: encodeRecordFile(signRecord(record, input.granter.deviceId, input.granter.signingKey)) };
}

export type GrantProblem = RecordProblem | 'wrong-key';

/**
 * Verifies a grant addressed to this device and unwraps its key. Whether the granter was allowed to grant
 * this purpose (an admin's device for the team key) is the caller's rule; the granter comes back.
 */
export function openKeyGrant(
  path: string,
  bytes: Uint8Array,
  options: { teamId: string; signingKeyFor: SigningKeyLookup; me: { deviceId: string; agreementSecret: KeyObject } },
): Checked<{ grant: KeyGrantRecord; key: Buffer }, GrantProblem> {
  const parts = path.split('/');
  if (parts.length !== 3 || parts[0] !== 'keys' || parts[1] !== options.me.deviceId || !isSyncId(parts[2])) {
    return refused('mismatch', `not a grant to this device: ${path}`);
  }
  const decoded = decodeRecordFile(bytes, { type: 'key-grant', id: parts[2], teamId: options.teamId }, options.signingKeyFor);
  if (!decoded.ok) return decoded;
  const record = decoded.value.record;
  if (!isSyncId(record.keyId) || !isKeyPurpose(record.purpose) || !isSyncId(record.granterDeviceId) || typeof record.wrapped !== 'string' || typeof record.createdAt !== 'number') {
    return refused('corrupt', 'grant lacks a field');
  }
  if (record.recipientDeviceId !== options.me.deviceId) return refused('mismatch', `grant to ${String(record.recipientDeviceId)} in this device's folder`);
  if (!decoded.value.signers.includes(record.granterDeviceId)) return refused('bad-signature', 'not signed by its granter');
  const grant = record as unknown as KeyGrantRecord;
  const key = unwrapKey(grant.wrapped, options.me.agreementSecret, { purpose: grant.purpose, keyId: grant.keyId, recipientDeviceId: grant.recipientDeviceId });
  if (!key.ok) return key;
  return { ok: true, value: { grant, key: key.value } };
}
