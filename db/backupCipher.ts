import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { closeSync, fstatSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';
import { constants, createZstdCompress, zstdDecompressSync } from 'node:zlib';
import { Readable } from 'node:stream';
import { releaseBuffer } from './bufferRelease';
import { createPrivateFile } from './privateFiles';

/**
 * The backup of an encrypted workspace (issue 12 item 3): the database's plain bytes, taken in memory only,
 * zstd-compressed, then sealed with AES-256-GCM — compress first, since sealed bytes do not compress.
 *
 * The file is a clear header line, then the sealed stream in chunks:
 *
 *   {"format":"principled-backup","version":1,...,"salt":base64}\n  chunk₀ chunk₁ … chunkₙ
 *
 * Each chunk seals up to `chunkBytes` of the zstd frame, its 16-byte tag after it. The chunk key is derived
 * from the workspace key with HKDF-SHA256 and the file's random salt, so one key never seals two files and the
 * nonce can be the chunk's number; its last byte marks the final chunk, so a file cut short is refused, not
 * read as a shorter database. The header is every chunk's additional data: changing it breaks every tag.
 */
export const ENCRYPTED_SUFFIX = '.enc';
export const BACKUP_FORMAT = 'principled-backup';
const VERSION = 1;
const CHUNK_BYTES = 1 << 20;
const TAG_BYTES = 16;
const INFO = Buffer.from('principled backup v1');
const PREFIX = Buffer.from(`{"format":"${BACKUP_FORMAT}"`);
/** The header line is well under this; reading this much tells the format without reading the file. */
const HEADER_MAX = 1024;
/** Level 3, as for plaintext backups: the large workspace packs to about a ninth in seconds. */
const LEVEL = 3;

interface Header {
  format: typeof BACKUP_FORMAT;
  version: typeof VERSION;
  content: 'sqlite';
  compression: 'zstd';
  cipher: 'aes-256-gcm';
  kdf: 'hkdf-sha256';
  chunkBytes: number;
  /** The database's size, so reading it back fills one buffer instead of growing one. */
  plainBytes: number;
  salt: string;
}

export class BackupFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupFormatError';
  }
}

const fileKey = (key: Buffer, salt: Buffer) => Buffer.from(hkdfSync('sha256', key, salt, INFO, 32));

function nonce(index: number, final: boolean): Buffer {
  const n = Buffer.alloc(12);
  n.writeBigUInt64BE(BigInt(index), 0);
  n[11] = final ? 1 : 0;
  return n;
}

function seal(key: Buffer, aad: Buffer, index: number, final: boolean, plain: Buffer): Buffer {
  const cipher = createCipheriv('aes-256-gcm', key, nonce(index, final));
  cipher.setAAD(aad);
  return Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
}

function open(key: Buffer, aad: Buffer, index: number, final: boolean, sealed: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, nonce(index, final));
  decipher.setAAD(aad);
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new BackupFormatError('The backup does not open with this workspace key, or it has been changed or cut short.');
  }
}

/** Whether the bytes start an encrypted backup (told by content, never by the file's name). */
export const isEncryptedBackupBytes = (bytes: Buffer) => bytes.subarray(0, PREFIX.length).equals(PREFIX);

/** The first `length` bytes of a file (fewer if it is shorter): what a backup holds is told by its first bytes. */
export function readStart(path: string, length: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    return buffer.subarray(0, readSync(fd, buffer, 0, length, 0));
  } finally {
    closeSync(fd);
  }
}

export const isEncryptedBackup = (path: string) => isEncryptedBackupBytes(readStart(path, PREFIX.length));

function parseHeader(bytes: Buffer): { header: Header; aad: Buffer } {
  const end = bytes.subarray(0, HEADER_MAX).indexOf(0x0a);
  if (!isEncryptedBackupBytes(bytes) || end < 0) throw new BackupFormatError('The file is not an encrypted Principled backup.');
  const aad = bytes.subarray(0, end + 1);
  const header = JSON.parse(aad.toString('utf8')) as Partial<Header>;
  if (header.version !== VERSION || header.cipher !== 'aes-256-gcm' || header.compression !== 'zstd' || header.kdf !== 'hkdf-sha256') {
    throw new BackupFormatError(`The backup is in a newer format (version ${String(header.version)}): update Principled to read it.`);
  }
  if (!Number.isSafeInteger(header.chunkBytes) || (header.chunkBytes ?? 0) <= 0 || !Number.isSafeInteger(header.plainBytes) || typeof header.salt !== 'string') {
    throw new BackupFormatError('The backup header is damaged.');
  }
  return { header: header as Header, aad };
}

/** The clear header of an encrypted backup (what a support question needs first: format and version). */
export function readBackupHeader(path: string): Header {
  return parseHeader(readStart(path, HEADER_MAX)).header;
}

