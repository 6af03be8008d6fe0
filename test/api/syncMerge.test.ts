import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HireCheckins } from '../../core/api/contract/checkins';
import type { QuarantinedChange } from '../../core/api/contract/sync';
import { dispatch } from '../../core/server/dispatch';
import { applyBatch } from '../../core/server/sync/apply';
import { concurrentVersions } from '../../core/server/sync/feedbackMerge';
import { stateHash } from '../../core/server/sync/stateHash';
import { predictionCheckins } from '../../db/queries/science';
import { baseWorkspace, deliverAll, device, type Company, type Device } from '../support/syncDevices';

let image: Buffer;
let s: Company;
beforeAll(async () => {
  ({ image, company: s } = await baseWorkspace());
});

const open: Device[] = [];
const make = (id: string, ownerId: string, skewMs = 0) => {
  const d = device(image, id, ownerId, skewMs);
  open.push(d);
  return d;
};
afterAll(() => {
  for (const d of open.splice(0)) d.close();
});
const closeAll = (ds: Device[]) => {
  for (const d of ds) {
    d.close();
    open.splice(open.indexOf(d), 1);
  }
};

const candidateRow = (d: Device, id: string) => d.db.prepare('SELECT name, notes, source, phone, revision FROM candidates WHERE id = ?').get(id) as Record<string, unknown> | undefined;
const revisionOf = (d: Device, table: string, id: string) => (d.db.prepare(`SELECT revision FROM ${table} WHERE id = ?`).get(id) as { revision: number }).revision;
const quarantine = (d: Device) => d.db.prepare('SELECT method, reason FROM sync_quarantine ORDER BY id').all() as { method: string; reason: string }[];
const submit = (d: Device, principleIds: readonly string[], vote: 'inclined' | 'not_inclined' = 'inclined') =>
  d.call('feedback.submit', { ...s.complete(principleIds, vote, 3), authorId: d.ownerId, loopId: s.loop.id });

describe('change capture (the outbox)', () => {
  it('records each write field by field in its own transaction, with method and actor; drafts stay on the device', () => {
    const a = make('dev-a', s.eng.id);
    a.call('feedback.saveDraft', { loopId: s.loop.id, authorId: s.eng.id, reasonToHire: 'secret draft thought' });
    a.flush();
    expect(a.batches).toEqual([]);
    submit(a, s.slotOf(s.eng.id));
    a.flush();
    const [batch] = a.batches;
    expect(batch?.transactions.map((t) => [t.seq, t.method, t.actor])).toEqual([[1, 'feedback.submit', s.eng.id]]);
    const changes = batch?.transactions[0]?.changes ?? [];
    expect(changes.filter((c) => c.table === 'feedback' && c.op === 'insert').map((c) => c.column)).toContain('reason_to_hire');
    expect(changes.some((c) => c.table === 'feedback_ratings' && c.op === 'insert' && c.column === 'situation')).toBe(true);
    expect(JSON.stringify(batch)).not.toContain('secret draft thought');
    expect(changes.some((c) => c.table === 'settings')).toBe(false);
    closeAll([a]);
  });
});

