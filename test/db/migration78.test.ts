import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from '../../db/migrations';

const HIRES = 6;

/** A schema-77 workspace whose hires have check-ins with ratings, as a year of quality-of-hire leaves it. */
function atSchema77(): Database.Database {
  const db = new Database(':memory:');
  migrate(
    db,
    MIGRATIONS.filter((m) => m.version <= 77),
  );
  expect(db.pragma('user_version', { simple: true })).toBe(77);
  // Parents of the loops (candidates, roles) are not the point: references are off while writing the rows, and
  // on again for the migration, where dropping a parent table would cascade.
  db.pragma('foreign_keys = OFF');
  db.prepare(`INSERT INTO team_members (id, name, created_at, updated_at) VALUES ('m1', 'Manager', 'now', 'now')`).run();
  for (const p of ['p1', 'p2']) db.prepare(`INSERT INTO principles (id, name, summary, position, created_at, updated_at) VALUES (?, ?, 's', 0, 'now', 'now')`).run(p, p);
  const checkin = db.prepare(`INSERT INTO hire_checkins (id, loop_id, kind, manager_id, note, recorded_at) VALUES (?, ?, ?, 'm1', ?, 'now')`);
  const rating = db.prepare('INSERT INTO hire_checkin_ratings (checkin_id, principle_id, principle_revision, position, rating) VALUES (?, ?, 1, ?, ?)');
  for (let h = HIRES - 1; h >= 0; h--) {
    db.prepare(`INSERT INTO loops (id, candidate_id, role_id, status, created_at, updated_at) VALUES (?, 'c', 'r', 'decided', 'now', 'now')`).run(`l${h}`);
    for (const kind of h % 2 === 0 ? ['day90', 'year1'] : ['day90']) {
      const id = `${kind}-${h}`;
      checkin.run(id, `l${h}`, kind, `Note ${h}`);
      rating.run(id, 'p1', 0, 1 + (h % 4));
      rating.run(id, 'p2', 1, null);
    }
  }
  db.pragma('foreign_keys = ON');
  return db;
}

const checkins = (db: Database.Database) => db.prepare('SELECT id, loop_id, kind, manager_id, note, recorded_at FROM hire_checkins ORDER BY id').all();
const ratings = (db: Database.Database) => db.prepare('SELECT * FROM hire_checkin_ratings ORDER BY checkin_id, principle_id').all();
const references = (db: Database.Database, table: string) =>
  db.prepare(`SELECT "table", "from", "to", on_delete FROM pragma_foreign_key_list(?) ORDER BY "from"`).all(table);

describe('migration 78 (a check-in recorded on two devices: both kept)', () => {
  it('keeps every check-in, rating, reference and index; one current check-in per hire and kind, duplicates beside it', () => {
    const db = atSchema77();
    const before = { checkins: checkins(db), ratings: ratings(db), references: references(db, 'hire_checkin_ratings') };
    expect(before.ratings).toHaveLength(2 * (HIRES + HIRES / 2));
    // The constraint this step lifts.
    expect(() => db.prepare(`INSERT INTO hire_checkins (id, loop_id, kind, manager_id, recorded_at) VALUES ('x', 'l0', 'day90', 'm1', 'now')`).run()).toThrow(/UNIQUE/);

    migrate(db, MIGRATIONS.filter((m) => m.version <= 78));
    expect(db.pragma('user_version', { simple: true })).toBe(78);
    expect(checkins(db)).toEqual(before.checkins);
    expect(ratings(db)).toEqual(before.ratings);
    expect(db.prepare('SELECT count(*) AS n FROM hire_checkins WHERE duplicate_of IS NOT NULL').get()).toEqual({ n: 0 });
    expect(references(db, 'hire_checkin_ratings')).toEqual(before.references);
    expect(db.prepare('SELECT name FROM sqlite_master WHERE name LIKE ?').all('%rebuilt%')).toEqual([]);
    expect(db.prepare('PRAGMA foreign_key_check(hire_checkins)').all()).toEqual([]);
    expect(db.prepare('PRAGMA foreign_key_check(hire_checkin_ratings)').all()).toEqual([]);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name LIKE 'hire_checkin%' ORDER BY name`).all()).toEqual([
      { name: 'hire_checkin_ratings_by_principle' },
      { name: 'hire_checkins_current' },
      { name: 'sqlite_autoindex_hire_checkins_1' },
    ]);

    // A second current check-in of one hire and kind is still refused; a flagged duplicate is kept beside it.
    const insert = db.prepare(`INSERT INTO hire_checkins (id, loop_id, kind, manager_id, recorded_at, duplicate_of) VALUES (?, 'l0', 'day90', 'm1', 'later', ?)`);
    expect(() => insert.run('x', null)).toThrow(/UNIQUE constraint failed: hire_checkins.loop_id, hire_checkins.kind/);
    insert.run('x', 'day90-0');
    // Ratings still belong to their check-in: deleting it (an erasure) takes them along, and nothing else.
    db.prepare(`DELETE FROM hire_checkins WHERE id = 'day90-1'`).run();
    expect(ratings(db)).toEqual(before.ratings.filter((r) => (r as { checkin_id: string }).checkin_id !== 'day90-1'));
    expect(() => db.prepare(`INSERT INTO hire_checkin_ratings (checkin_id, principle_id, principle_revision, position) VALUES ('nope', 'p1', 1, 0)`).run()).toThrow(
      /FOREIGN KEY/,
    );
    db.close();
  });
});
