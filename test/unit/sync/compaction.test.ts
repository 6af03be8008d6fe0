import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planCompaction, type OwnFile, type Peer } from '../../../core/server/sync/compaction';

const file = (seq: number): OwnFile => ({ seq, path: `log/d/${String(seq).padStart(10, '0')}.0000000000000000` });
const snap = (seq: number): OwnFile => ({ seq, path: `snapshots/d/${String(seq).padStart(10, '0')}.0000000000000000` });
const seqs = (files: OwnFile[]) => files.map((f) => f.seq);

describe('compaction: which of its own files a device removes', () => {
  it.each([
    {
      name: 'everyone past the newest snapshot: every batch up to it goes, and all but two snapshots',
      batches: [10, 20, 30, 40],
      snapshots: [5, 20, 30],
      peers: [{ deviceId: 'a', published: { position: 40, snapshotPosition: 35 } }],
      removed: [10, 20, 30],
      removedSnapshots: [5],
      heldBack: [],
    },
    {
      name: 'a peer that never published keeps everything and is named',
      batches: [10, 20, 30],
      snapshots: [30],
      peers: [{ deviceId: 'quiet' }, { deviceId: 'a', published: { position: 30, snapshotPosition: null } }],
      removed: [],
      removedSnapshots: [],
      heldBack: [{ deviceId: 'quiet', files: 3 }],
    },
    {
      name: 'a laggard keeps the files it has not applied',
      batches: [10, 20, 30, 40],
      snapshots: [40],
      peers: [{ deviceId: 'slow', published: { position: 20, snapshotPosition: null } }],
      removed: [10, 20],
      removedSnapshots: [],
      heldBack: [{ deviceId: 'slow', files: 2 }],
    },
    {
      name: "a peer's newest snapshot holds an older position: a device bootstrapping from it needs what came after",
      batches: [10, 20, 30, 40],
      snapshots: [40],
      peers: [{ deviceId: 'a', published: { position: 40, snapshotPosition: 10 } }],
      removed: [10],
      removedSnapshots: [],
      heldBack: [{ deviceId: 'a', files: 3 }],
    },
    {
      name: 'no snapshot of its own yet: nothing goes (a new device would have nothing to start from)',
      batches: [10, 20],
      snapshots: [],
      peers: [{ deviceId: 'a', published: { position: 20, snapshotPosition: 20 } }],
      removed: [],
      removedSnapshots: [],
      heldBack: [],
    },
  ])('$name', ({ batches, snapshots, peers, removed, removedSnapshots, heldBack }) => {
    const plan = planCompaction({ batches: batches.map(file), snapshots: snapshots.map(snap), peers: peers as Peer[] });
    expect(seqs(plan.batches)).toEqual(removed);
    expect(seqs(plan.snapshots)).toEqual(removedSnapshots);
    expect(plan.heldBack).toEqual(heldBack);
  });

  it('never removes a batch a confirmed device still needs, nor one after a snapshot a new device may start from (random positions)', () => {
    const peer = fc.record({
      deviceId: fc.uuid(),
      published: fc.option(fc.record({ position: fc.nat(200), snapshotPosition: fc.option(fc.nat(200), { nil: null }) }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 200 }), { maxLength: 60 }), fc.uniqueArray(fc.integer({ min: 1, max: 200 }), { maxLength: 6 }), fc.array(peer, { maxLength: 5 }), (batches, snapshots, peers) => {
        const input = { batches: batches.map(file), snapshots: snapshots.map(snap), peers: peers.map((p): Peer => (p.published ? { deviceId: p.deviceId, published: p.published } : { deviceId: p.deviceId })) };
        const plan = planCompaction(input);
        const newest = Math.max(0, ...snapshots);
        for (const removed of plan.batches) {
          expect(removed.seq).toBeLessThanOrEqual(newest);
          for (const p of input.peers) {
            expect(p.published).toBeDefined();
            expect(removed.seq).toBeLessThanOrEqual(p.published?.position ?? 0);
            if (p.published?.snapshotPosition != null) expect(removed.seq).toBeLessThanOrEqual(p.published.snapshotPosition);
          }
        }
        // The two newest snapshots always stay, and whatever is not needed goes (the folder does shrink).
        const kept = snapshots.filter((s) => !seqs(plan.snapshots).includes(s));
        expect(kept.length).toBe(Math.min(2, snapshots.length));
        if (snapshots.length > 0) expect(kept).toContain(newest);
        expect(batches.filter((b) => b <= plan.upTo).sort((a, b) => a - b)).toEqual(seqs(plan.batches).sort((a, b) => a - b));
        const bound = Math.min(newest, ...input.peers.map((p) => (p.published ? Math.min(p.published.position, p.published.snapshotPosition ?? Infinity) : 0)));
        expect(plan.upTo).toBe(bound);
      }),
      { numRuns: 500 },
    );
  });
});
