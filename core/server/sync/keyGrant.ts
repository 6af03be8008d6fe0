import { type KeyObject } from 'node:crypto';
import { grantPath } from './folderLayout';
import { bundleUnwrapper, bundleWrapper, isKeyPurpose, unwrapKey, wrapKey, type KeyPurpose } from './keyWrap';
import { decodeRecordFile, encodeRecordFile, signRecord, type RecordBase, type RecordProblem, type SigningKeyLookup } from './signedRecord';
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
  return checkedSingle(decoded.value.record, decoded.value.signers, options.me);
}

function checkedSingle(
  record: RecordBase & Record<string, unknown>,
  signers: string[],
  me: { deviceId: string; agreementSecret: KeyObject },
): Checked<{ grant: KeyGrantRecord; key: Buffer }, GrantProblem> {
  if (!isSyncId(record.keyId) || !isKeyPurpose(record.purpose) || !isSyncId(record.granterDeviceId) || typeof record.wrapped !== 'string' || typeof record.createdAt !== 'number') {
    return refused('corrupt', 'grant lacks a field');
  }
  if (record.recipientDeviceId !== me.deviceId) return refused('mismatch', `grant to ${String(record.recipientDeviceId)} in this device's folder`);
  if (!signers.includes(record.granterDeviceId)) return refused('bad-signature', 'not signed by its granter');
  const grant = record as unknown as KeyGrantRecord;
  const key = unwrapKey(grant.wrapped, me.agreementSecret, { purpose: grant.purpose, keyId: grant.keyId, recipientDeviceId: grant.recipientDeviceId });
  if (!key.ok) return key;
  return { ok: true, value: { grant, key: key.value } };
}

/**
 * A grant bundle, keys/<recipientDeviceId>/<bundleId> beside single grants: the feedback and candidate keys one
 * device grants another in one sync cycle, signed once, each wrapped under the bundle's one key agreement
 * (keyWrap.bundleWrapper) and bound to its purpose, key id, recipient and bundle. At `large` a joining device is
 * granted ~60,000 candidate keys: a file each (written and flushed twice) took its granter 105 s.
 * Team keys stay single grants (an admin's rule, team.ts).
 */
export interface KeyBundleRecord {
  type: 'key-grants';
  id: string;
  teamId: string;
  recipientDeviceId: string;
  granterDeviceId: string;
  createdAt: number;
  /** The bundle's ephemeral X25519 public key. */
  ephemeral: string;
  grants: { keyId: string; purpose: KeyPurpose; wrapped: string }[];
}

/** A key to grant: what it opens and under which id. */
export interface GrantedKey {
  keyId: string;
  purpose: KeyPurpose;
  key: Uint8Array;
}

/** How many keys one bundle file holds at most (~170 bytes each): large grants are split into files of ~1 MB. */
export const BUNDLE_KEYS = 5_000;

export function makeKeyBundle(input: Omit<GrantInput, 'keyId' | 'purpose' | 'key'> & { keys: readonly GrantedKey[] }): { path: string; bytes: Buffer } {
  for (const id of [input.teamId, input.grantId, input.recipient.deviceId, input.granter.deviceId, ...input.keys.map((k) => k.keyId)]) {
    if (!isSyncId(id)) throw new TypeError(`not a UUID: ${id}`);
  }
  if (input.keys.length === 0 || input.keys.length > BUNDLE_KEYS) throw new RangeError(`a bundle holds 1 to ${BUNDLE_KEYS} keys`);
  const wrapper = bundleWrapper(input.recipient.agreementKey, input.grantId);
  const record: KeyBundleRecord = {
    type: 'key-grants',
    id: input.grantId,
    teamId: input.teamId,
    recipientDeviceId: input.recipient.deviceId,
    granterDeviceId: input.granter.deviceId,
    createdAt: input.createdAt,
    ephemeral: wrapper.ephemeral,
    grants: input.keys.map(({ keyId, purpose, key }) => ({ keyId, purpose, wrapped: wrapper.wrap(key, { purpose, keyId, recipientDeviceId: input.recipient.deviceId }) })),
  };
  return { path: grantPath(input.recipient.deviceId, input.grantId), bytes: encodeRecordFile(signRecord(record, input.granter.deviceId, input.granter.signingKey)) };
}

