import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, migrate, NewerDatabaseError } from '../../db/migrations';
import { openDatabase } from '../../db/open';

describe('migrations', () => {
  it('bring a new database to the latest version with WAL-ready pragmas and foreign keys on', () => {
    const db = openDatabase(':memory:');
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['activity', 'principles', 'principle_revisions', 'questions', 'questions_fts']));
    db.close();
  });

  it('are numbered in increasing steps', () => {
    const versions = MIGRATIONS.map((m) => m.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
  });

  it('run each step in a transaction: a failing step leaves the version and schema as they were', () => {
    const db = new Database(':memory:');
    const steps = [
      ...MIGRATIONS,
      {
        version: LATEST_SCHEMA_VERSION + 10,
        name: 'broken',
        up(d: Database.Database) {
          d.exec('CREATE TABLE half_done (x INTEGER)');
          throw new Error('boom');
        },
      },
    ];
    expect(() => migrate(db, steps)).toThrow('boom');
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'half_done'`).get()).toBeUndefined();
    db.close();
  });

  it('refuse a database from a newer version with a clear error and leave it untouched', () => {
    const db = new Database(':memory:');
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 100}`);
    expect(() => migrate(db)).toThrow(NewerDatabaseError);
    expect(() => migrate(db)).toThrow(/newer version of Principled/);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION + 100);
    expect(db.prepare(`SELECT count(*) AS n FROM sqlite_master`).get()).toEqual({ n: 0 });
    db.close();
  });

  it('keep the question index in step with inserts, edits and deletes', () => {
    const db = openDatabase(':memory:');
    const insert = db.prepare(
      `INSERT INTO questions (id, text, kind, lint_status, author, created_at, updated_at) VALUES (?, ?, 'behavioural', 'clean', 'local', 'now', 'now')`,
    );
    insert.run('q1', 'Tell me about a conflict');
    const search = (word: string) =>
      (db.prepare(`SELECT q.id FROM questions q JOIN questions_fts f ON f.rowid = q.rowid WHERE questions_fts MATCH ?`).all(word) as {
        id: string;
      }[]).map((r) => r.id);
    expect(search('conflict')).toEqual(['q1']);
    db.prepare(`UPDATE questions SET text = 'Tell me about a launch' WHERE id = 'q1'`).run();
    expect(search('conflict')).toEqual([]);
    expect(search('launch')).toEqual(['q1']);
    db.prepare(`DELETE FROM questions WHERE id = 'q1'`).run();
    expect(search('launch')).toEqual([]);
    db.close();
  });

  it('keep every row of the previous schema when migrating 10 → 20', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.filter((m) => m.version <= 10));
    db.prepare(
      `INSERT INTO principles (id, name, summary, position, created_at, updated_at) VALUES ('p1', 'Ownership', 'Owns it', 0, 'now', 'now')`,
    ).run();
    db.prepare(
      `INSERT INTO questions (id, text, kind, lint_status, author, created_at, updated_at) VALUES ('q1', 'Tell me about a time', 'behavioural', 'clean', 'local', 'now', 'now')`,
    ).run();
    db.prepare(`INSERT INTO question_principles (question_id, principle_id) VALUES ('q1', 'p1')`).run();
    db.prepare(`INSERT INTO activity (id, at, actor, method, entity, entity_id, summary) VALUES ('a1', 'now', 'local', 'm', 'e', 'p1', 's')`).run();
    expect(migrate(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(db.prepare('SELECT name FROM principles').all()).toEqual([{ name: 'Ownership' }]);
    expect(db.prepare('SELECT principle_id FROM question_principles').all()).toEqual([{ principle_id: 'p1' }]);
    expect(db.prepare('SELECT count(*) AS n FROM activity').get()).toEqual({ n: 1 });
    expect(db.prepare('SELECT count(*) AS n FROM loops').get()).toEqual({ n: 0 });
    db.close();
  });
});
