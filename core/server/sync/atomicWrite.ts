import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { parseEnvelopePath, placeholderTarget, parseEnvelopeName, resolveIn } from './folderLayout';
import { refused, type Checked } from './syncResult';

/**
 * Files appear in the folder whole or not at all: written under a temporary name in the same directory (so
 * the rename never crosses file systems), flushed, renamed into place, and the directory flushed so the
 * rename itself survives a power cut.
 *
 * Temporary names are ".~<final name>.<random>.tmp": a dot file with a ".tmp" suffix and a ".~" prefix, the
 * shapes engines treat as temporary (Dropbox and OneDrive skip "~"/".~" lock names and ".tmp" files; iCloud
 * and Google Drive skip most dot files). Syncthing syncs dot files unless told otherwise, so it may briefly
 * see one; it then sees it deleted, and every reader here ignores such names anyway.
 */
const OUR_TEMP = /^\.~.+\.[0-9a-f]{16}\.tmp$/;

export interface WriteHooks {
  /** Tests only: runs once the temporary file is written and flushed, before the rename (a crash lands here). */
  beforeRename?: (tempPath: string) => void;
}

function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Windows cannot open or flush a directory; NTFS journals the rename itself.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Writes bytes to a path atomically, replacing what is there (format.json and the signed records). */
export function writeFileAtomic(path: string, bytes: Uint8Array, hooks: WriteHooks = {}): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const temp = `${dir}/.~${basename(path)}.${randomBytes(8).toString('hex')}.tmp`;
  const fd = openSync(temp, 'wx');
  try {
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  hooks.beforeRename?.(temp);
  try {
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  fsyncDir(dir);
}

/** Temporaries a crashed write left in a directory only this device writes to. */
export function removeStaleTemporaries(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const stale = names.filter((name) => OUR_TEMP.test(name));
  for (const name of stale) rmSync(`${dir}/${name}`, { force: true });
  return stale;
}

export type PublishOutcome = 'written' | 'already-there';

/**
 * Publishes a batch or snapshot into this device's own folder. Files are immutable: the same name with the
 * same bytes is already done; the same sequence number under another hash is a fork (this device's history
 * diverged from what the folder holds, e.g. it was restored from a backup) and nothing is written.
 */
export function publishEnvelope(
  root: string,
  file: { path: string; bytes: Uint8Array },
  hooks: WriteHooks = {},
  options: { supersede?: boolean } = {},
): Checked<PublishOutcome, 'fork'> {
  const where = parseEnvelopePath(file.path);
  if (!where) throw new RangeError(`not a batch or snapshot path: ${file.path}`);
  if (options.supersede && where.kind !== 'snapshot') throw new RangeError('only a snapshot may supersede another under its number');
  const target = resolveIn(root, file.path);
  const dir = dirname(target);
  mkdirSync(dir, { recursive: true });
  removeStaleTemporaries(dir);
  const superseded: string[] = [];
  for (const name of readdirSync(dir)) {
    const other = parseEnvelopeName(name) ?? parseEnvelopeName(placeholderTarget(name) ?? '');
    if (other && other.seq === where.seq && other.hash16 !== where.hash16) {
      if (options.supersede) superseded.push(name);
      else return refused('fork', `change ${where.seq} of this device is already in the folder as ${name}`);
    }
  }
  if (superseded.length > 0) {
    // A device that wrote nothing since its last snapshot but applied much from others snapshots again under
    // the same number: the new file is in place before the old one goes, so a snapshot is always there.
    writeFileAtomic(target, file.bytes, hooks);
    for (const name of superseded) rmSync(`${dir}/${name}`, { force: true });
    return { ok: true, value: 'written' };
  }
  let existing: Buffer | undefined;
  try {
    existing = readFileSync(target);
  } catch {
    existing = undefined;
  }
  if (existing?.equals(file.bytes)) return { ok: true, value: 'already-there' };
  // A file under this very name that differs is a damaged or half-delivered copy of these same bytes (the name
  // is their hash), so putting the whole file in its place loses nothing.
  writeFileAtomic(target, file.bytes, hooks);
  return { ok: true, value: 'written' };
}
