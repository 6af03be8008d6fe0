import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from '../../db/migrations';

describe('migration 50 (erased candidates)', () => {
  it('adds the table to a version-40 workspace, lists the erasures already made and keeps the data', () => {
    const db = new Database(':memory:');
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version <= 40),
    );
    expect(db.pragma('user_version', { simple: true })).toBe(40);
    db.exec(`
      INSERT INTO candidates (id, name, created_at, updated_at) VALUES ('c1', 'Erased candidate', 'now', 'now'), ('c2', 'Alan', 'now', 'now');
      INSERT INTO activity (id, at, actor, method, entity, entity_id, summary) VALUES
        ('a1', '2025-01-01T00:00:00.000Z', 'local', 'candidates.create', 'candidate', 'c1', 'Added candidate [erased]'),
        ('a2', '2025-02-01T00:00:00.000Z', 'local', 'privacy.eraseCandidate', 'candidate', 'c1', 'Erased a candidate''s personal data'),
        ('a3', '2025-03-01T00:00:00.000Z', 'local', 'candidates.create', 'candidate', 'c2', 'Added candidate Alan');
    `);
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version <= 50),
    );
    expect(db.pragma('user_version', { simple: true })).toBe(50);
    expect(db.prepare('SELECT id, erased_at FROM erased_candidates').all()).toEqual([{ id: 'c1', erased_at: '2025-02-01T00:00:00.000Z' }]);
    expect(db.prepare('SELECT id, name FROM candidates ORDER BY id').all()).toEqual([
      { id: 'c1', name: 'Erased candidate' },
      { id: 'c2', name: 'Alan' },
    ]);
    expect(db.prepare('SELECT count(*) AS n FROM activity').get()).toEqual({ n: 3 });
    expect(db.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
    db.close();
  });
});
