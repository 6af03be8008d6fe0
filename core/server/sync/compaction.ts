/**
 * Which of its own files a device may remove (docs/sync.md "Growth"). Pure: the caller lists the files and
 * what each other device published, and removes what comes back.
 *
 * A batch file may go once every confirmed device has applied it (its published position) and once no
 * snapshot a new device could bootstrap from predates it (the position of this device inside each other
 * device's newest snapshot, and this device's own newest snapshot). A confirmed device that never published
 * counts as having applied nothing. Revoked and pending devices are not passed in: a revoked one can no
 * longer apply anything, a pending one will bootstrap from a snapshot.
 */
export interface OwnFile {
  seq: number;
  path: string;
}

export interface Peer {
  deviceId: string;
  /** What its state record says about this device; undefined when it has published nothing yet. */
  published?: { position: number; snapshotPosition: number | null };
}

export interface CompactionPlan {
  /** Batch files numbered at or below this go. */
  upTo: number;
  batches: OwnFile[];
  /** All but the two newest snapshots. */
  snapshots: OwnFile[];
  /** Peers that keep files here that could otherwise go, and how many. */
  heldBack: { deviceId: string; files: number }[];
}

export function planCompaction(input: { batches: OwnFile[]; snapshots: OwnFile[]; peers: Peer[] }): CompactionPlan {
  const snapshots = [...input.snapshots].sort((a, b) => b.seq - a.seq);
  const newest = snapshots[0]?.seq ?? 0;
  let upTo = newest;
  const heldBack: CompactionPlan['heldBack'] = [];
  for (const peer of input.peers) {
    const p = peer.published;
    const limit = p ? Math.min(p.position, p.snapshotPosition ?? Infinity) : 0;
    if (limit < newest) {
      const files = input.batches.filter((f) => f.seq > limit && f.seq <= newest).length;
      if (files > 0) heldBack.push({ deviceId: peer.deviceId, files });
    }
    upTo = Math.min(upTo, limit);
  }
  return { upTo, batches: input.batches.filter((f) => f.seq <= upTo), snapshots: snapshots.slice(2), heldBack };
}
