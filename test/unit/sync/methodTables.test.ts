// What the merge accepts is declared by hand (methodTables.ts, syncedTables.ts): these checks make a new write
// method or a new table fail here instead of being quarantined on every other device.
import { describe, expect, it } from 'vitest';
import { methods } from '../../../core/api/contract/methods';
import { METHOD_TABLES } from '../../../core/server/sync/methodTables';
import { LOCAL_TABLES, SYNCED_TABLES } from '../../../core/server/sync/syncedTables';
import { openDatabase } from '../../../db/open';

describe('what the merge accepts is declared for the whole contract and schema', () => {
  it('declares the tables of every write method in the contract', () => {
    const writes = Object.entries(methods).filter(([, m]) => m.kind === 'write').map(([name]) => name);
    expect(writes.length).toBeGreaterThan(30);
    expect(writes.filter((name) => !(name in METHOD_TABLES))).toEqual([]);
  });

  it('names every table of the schema as synced or local, and every table a method may write is synced', () => {
    const db = openDatabase(':memory:');
    try {
      const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as { name: string }[]).map((r) => r.name);
      const synced = new Set<string>(SYNCED_TABLES);
      const local = (name: string) => LOCAL_TABLES.some((t) => (t.prefix ? name.startsWith(t.name) : name === t.name));
      expect(tables.filter((name) => !synced.has(name) && !local(name))).toEqual([]);
      expect(SYNCED_TABLES.filter((name) => !tables.includes(name))).toEqual([]);
      expect(Object.values(METHOD_TABLES).flat().filter((name) => !synced.has(name))).toEqual([]);
    } finally {
      db.close();
    }
  });
});