/** A grant file opened: a single grant's key, or each key of a bundle. */
export interface OpenedGrants {
  /** The file's id (its name). */
  id: string;
  granterDeviceId: string;
  keys: { keyId: string; purpose: KeyPurpose; key: Buffer }[];
}

/**
 * Verifies a grant file addressed to this device, single or bundle, and unwraps every key in it. A bundle whose
 * keys do not all unwrap, that names a key twice or carries a team key, is refused whole: its granter signed it.
 */
export function openGrantFile(
  path: string,
  bytes: Uint8Array,
  options: { teamId: string; signingKeyFor: SigningKeyLookup; me: { deviceId: string; agreementSecret: KeyObject } },
): Checked<OpenedGrants, GrantProblem> {
  const parts = path.split('/');
  if (parts.length !== 3 || parts[0] !== 'keys' || parts[1] !== options.me.deviceId || !isSyncId(parts[2])) {
    return refused('mismatch', `not a grant to this device: ${path}`);
  }
  const decoded = decodeRecordFile(bytes, { type: ['key-grant', 'key-grants'], id: parts[2], teamId: options.teamId }, options.signingKeyFor);
  if (!decoded.ok) return decoded;
  if (decoded.value.record.type === 'key-grant') {
    const single = checkedSingle(decoded.value.record, decoded.value.signers, options.me);
    return single.ok ? { ok: true, value: { id: single.value.grant.id, granterDeviceId: single.value.grant.granterDeviceId, keys: [{ keyId: single.value.grant.keyId, purpose: single.value.grant.purpose, key: single.value.key }] } } : single;
  }
  const record = decoded.value.record as RecordBase & Partial<KeyBundleRecord>;
  if (!isSyncId(record.granterDeviceId) || typeof record.ephemeral !== 'string' || typeof record.createdAt !== 'number' || !Array.isArray(record.grants) || record.grants.length === 0) {
    return refused('corrupt', 'grant bundle lacks a field');
  }
  if (record.recipientDeviceId !== options.me.deviceId) return refused('mismatch', `grant bundle to ${String(record.recipientDeviceId)} in this device's folder`);
  if (!decoded.value.signers.includes(record.granterDeviceId)) return refused('bad-signature', 'not signed by its granter');
  const unwrapper = bundleUnwrapper(record.ephemeral, options.me.agreementSecret, record.id);
  if (!unwrapper) return refused('corrupt', 'grant bundle with a bad ephemeral key');
  const keys: OpenedGrants['keys'] = [];
  const ids = new Set<string>();
  for (const entry of record.grants as unknown[]) {
    const g = entry as Partial<KeyBundleRecord['grants'][number]> | null;
    if (!g || !isSyncId(g.keyId) || !isKeyPurpose(g.purpose) || g.purpose === 'team' || typeof g.wrapped !== 'string' || ids.has(g.keyId)) return refused('corrupt', 'a grant bundle entry is malformed');
    ids.add(g.keyId);
    const key = unwrapper.unwrap(g.wrapped, { purpose: g.purpose, keyId: g.keyId, recipientDeviceId: options.me.deviceId });
    if (!key.ok) return key;
    keys.push({ keyId: g.keyId, purpose: g.purpose, key: key.value });
  }
  return { ok: true, value: { id: record.id, granterDeviceId: record.granterDeviceId, keys } };
}

/** A grant file's purposes and granter, unverified: enough to tell it names an erased candidate or their feedback. */
export function grantFileHeader(bytes: Uint8Array): { type: 'key-grant' | 'key-grants'; granterDeviceId: string; purposes: string[] } | null {
  try {
    const r = (JSON.parse(Buffer.from(bytes).toString('utf8')) as { record?: { type?: unknown; purpose?: unknown; granterDeviceId?: unknown; grants?: { purpose?: unknown }[] } }).record;
    if (!r || typeof r.granterDeviceId !== 'string') return null;
    if (r.type === 'key-grant' && typeof r.purpose === 'string') return { type: r.type, granterDeviceId: r.granterDeviceId, purposes: [r.purpose] };
    if (r.type === 'key-grants' && Array.isArray(r.grants)) return { type: r.type, granterDeviceId: r.granterDeviceId, purposes: r.grants.map((g) => String(g?.purpose)) };
    return null;
  } catch {
    return null;
  }
}
