import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './atomicWrite';

/**
 * Syncthing's ignore rule for the files layer's temporaries (".~<name>.<random>.tmp", atomicWrite.ts). Syncthing
 * carries dot files, so without it a crashed write's leftover would reach every device. "(?d)" lets Syncthing
 * remove them when it deletes their directory; a pattern without "/" matches in every directory. Other engines
 * skip these names on their own (docs/sync.md, "Writing").
 */
export const STIGNORE_RULE = '(?d).~*.tmp';

/**
 * Adds the rule to the folder's `.stignore`, keeping whatever the user (or Syncthing) put there. Written by both
 * makeTeam and join: `.stignore` is per device (Syncthing never syncs it), so each copy of the folder needs its own.
 */
export function ensureEngineIgnores(folder: string): void {
  const path = join(folder, '.stignore');
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '';
  if (current.split(/\r?\n/).some((line) => line.trim() === STIGNORE_RULE)) return;
  const separator = current === '' || current.endsWith('\n') ? '' : '\n';
  writeFileAtomic(path, Buffer.from(`${current}${separator}${STIGNORE_RULE}\n`));
}
