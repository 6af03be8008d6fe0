import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from '../../db/migrations';

describe('migration 63: covering indexes for the calibration statistics', () => {
  it('adds the indexes and keeps every row', () => {
    const db = new Database(':memory:');
    try {
      migrate(db, MIGRATIONS.filter((m) => m.version <= 60));
      db.pragma('foreign_keys = OFF');
      db.prepare(`INSERT INTO feedback (id, loop_id, slot_id, author_id, kind, status, vote, submitted_at, created_at, updated_at)
        VALUES ('f1', 'l1', 's1', 'm1', 'interview', 'submitted', 'inclined', '2026-01-05T12:00:00Z', 'now', 'now')`).run();
      db.prepare(`INSERT INTO feedback_ratings (feedback_id, principle_id, principle_revision, position, rating, situation) VALUES ('f1', 'p1', 1, 0, 3, 'long evidence')`).run();
      db.prepare(`INSERT INTO loop_slots (id, loop_id, position, title, duration_minutes, starts_at) VALUES ('s1', 'l1', 0, 'Ownership', 45, '2026-01-05T10:00:00Z')`).run();
      db.prepare(`INSERT INTO decisions (id, loop_id, hiring_manager_id, decision, rationale, decided_at, outcome) VALUES ('d1', 'l1', 'm2', 'hire', 'r', 'now', 'hire')`).run();
      const rows = () => ['feedback', 'feedback_ratings', 'loop_slots', 'decisions'].map((t) => db.prepare(`SELECT * FROM ${t}`).all());
      const before = rows();

      migrate(db, MIGRATIONS.filter((m) => m.version <= 63));
      expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(63);
      expect(rows()).toEqual(before);
      const indexes = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND name IN ('feedback_ratings_scores', 'feedback_votes', 'loop_slots_times', 'decisions_outcome') ORDER BY name`).all() as { name: string }[]).map((r) => r.name);
      expect(indexes).toEqual(['decisions_outcome', 'feedback_ratings_scores', 'feedback_votes', 'loop_slots_times']);
    } finally {
      db.close();
    }
  });
});
