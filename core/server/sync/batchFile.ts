import { createCipheriv, createDecipheriv, createHash, randomBytes, type KeyObject } from 'node:crypto';
import { brotliCompressSync, brotliDecompressSync, constants as zlib } from 'node:zlib';
import { importPublicKey, signBytes, verifyBytes } from './deviceKeys';
import { envelopePath, isSeq, parseEnvelopePath, type EnvelopeKind } from './folderLayout';
import { KEY_BYTES } from './keyWrap';
import { type SigningKeyLookup } from './signedRecord';
import { idFromBytes, idToBytes, isSyncId } from './syncIds';
import { refused, type Checked } from './syncResult';

/*
 * The envelope of batch and snapshot files (docs/sync.md, "Folder and files"):
 *
 *   offset  size  field
 *   0       4     magic "PRSY"
 *   4       1     format version (1)
 *   5       1     kind: 1 batch, 2 snapshot
 *   6       1     compression: 1 brotli
 *   7       1     section count n (1..255)
 *   8       16    team id
 *   24      16    device id
 *   40      8     seq (u64, big-endian)
 *   48      8     created at (u64 ms since the epoch, big-endian; the writer's clock, informative only)
 *   56      32·n  per section: key id (16) | nonce (12) | ciphertext length incl. GCM tag (u32)
 *   then    the sections' ciphertexts, in order
 *   last    64    Ed25519 signature over everything before it
 *
 * Each section is AES-256-GCM of the brotli-compressed JSON of its payload, under the key its key id names,
 * with the whole header plus the section's index as associated data. Version 1 writers put the whole payload
 * in one section under the team key; sections exist so the privacy issue can put each feedback (or a
 * candidate's personal data) in a section of its own under its own key.
 */
const MAGIC = Buffer.from('PRSY', 'ascii');
const FORMAT_VERSION = 1;
const FIXED_HEADER = 56;
const SECTION_ENTRY = 32;
const SIGNATURE = 64;
const TAG = 16;
const KIND_BYTE: Record<EnvelopeKind, number> = { batch: 1, snapshot: 2 };
const COMPRESSION_BROTLI = 1;
/** V8's longest string is about 512 MiB, so a larger payload could not be JSON.parsed anyway; the limit also stops a decompression bomb. */
export const MAX_PAYLOAD_BYTES = 512 * 1024 * 1024;

export type EnvelopeProblem = 'partial' | 'corrupt' | 'unknown-device' | 'bad-signature' | 'wrong-key' | 'mismatch' | 'newer-format';

/**
 * A section's content: a JSON value, or (for a snapshot built a section at a time) its JSON already
 * compressed with `compressSection`, so the writer never holds more than one section as text.
 */
export type SectionInput = { keyId: string; key: Uint8Array } & ({ payload: unknown } | { compressed: Buffer });

export interface EnvelopeInput {
  kind: EnvelopeKind;
  teamId: string;
  deviceId: string;
  seq: number;
  /** Milliseconds since the epoch. */
  createdAt: number;
  sections: SectionInput[];
}

export interface EncodedEnvelope {
  /** Folder-relative path, e.g. log/<deviceId>/0000000041.<hash16>. */
  path: string;
  bytes: Buffer;
  hash16: string;
}

export interface DecodedEnvelope {
  kind: EnvelopeKind;
  teamId: string;
  deviceId: string;
  seq: number;
  createdAt: number;
  sections: { keyId: string; payload: unknown }[];
}

export interface DecodeOptions {
  /** The folder's team id (format.json): a file of another team is a mismatch. */
  teamId: string;
  /** The writing device's Ed25519 public key, by device id. */
  signingKeyFor: SigningKeyLookup;
  /** A symmetric key this device holds, by key id. */
  keyFor: (keyId: string) => Uint8Array | undefined;
}

export function hash16Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16);
}

