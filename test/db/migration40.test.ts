import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from '../../db/migrations';

describe('migration 40 (indexes for ten years of data)', () => {
  it('adds the indexes to a version-30 workspace and keeps its data', () => {
    const db = new Database(':memory:');
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version <= 30),
    );
    expect(db.pragma('user_version', { simple: true })).toBe(30);
    db.exec(`
      INSERT INTO team_members (id, name, created_at, updated_at) VALUES ('m1', 'Ada', 'now', 'now');
      INSERT INTO candidates (id, name, created_at, updated_at) VALUES ('c1', 'Grace', 'now', 'now');
      INSERT INTO roles (id, title, created_at, updated_at) VALUES ('r1', 'Engineer', 'now', 'now');
      INSERT INTO loops (id, candidate_id, role_id, status, created_at, updated_at) VALUES ('l1', 'c1', 'r1', 'interviewing', 'now', 'now');
      INSERT INTO loop_slots (id, loop_id, position, title, duration_minutes, interviewer_id) VALUES ('s1', 'l1', 0, 'One', 45, 'm1');
      INSERT INTO feedback (id, loop_id, slot_id, author_id, kind, status, created_at, updated_at)
        VALUES ('f1', 'l1', 's1', 'm1', 'interview', 'submitted', 'now', 'now');
    `);
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version <= 40),
    );
    expect(db.pragma('user_version', { simple: true })).toBe(40);
    const indexes = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index'`).all() as { name: string }[]).map((r) => r.name);
    expect(indexes).toEqual(expect.arrayContaining(['feedback_by_loop', 'loop_slots_by_interviewer_loop', 'loop_slots_by_loop_interviewer']));
    expect(db.prepare(`SELECT author_id FROM feedback WHERE loop_id = 'l1' AND status = 'submitted'`).all()).toEqual([{ author_id: 'm1' }]);
    expect(db.prepare(`SELECT loop_id FROM loop_slots WHERE interviewer_id = 'm1'`).all()).toEqual([{ loop_id: 'l1' }]);
    expect(db.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
    db.close();
  });
});