describe('merging', () => {
  it('concurrent edits of the same field: the later clock wins; of different fields: both kept', () => {
    const a = make('dev-a', s.ceo.id);
    const b = make('dev-b', s.cto.id);
    const id = s.candidate.id;
    a.call('candidates.update', { id, revision: revisionOf(a, 'candidates', id), notes: 'from A', phone: '111' });
    b.call('candidates.update', { id, revision: revisionOf(b, 'candidates', id), notes: 'from B (later)', source: 'referral' });
    a.flush();
    b.flush();
    deliverAll([a, b]);
    expect(candidateRow(a, id)).toMatchObject({ notes: 'from B (later)', phone: '111', source: 'referral' });
    expect(stateHash(a.db)).toBe(stateHash(b.db));
    closeAll([a, b]);
  });

  it('counters add up: two devices each planning a loop count each kit question once per loop; two edits raise a revision by two', () => {
    const a = make('dev-a', s.ceo.id);
    const b = make('dev-b', s.admin.id);
    const asked = (d: Device) => new Map((d.db.prepare('SELECT id, times_asked AS n FROM questions').all() as { id: string; n: number }[]).map((q) => [q.id, q.n]));
    const kitOf = (d: Device, loopId: string) =>
      (d.db.prepare('SELECT k.question_id AS id FROM kit_questions k JOIN loop_slots s ON s.id = k.slot_id WHERE s.loop_id = ?').all(loopId) as { id: string }[]).map((r) => r.id);
    const planLoop = (d: Device, name: string) => {
      const candidate = d.call<{ id: string }>('candidates.create', { name });
      const loop = d.call<{ id: string; revision: number; slots: { position: number }[] }>('loops.create', { candidateId: candidate.id, roleId: s.role.id });
      const planned = d.call<{ revision: number }>('loops.plan', {
        id: loop.id,
        revision: loop.revision,
        barRaiserId: s.sales.id,
        shadowIds: [],
        slots: loop.slots.map(({ position: _p, ...slot }, i) => ({ ...slot, interviewerId: i === 0 ? s.eng.id : s.ceo.id, startsAt: '2026-02-02T10:00:00Z' })),
      });
      d.call('loops.transition', { id: loop.id, revision: planned.revision, to: 'planned', overrideReason: 'test' });
      return kitOf(d, loop.id);
    };
    const before = asked(a);
    const kits = [planLoop(a, 'Ada'), planLoop(b, 'Barbara')];
    // Both devices started from the same counts, so they pick (at least partly) the same least-asked questions.
    expect(kits[0]?.some((q) => kits[1]?.includes(q))).toBe(true);
    const id = s.candidate.id;
    const revision = revisionOf(a, 'candidates', id);
    a.call('candidates.update', { id, revision, notes: 'from A' });
    b.call('candidates.update', { id, revision, phone: '222' });
    a.flush();
    b.flush();
    deliverAll([a, b]);
    const expected = new Map([...before].map(([q, n]) => [q, n + kits.filter((k) => k.includes(q)).length]));
    expect(asked(a)).toEqual(expected);
    expect(asked(b)).toEqual(expected);
    expect(revisionOf(a, 'candidates', id)).toBe(revision + 2);
    expect(revisionOf(b, 'candidates', id)).toBe(revision + 2);
    expect(stateHash(a.db)).toBe(stateHash(b.db));
    expect(quarantine(a)).toEqual([]);
    expect(quarantine(b)).toEqual([]);
    closeAll([a, b]);
  });

  it('the same principle name created, and one principle edited, on three devices at once: every row kept, the later ones moved aside, in any order', () => {
    const owners = [s.ceo.id, s.admin.id, s.ceo.id];
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const devices = owners.map((owner, i) => make(`dev-${i}`, owner));
      const editedId = s.own.id;
      const base = revisionOf(devices[0] as Device, 'principles', editedId);
      for (const [i, d] of devices.entries()) {
        d.call('principles.create', { name: i === 1 ? 'frugality' : 'Frugality', summary: `from device ${i}` });
        d.call('principles.update', { id: editedId, revision: base, summary: `edited on device ${i}` });
        d.flush(1);
      }
      deliverAll(devices, (pending) => shuffled(pending, seed));
      const hashes = devices.map((d) => stateHash(d.db));
      expect(new Set(hashes).size).toBe(1);
      for (const d of devices) expect(quarantine(d)).toEqual([]);
      const [a] = devices as [Device];
      // Created in device order (clocks rise), so the first keeps the name and the others follow it.
      expect(a.db.prepare(`SELECT summary, name FROM principles WHERE summary LIKE 'from device %' ORDER BY summary`).all()).toEqual([
        { summary: 'from device 0', name: 'Frugality' },
        { summary: 'from device 1', name: 'frugality (2)' },
        { summary: 'from device 2', name: 'Frugality (3)' },
      ]);
      // Three edits of revision `base`: three revisions after it, and the principle counts all three.
      expect(a.db.prepare('SELECT revision FROM principle_revisions WHERE principle_id = ? AND revision > ? ORDER BY revision').all(editedId, base)).toEqual(
        [1, 2, 3].map((n) => ({ revision: base + n })),
      );
      expect(revisionOf(a, 'principles', editedId)).toBe(base + 3);
      closeAll(devices);
    }
  });

  it('the same person added on three devices at once: all rows kept, the later ones flagged as possible duplicates of the earliest, in any order', () => {
    const owners = [s.ceo.id, s.admin.id, s.ceo.id];
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const devices = owners.map((owner, i) => make(`dev-${i}`, owner));
      for (const [i, d] of devices.entries()) {
        d.call('candidates.create', { name: `Ada ${i}`, email: i === 1 ? 'ADA@example.com' : 'ada@example.com' });
        d.call('team.create', { name: `Pat ${i}`, team: 'Sales', email: 'pat@example.com', capabilities: [] });
        d.flush(1);
      }
      deliverAll(devices, (pending) => shuffled(pending, seed));
      expect(new Set(devices.map((d) => stateHash(d.db))).size).toBe(1);
      for (const d of devices) expect(quarantine(d)).toEqual([]);
      const [a] = devices as [Device];
      for (const [table, name] of [['candidates', 'Ada'], ['team_members', 'Pat']] as const) {
        const rows = a.db.prepare(`SELECT id, name, email, duplicate_of AS dup FROM ${table} WHERE name LIKE '${name} %' ORDER BY name`).all() as { id: string; dup: string | null }[];
        // Added in device order (clocks rise): the first holds the email, the others point at it.
        expect(rows.map((r) => r.dup)).toEqual([null, rows[0]?.id, rows[0]?.id]);
      }
      const [first, second] = a.db.prepare(`SELECT id FROM candidates WHERE name LIKE 'Ada %' ORDER BY name`).all() as { id: string }[];
      const flagged = a.call<{ id: string; revision: number; possibleDuplicateOf?: string }>('candidates.get', { id: second?.id });
      expect(flagged.possibleDuplicateOf).toBe(first?.id);
      if (seed === 1) {
        // The duplicate can still be edited as it is; giving it its own email clears the flag.
        const edited = a.call<{ revision: number }>('candidates.update', { id: flagged.id, revision: flagged.revision, email: 'ADA@example.com', notes: 'same person?' });
        const moved = a.call<{ possibleDuplicateOf?: string }>('candidates.update', { id: flagged.id, revision: edited.revision, email: 'ada.l@example.com' });
        expect(moved.possibleDuplicateOf).toBeUndefined();
        expect(a.call<{ possibleDuplicateOf?: string }>('candidates.get', { id: flagged.id }).possibleDuplicateOf).toBeUndefined();
      }
      closeAll(devices);
    }
  });

  it('one loop decided on two devices of the hiring manager at once: the later decision is current everywhere, the earlier kept as superseded, in any order', () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const interviewer = make('dev-ceo', s.ceo.id);
      const recruiter = make('dev-sales', s.sales.id);
      const laptop = make('dev-cto-laptop', s.cto.id);
      const desktop = make('dev-cto-desktop', s.cto.id);
      const devices = [interviewer, recruiter, laptop, desktop];
      submit(interviewer, s.slotOf(s.ceo.id));
      interviewer.flush();
      deliverAll(devices);
      recruiter.call('debrief.open', { loopId: s.loop.id, earlyReason: 'Eng is travelling' });
      recruiter.flush();
      deliverAll(devices);
      // Offline on both: the laptop decides first, the desktop a moment later.
      laptop.call('decision.decide', { loopId: s.loop.id, decision: 'no_hire', rationale: 'Not yet', recycle: 'recycle' });
      laptop.flush();
      desktop.call('decision.decide', { loopId: s.loop.id, decision: 'hire', rationale: 'Strong ownership after all' });
      desktop.flush();
      deliverAll(devices, (pending) => shuffled(pending, seed));
      expect(new Set(devices.map((d) => stateHash(d.db))).size).toBe(1);
      for (const d of devices) expect(quarantine(d)).toEqual([]);
      const decisions = laptop.db.prepare('SELECT rationale, superseded FROM decisions WHERE loop_id = ? ORDER BY decided_at, id').all(s.loop.id);
      expect(decisions).toEqual([
        { rationale: 'Not yet', superseded: 1 },
        { rationale: 'Strong ownership after all', superseded: 0 },
      ]);
      closeAll(devices);
    }
  });

  it("one hire's 90-day check-in recorded on two devices of its manager at once: both kept, the earlier counted, the later shown as a duplicate, in any order", () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const interviewer = make('dev-ceo', s.ceo.id);
      const recruiter = make('dev-sales', s.sales.id);
      const laptop = make('dev-cto-laptop', s.cto.id);
      const desktop = make('dev-cto-desktop', s.cto.id);
      const devices = [interviewer, recruiter, laptop, desktop];
      submit(interviewer, s.slotOf(s.ceo.id));
      interviewer.flush();
      deliverAll(devices);
      recruiter.call('debrief.open', { loopId: s.loop.id, earlyReason: 'Eng is travelling' });
      recruiter.flush();
      deliverAll(devices);
      laptop.call('decision.decide', { loopId: s.loop.id, decision: 'hire', rationale: 'Strong ownership evidence' });
      laptop.flush();
      deliverAll(devices);
      recruiter.call('decision.verdict', { loopId: s.loop.id, verdict: 'concur', rationale: 'Above the bar' });
      recruiter.flush();
      deliverAll(devices);
      // 80 days on the 90-day check-in is due; the manager records it offline on both machines, differently.
      // The desktop's clock runs an hour ahead: it records first (the smaller id) but at the later clock, so the
      // laptop's is the one counted, whatever the order of ids or of rows.
      for (const d of devices) d.travel(80 * 86_400_000);
      desktop.travel(3_600_000);
      const record = (d: Device, rating: 1 | 4, note: string) => {
        d.call('checkins.record', { loopId: s.loop.id, kind: 'day90', ratings: [s.own.id, s.cust.id].map((principleId) => ({ principleId, rating })), note });
        d.flush();
      };
      record(desktop, 1, 'Struggling');
      record(laptop, 4, 'Owns the on-call');
      deliverAll(devices, (pending) => shuffled(pending, seed));
      expect(new Set(devices.map((d) => stateHash(d.db))).size).toBe(1);
      for (const d of devices) expect(quarantine(d)).toEqual([]);
      for (const d of devices) {
        const rows = d.db.prepare('SELECT id, note, duplicate_of AS dup FROM hire_checkins ORDER BY recorded_at, id').all() as { id: string; note: string; dup: string | null }[];
        expect(rows.map((r) => [r.note, r.dup])).toEqual([
          ['Owns the on-call', null],
          ['Struggling', rows[0]?.id],
        ]);
        // What predicts reads the counted check-in's ratings, one per principle of the hire.
        expect(predictionCheckins(d.db).map((c) => c.rating)).toEqual([4, 4]);
      }
      // The manager sees both, the second in words as a duplicate; Home has nothing more to record.
      const seen = laptop.call<HireCheckins>('checkins.get', { loopId: s.loop.id });
      const day90 = seen.checkins.find((c) => c.kind === 'day90');
      expect([day90?.state, day90?.checkin?.note, day90?.duplicates.map((c) => c.note)]).toEqual(['done', 'Owns the on-call', ['Struggling']]);
      expect(seen.checkins.find((c) => c.kind === 'year1')?.duplicates).toEqual([]);
      expect(laptop.call<{ checkinsDue: unknown[] }>('home.get', {}).checkinsDue).toEqual([]);
      closeAll(devices);
    }
  });

  it('one feedback made into a practice item on two devices at once: both items kept, the earlier keeps the link to the feedback, in any order', () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const interviewer = make('dev-ceo', s.ceo.id);
      const recruiter = make('dev-sales', s.sales.id);
      const manager = make('dev-cto', s.cto.id);
      const other = make('dev-ceo-desktop', s.ceo.id);
      const devices = [interviewer, recruiter, manager, other];
      const feedback = submit(interviewer, s.slotOf(s.ceo.id)) as { id: string };
      interviewer.flush();
      deliverAll(devices);
      recruiter.call('debrief.open', { loopId: s.loop.id, earlyReason: 'Eng is travelling' });
      recruiter.flush();
      deliverAll(devices);
      manager.call('decision.decide', { loopId: s.loop.id, decision: 'no_hire', rationale: 'Not yet', recycle: 'recycle' });
      manager.flush();
      deliverAll(devices);
      recruiter.call('decision.verdict', { loopId: s.loop.id, verdict: 'concur', rationale: 'The ownership evidence is thin' });
      recruiter.flush();
      deliverAll(devices);
      for (const d of [interviewer, other]) {
        d.call('practice.fromLoop', { loopId: s.loop.id, feedbackId: feedback.id });
        d.flush();
      }
      deliverAll(devices, (pending) => shuffled(pending, seed));
      expect(new Set(devices.map((d) => stateHash(d.db))).size).toBe(1);
      for (const d of devices) expect(quarantine(d)).toEqual([]);
      const items = manager.db.prepare('SELECT id, source_feedback_id AS feedbackId FROM practice_items ORDER BY created_at, id').all() as { id: string; feedbackId: string | null }[];
      expect(items.map((i) => i.feedbackId)).toEqual([feedback.id, null]);
      closeAll(devices);
    }
  });

  it('an update onto a name or email another device just took: both rows kept as a clashing insert would be, in any order', () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      for (const renameFirst of [true, false]) {
        const a = make('dev-a', s.ceo.id);
        const b = make('dev-b', s.admin.id);
        const rename = () => {
          a.call('principles.update', { id: s.own.id, revision: revisionOf(a, 'principles', s.own.id), name: 'Grit' });
          a.call('candidates.update', { id: s.candidate.id, revision: revisionOf(a, 'candidates', s.candidate.id), email: 'sam@example.com' });
          a.flush();
        };
        const create = () => {
          b.call('principles.create', { name: 'Grit', summary: 'Keeps going' });
          b.call('candidates.create', { name: 'Sam', email: 'sam@example.com' });
          b.flush();
        };
        if (renameFirst) {
          rename();
          create();
        } else {
          create();
          rename();
        }
        deliverAll([a, b], (pending) => shuffled(pending, seed));
        expect(stateHash(a.db)).toBe(stateHash(b.db));
        for (const d of [a, b]) expect(quarantine(d)).toEqual([]);
        const names = a.db.prepare(`SELECT id, name FROM principles WHERE name LIKE 'Grit%' AND status = 'active' ORDER BY name`).all() as { id: string; name: string }[];
        // The earlier write keeps the name; the later takes the next rung.
        expect(names.map((n) => n.name)).toEqual(['Grit', 'Grit (2)']);
        expect(names[0]?.id === s.own.id).toBe(renameFirst);
        const people = a.db.prepare(`SELECT id, duplicate_of AS dup FROM candidates WHERE email = 'sam@example.com' ORDER BY dup IS NOT NULL`).all() as { id: string; dup: string | null }[];
        expect(people).toHaveLength(2);
        expect(people[1]?.dup).toBe(people[0]?.id);
        expect(people[0]?.id === s.candidate.id).toBe(renameFirst);
        closeAll([a, b]);
      }
    }
  });

  it('clock skew of a day either way: accepted, reported, and the devices converge', () => {
    for (const skew of [86_400_000, -86_400_000]) {
      const a = make('dev-a', s.ceo.id);
      const b = make('dev-b', s.cto.id, skew);
      const id = s.candidate.id;
      b.call('candidates.update', { id, revision: revisionOf(b, 'candidates', id), notes: 'skewed' });
      b.flush();
      const result = a.apply(b.batches[0] as never, s.cto.id);
      expect(result).toMatchObject({ status: 'applied', applied: 1 });
      expect(result.status === 'applied' && Math.sign(result.skewMs)).toBe(Math.sign(skew));
      // An edit made after seeing the skewed value wins over it on every device, even a day "earlier".
      a.call('candidates.update', { id, revision: revisionOf(a, 'candidates', id), notes: 'after seeing it' });
      a.flush();
      deliverAll([a, b]);
      expect(candidateRow(b, id)?.notes).toBe('after seeing it');
      expect(stateHash(a.db)).toBe(stateHash(b.db));
      closeAll([a, b]);
    }
  });

  it('a change the author was not allowed to make is quarantined whole, with the reason, and the rest applies', () => {
    const a = make('dev-a', s.ceo.id);
    const forger = make('dev-f', s.ceo.id);
    forger.call('candidates.update', { id: s.candidate.id, revision: revisionOf(forger, 'candidates', s.candidate.id), notes: 'forged' });
    forger.flush();
    // The batch claims Eng (a plain interviewer), who may not edit candidates.
    const batch = { ...forger.batches[0], transactions: forger.batches[0]?.transactions.map((t) => ({ ...t, actor: s.eng.id })) } as never;
    const before = stateHash(a.db);
    expect(a.apply(batch, s.eng.id)).toMatchObject({ status: 'applied', applied: 0, quarantined: 1 });
    expect(stateHash(a.db)).toBe(before);
    expect(quarantine(a)).toEqual([{ method: 'candidates.update', reason: 'Only founders, admins, hiring managers or anyone while the team is still empty may do this.' }]);
    // A feedback written in someone else's name, too.
    const b = make('dev-b', s.ceo.id);
    submit(b, s.slotOf(s.ceo.id));
    b.flush();
    const stolen = { ...b.batches[0], deviceId: 'dev-x', transactions: b.batches[0]?.transactions.map((t) => ({ ...t, actor: s.eng.id })) } as never;
    expect(a.apply(stolen, s.eng.id)).toMatchObject({ quarantined: 1 });
    expect(quarantine(a)[1]?.reason).toBe('Feedback is written only by its author');

    // Admins read the quarantine through the API, newest first, in outline (no feedback text); others may not.
    const listed = a.call<QuarantinedChange[]>('sync.quarantine', {});
    expect(listed.map((q) => [q.deviceId, q.seq, q.method, q.authorName])).toEqual([
      ['dev-x', 1, 'feedback.submit', 'Eng'],
      ['dev-f', 1, 'candidates.update', 'Eng'],
    ]);
    expect(listed[0]).toMatchObject({ reason: 'Feedback is written only by its author', tables: ['activity', 'feedback', 'feedback_ratings'] });
    expect(listed[0]?.changes).toBeGreaterThan(10);
    expect(Date.parse(listed[0]?.at ?? '')).not.toBeNaN();
    expect(JSON.stringify(listed)).not.toContain('reason_to_hire');
    const eng = make('dev-e', s.eng.id);
    expect(dispatch('sync.quarantine', {}, { db: eng.db, dataFile: ':memory:' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    closeAll([a, forger, b, eng]);
  });

  it('a crash between applying and moving the position leaves nothing; applying again works, then is a no-op', () => {
    const a = make('dev-a', s.ceo.id);
    const b = make('dev-b', s.cto.id);
    b.call('candidates.update', { id: s.candidate.id, revision: revisionOf(b, 'candidates', s.candidate.id), notes: 'once' });
    b.flush();
    const batch = b.batches[0] as never;
    const before = stateHash(a.db);
    expect(() =>
      applyBatch(a.db, batch, s.cto.id, {
        beforePosition: () => {
          throw new Error('power cut');
        },
      }),
    ).toThrow('power cut');
    expect(stateHash(a.db)).toBe(before);
    expect(a.db.prepare('SELECT count(*) AS n FROM sync_positions').get()).toEqual({ n: 0 });
    expect(a.apply(batch, s.cto.id)).toMatchObject({ status: 'applied', applied: 1 });
    const after = stateHash(a.db);
    expect(a.apply(batch, s.cto.id)).toEqual({ status: 'duplicate' });
    expect(stateHash(a.db)).toBe(after);
    expect(after).toBe(stateHash(b.db));
    closeAll([a, b]);
  });

  it('waits for a missing transaction, and for what its author had seen from other devices', () => {
    const a = make('dev-a', s.ceo.id);
    const b = make('dev-b', s.cto.id);
    const c = make('dev-c', s.admin.id);
    a.call('candidates.create', { name: 'Ada' });
    a.call('candidates.create', { name: 'Alan' });
    a.flush(1);
    expect(c.apply(a.batches[1] as never, s.ceo.id)).toEqual({ status: 'waiting', deviceId: 'dev-a', seq: 1 });
    b.apply(a.batches[0] as never, s.ceo.id);
    b.call('candidates.create', { name: 'Barbara' });
    b.flush();
    expect(c.apply(b.batches[0] as never, s.cto.id)).toEqual({ status: 'waiting', deviceId: 'dev-a', seq: 1 });
    closeAll([a, b, c]);
  });

  it('one author amending on two devices at once: both versions kept, one current, flagged', () => {
    const a = make('dev-a', s.eng.id);
    submit(a, s.slotOf(s.eng.id));
    a.flush();
    const b = make('dev-b', s.eng.id);
    b.apply(a.batches[0] as never, s.eng.id);
    for (const [d, reason] of [[a, 'typo on laptop'], [b, 'typo on desktop']] as const) {
      d.call('feedback.amend', { ...s.complete(s.slotOf(s.eng.id), 'not_inclined', 2), authorId: s.eng.id, loopId: s.loop.id, reason });
      d.flush();
    }
    deliverAll([a, b]);
    expect(stateHash(a.db)).toBe(stateHash(b.db));
    expect(quarantine(a)).toEqual([]);
    expect(concurrentVersions(a.db)).toMatchObject([{ authorId: s.eng.id, version: 2 }]);
    expect(a.db.prepare(`SELECT count(*) AS n FROM feedback WHERE author_id = ? AND superseded = 0`).get(s.eng.id)).toEqual({ n: 1 });
    closeAll([a, b]);
  });

  it('a change to a deleted row is kept, not resurrected', () => {
    const a = make('dev-a', s.ceo.id);
    const b = make('dev-b', s.cto.id);
    const q = a.db.prepare('SELECT id, revision FROM questions ORDER BY id LIMIT 1').get() as { id: string; revision: number };
    a.call('questions.update', { id: q.id, revision: q.revision, tags: ['tag-x'] });
    a.flush();
    b.apply(a.batches[0] as never, s.ceo.id);
    // A removes the tag while B (concurrently) re-tags and edits the question.
    a.call('questions.update', { id: q.id, revision: revisionOf(a, 'questions', q.id), tags: [] });
    b.call('questions.update', { id: q.id, revision: revisionOf(b, 'questions', q.id), tags: ['tag-x', 'tag-y'] });
    a.flush();
    b.flush();
    deliverAll([a, b]);
    expect(stateHash(a.db)).toBe(stateHash(b.db));
    closeAll([a, b]);
  });

  it('changes to tables and columns this version does not know are stored, not dropped', () => {
    const a = make('dev-a', s.ceo.id);
    const b = make('dev-b', s.cto.id);
    b.call('candidates.update', { id: s.candidate.id, revision: revisionOf(b, 'candidates', s.candidate.id), notes: 'n' });
    b.flush();
    const batch = b.batches[0];
    const tx = batch?.transactions[0];
    if (!batch || !tx) throw new Error('no batch');
    const newer = {
      ...batch,
      transactions: [{ ...tx, changes: [...tx.changes, { table: 'candidates', pk: JSON.stringify([s.candidate.id]), column: 'pronouns', value: 'she/her', op: 'update' as const }] }],
    };
    expect(a.apply(newer, s.cto.id)).toMatchObject({ status: 'applied', applied: 1 });
    expect(a.db.prepare('SELECT col, value, reason FROM sync_pending').all()).toEqual([{ col: 'pronouns', value: 'she/her', reason: 'unknown column' }]);
    expect(candidateRow(a, s.candidate.id)?.notes).toBe('n');
    closeAll([a, b]);
  });
});

type Op =
  | { kind: 'createCandidate'; device: number; name: string; email: string }
  | { kind: 'editCandidate'; device: number; pick: number; field: 'name' | 'notes' | 'source' | 'phone'; text: string }
  | { kind: 'tagQuestion'; device: number; pick: number; tags: string[] }
  | { kind: 'submit'; device: number }
  | { kind: 'createPrinciple'; device: number; name: string }
  | { kind: 'editPrinciple'; device: number; pick: number; text: string }
  | { kind: 'flush'; device: number; limit: number }
  | { kind: 'deliver'; to: number; from: number; batch: number };

const text = fc.stringMatching(/^[a-z]{1,8}$/);
const op = (n: number): fc.Arbitrary<Op> => {
  const d = fc.nat({ max: n - 1 });
  return fc.oneof(
    fc.record({ kind: fc.constant('createCandidate' as const), device: d, name: text, email: fc.constantFrom('', 'ada@example.com', 'ADA@example.com') }),
    fc.record({ kind: fc.constant('editCandidate' as const), device: d, pick: fc.nat(), field: fc.constantFrom('name' as const, 'notes' as const, 'source' as const, 'phone' as const), text }),
    fc.record({ kind: fc.constant('tagQuestion' as const), device: d, pick: fc.nat({ max: 2 }), tags: fc.subarray(['a', 'b', 'c']) }),
    fc.record({ kind: fc.constant('submit' as const), device: d }),
    fc.record({ kind: fc.constant('createPrinciple' as const), device: d, name: fc.constantFrom('Frugality', 'frugality', 'Frugality (2)') }),
    fc.record({ kind: fc.constant('editPrinciple' as const), device: d, pick: fc.nat({ max: 1 }), text }),
    fc.record({ kind: fc.constant('flush' as const), device: d, limit: fc.integer({ min: 1, max: 4 }) }),
    fc.record({ kind: fc.constant('deliver' as const), to: d, from: d, batch: fc.nat() }),
  );
};

describe('convergence (property)', () => {
  it('2–5 devices, random writes, batchings, interleavings and duplicates: one state hash, nothing quarantined', () => {
    // Device owners: founder, interviewer, hiring manager, admin, founder again (a second laptop). Each writes
    // what its owner may: candidates by founders, admins and hiring managers; question tags by anyone who
    // edits questions; feedback by the loop's interviewers (Ceo and Eng).
    const owners = () => [s.ceo.id, s.eng.id, s.cto.id, s.admin.id, s.ceo.id];
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 5 }).chain((n) => fc.tuple(fc.constant(n), fc.array(op(n), { maxLength: 40 }), fc.integer())),
        ([n, ops, seed]) => {
          const devices = owners().slice(0, n).map((owner, i) => make(`dev-${i}`, owner, (i - 2) * 3_600_000));
          try {
            for (const o of ops) run(devices, o);
            for (const d of devices) d.flush(1 + (seed % 3 === 0 ? 5 : 0));
            deliverAll(devices, (pending) => shuffled(pending, seed));
            // Delivering everything again (duplicates) changes nothing.
            const hashes = devices.map((d) => stateHash(d.db));
            deliverAll(devices, (pending) => shuffled(pending, seed + 1));
            expect(devices.map((d) => stateHash(d.db))).toEqual(hashes);
            expect(new Set(hashes).size).toBe(1);
            for (const d of devices) expect(quarantine(d)).toEqual([]);
            // The same transactions batched differently, on a fresh device, give the same state.
            const fresh = make('dev-fresh', s.admin.id);
            const rebatched = devices.map((d) => ({ d, all: rebatch(d) }));
            deliverAllBatches(fresh, rebatched.flatMap(({ d, all }) => all.map((batch) => ({ batch, author: d.ownerId }))).reverse());
            expect(stateHash(fresh.db)).toBe(hashes[0]);
            closeAll([fresh]);
          } finally {
            closeAll(devices);
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});

function run(devices: Device[], o: Op): void {
  if (o.kind === 'deliver') {
    const from = devices[o.from];
    const to = devices[o.to];
    const batch = from?.batches[o.batch % Math.max(1, from.batches.length)];
    if (from && to && batch && from !== to) to.apply(batch, from.ownerId);
    return;
  }
  const d = devices[o.device];
  if (!d) return;
  const mayEditCandidates = d.ownerId !== s.eng.id;
  const mayEditPrinciples = d.ownerId === s.ceo.id || d.ownerId === s.admin.id;
  if (o.kind === 'flush') d.flush(o.limit);
  else if (o.kind === 'createCandidate' && mayEditCandidates) {
    // Another device may hold the email already: only this device's own view is checked when writing.
    if (!o.email || !d.db.prepare(`SELECT 1 FROM candidates WHERE email = ? COLLATE NOCASE`).get(o.email)) d.call('candidates.create', { name: o.name, email: o.email });
  }
  else if (o.kind === 'editCandidate' && mayEditCandidates) {
    const rows = d.db.prepare('SELECT id, revision FROM candidates ORDER BY id').all() as { id: string; revision: number }[];
    const row = rows[o.pick % rows.length];
    if (row) d.call('candidates.update', { id: row.id, revision: row.revision, [o.field]: o.text });
  } else if (o.kind === 'tagQuestion' && d.ownerId !== s.admin.id) {
    const rows = d.db.prepare('SELECT id, revision FROM questions ORDER BY id').all() as { id: string; revision: number }[];
    const row = rows[o.pick % rows.length];
    if (row) d.call('questions.update', { id: row.id, revision: row.revision, tags: o.tags });
  } else if (o.kind === 'createPrinciple' && mayEditPrinciples) {
    // Another device may hold the name already: only this device's own view is checked when writing.
    if (!d.db.prepare(`SELECT 1 FROM principles WHERE name = ? COLLATE NOCASE AND status = 'active'`).get(o.name)) d.call('principles.create', { name: o.name, summary: 'Does more with less' });
  } else if (o.kind === 'editPrinciple' && mayEditPrinciples) {
    const rows = d.db.prepare('SELECT id, revision FROM principles ORDER BY id').all() as { id: string; revision: number }[];
    const row = rows[o.pick % rows.length];
    if (row) d.call('principles.update', { id: row.id, revision: row.revision, summary: o.text });
  } else if (o.kind === 'submit' && (d.ownerId === s.eng.id || d.ownerId === s.ceo.id)) {
    const mine = d.db.prepare(`SELECT 1 FROM feedback WHERE author_id = ? AND status = 'submitted'`).get(d.ownerId);
    const body = { ...s.complete(s.slotOf(d.ownerId), 'inclined', 3), authorId: d.ownerId, loopId: s.loop.id };
    if (mine) d.call('feedback.amend', { ...body, reason: 'second thoughts' });
    else d.call('feedback.submit', body);
  }
}

/** Every transaction the device wrote, cut into batches of a different size than it used. */
function rebatch(d: Device) {
  const all = d.batches.flatMap((b) => b.transactions);
  const out = [];
  for (let i = 0; i < all.length; i += 2) {
    const transactions = all.slice(i, i + 2);
    const last = transactions.at(-1);
    if (last) out.push({ deviceId: d.id, seq: last.seq, deps: last.deps, transactions });
  }
  return out;
}

function deliverAllBatches(to: Device, batches: { batch: Parameters<Device['apply']>[0]; author: string }[]): void {
  for (let round = 0; round < 100; round++) {
    let progress = false;
    for (const { batch, author } of batches) if (to.apply(batch, author).status === 'applied') progress = true;
    if (!progress) return;
  }
}

function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let x = seed | 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const j = Math.abs(x) % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
