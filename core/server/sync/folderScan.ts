import { readdirSync, statSync } from 'node:fs';
import { envelopeDir, ignoredReason, parseEnvelopeName, placeholderTarget, resolveIn, type EnvelopeKind, type IgnoredReason } from './folderLayout';
import { isSyncId } from './syncIds';

export interface FolderEntry {
  seq: number;
  /** Folder-relative path, as decodeEnvelope takes it. */
  path: string;
  size: number;
}

/** Why the next change of a device cannot be read yet. */
export type WaitReason =
  /** Nothing under that number: the engine has not delivered it. */
  | 'missing'
  /** An online-only placeholder (iCloud's ".<name>.icloud"): present in the cloud, not downloaded. */
  | 'placeholder'
  /** A 0-byte file: some engines create the name before the contents. */
  | 'empty';

export interface DeviceScan {
  deviceId: string;
  nextExpected: number;
  /** Files from nextExpected on with no hole, in order: what can be read now. */
  ready: FolderEntry[];
  /**
   * The first change that holds the rest up, when the folder shows there is one (later files, or a placeholder
   * or empty file under that number). The words ("waiting for Ana's laptop: change 41 not here yet") are the caller's.
   */
  waiting?: { seq: number; reason: WaitReason; laterFiles: number };
  /** Sequence numbers present under two different hashes: this device's history forked. */
  forks: number[];
  /** The highest sequence number present in any form. */
  highestSeq: number;
  snapshots: FolderEntry[];
}

export interface FolderScan {
  devices: DeviceScan[];
  ignored: { path: string; reason: IgnoredReason | 'empty' }[];
}

interface Listing {
  files: Map<number, FolderEntry[]>;
  placeholders: Set<number>;
  empty: Set<number>;
}

function list(root: string, kind: EnvelopeKind, deviceId: string, ignored: FolderScan['ignored']): Listing {
  const dirPath = envelopeDir(kind, deviceId);
  const listing: Listing = { files: new Map(), placeholders: new Set(), empty: new Set() };
  let names: string[];
  try {
    names = readdirSync(resolveIn(root, dirPath));
  } catch {
    return listing;
  }
  for (const name of names) {
    const path = `${dirPath}/${name}`;
    const parsed = parseEnvelopeName(name);
    if (!parsed) {
      const target = placeholderTarget(name);
      const seq = target === undefined ? undefined : parseEnvelopeName(target)?.seq;
      if (seq !== undefined) listing.placeholders.add(seq);
      ignored.push({ path, reason: ignoredReason(name) ?? 'unrecognised' });
      continue;
    }
    let size: number;
    try {
      const stat = statSync(resolveIn(root, path));
      if (!stat.isFile()) continue;
      size = stat.size;
    } catch {
      continue; // gone between listing and stat: an engine replacing it; the next scan sees it
    }
    if (size === 0) {
      listing.empty.add(parsed.seq);
      ignored.push({ path, reason: 'empty' });
      continue;
    }
    const entries = listing.files.get(parsed.seq) ?? [];
    entries.push({ seq: parsed.seq, path, size });
    listing.files.set(parsed.seq, entries);
  }
  return listing;
}

function deviceIds(root: string, area: string, ignored: FolderScan['ignored']): string[] {
  try {
    return readdirSync(resolveIn(root, area), { withFileTypes: true }).flatMap((entry) => {
      if (entry.isDirectory() && isSyncId(entry.name)) return [entry.name];
      ignored.push({ path: `${area}/${entry.name}`, reason: ignoredReason(entry.name) ?? 'unrecognised' });
      return [];
    });
  } catch {
    return [];
  }
}

/**
 * Lists every device's batches and snapshots, skipping whatever engines leave beside them (conflict copies,
 * duplicates, temporaries, placeholders, empty files), and says per device what can be read from the
 * caller's next expected sequence number on and what it is waiting for.
 */
export function scanFolder(root: string, nextExpected: (deviceId: string) => number): FolderScan {
  const ignored: FolderScan['ignored'] = [];
  const ids = [...new Set([...deviceIds(root, 'log', ignored), ...deviceIds(root, 'snapshots', ignored)])].sort();
  const devices = ids.map((deviceId): DeviceScan => {
    const log = list(root, 'batch', deviceId, ignored);
    const snapshots = list(root, 'snapshot', deviceId, ignored);
    const next = Math.max(1, nextExpected(deviceId));
    const forks = [...log.files].filter(([, entries]) => entries.length > 1).map(([seq]) => seq).sort((a, b) => a - b);
    const seen = [...log.files.keys(), ...log.placeholders, ...log.empty];
    const highestSeq = seen.length === 0 ? 0 : Math.max(...seen);
    const ready: FolderEntry[] = [];
    let seq = next;
    for (let entries = log.files.get(seq); entries?.length === 1; entries = log.files.get(++seq)) ready.push(entries[0] as FolderEntry);
    const laterFiles = seen.filter((s) => s > seq).length;
    let waiting: DeviceScan['waiting'];
    if (!log.files.has(seq)) {
      const reason: WaitReason | undefined = log.placeholders.has(seq) ? 'placeholder' : log.empty.has(seq) ? 'empty' : laterFiles > 0 ? 'missing' : undefined;
      if (reason) waiting = { seq, reason, laterFiles };
    }
    return {
      deviceId,
      nextExpected: next,
      ready,
      ...(waiting ? { waiting } : {}),
      forks,
      highestSeq,
      snapshots: [...snapshots.files.values()].flat().sort((a, b) => a.seq - b.seq),
    };
  });
  return { devices, ignored };
}
