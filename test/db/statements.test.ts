import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open';
import { prepare } from '../../db/statements';

describe('prepare (the statement cache)', () => {
  it('returns the same statement for the same SQL on one connection, and compiles separately per connection', () => {
    const a = openDatabase(':memory:');
    const b = openDatabase(':memory:');
    try {
      const sql = 'SELECT count(*) AS n FROM candidates';
      expect(prepare(a, sql)).toBe(prepare(a, sql));
      expect(prepare(a, sql)).not.toBe(prepare(b, sql));
      expect(prepare(a, sql)).not.toBe(prepare(a, `${sql} WHERE 1`));
    } finally {
      a.close();
      b.close();
    }
  });

  it('leaves the library alone: db.prepare compiles anew each time', () => {
    const db = openDatabase(':memory:');
    try {
      expect(db.prepare('SELECT 1')).not.toBe(db.prepare('SELECT 1'));
    } finally {
      db.close();
    }
  });

  it('gives a fresh statement while the cached one is still stepping', () => {
    const db = openDatabase(':memory:');
    try {
      const sql = 'SELECT value FROM json_each(?)';
      const outer = prepare(db, sql);
      const seen: number[] = [];
      for (const row of outer.iterate('[1,2]') as Iterable<{ value: number }>) {
        const inner = prepare(db, sql);
        expect(inner).not.toBe(outer);
        seen.push(row.value, ...(inner.all('[10]') as { value: number }[]).map((r) => r.value));
      }
      expect(seen).toEqual([1, 10, 2, 10]);
    } finally {
      db.close();
    }
  });

  it('no source changes the mode of a statement (they are shared through the cache)', () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        // A statement made on the spot (`db.prepare(...)` on the same line) is nobody else's: its mode is its own.
        else if (path.endsWith('.ts') && readFileSync(path, 'utf8').split('\n').some((line) => /\.(pluck|raw|expand)\(/.test(line) && !/\bdb\.prepare\(/.test(line)))
          offenders.push(path);
      }
    };
    for (const dir of ['db', 'core/server']) walk(join(__dirname, '..', '..', dir));
    expect(offenders).toEqual([]);
  });

  // A value bound where a partial index's condition tests the same column (`superseded = 0`) makes SQLite prepare
  // the statement again on every run, to see whether the index applies: that tripled the cost of reading a
  // loop's submitted feedback (bench/README.md). Such a column is compared with a literal, one statement per value.
  it('no source binds a value to a column a partial index tests with a literal', () => {
    const db = openDatabase(':memory:');
    const conditions = (db.prepare(`SELECT sql FROM sqlite_schema WHERE type = 'index' AND sql LIKE '% WHERE %'`).all() as { sql: string }[])
      // Numeric conditions only: principles' `status = 'active'` shares its column name with other tables' filters.
      .flatMap(({ sql }) => [...sql.slice(sql.lastIndexOf(' WHERE ')).matchAll(/(\w+) = \d+\b/g)].map((m) => m[1]));
    db.close();
    // Found in the schema (feedback_current, decisions_current), not taken on trust.
    expect(conditions).toContain('superseded');
    const bound = new RegExp(`\\b(${[...new Set(conditions)].join('|')}) (=|!=|<>) [?@:$]`);
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (path.endsWith('.ts') && bound.test(readFileSync(path, 'utf8'))) offenders.push(path);
      }
    };
    for (const dir of ['db/queries', 'core/server']) walk(join(__dirname, '..', '..', dir));
    expect(offenders).toEqual([]);
  });
});