/** Sealed chunks of a compressed stream, one chunk held back so the last one is known as final. */
async function* sealChunks(compressed: AsyncIterable<Buffer>, key: Buffer, aad: Buffer): AsyncGenerator<Buffer> {
  yield aad;
  let pending: Buffer = Buffer.alloc(0);
  let index = 0;
  for await (const piece of compressed) {
    pending = pending.length ? Buffer.concat([pending, piece]) : piece;
    while (pending.length > CHUNK_BYTES) {
      yield seal(key, aad, index++, false, pending.subarray(0, CHUNK_BYTES));
      pending = pending.subarray(CHUNK_BYTES);
    }
  }
  yield seal(key, aad, index, true, pending);
}

/**
 * Writes `plain` (a database's bytes, in memory) compressed and sealed to `target`, created private (0600)
 * before its first byte, and synced to disk before this returns: the caller renames it into place.
 */
export async function writeEncryptedBackup(plain: Buffer, target: string, key: Buffer): Promise<void> {
  const salt = randomBytes(32);
  const header: Header = {
    format: BACKUP_FORMAT,
    version: VERSION,
    content: 'sqlite',
    compression: 'zstd',
    cipher: 'aes-256-gcm',
    kdf: 'hkdf-sha256',
    chunkBytes: CHUNK_BYTES,
    plainBytes: plain.length,
    salt: salt.toString('base64'),
  };
  const aad = Buffer.from(`${JSON.stringify(header)}\n`);
  const sealKey = fileKey(key, salt);
  // Slices of the one buffer: zstd reads it in pieces, so the compressed copy never sits whole beside it.
  const source = Readable.from(
    (function* () {
      for (let at = 0; at < plain.length; at += CHUNK_BYTES) yield plain.subarray(at, at + CHUNK_BYTES);
    })(),
  );
  const compressed = source.pipe(
    createZstdCompress({ params: { [constants.ZSTD_c_compressionLevel]: LEVEL, [constants.ZSTD_c_checksumFlag]: 1 }, pledgedSrcSize: plain.length }),
  );
  createPrivateFile(target);
  const fd = openSync(target, 'w');
  try {
    for await (const piece of sealChunks(compressed as AsyncIterable<Buffer>, sealKey, aad)) {
      for (let at = 0; at < piece.length; ) at += writeSync(fd, piece, at);
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * The zstd frame inside an encrypted backup, every chunk checked; BackupFormatError when any is wrong or missing.
 * Read a chunk at a time into one buffer of the frame's size: no copy of the whole file waits for the collector.
 */
function openFrame(path: string, key: Buffer, onlyFirst = false): { frame: Buffer; header: Header } {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const { header, aad } = parseHeader(readAt(fd, 0, Math.min(HEADER_MAX, size)));
    const sealKey = fileKey(key, Buffer.from(header.salt, 'base64'));
    const step = header.chunkBytes + TAG_BYTES;
    const sealed = Buffer.allocUnsafe(step);
    const chunks = Math.max(1, Math.ceil((size - aad.length) / step));
    const frameBytes = Math.max(0, size - aad.length - chunks * TAG_BYTES);
    const frame = Buffer.allocUnsafe(onlyFirst ? Math.min(frameBytes, header.chunkBytes) : frameBytes);
    let at = aad.length;
    let filled = 0;
    for (let index = 0; ; index++) {
      const end = Math.min(at + step, size);
      if (end - at < TAG_BYTES) throw new BackupFormatError('The backup has been cut short.');
      const final = end === size;
      const piece = open(sealKey, aad, index, final, readAt(fd, at, end - at, sealed));
      if (filled + piece.length > frame.length) throw new BackupFormatError('The backup is damaged.');
      piece.copy(frame, filled);
      filled += piece.length;
      at = end;
      if (final || onlyFirst) break;
    }
    return { frame: frame.subarray(0, filled), header };
  } finally {
    closeSync(fd);
  }
}

function readAt(fd: number, position: number, length: number, into = Buffer.allocUnsafe(length)): Buffer {
  let done = 0;
  while (done < length) {
    const n = readSync(fd, into, done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return into.subarray(0, done);
}

/** The database's plain bytes, in memory only: checked, then unpacked into one buffer of the database's size. */
export function readEncryptedBackup(path: string, key: Buffer): Buffer {
  const { frame, header } = openFrame(path, key);
  // One output chunk of the database's size: by default zlib collects 16 KB chunks and joins them, leaving the
  // database's size again for the collector.
  const size = Math.max(header.plainBytes, 64);
  let plain: Buffer;
  try {
    plain = zstdDecompressSync(frame, { maxOutputLength: size, chunkSize: size });
  } finally {
    releaseBuffer(frame);
  }
  if (plain.length !== header.plainBytes) throw new BackupFormatError('The backup is damaged (its database has the wrong size).');
  return plain;
}

/**
 * The first bytes of the database inside an encrypted backup (its SQLite header tells the schema version),
 * opening only the first chunk. Null when the file does not open with `key`.
 */
export function encryptedBackupStart(path: string, key: Buffer): Buffer | null {
  try {
    const { frame } = openFrame(path, key, true);
    return zstdDecompressSync(frame, { finishFlush: constants.ZSTD_e_flush });
  } catch {
    return null;
  }
}