/** A batch of changes under one key: the common case. */
export function encodeBatchFile(
  input: Omit<EnvelopeInput, 'kind' | 'sections'> & { keyId: string; key: Uint8Array; payload: unknown },
  signingKey: KeyObject,
): EncodedEnvelope {
  const { keyId, key, payload, ...header } = input;
  return encodeEnvelope({ ...header, kind: 'batch', sections: [{ keyId, key, payload }] }, signingKey);
}

/** A section's JSON as the envelope stores it (before encryption). */
export function compressSection(json: string | Buffer): Buffer {
  const raw = typeof json === 'string' ? Buffer.from(json, 'utf8') : json;
  // Quality 4 is an order of magnitude faster than brotli's default 11 and compresses JSON nearly as well.
  return brotliCompressSync(raw, { params: { [zlib.BROTLI_PARAM_QUALITY]: 4, [zlib.BROTLI_PARAM_SIZE_HINT]: raw.length } });
}

export function encodeEnvelope(input: EnvelopeInput, signingKey: KeyObject): EncodedEnvelope {
  const { sections } = input;
  if (!isSyncId(input.teamId) || !isSyncId(input.deviceId)) throw new TypeError('team and device ids must be UUIDs');
  if (!isSeq(input.seq)) throw new RangeError(`sequence number out of range: ${input.seq}`);
  if (!Number.isSafeInteger(input.createdAt) || input.createdAt < 0) throw new RangeError('createdAt must be a non-negative integer of milliseconds');
  if (sections.length < 1 || sections.length > 255) throw new RangeError('an envelope holds 1 to 255 sections');
  const plains = sections.map((section) => {
    if (section.key.length !== KEY_BYTES) throw new TypeError(`section keys are ${KEY_BYTES} bytes`);
    if ('compressed' in section) return section.compressed;
    const json = JSON.stringify(section.payload);
    if (json === undefined) throw new TypeError('a section payload must be a JSON value');
    return compressSection(json);
  });
  const nonces = sections.map(() => randomBytes(12));
  const header = Buffer.alloc(FIXED_HEADER + SECTION_ENTRY * sections.length);
  MAGIC.copy(header, 0);
  header.writeUInt8(FORMAT_VERSION, 4);
  header.writeUInt8(KIND_BYTE[input.kind], 5);
  header.writeUInt8(COMPRESSION_BROTLI, 6);
  header.writeUInt8(sections.length, 7);
  header.set(idToBytes(input.teamId), 8);
  header.set(idToBytes(input.deviceId), 24);
  header.writeBigUInt64BE(BigInt(input.seq), 40);
  header.writeBigUInt64BE(BigInt(input.createdAt), 48);
  sections.forEach((section, i) => {
    const at = FIXED_HEADER + SECTION_ENTRY * i;
    header.set(idToBytes(section.keyId), at);
    nonces[i]?.copy(header, at + 16);
    header.writeUInt32BE((plains[i]?.length ?? 0) + TAG, at + 28);
  });
  // One buffer for the whole file, each ciphertext written into place: a snapshot is hundreds of megabytes,
  // and concatenating pieces would hold it two or three times over.
  const bytes = Buffer.allocUnsafe(header.length + plains.reduce((n, p) => n + p.length + TAG, 0) + SIGNATURE);
  let at = header.copy(bytes, 0);
  sections.forEach((section, i) => {
    const cipher = createCipheriv('aes-256-gcm', section.key, nonces[i] as Buffer);
    cipher.setAAD(Buffer.concat([header, Buffer.from([i])]));
    at += cipher.update(plains[i] as Buffer).copy(bytes, at);
    at += cipher.final().copy(bytes, at);
    at += cipher.getAuthTag().copy(bytes, at);
  });
  const signed = bytes.subarray(0, at);
  signBytes('batch', signed, signingKey).copy(bytes, at);
  const hash16 = hash16Of(bytes);
  return { path: envelopePath(input.kind, input.deviceId, input.seq, hash16), bytes, hash16 };
}

interface Layout {
  sectionCount: number;
  headerLength: number;
  totalLength: number;
}

