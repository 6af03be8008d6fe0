import Database from 'better-sqlite3-multiple-ciphers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from '../../db/migrations';

const STATUSES = ['draft', 'planned', 'interviewing', 'debrief', 'decided', 'closed', 'cancelled'] as const;
const STARTED = new Set(['interviewing', 'debrief', 'decided', 'closed']);
const MEMBERS = ['m0', 'm1', 'm2', 'm3', 'm4'];
const LOOPS = ['l0', 'l1', 'l2'];
const SLOTS = ['s0', 's1', 's2', 's3', 's4', 's5'];

interface Counts {
  interviews: number;
  shadows: number;
  bar_raised: number;
  reverse_shadows: number;
}

/** The counts from scratch, in JavaScript over the raw rows: what the team screen promises, independent of the SQL. */
function countsFromScratch(db: Database.Database): Record<string, Counts> {
  const members = db.prepare('SELECT id, capabilities FROM team_members').all() as { id: string; capabilities: string }[];
  const loops = db.prepare('SELECT id, status, bar_raiser_id FROM loops').all() as { id: string; status: string; bar_raiser_id: string | null }[];
  const slots = db.prepare('SELECT loop_id, interviewer_id FROM loop_slots').all() as { loop_id: string; interviewer_id: string | null }[];
  const shadows = db.prepare('SELECT loop_id, member_id FROM loop_shadows').all() as { loop_id: string; member_id: string }[];
  const started = new Set(loops.filter((l) => STARTED.has(l.status)).map((l) => l.id));
  const barRaisers = new Set(members.filter((m) => (JSON.parse(m.capabilities) as string[]).includes('bar_raiser')).map((m) => m.id));
  const out: Record<string, Counts> = {};
  for (const m of members) {
    const raised = loops.filter((l) => l.bar_raiser_id === m.id && started.has(l.id));
    out[m.id] = {
      interviews: slots.filter((s) => s.interviewer_id === m.id && started.has(s.loop_id)).length,
      shadows: shadows.filter((s) => s.member_id === m.id && started.has(s.loop_id)).length,
      bar_raised: raised.length,
      reverse_shadows: raised.filter((l) => shadows.some((s) => s.loop_id === l.id && barRaisers.has(s.member_id))).length,
    };
  }
  return out;
}

function stored(db: Database.Database): Record<string, Counts> {
  const rows = db.prepare('SELECT * FROM member_training').all() as ({ member_id: string } & Counts)[];
  return Object.fromEntries(rows.map(({ member_id, ...c }) => [member_id, c]));
}

/** One write of any kind that can move a count, as any handler, import or cascade could make it. */
const writeArb = fc.oneof(
  fc.record({ kind: fc.constant('loop' as const), loop: fc.constantFrom(...LOOPS), status: fc.constantFrom(...STATUSES), barRaiser: fc.option(fc.constantFrom(...MEMBERS)) }),
  fc.record({ kind: fc.constant('status' as const), loop: fc.constantFrom(...LOOPS), status: fc.constantFrom(...STATUSES) }),
  fc.record({ kind: fc.constant('barRaiser' as const), loop: fc.constantFrom(...LOOPS), barRaiser: fc.option(fc.constantFrom(...MEMBERS)) }),
  fc.record({ kind: fc.constant('deleteLoop' as const), loop: fc.constantFrom(...LOOPS) }),
  fc.record({ kind: fc.constant('slot' as const), slot: fc.constantFrom(...SLOTS), loop: fc.constantFrom(...LOOPS), interviewer: fc.option(fc.constantFrom(...MEMBERS)) }),
  fc.record({ kind: fc.constant('deleteSlot' as const), slot: fc.constantFrom(...SLOTS) }),
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('shadow' as const), loop: fc.constantFrom(...LOOPS), member: fc.constantFrom(...MEMBERS) }) },
  fc.record({ kind: fc.constant('deleteShadow' as const), loop: fc.constantFrom(...LOOPS), member: fc.constantFrom(...MEMBERS) }),
  fc.record({ kind: fc.constant('moveShadow' as const), loop: fc.constantFrom(...LOOPS), member: fc.constantFrom(...MEMBERS), to: fc.constantFrom(...MEMBERS) }),
  // Weighted: a shadow's capabilities change what their loops' bar raisers count, long after the loop was saved.
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('capabilities' as const), member: fc.constantFrom(...MEMBERS), barRaiser: fc.boolean(), inTraining: fc.boolean() }) },
  fc.record({ kind: fc.constant('member' as const), member: fc.constantFrom(...MEMBERS), barRaiser: fc.boolean() }),
);
type Write = typeof writeArb extends fc.Arbitrary<infer T> ? T : never;

