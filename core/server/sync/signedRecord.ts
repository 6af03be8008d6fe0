import { type KeyObject } from 'node:crypto';
import { canonicalJson } from './canonicalJson';
import { importPublicKey, signBytes, verifyBytes } from './deviceKeys';
import { isSyncId } from './syncIds';
import { refused, type Checked } from './syncResult';

/**
 * The folder's small JSON files (format aside): members/, devices/ and keys/ grants. Each is one record and
 * the signatures over its canonical JSON; a device record carries two (its own device's and an admin's), so
 * signatures are a list, and a co-signer adds theirs without touching the record.
 */
export interface SignedRecord<T extends RecordBase = RecordBase> {
  record: T;
  signatures: RecordSignature[];
}

export interface RecordBase {
  type: string;
  /** The record's own id (member, device or grant id): the file name, so a record cannot be moved to another's path. */
  id: string;
  teamId: string;
}

export interface RecordSignature {
  /** The signing device's id. */
  by: string;
  /** Ed25519 over the domain-separated canonical JSON of `record`, base64url. */
  signature: string;
}

export type RecordProblem = 'corrupt' | 'unknown-device' | 'bad-signature' | 'mismatch';

/** Looks up a device's Ed25519 public key (text) by its id; undefined for a device the caller does not know. */
export type SigningKeyLookup = (deviceId: string) => string | undefined;

export function signRecord<T extends RecordBase>(record: T, by: string, key: KeyObject): SignedRecord<T> {
  return addSignature({ record, signatures: [] }, by, key);
}

export function addSignature<T extends RecordBase>(signed: SignedRecord<T>, by: string, key: KeyObject): SignedRecord<T> {
  const message = Buffer.from(canonicalJson(signed.record), 'utf8');
  const signature = signBytes('record', message, key).toString('base64url');
  return { record: signed.record, signatures: [...signed.signatures.filter((s) => s.by !== by), { by, signature }] };
}

/** The bytes of a record file: canonical JSON, so rewriting an unchanged record writes identical bytes. */
export function encodeRecordFile<T extends RecordBase>(signed: SignedRecord<T>): Buffer {
  return Buffer.from(`${canonicalJson(signed)}\n`, 'utf8');
}

/**
 * Parses and verifies a record file: every signature listed must verify (one bad signature makes the whole
 * file suspect), at least one must be present, and type, id and team must be what the path and folder say.
 * Which signers suffice (owner and admin, granter…) is the caller's rule: the signers come back.
 */
export function decodeRecordFile(
  bytes: Uint8Array,
  /** The record's type (one of several when a path may hold either). */
  expect: { type: string | readonly string[]; id: string; teamId: string },
  keyFor: SigningKeyLookup,
): Checked<{ record: RecordBase & Record<string, unknown>; signers: string[] }, RecordProblem> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    return refused('corrupt', bytes.length === 0 ? 'empty file' : 'not JSON');
  }
  if (!isPlainObject(parsed) || !isPlainObject(parsed.record) || !Array.isArray(parsed.signatures)) return refused('corrupt', 'not a signed record');
  const record = parsed.record;
  if (typeof record.type !== 'string' || !isSyncId(record.id) || !isSyncId(record.teamId)) return refused('corrupt', 'record lacks type, id or teamId');
  // Before the signatures: a file of another kind is not this caller's to verify (a reader of team grants skips
  // the ~1 MB bundles of candidate keys beside them).
  const types: readonly string[] = typeof expect.type === 'string' ? [expect.type] : expect.type;
  if (!types.includes(record.type)) return refused('mismatch', `a ${String(record.type)} record where a ${types.join(' or ')} belongs`);
  if (parsed.signatures.length === 0) return refused('bad-signature', 'no signature');
  let message: Buffer;
  try {
    message = Buffer.from(canonicalJson(record), 'utf8');
  } catch (error) {
    return refused('corrupt', (error as Error).message);
  }
  const signers: string[] = [];
  for (const entry of parsed.signatures as unknown[]) {
    if (!isPlainObject(entry) || !isSyncId(entry.by) || typeof entry.signature !== 'string') return refused('corrupt', 'malformed signature entry');
    if (signers.includes(entry.by)) return refused('corrupt', `two signatures by ${entry.by}`);
    const keyText = keyFor(entry.by);
    const key = keyText === undefined ? undefined : importPublicKey(keyText, 'Ed25519');
    if (!key) return refused('unknown-device', `signer ${entry.by} is not a known device`);
    if (!verifyBytes('record', message, Buffer.from(entry.signature, 'base64url'), key)) return refused('bad-signature', `signature by ${entry.by} does not verify`);
    signers.push(entry.by);
  }
  if (record.id !== expect.id) return refused('mismatch', `record ${record.id} at the path of ${expect.id}`);
  if (record.teamId !== expect.teamId) return refused('mismatch', `record of team ${record.teamId}, not ${expect.teamId}`);
  return { ok: true, value: { record: record as RecordBase & Record<string, unknown>, signers } };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
