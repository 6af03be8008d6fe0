import type Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { accessFacts } from '../../core/server/access';
import { mayCall, type Access } from '../../core/rules/access';
import type { WritableDB } from '../../db/handles';
import { openDatabase } from '../../db/open';
import { setSetting } from '../../db/queries/settings';

// Every read open to members judges its caller with these facts: reading facts the audience never consults
// (the editor settings, whether the team is empty) was a fixed cost of every such read.
describe('access facts read only what the audience asks about', () => {
  let db: WritableDB;
  let ran: { sql: string; args: unknown[] }[];

  beforeEach(() => {
    db = openDatabase(':memory:');
    setSetting(db, 'editors.questions', 'founder');
    ran = [];
    const prepare = db.prepare.bind(db) as (sql: string) => Database.Statement;
    (db as unknown as { prepare: (sql: string) => Database.Statement }).prepare = (sql: string) => {
      const statement = prepare(sql);
      for (const method of ['all', 'get'] as const) {
        const original = statement[method].bind(statement) as (...args: unknown[]) => unknown;
        (statement as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
          ran.push({ sql, args });
          return original(...args);
        };
      }
      return statement;
    };
  });
  afterEach(() => db.close());

  const readsEditors = () => ran.some((r) => r.args.some((a) => typeof a === 'string' && a.startsWith('editors.')));
  const readsWhetherEmpty = () => ran.some((r) => /FROM team_members LIMIT 1/.test(r.sql));

  it('a method open to any member reads neither the editor settings nor whether the team is empty', () => {
    const access: Access = { who: ['member'] };
    const facts = accessFacts(db, access, {});
    expect(readsEditors()).toBe(false);
    expect(readsWhetherEmpty()).toBe(false);
    // Nobody is chosen as "me": refused, as before.
    expect(mayCall(access, facts).ok).toBe(false);
  });

  it('"setup" still reads whether the team is empty, and "editors.*" the editor settings', () => {
    expect(mayCall({ who: ['setup'] }, accessFacts(db, { who: ['setup'] }, {})).ok).toBe(true);
    expect(readsWhetherEmpty()).toBe(true);
    const facts = accessFacts(db, { who: ['editors.questions'] }, {});
    expect(readsEditors()).toBe(true);
    expect(facts.editors.questions).toEqual(['founder']);
  });

  it('"me" handed in by the caller is not read again', () => {
    accessFacts(db, { who: ['member'] }, {}, { actor: 'someone' });
    expect(ran.some((r) => r.args.includes('me'))).toBe(false);
  });

  it('nor is their member row: the check judges the row handed in, active or not', () => {
    const member = { id: 'someone', name: 'Someone', email: '', title: '', team: '', managerId: null, capabilities: ['interviewer' as const], revision: 1, createdAt: '', updatedAt: '' };
    const facts = accessFacts(db, { who: ['member'] }, {}, { actor: 'someone', actorMember: { ...member, status: 'active' } });
    expect(facts.actor).toEqual({ id: 'someone', capabilities: ['interviewer'] });
    expect(ran.some((r) => /FROM team_members/.test(r.sql))).toBe(false);
    expect(accessFacts(db, { who: ['member'] }, {}, { actor: 'someone', actorMember: { ...member, status: 'left' } }).actor).toBeNull();
    expect(accessFacts(db, { who: ['member'] }, {}, { actor: 'someone', actorMember: null }).actor).toBeNull();
    expect(ran).toEqual([]);
  });
});