function apply(db: Database.Database, w: Write): void {
  const run = (sql: string, ...params: unknown[]) => db.prepare(sql).run(...params);
  const caps = (barRaiser: boolean, inTraining = false) =>
    JSON.stringify(['interviewer', ...(barRaiser ? ['bar_raiser'] : []), ...(inTraining ? ['bar_raiser_in_training'] : [])]);
  switch (w.kind) {
    case 'loop':
      // As saveLoop writes it: an upsert that rewrites the status and the bar raiser every time.
      return void run(
        `INSERT INTO loops (id, candidate_id, role_id, status, bar_raiser_id, created_at, updated_at) VALUES (?, 'c1', 'r1', ?, ?, 'now', 'now')
         ON CONFLICT(id) DO UPDATE SET status = excluded.status, bar_raiser_id = excluded.bar_raiser_id`,
        w.loop, w.status, w.barRaiser,
      );
    case 'status':
      return void run('UPDATE loops SET status = ? WHERE id = ?', w.status, w.loop);
    case 'barRaiser':
      return void run('UPDATE loops SET bar_raiser_id = ? WHERE id = ?', w.barRaiser, w.loop);
    case 'deleteLoop':
      // Nothing in the app deletes a loop today; its slots and shadows go with it by cascade.
      return void run('DELETE FROM loops WHERE id = ?', w.loop);
    case 'slot':
      return void run(
        `INSERT INTO loop_slots (id, loop_id, position, title, duration_minutes, interviewer_id) VALUES (?, ?, 0, 'Slot', 45, ?)
         ON CONFLICT(id) DO UPDATE SET interviewer_id = excluded.interviewer_id, loop_id = excluded.loop_id`,
        w.slot, w.loop, w.interviewer,
      );
    case 'deleteSlot':
      return void run('DELETE FROM loop_slots WHERE id = ?', w.slot);
    case 'shadow':
      return void run('INSERT OR IGNORE INTO loop_shadows (loop_id, member_id) VALUES (?, ?)', w.loop, w.member);
    case 'deleteShadow':
      return void run('DELETE FROM loop_shadows WHERE loop_id = ? AND member_id = ?', w.loop, w.member);
    case 'moveShadow':
      return void run('UPDATE OR IGNORE loop_shadows SET member_id = ? WHERE loop_id = ? AND member_id = ?', w.to, w.loop, w.member);
    case 'capabilities':
      return void run('UPDATE team_members SET capabilities = ? WHERE id = ?', caps(w.barRaiser, w.inTraining), w.member);
    case 'member':
      return void run(
        `INSERT OR IGNORE INTO team_members (id, name, capabilities, created_at, updated_at) VALUES (?, ?, ?, 'now', 'now')`,
        w.member, w.member, caps(w.barRaiser),
      );
  }
}

/**
 * The writes in one transaction with references checked at commit, as an import loads rows: a slot may name a
 * loop or a person that arrives later. Whatever is still missing then arrives last (started loops, bar raisers).
 */
