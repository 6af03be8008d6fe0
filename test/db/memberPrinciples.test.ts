import Database from 'better-sqlite3-multiple-ciphers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from '../../db/migrations';

const STATUSES = ['draft', 'planned', 'interviewing', 'debrief', 'decided', 'closed', 'cancelled'] as const;
const STARTED = new Set(['interviewing', 'debrief', 'decided', 'closed']);
const MEMBERS = ['m0', 'm1', 'm2'];
const LOOPS = ['l0', 'l1', 'l2'];
const SLOTS = ['s0', 's1', 's2', 's3', 's4'];
const PRINCIPLES = ['p0', 'p1', 'p2'];

/** Interviews per member and principle from scratch, in JavaScript over the raw rows. */
function fromScratch(db: Database.Database): Record<string, number> {
  const started = new Set((db.prepare('SELECT id, status FROM loops').all() as { id: string; status: string }[]).filter((l) => STARTED.has(l.status)).map((l) => l.id));
  const slots = db.prepare('SELECT loop_id, interviewer_id, principle_ids FROM loop_slots').all() as { loop_id: string; interviewer_id: string | null; principle_ids: string }[];
  const out: Record<string, number> = {};
  for (const s of slots) {
    if (!s.interviewer_id || !started.has(s.loop_id)) continue;
    for (const p of JSON.parse(s.principle_ids) as string[]) out[`${s.interviewer_id}/${p}`] = (out[`${s.interviewer_id}/${p}`] ?? 0) + 1;
  }
  return out;
}

function stored(db: Database.Database): Record<string, number> {
  const rows = db.prepare('SELECT member_id, principle_id, interviews FROM member_principles').all() as { member_id: string; principle_id: string; interviews: number }[];
  return Object.fromEntries(rows.map((r) => [`${r.member_id}/${r.principle_id}`, r.interviews]));
}

const writeArb = fc.oneof(
  fc.record({ kind: fc.constant('loop' as const), loop: fc.constantFrom(...LOOPS), status: fc.constantFrom(...STATUSES) }),
  fc.record({ kind: fc.constant('deleteLoop' as const), loop: fc.constantFrom(...LOOPS) }),
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('slot' as const),
      slot: fc.constantFrom(...SLOTS),
      loop: fc.constantFrom(...LOOPS),
      interviewer: fc.option(fc.constantFrom(...MEMBERS)),
      principles: fc.uniqueArray(fc.constantFrom(...PRINCIPLES), { maxLength: 3 }),
    }),
  },
  fc.record({ kind: fc.constant('deleteSlot' as const), slot: fc.constantFrom(...SLOTS) }),
);
type Write = typeof writeArb extends fc.Arbitrary<infer T> ? T : never;

function apply(db: Database.Database, w: Write): void {
  const run = (sql: string, ...params: unknown[]) => db.prepare(sql).run(...params);
  switch (w.kind) {
    case 'loop':
      return void run(
        `INSERT INTO loops (id, candidate_id, role_id, status, created_at, updated_at) VALUES (?, 'c1', 'r1', ?, 'now', 'now')
         ON CONFLICT(id) DO UPDATE SET status = excluded.status`,
        w.loop, w.status,
      );
    case 'deleteLoop':
      return void run('DELETE FROM loops WHERE id = ?', w.loop);
    case 'slot':
      // As saveLoop writes slots: an upsert.
      return void run(
        `INSERT INTO loop_slots (id, loop_id, position, title, duration_minutes, interviewer_id, principle_ids) VALUES (?, ?, 0, 'Slot', 45, ?, ?)
         ON CONFLICT(id) DO UPDATE SET interviewer_id = excluded.interviewer_id, loop_id = excluded.loop_id, principle_ids = excluded.principle_ids`,
        w.slot, w.loop, w.interviewer, JSON.stringify(w.principles),
      );
    case 'deleteSlot':
      return void run('DELETE FROM loop_slots WHERE id = ?', w.slot);
  }
}

/** In one transaction with references checked at commit, as an import loads rows: a slot may arrive before its loop. */
function applyAll(db: Database.Database, writes: readonly Write[]): void {
  db.transaction(() => {
    db.pragma('defer_foreign_keys = ON');
    for (const w of writes) apply(db, w);
    const missing = db.prepare('SELECT loop_id AS id FROM loop_slots EXCEPT SELECT id FROM loops').all() as { id: string }[];
    for (const { id } of missing) apply(db, { kind: 'loop', loop: id, status: 'closed' });
  })();
}

function freshDatabase(upTo = Infinity): Database.Database {
  const db = new Database(':memory:');
  migrate(db, MIGRATIONS.filter((m) => m.version <= upTo));
  db.exec(`
    INSERT INTO candidates (id, name, created_at, updated_at) VALUES ('c1', 'Grace', 'now', 'now');
    INSERT INTO roles (id, title, created_at, updated_at) VALUES ('r1', 'Engineer', 'now', 'now');
    INSERT INTO team_members (id, name, created_at, updated_at) VALUES ('m0', 'Ada', 'now', 'now'), ('m1', 'Bo', 'now', 'now'), ('m2', 'Cy', 'now', 'now');
  `);
  db.pragma('foreign_keys = ON');
  return db;
}

describe('member_principles (migration 69: interviews per member and principle kept by triggers)', () => {
  it('after any sequence of writes, holds exactly the counts computed from scratch', () => {
    fc.assert(
      fc.property(fc.array(writeArb, { minLength: 1, maxLength: 30 }), (writes) => {
        const db = freshDatabase();
        try {
          applyAll(db, writes);
          expect(stored(db)).toEqual(fromScratch(db));
        } finally {
          db.close();
        }
      }),
      { numRuns: 150 },
    );
  });

  it('is filled when an existing workspace migrates, from the history it holds', () => {
    fc.assert(
      fc.property(fc.array(writeArb, { minLength: 1, maxLength: 30 }), (writes) => {
        const db = freshDatabase(65);
        try {
          applyAll(db, writes);
          const expected = fromScratch(db);
          migrate(db);
          expect(stored(db)).toEqual(expected);
        } finally {
          db.close();
        }
      }),
      { numRuns: 40 },
    );
  });
});
