import { readFileSync } from 'node:fs';
import { writeFileAtomic } from './atomicWrite';
import { FORMAT_FILE, resolveIn } from './folderLayout';
import { isSyncId } from './syncIds';
import { refused, type Checked } from './syncResult';

/** format.json: which team the folder belongs to and which layout it uses, so the wrong folder is noticed at once. */
export interface FolderFormat {
  format: number;
  teamId: string;
}

export const FOLDER_FORMAT = 1;

export function writeFolderFormat(root: string, teamId: string): void {
  if (!isSyncId(teamId)) throw new TypeError('team id must be a UUID');
  const body: FolderFormat = { format: FOLDER_FORMAT, teamId };
  writeFileAtomic(resolveIn(root, FORMAT_FILE), Buffer.from(`${JSON.stringify(body, null, 2)}\n`, 'utf8'));
}

export function readFolderFormat(root: string): Checked<FolderFormat, 'missing' | 'corrupt' | 'newer-format'> {
  let text: string;
  try {
    text = readFileSync(resolveIn(root, FORMAT_FILE), 'utf8');
  } catch {
    return refused('missing', `no ${FORMAT_FILE} in the folder`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // An online-only placeholder or a half-synced file reads as empty or cut short.
    return refused(text.length === 0 ? 'missing' : 'corrupt', `${FORMAT_FILE} is not JSON`);
  }
  const { format, teamId } = (parsed ?? {}) as Partial<FolderFormat>;
  if (typeof format !== 'number' || !Number.isInteger(format) || format < 1 || !isSyncId(teamId)) return refused('corrupt', `${FORMAT_FILE} lacks format or teamId`);
  if (format > FOLDER_FORMAT) return refused('newer-format', `folder format ${format}: made by a newer Principled`);
  return { ok: true, value: { format, teamId } };
}
