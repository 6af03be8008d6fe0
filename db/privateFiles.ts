import { chmodSync, closeSync, copyFileSync, mkdirSync, openSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The workspace holds every feedback, blind or not: its folder is the user's alone (0700) and every file the app
 * writes there is too (0600). Modes are set explicitly rather than trusted to the umask, and tightened again on
 * files and folders an older version left looser. Windows has no such modes (the profile folder's ACL protects
 * the data there), so these only create.
 */
const POSIX = process.platform !== 'win32';
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

function chmodIfPresent(path: string, mode: number): void {
  if (!POSIX) return;
  try {
    chmodSync(path, mode);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** Creates the folder (and any missing parents) 0700, and tightens it if it already existed with a looser mode. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  chmodIfPresent(dir, PRIVATE_DIR_MODE);
}

/** Tightens a file the app wrote to 0600; a file that is not there is nothing to protect. */
export function makePrivate(file: string): void {
  chmodIfPresent(file, PRIVATE_FILE_MODE);
}

/**
 * Creates an empty file 0600 if none is there, so a library that then opens it (SQLite) never makes it readable
 * by others, even for a moment. An existing file is only chmodded, never opened: closing any descriptor on a file
 * drops every POSIX lock this process holds on it, SQLite's included.
 */
export function createPrivateFile(file: string): void {
  try {
    closeSync(openSync(file, 'wx', PRIVATE_FILE_MODE));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  makePrivate(file);
}

export function writePrivateFile(file: string, data: string | Uint8Array): void {
  writeFileSync(file, data, { mode: PRIVATE_FILE_MODE });
  makePrivate(file);
}

export function copyPrivateFile(source: string, target: string): void {
  copyFileSync(source, target);
  makePrivate(target);
}

/** A folder of the app's own files (the backups): the folder 0700 and every file directly in it 0600. */
export function makeFolderPrivate(dir: string): void {
  ensurePrivateDir(dir);
  if (!POSIX) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isFile()) makePrivate(join(dir, entry.name));
}
