import Database from 'better-sqlite3-multiple-ciphers';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from '../../db/migrations';

const FEEDBACK = 40;
const PRINCIPLES = 4;

/** A schema-50 database with feedback whose ratings carry long STAR evidence, as ten years of use leave it. */
function atSchema50(db: Database.Database): void {
  migrate(
    db,
    MIGRATIONS.filter((m) => m.version <= 50),
  );
  expect(db.pragma('user_version', { simple: true })).toBe(50);
  // Parents of feedback (loops, people) are not the point here: references are switched off to write the rows.
  db.pragma('foreign_keys = OFF');
  const principle = db.prepare(`INSERT INTO principles (id, name, summary, position, created_at, updated_at) VALUES (?, ?, 's', ?, 'now', 'now')`);
  for (let p = 0; p < PRINCIPLES; p++) principle.run(`p${p}`, `Principle ${p}`, p);
  const feedback = db.prepare(
    `INSERT INTO feedback (id, loop_id, author_id, kind, status, created_at, updated_at) VALUES (?, 'l1', ?, 'interview', 'submitted', 'now', 'now')`,
  );
  const rating = db.prepare(
    `INSERT INTO feedback_ratings (feedback_id, principle_id, principle_revision, position, rating, not_assessed, not_assessed_reason, situation, task, action, result)
     VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const words = (n: number, seed: number) => Array.from({ length: n }, (_, i) => `word${(i * 7 + seed) % 97}`).join(' ');
  // Inserted out of key order, so the copy's order is the key's and not the insertion's.
  for (let f = FEEDBACK - 1; f >= 0; f--) {
    const id = `f${String(f).padStart(3, '0')}`;
    feedback.run(id, `m${f}`);
    for (let p = PRINCIPLES - 1; p >= 0; p--) {
      if ((f + p) % 7 === 0) rating.run(id, `p${p}`, p, null, 1, 'Not covered in this interview', '', '', '', '');
      else rating.run(id, `p${p}`, p, 1 + ((f + p) % 4), 0, '', words(60, f), words(40, p), words(120, f + p), words(50, f * p));
    }
  }
  db.pragma('foreign_keys = ON');
}

const allRatings = (db: Database.Database) => db.prepare('SELECT * FROM feedback_ratings ORDER BY feedback_id, principle_id').all();
const indexes = (db: Database.Database) =>
  (db.prepare(`SELECT name, "unique", origin, partial FROM pragma_index_list('feedback_ratings') ORDER BY name`).all() as { name: string }[]).map(
    (index) => ({ ...index, columns: (db.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno').all(index.name) as { name: string }[]).map((c) => c.name) }),
  );
const ratingsBytes = (db: Database.Database) =>
  (db.prepare(`SELECT SUM(pgsize) AS bytes FROM dbstat WHERE name IN ('feedback_ratings', 'feedback_ratings_by_principle') OR name LIKE 'sqlite_autoindex_feedback_ratings%'`).get() as { bytes: number })
    .bytes;

describe('migration 60 (feedback ratings in a rowid table)', () => {
  it('keeps every rating, column, key, index and reference, and the table is no longer WITHOUT ROWID', () => {
    const db = new Database(':memory:');
    atSchema50(db);
    const before = allRatings(db);
    const columnsBefore = db.prepare(`SELECT * FROM pragma_table_xinfo('feedback_ratings')`).all();
    const referencesBefore = db.prepare(`SELECT "table", "from", "to", on_delete FROM pragma_foreign_key_list('feedback_ratings') ORDER BY "from"`).all();
    expect(before).toHaveLength(FEEDBACK * PRINCIPLES);
    expect(db.prepare(`SELECT wr FROM pragma_table_list('feedback_ratings')`).get()).toEqual({ wr: 1 });

    // Up to this step only: later steps add indexes of their own.
    migrate(db, MIGRATIONS.filter((m) => m.version <= 60));
    expect(db.pragma('user_version', { simple: true })).toBe(60);
    expect(db.prepare(`SELECT wr FROM pragma_table_list('feedback_ratings')`).get()).toEqual({ wr: 0 });
    expect(allRatings(db)).toEqual(before);
    expect(db.prepare(`SELECT * FROM pragma_table_xinfo('feedback_ratings')`).all()).toEqual(columnsBefore);
    expect(db.prepare(`SELECT "table", "from", "to", on_delete FROM pragma_foreign_key_list('feedback_ratings') ORDER BY "from"`).all()).toEqual(referencesBefore);
    // The key lives on as a unique index, beside the index by principle.
    expect(indexes(db)).toEqual([
      { name: 'feedback_ratings_by_principle', unique: 0, origin: 'c', partial: 0, columns: ['principle_id'] },
      { name: 'sqlite_autoindex_feedback_ratings_1', unique: 1, origin: 'pk', partial: 0, columns: ['feedback_id', 'principle_id'] },
    ]);
    // The export reads a rowid table in rowid order: the copy is in key order, as the old table was read.
    expect(db.prepare('SELECT * FROM feedback_ratings ORDER BY rowid').all()).toEqual(before);
    expect(() =>
      db.prepare(`INSERT INTO feedback_ratings (feedback_id, principle_id, principle_revision, position) VALUES ('f000', 'p0', 1, 0)`).run(),
    ).toThrow(/UNIQUE constraint failed: feedback_ratings.feedback_id, feedback_ratings.principle_id/);
    expect(() => db.prepare(`INSERT INTO feedback_ratings (feedback_id, principle_id, principle_revision, position) VALUES ('f000', 'nope', 1, 9)`).run()).toThrow(
      /FOREIGN KEY/,
    );
    // Deleting a feedback still takes its ratings with it.
    db.prepare(`DELETE FROM feedback WHERE id = 'f001'`).run();
    expect(db.prepare(`SELECT count(*) AS n FROM feedback_ratings WHERE feedback_id = 'f001'`).get()).toEqual({ n: 0 });
    expect(db.prepare(`SELECT count(*) AS n FROM feedback_ratings`).get()).toEqual({ n: (FEEDBACK - 1) * PRINCIPLES });
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name LIKE '%rebuilt%'`).all()).toEqual([]);
    expect(db.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
    db.close();
  });

  describe('on a workspace file', () => {
    let dir = '';
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('gives the freed pages back: the ratings take less space and the file shrinks', () => {
      dir = mkdtempSync(join(tmpdir(), 'principled-migration60-'));
      const file = join(dir, 'principled.sqlite');
      const old = new Database(file);
      old.pragma('journal_mode = WAL');
      atSchema50(old);
      const before = allRatings(old);
      const bytesBefore = ratingsBytes(old);
      old.pragma('wal_checkpoint(TRUNCATE)');
      old.close();
      const fileBefore = statSync(file).size;

      // Up to this step only: later steps drop indexes and change the page size (test/db/migration65.test.ts).
      const db = new Database(file);
      db.pragma('journal_mode = WAL');
      migrate(db, MIGRATIONS.filter((m) => m.version <= 60));
      try {
        expect(db.pragma('user_version', { simple: true })).toBe(60);
        expect(allRatings(db)).toEqual(before);
        expect(db.pragma('freelist_count', { simple: true })).toBe(0);
        // Rows of ~1.5 KB of evidence: a WITHOUT ROWID table left most of each page empty.
        expect(ratingsBytes(db)).toBeLessThan(bytesBefore * 0.6);
        expect(statSync(`${file}-wal`).size).toBe(0);
      } finally {
        db.close();
      }
      expect(statSync(file).size).toBeLessThan(fileBefore);
    });
  });
});