function applyAll(db: Database.Database, writes: readonly Write[]): void {
  db.transaction(() => {
    db.pragma('defer_foreign_keys = ON');
    for (const w of writes) apply(db, w);
    const missingLoops = db
      .prepare(`SELECT loop_id AS id FROM loop_slots UNION SELECT loop_id FROM loop_shadows EXCEPT SELECT id FROM loops`)
      .all() as { id: string }[];
    for (const { id } of missingLoops) apply(db, { kind: 'loop', loop: id, status: 'closed', barRaiser: 'm1' });
    const missingMembers = db
      .prepare(
        `SELECT interviewer_id AS id FROM loop_slots WHERE interviewer_id IS NOT NULL UNION SELECT member_id FROM loop_shadows
         UNION SELECT bar_raiser_id FROM loops WHERE bar_raiser_id IS NOT NULL EXCEPT SELECT id FROM team_members`,
      )
      .all() as { id: string }[];
    for (const { id } of missingMembers) apply(db, { kind: 'member', member: id, barRaiser: true });
  })();
}

const templates = new Map<number, Buffer>();

/** A database at the latest schema (or `upTo`) with a candidate, a role and three of the five people; migrated once, then copied. */
function freshDatabase(upTo = Infinity): Database.Database {
  let template = templates.get(upTo);
  if (!template) {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.filter((m) => m.version <= upTo));
    db.exec(`
      INSERT INTO candidates (id, name, created_at, updated_at) VALUES ('c1', 'Grace', 'now', 'now');
      INSERT INTO roles (id, title, created_at, updated_at) VALUES ('r1', 'Engineer', 'now', 'now');
      INSERT INTO team_members (id, name, capabilities, created_at, updated_at) VALUES ('m0', 'Ada', '["bar_raiser"]', 'now', 'now'),
        ('m1', 'Bo', '["interviewer"]', 'now', 'now'), ('m2', 'Cy', '["interviewer", "bar_raiser"]', 'now', 'now');
    `);
    template = db.serialize();
    templates.set(upTo, template);
    db.close();
  }
  const db = new Database(template);
  db.pragma('foreign_keys = ON');
  return db;
}

describe('member_training (migration 64: training counts kept by triggers)', () => {
  it('after any sequence of writes, holds for every member exactly the counts computed from scratch', () => {
    fc.assert(
      fc.property(fc.array(writeArb, { minLength: 1, maxLength: 40, size: 'max' }), (writes) => {
        const db = freshDatabase();
        try {
          applyAll(db, writes);
          expect(stored(db)).toEqual(countsFromScratch(db));
          // The view the triggers recount from agrees with the independent count too.
          const fresh = db.prepare('SELECT * FROM member_training_fresh').all() as ({ member_id: string } & Counts)[];
          expect(Object.fromEntries(fresh.map(({ member_id, ...c }) => [member_id, c]))).toEqual(countsFromScratch(db));
        } finally {
          db.close();
        }
      }),
      {
        numRuns: 200,
        // Rare at random: a shadow becomes a bar raiser after the loop was last saved.
        examples: [
          [
            [
              { kind: 'loop', loop: 'l0', status: 'closed', barRaiser: 'm0' },
              { kind: 'shadow', loop: 'l0', member: 'm1' },
              { kind: 'capabilities', member: 'm1', barRaiser: true, inTraining: false },
            ],
          ],
        ],
      },
    );
  });

  it('is filled when an existing workspace migrates, with the counts its history gives', () => {
    fc.assert(
      fc.property(fc.array(writeArb, { minLength: 1, maxLength: 40, size: 'max' }), (writes) => {
        const db = freshDatabase(60);
        try {
          applyAll(db, writes);
          const expected = countsFromScratch(db);
          migrate(db);
          expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(64);
          expect(stored(db)).toEqual(expected);
        } finally {
          db.close();
        }
      }),
      { numRuns: 40 },
    );
  });

  it('recounts a member only from their own history: no scan of all loops or slots', () => {
    const db = freshDatabase();
    const plan = (db.prepare(`EXPLAIN QUERY PLAN SELECT * FROM member_training_fresh WHERE member_id IN ('m0')`).all() as { detail: string }[]).map(
      (r) => r.detail,
    );
    expect(plan.filter((d) => d.startsWith('SCAN'))).toEqual([]);
    // Each count walks the member's own rows by index, not every started loop (which the planner preferred for shadows).
    expect(plan.some((d) => /SEARCH sh USING COVERING INDEX loop_shadows_by_member \(member_id=\?\)$/.test(d))).toBe(true);
    db.close();
  });
});
