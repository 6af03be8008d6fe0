import Database from 'better-sqlite3-multiple-ciphers';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, PAGE_SIZE, migrate } from '../../db/migrations';
import { matchesBetween } from '../../db/queries/evidence';
import { toEvidenceQuery } from '../../db/queries/ftsQuery';
import type { ReadableDB } from '../../db/handles';

const SECRET = 'zanzibarquokka';
const RATINGS = 600;
const DROPPED = ['kit_questions_by_question', 'feedback_ratings_by_principle', 'feedback_by_loop', 'feedback_readable', 'loop_slots_by_loop', 'loop_slots_by_interviewer'];

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'principled-m65-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A schema-63 workspace on disk (the VACUUM is skipped in memory), in WAL mode as the app keeps it. */
function atSchema63(): { db: Database.Database; file: string } {
  const file = join(dir, 'principled.sqlite');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('secure_delete = ON');
  expect(db.pragma('page_size', { simple: true })).toBe(4096);
  migrate(db, MIGRATIONS.filter((m) => m.version <= 63));
  // Loops and people are not the point: references are switched off to write the rows.
  db.pragma('foreign_keys = OFF');
  db.transaction(() => {
    db.prepare(`INSERT INTO principles (id, name, summary, position, created_at, updated_at) VALUES ('p1', 'Ownership', 's', 0, 'now', 'now')`).run();
    const slot = db.prepare(`INSERT INTO loop_slots (id, loop_id, position, title, duration_minutes, interviewer_id, starts_at) VALUES (?, ?, 0, 'One', 45, ?, '2026-01-05T10:00:00Z')`);
    const kit = db.prepare(`INSERT INTO kit_questions (slot_id, principle_id, question_id, position) VALUES (?, 'p1', ?, 0)`);
    const feedback = db.prepare(
      `INSERT INTO feedback (id, loop_id, slot_id, author_id, kind, status, vote, submitted_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'interview', 'submitted', 'inclined', '2026-01-05T12:00:00Z', 'now', 'now')`,
    );
    const rating = db.prepare(
      `INSERT INTO feedback_ratings (feedback_id, principle_id, principle_revision, position, rating, situation, task, action, result)
       VALUES (?, 'p1', 1, 0, 3, ?, ?, ?, ?)`,
    );
    for (let i = 0; i < RATINGS; i++) {
      const id = String(i).padStart(4, '0');
      slot.run(`s${id}`, `l${id}`, `m${i % 7}`);
      kit.run(`s${id}`, `q${i % 13}`);
      feedback.run(`f${id}`, `l${id}`, `s${id}`, `m${i % 7}`);
      // Long evidence, as real feedback has, so the index is large enough to shrink.
      const filler = Array.from({ length: 40 }, (_, w) => `word${(i * 7 + w) % 997}`).join(' ');
      rating.run(
        `f${id}`,
        i === 0 ? 'The billing migration was late.' : `Situation ${filler}.`,
        i === 1 ? `I owned the ${SECRET} cut-over.` : `Task ${filler}.`,
        i === 0 ? 'I escalated to the vendor twice.' : `Action ${filler}.`,
        `Result ${filler}.`,
      );
    }
  })();
  db.pragma('foreign_keys = ON');
  return { db, file };
}

