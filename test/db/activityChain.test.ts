import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { chainHash, installActivityChain, readChain, readLoggedRows } from '../../db/activityChain';
import { installChainV74 } from '../../db/activityChainV74';
import { asWritable } from '../../db/handles';
import { MIGRATIONS, migrate } from '../../db/migrations';
import { CHECKPOINT, uuidv7Time, verifyChain } from '../../core/rules/logChain';
import { baseWorkspace, deliverAll, device } from '../support/syncDevices';

const id = (n: number) => `01900000-${String(n).padStart(4, '0')}-7000-8000-000000000000`;
const logRow = (db: Database.Database, n: number, actor = 'local') =>
  db
    .prepare(`INSERT INTO activity (id, at, actor, method, entity, entity_id, summary) VALUES (?, ?, ?, 'settings.update', 'settings', 'workspace', ?)`)
    .run(id(n), `2026-01-01T00:00:00.${String(n).padStart(3, '0')}Z`, actor, `Change ${n}`);
const check = (db: Database.Database) => verifyChain(readChain(asWritable(db)), readLoggedRows(asWritable(db)), chainHash);

describe('the activity chain migrations', () => {
  it("turns migration 74's chain into the slim one, keeping what each link said, so earlier tampering still shows", () => {
    const db = new Database(':memory:');
    try {
      migrate(db, MIGRATIONS.filter((m) => m.version < 74));
      for (const n of [3, 1, 2, 4]) logRow(db, n, n % 2 ? 'alice' : 'bob');
      migrate(db, MIGRATIONS.filter((m) => m.version < 77));
      installChainV74(db);
      // A fold, as the app makes one: the row takes a new id.
      db.prepare(`UPDATE activity SET id = ?, summary = 'Folded' WHERE id = ?`).run(id(5), id(4));
      db.prepare(`UPDATE activity SET summary = 'Redacted' WHERE id = ?`).run(id(1));
      // Tampering before the migration, behind the triggers' back.
      db.exec('DROP TRIGGER temp.activity_chain_delete');
      db.prepare('DELETE FROM activity WHERE id = ?').run(id(2));
      migrate(db);
      const links = readChain(asWritable(db));
      expect(links.map((l) => [l.seq, l.kind, l.activityId, l.previousId, l.actor])).toEqual([
        [1, 'insert', id(1), null, 'alice'],
        [2, 'insert', id(2), null, 'bob'],
        [3, 'insert', id(3), null, 'alice'],
        [4, 'insert', id(4), null, 'bob'],
        [5, 'update', id(5), id(4), 'bob'],
        [6, 'update', id(1), null, 'alice'],
      ]);
      expect(links.map((l) => l.hash !== null)).toEqual([false, false, false, false, false, true]);
      expect(check(db)).toEqual({ intact: false, entries: 3, problems: [{ kind: 'removed', id: id(2), at: uuidv7Time(id(2)), actor: 'bob' }], more: 0 });
    } finally {
      db.close();
    }
  });

  it('chains the rows of a workspace from before migration 74, oldest first', () => {
    const db = new Database(':memory:');
    try {
      migrate(db, MIGRATIONS.filter((m) => m.version < 74));
      for (const n of [3, 1, 2]) logRow(db, n);
      migrate(db);
      expect(readChain(asWritable(db)).map((l) => [l.seq, l.kind, l.activityId])).toEqual([1, 2, 3].map((n) => [n, 'insert', id(n)]));
      expect(check(db)).toEqual({ intact: true, entries: 3, problems: [], more: 0 });
      db.prepare(`UPDATE activity SET summary = 'Changed' WHERE id = ?`).run(id(2));
      expect(check(db).problems.map((p) => p.kind)).toEqual(['changed']);
    } finally {
      db.close();
    }
  });
});

describe('the activity chain triggers', () => {
  it(`keep the running hash every ${CHECKPOINT} links and on the newest, and show a row changed, removed or put in behind them`, () => {
    const db = new Database(':memory:');
    try {
      migrate(db);
      installActivityChain(asWritable(db));
      for (let n = 1; n <= CHECKPOINT + 8; n++) logRow(db, n, n % 3 ? 'alice' : 'bob');
      db.prepare(`UPDATE activity SET id = ?, summary = 'Folded' WHERE id = ?`).run(id(99), id(CHECKPOINT + 8));
      db.prepare('DELETE FROM activity WHERE id = ?').run(id(5));
      const links = readChain(asWritable(db));
      expect(links.filter((l) => l.hash !== null).map((l) => l.seq)).toEqual([CHECKPOINT, CHECKPOINT + 10]);
      expect(links.slice(-2).map((l) => [l.kind, l.activityId, l.previousId, l.rowHash === null])).toEqual([
        ['update', id(99), id(CHECKPOINT + 8), false],
        ['delete', id(5), null, true],
      ]);
      expect((db.prepare('SELECT length(hash) AS h, length(row_hash) AS r, typeof(activity_id) AS t FROM activity_chain WHERE seq = ?').get(CHECKPOINT) as object)).toEqual({ h: 16, r: 16, t: 'blob' });
      expect(check(db)).toEqual({ intact: true, entries: CHECKPOINT + 7, problems: [], more: 0 });

      db.exec('DROP TRIGGER temp.activity_chain_insert; DROP TRIGGER temp.activity_chain_update; DROP TRIGGER temp.activity_chain_delete');
      db.prepare(`UPDATE activity SET summary = 'Nothing happened' WHERE id = ?`).run(id(7));
      db.prepare('DELETE FROM activity WHERE id = ?').run(id(9));
      logRow(db, 100, 'mallory');
      const [removedAt, changedAt] = [uuidv7Time(id(9)), uuidv7Time(id(7))];
      expect(check(db).problems).toEqual([
        // Sorted by time: the ids' (2024) before the inserted row's own.
        { kind: 'changed', id: id(7), at: changedAt, actor: 'alice' },
        { kind: 'removed', id: id(9), at: removedAt, actor: 'bob' },
        { kind: 'inserted', id: id(100), at: '2026-01-01T00:00:00.100Z', actor: 'mallory' },
      ]);
    } finally {
      db.close();
    }
  });
});

describe('the activity chain under team sync', () => {
  it("chains another device's rows as they are applied here, so the receiving log checks intact", async () => {
    const { image, company } = await baseWorkspace();
    const alice = device(image, 'device-a', company.ceo.id);
    const bob = device(image, 'device-b', company.cto.id);
    try {
      // A copy deserialized from bytes has no TEMP triggers: installed as db/open.ts does for the app's writers.
      for (const d of [alice, bob]) installActivityChain(d.db);
      const candidate = alice.call<{ revision: number }>('candidates.get', { id: company.candidate.id });
      alice.call('candidates.update', { id: company.candidate.id, revision: candidate.revision, notes: 'Strong on compilers' });
      alice.flush();
      deliverAll([alice, bob]);
      const sent = readLoggedRows(alice.db).filter((r) => r.method === 'candidates.update');
      expect(sent).toHaveLength(1);
      const links = readChain(bob.db);
      expect(links.at(-1)).toMatchObject({ kind: 'insert', activityId: sent[0]?.id, actor: company.ceo.id });
      expect(verifyChain(links, readLoggedRows(bob.db), chainHash)).toMatchObject({ intact: true, problems: [] });
    } finally {
      alice.close();
      bob.close();
    }
  });
});
