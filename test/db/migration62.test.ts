import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from '../../db/migrations';

/** A schema-61 database holding submitted feedback, as a workspace has it before the evidence index exists. */
function atSchema61(): Database.Database {
  const db = new Database(':memory:');
  migrate(
    db,
    MIGRATIONS.filter((m) => m.version <= 61),
  );
  // Loops and people are not the point: references are switched off to write the rows.
  db.pragma('foreign_keys = OFF');
  db.prepare(`INSERT INTO principles (id, name, summary, position, created_at, updated_at) VALUES ('p1', 'Ownership', 's', 0, 'now', 'now')`).run();
  const feedback = db.prepare(
    `INSERT INTO feedback (id, loop_id, author_id, kind, status, created_at, updated_at) VALUES (?, 'l1', ?, 'interview', 'submitted', 'now', 'now')`,
  );
  const rating = db.prepare(
    `INSERT INTO feedback_ratings (feedback_id, principle_id, principle_revision, position, rating, situation, task, action, result)
     VALUES (?, 'p1', 1, 0, 3, ?, ?, ?, ?)`,
  );
  feedback.run('f1', 'm1');
  rating.run('f1', 'The billing migration was late.', 'I owned the cut-over.', 'I escalated to the vendor twice.', 'We shipped in two weeks.');
  feedback.run('f2', 'm2');
  rating.run('f2', 'An outage hit checkout.', '', 'I rolled back and wrote the postmortem.', 'Pages fell by half.');
  db.pragma('foreign_keys = ON');
  return db;
}

const search = (db: Database.Database, q: string) =>
  (
    db.prepare(`SELECT r.feedback_id AS id FROM evidence_fts JOIN feedback_ratings r ON r.rowid = evidence_fts.rowid WHERE evidence_fts MATCH ? ORDER BY id`).all(q) as {
      id: string;
    }[]
  ).map((r) => r.id);

describe('migration 62 (evidence full-text index)', () => {
  it('indexes the feedback an existing workspace already holds, in every STAR field and any word form', () => {
    const db = atSchema61();
    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(62);
    expect(search(db, 'migration')).toEqual(['f1']);
    expect(search(db, 'escalate')).toEqual(['f1']); // "escalated", stemmed
    expect(search(db, 'shipped')).toEqual(['f1']);
    expect(search(db, 'postmortem')).toEqual(['f2']);
    expect(search(db, 'i')).toEqual(['f1', 'f2']);
    expect(db.prepare(`INSERT INTO evidence_fts(evidence_fts) VALUES ('integrity-check')`).run().changes).toBeGreaterThanOrEqual(0);
    db.close();
  });

  it('keeps the index in step with every later insert, edit and delete, removing old words from the index itself', () => {
    const db = atSchema61();
    migrate(db);
    db.prepare(`UPDATE feedback_ratings SET action = 'I negotiated a refund.' WHERE feedback_id = 'f1'`).run();
    expect(search(db, 'escalated')).toEqual([]);
    expect(search(db, 'refund')).toEqual(['f1']);
    db.prepare(`DELETE FROM feedback_ratings WHERE feedback_id = 'f2'`).run();
    expect(search(db, 'outage')).toEqual([]);
    // Gone from the vocabulary; that they are gone from the index's bytes too (secure-delete, set here) is
    // checked on a real erasure in test/api/evidenceSearch.test.ts.
    db.exec(`CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, evidence_fts, 'row')`);
    const terms = (db.prepare('SELECT term FROM temp.vocab').all() as { term: string }[]).map((t) => t.term);
    expect(terms).not.toContain('escal');
    expect(terms).not.toContain('outag');
    expect(terms).toContain('refund');
    expect(db.prepare(`SELECT v FROM evidence_fts_config WHERE k = 'secure-delete'`).get()).toEqual({ v: 1 });
    expect(() => db.prepare(`INSERT INTO evidence_fts(evidence_fts) VALUES ('integrity-check')`).run()).not.toThrow();
    db.close();
  });
});
