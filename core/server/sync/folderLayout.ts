import { join } from 'node:path';
import { isSyncId } from './syncIds';

/**
 * Where each file lives in the shared folder. Paths here are relative and always use '/', whatever the
 * platform; `resolveIn` turns one into a path on this machine.
 *
 *   format.json                            version and team id
 *   members/<memberId>.json                signed member records
 *   devices/<deviceId>.json                signed device records (public keys, owner)
 *   keys/<recipientDeviceId>/<grantId>     signed key grants (a key wrapped to that device)
 *   log/<deviceId>/<seq:010d>.<hash16>     immutable batches of changes
 *   snapshots/<deviceId>/<seq:010d>.<hash16>  compacted state as of that device's seq
 *   state/<deviceId>.json                  signed: how far that device has applied each other device (compaction)
 */
export const FORMAT_FILE = 'format.json';

export type EnvelopeKind = 'batch' | 'snapshot';

const AREA_OF: Record<EnvelopeKind, string> = { batch: 'log', snapshot: 'snapshots' };

/** Ten digits keep names sorting in sequence order in every file browser; a device writing a file a second would need 300 years to run out. */
export const MAX_SEQ = 9_999_999_999;

const ENVELOPE_NAME = /^(\d{10})\.([0-9a-f]{16})$/;

export function isSeq(seq: number): boolean {
  return Number.isSafeInteger(seq) && seq >= 1 && seq <= MAX_SEQ;
}

export function envelopeName(seq: number, hash16: string): string {
  if (!isSeq(seq)) throw new RangeError(`sequence number out of range: ${seq}`);
  return `${String(seq).padStart(10, '0')}.${hash16}`;
}

export function envelopeDir(kind: EnvelopeKind, deviceId: string): string {
  return `${AREA_OF[kind]}/${deviceId}`;
}

export function envelopePath(kind: EnvelopeKind, deviceId: string, seq: number, hash16: string): string {
  return `${envelopeDir(kind, deviceId)}/${envelopeName(seq, hash16)}`;
}

export interface EnvelopePath {
  kind: EnvelopeKind;
  deviceId: string;
  seq: number;
  hash16: string;
  name: string;
}

/** Parses a name within a device's folder; undefined for anything else (conflict copies, temporaries…). */
export function parseEnvelopeName(name: string): { seq: number; hash16: string } | undefined {
  const match = ENVELOPE_NAME.exec(name);
  if (!match) return undefined;
  const seq = Number(match[1]);
  return isSeq(seq) ? { seq, hash16: match[2] ?? '' } : undefined;
}

export function parseEnvelopePath(path: string): EnvelopePath | undefined {
  const parts = path.split('/');
  if (parts.length !== 3) return undefined;
  const [area, deviceId, name] = parts as [string, string, string];
  const kind = (Object.keys(AREA_OF) as EnvelopeKind[]).find((k) => AREA_OF[k] === area);
  if (!kind || !isSyncId(deviceId)) return undefined;
  const parsed = parseEnvelopeName(name);
  return parsed ? { kind, deviceId, name, ...parsed } : undefined;
}

export function memberPath(memberId: string): string {
  return `members/${memberId}.json`;
}

export function devicePath(deviceId: string): string {
  return `devices/${deviceId}.json`;
}

export function statePath(deviceId: string): string {
  return `state/${deviceId}.json`;
}

export function grantDir(recipientDeviceId: string): string {
  return `keys/${recipientDeviceId}`;
}

export function grantPath(recipientDeviceId: string, grantId: string): string {
  return `${grantDir(recipientDeviceId)}/${grantId}`;
}

/** A folder-relative path on this machine; refuses anything that could climb out of the folder. */
export function resolveIn(root: string, path: string): string {
  const parts = path.split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..' || p.includes('\\'))) throw new RangeError(`not a folder-relative path: ${path}`);
  return join(root, ...parts);
}

/**
 * Why a name in the folder is not ours to read. Every name that is not exactly one of ours is skipped; the
 * reason is for diagnostics and for telling "not downloaded yet" (a placeholder) from noise.
 */
export type IgnoredReason = 'conflict-copy' | 'duplicate' | 'temporary' | 'placeholder' | 'hidden' | 'unrecognised';

export function ignoredReason(name: string): IgnoredReason | undefined {
  if (ENVELOPE_NAME.test(name) || /^[0-9a-f-]{36}(\.json)?$/.test(name) || name === FORMAT_FILE) return undefined;
  // iCloud Drive keeps an online-only file as ".<name>.icloud" until it is downloaded.
  if (/^\..+\.icloud$/.test(name)) return 'placeholder';
  // Syncthing: "<name>.sync-conflict-<date>-<time>-<device>[.ext]"; Dropbox: "<name> (<who>'s conflicted copy <date>)";
  // OneDrive: "<name>-<COMPUTERNAME>[.ext]" is caught below as unrecognised.
  if (/\.sync-conflict-/i.test(name) || /conflicted copy/i.test(name) || /\(conflict\)/i.test(name)) return 'conflict-copy';
  // Google Drive and OneDrive number a second copy of a name: "<name> (1)[.ext]".
  if (/ \(\d+\)(\.[^.]*)?$/.test(name)) return 'duplicate';
  // Office lock files, engines' and browsers' partial downloads, Syncthing's own temporaries, ours.
  if (/^~\$/.test(name) || /^~syncthing~/.test(name) || /\.(tmp|part|partial|crdownload|download)$/i.test(name)) return 'temporary';
  if (name.startsWith('.')) return 'hidden';
  return 'unrecognised';
}

/** The name an iCloud placeholder stands for, if it stands for one of ours. */
export function placeholderTarget(name: string): string | undefined {
  const match = /^\.(.+)\.icloud$/.exec(name);
  return match && ENVELOPE_NAME.test(match[1] ?? '') ? match[1] : undefined;
}