/**
 * What the header says the file's length is, as far as the bytes present allow: 'short' when they end before
 * the header does (a partial file), undefined when they cannot be the start of an envelope at all.
 */
function layoutOf(bytes: Buffer): Layout | 'short' | undefined {
  const magicPresent = Math.min(bytes.length, MAGIC.length);
  if (!bytes.subarray(0, magicPresent).equals(MAGIC.subarray(0, magicPresent))) return undefined;
  if (bytes.length < 8) return 'short';
  const sectionCount = bytes.readUInt8(7);
  if (sectionCount === 0) return undefined;
  const headerLength = FIXED_HEADER + SECTION_ENTRY * sectionCount;
  if (bytes.length < headerLength) return 'short';
  let totalLength = headerLength + SIGNATURE;
  for (let i = 0; i < sectionCount; i++) totalLength += bytes.readUInt32BE(FIXED_HEADER + SECTION_ENTRY * i + 28);
  return { sectionCount, headerLength, totalLength };
}

/**
 * Reads one envelope from the folder. Checks, in order: the path is one of ours; the hash in the name; the
 * signature of the device the path names; every section's AEAD tag; team, device, seq and kind inside equal
 * the folder and the path. Never throws: a file still arriving is 'partial' (retry later), anything else
 * names what failed.
 */
export function decodeEnvelope(path: string, data: Uint8Array, options: DecodeOptions): Checked<DecodedEnvelope, EnvelopeProblem> {
  const opened = openEnvelope(path, data, options);
  if (!opened.ok) return opened;
  const sections: DecodedEnvelope['sections'] = [];
  for (const section of opened.value.sections) {
    const payload = section.read();
    if (!payload.ok) return payload;
    sections.push({ keyId: section.keyId, payload: payload.value });
  }
  const { sections: _lazy, ...header } = opened.value;
  return { ok: true, value: { ...header, sections } };
}

export interface OpenedEnvelope extends Omit<DecodedEnvelope, 'sections'> {
  /** Each section decrypted (its tag checked), its payload decompressed and parsed only when read. */
  sections: { keyId: string; read(): Checked<unknown, EnvelopeProblem> }[];
}

/**
 * Checks a whole envelope like `decodeEnvelope` (path, hash, signature, every section's tag, header against
 * path) but leaves each section's payload compressed until it is read: a snapshot of a ten-year workspace is
 * hundreds of megabytes of JSON, which one value cannot hold, so it is read and applied a section at a time.
 */
export function openEnvelope(path: string, data: Uint8Array, options: DecodeOptions): Checked<OpenedEnvelope, EnvelopeProblem> {
  try {
    return decode(path, Buffer.from(data.buffer, data.byteOffset, data.byteLength), options);
  } catch (error) {
    return refused('corrupt', `unreadable: ${(error as Error).message}`);
  }
}

/** A section's JSON from its brotli bytes (throws when they are not). */
export function decompressSection(compressed: Buffer): string {
  // Output chunks of up to 1 MiB rather than zlib's 16 KiB: a snapshot's 7 MB sections then decompress with
  // about a third less CPU (fewer chunks to allocate and join); a small batch asks for little more than it needs.
  const chunkSize = Math.min(1 << 20, Math.max(16 << 10, compressed.length * 8));
  return brotliDecompressSync(compressed, { maxOutputLength: MAX_PAYLOAD_BYTES, chunkSize }).toString('utf8');
}

function readSection(plain: Buffer): Checked<unknown, EnvelopeProblem> {
  try {
    const json = decompressSection(plain);
    return { ok: true, value: JSON.parse(json) as unknown };
  } catch (error) {
    return refused('corrupt', `section payload unreadable: ${(error as Error).message}`);
  }
}