const indexNames = (db: Database.Database) =>
  (db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name`).all() as { name: string }[]).map((r) => r.name);
const search = (db: Database.Database, words: string) => {
  const q = toEvidenceQuery(words) ?? '';
  return matchesBetween(db as ReadableDB, q, 1, RATINGS + 10);
};
const indexBytes = (db: Database.Database) =>
  (db.prepare(`SELECT SUM(pgsize) AS bytes FROM dbstat WHERE name LIKE 'evidence_fts%'`).get() as { bytes: number }).bytes;

describe('migration 65 (a smaller workspace)', () => {
  it('keeps every row and every evidence match of an existing workspace, in a smaller file', () => {
    const { db, file } = atSchema63();
    try {
      const tables = ['feedback', 'feedback_ratings', 'loop_slots'];
      const rows = () => tables.map((t) => db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all());
      const rowsWithoutRowid = () => db.prepare('SELECT * FROM kit_questions').all();
      const before = { rows: rows(), kit: rowsWithoutRowid() };
      const matches = ['migration', 'escalate', SECRET, 'word5', 'word5 word6', 'situation'].map((w) => search(db, w));
      const evidenceIndexBefore = indexBytes(db);
      expect(matches[1]).toEqual([1]);

      // Up to this step only: later ones may add columns, which would make every row differ.
      migrate(db, MIGRATIONS.filter((m) => m.version <= 65));
      expect(db.pragma('user_version', { simple: true })).toBe(65);
      expect(rows()).toEqual(before.rows);
      expect(rowsWithoutRowid()).toEqual(before.kit);
      expect(['migration', 'escalate', SECRET, 'word5', 'word5 word6', 'situation'].map((w) => search(db, w))).toEqual(matches);
      // Positions are no longer stored; the marks of a result are found by reading its text again.
      expect(
        db.prepare(`SELECT highlight(evidence_fts, 0, '[', ']') AS s, highlight(evidence_fts, 2, '[', ']') AS a FROM evidence_fts WHERE evidence_fts MATCH ?`).all(toEvidenceQuery('escalate')),
      ).toEqual([{ s: 'The billing migration was late.', a: 'I [escalated] to the vendor twice.' }]);

      expect(db.prepare(`SELECT sql FROM sqlite_schema WHERE name = 'evidence_fts'`).get()).toEqual({ sql: expect.stringMatching(/detail = none, columnsize = 0/) });
      expect(db.prepare(`SELECT v FROM evidence_fts_config WHERE k = 'secure-delete'`).get()).toEqual({ v: 1 });
      expect(() => db.prepare(`INSERT INTO evidence_fts(evidence_fts) VALUES ('integrity-check')`).run()).not.toThrow();
      expect(indexNames(db)).toEqual(expect.not.arrayContaining(DROPPED));
      expect(indexNames(db)).toEqual(expect.arrayContaining(['feedback_votes', 'loop_slots_by_loop_interviewer', 'loop_slots_by_interviewer_loop', 'loop_slots_times']));
      expect(db.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
      // The freed pages went back to the file system (the step asks for a VACUUM), which also rewrote the
      // file with larger pages and returned it to WAL.
      expect(db.pragma('freelist_count', { simple: true })).toBe(0);
      expect(db.pragma('page_size', { simple: true })).toBe(PAGE_SIZE);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(statSync(`${file}-wal`).size).toBe(0);
      // This file is too small for the page size to pay (every table and index takes at least a page);
      // the index without positions is smaller whatever the page size.
      expect(indexBytes(db)).toBeLessThan(evidenceIndexBefore * 0.5);
    } finally {
      db.close();
    }
  });

  it('keeps the new index in step with later edits, leaving no trace of replaced evidence in its bytes', () => {
    const { db } = atSchema63();
    try {
      migrate(db);
      const inIndex = (word: string) =>
        (db.prepare('SELECT block FROM evidence_fts_data').all() as { block: Buffer | null }[]).some((r) => r.block?.includes(Buffer.from(word)));
      expect(search(db, SECRET)).toEqual([2]);
      expect(inIndex(SECRET)).toBe(true);
      // What an erasure does to a rating: its evidence is overwritten.
      db.prepare(`UPDATE feedback_ratings SET situation = '[erased]', task = '[erased]', action = '[erased]', result = '[erased]' WHERE feedback_id = 'f0001'`).run();
      expect(search(db, SECRET)).toEqual([]);
      expect(inIndex(SECRET)).toBe(false);
      expect(search(db, 'erased')).toEqual([2]);
      db.prepare(`INSERT INTO principles (id, name, summary, position, created_at, updated_at) VALUES ('p2', 'Frugality', 's', 1, 'now', 'now')`).run();
      db.prepare(`INSERT INTO feedback_ratings (feedback_id, principle_id, principle_revision, position, rating, action) VALUES ('f0000', 'p2', 1, 1, 2, 'We negotiated refunds.')`).run();
      expect(search(db, 'negotiate refund')).toEqual([RATINGS + 1]);
      expect(() => db.prepare(`INSERT INTO evidence_fts(evidence_fts) VALUES ('integrity-check')`).run()).not.toThrow();
    } finally {
      db.close();
    }
  });
});