function decode(path: string, bytes: Buffer, options: DecodeOptions): Checked<OpenedEnvelope, EnvelopeProblem> {
  const where = parseEnvelopePath(path);
  if (!where) return refused('mismatch', `not a batch or snapshot path: ${path}`);
  const layout = layoutOf(bytes);
  if (hash16Of(bytes) !== where.hash16) {
    // An engine delivers a file in pieces; a prefix of an envelope is not damage yet.
    if (bytes.length === 0 || layout === 'short' || (layout && bytes.length < layout.totalLength)) return refused('partial', `${bytes.length} bytes so far`);
    return refused('corrupt', 'contents do not match the hash in the name');
  }
  if (!layout || layout === 'short') return refused('corrupt', 'not an envelope');
  const version = bytes.readUInt8(4);
  if (version > FORMAT_VERSION) return refused('newer-format', `format version ${version}: written by a newer Principled`);
  if (version !== FORMAT_VERSION) return refused('corrupt', `format version ${version}`);
  const kindByte = bytes.readUInt8(5);
  const kind = (Object.keys(KIND_BYTE) as EnvelopeKind[]).find((k) => KIND_BYTE[k] === kindByte);
  if (!kind) return refused('corrupt', `unknown kind ${kindByte}`);
  if (bytes.readUInt8(6) !== COMPRESSION_BROTLI) return refused('corrupt', `unknown compression ${bytes.readUInt8(6)}`);
  if (bytes.length !== layout.totalLength) return refused('corrupt', `length ${bytes.length}, header says ${layout.totalLength}`);

  const keyText = options.signingKeyFor(where.deviceId);
  const publicKey = keyText === undefined ? undefined : importPublicKey(keyText, 'Ed25519');
  if (!publicKey) return refused('unknown-device', `no signing key for device ${where.deviceId}`);
  const signed = bytes.subarray(0, bytes.length - SIGNATURE);
  if (!verifyBytes('batch', signed, bytes.subarray(bytes.length - SIGNATURE), publicKey)) return refused('bad-signature', `not signed by device ${where.deviceId}`);

  const header = bytes.subarray(0, layout.headerLength);
  const plains: { keyId: string; plain: Buffer }[] = [];
  let offset = layout.headerLength;
  for (let i = 0; i < layout.sectionCount; i++) {
    const at = FIXED_HEADER + SECTION_ENTRY * i;
    const keyId = idFromBytes(header.subarray(at, at + 16));
    const length = header.readUInt32BE(at + 28);
    if (length < TAG) return refused('corrupt', `section ${i} shorter than its tag`);
    const key = options.keyFor(keyId);
    if (!key) return refused('wrong-key', `no key ${keyId} on this device`);
    const body = bytes.subarray(offset, offset + length);
    offset += length;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, header.subarray(at + 16, at + 28));
      decipher.setAAD(Buffer.concat([header, Buffer.from([i])]));
      decipher.setAuthTag(body.subarray(body.length - TAG));
      plains.push({ keyId, plain: Buffer.concat([decipher.update(body.subarray(0, body.length - TAG)), decipher.final()]) });
    } catch {
      return refused('wrong-key', `key ${keyId} on this device does not open section ${i}`);
    }
  }

  const teamId = idFromBytes(header.subarray(8, 24));
  const deviceId = idFromBytes(header.subarray(24, 40));
  const seq = Number(header.readBigUInt64BE(40));
  if (teamId !== options.teamId) return refused('mismatch', `file of team ${teamId} in the folder of team ${options.teamId}`);
  if (deviceId !== where.deviceId) return refused('mismatch', `file of device ${deviceId} under ${where.deviceId}`);
  if (seq !== where.seq) return refused('mismatch', `change ${seq} named ${where.seq}`);
  if (kind !== where.kind) return refused('mismatch', `a ${kind} under ${where.kind === 'batch' ? 'log' : 'snapshots'}/`);

  const sections = plains.map(({ keyId, plain }) => ({ keyId, read: () => readSection(plain) }));
  return { ok: true, value: { kind, teamId, deviceId, seq, createdAt: Number(header.readBigUInt64BE(48)), sections } };
}
