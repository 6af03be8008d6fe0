import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { installActivityChain, readChain, readLoggedRows, sha256Hex } from '../../db/activityChain';
import { asWritable } from '../../db/handles';
import { MIGRATIONS, migrate } from '../../db/migrations';
import { verifyChain } from '../../core/rules/logChain';
import { baseWorkspace, deliverAll, device } from '../support/syncDevices';

describe('the activity chain migration', () => {
  it('chains the rows an existing workspace already logged, oldest first', () => {
    const db = new Database(':memory:');
    try {
      migrate(db, MIGRATIONS.filter((m) => m.version < 74));
      const insert = db.prepare(`INSERT INTO activity (id, at, actor, method, entity, entity_id, summary) VALUES (?, ?, 'local', 'settings.update', 'settings', 'workspace', ?)`);
      for (const n of [3, 1, 2]) insert.run(`0190000${n}-0000-7000-8000-000000000000`, `2026-01-0${n}T00:00:00.000Z`, `Change ${n}`);
      migrate(db);
      const links = readChain(asWritable(db));
      expect(links.map((l) => [l.seq, l.kind, l.activityId.slice(0, 8)])).toEqual([
        [1, 'insert', '01900001'],
        [2, 'insert', '01900002'],
        [3, 'insert', '01900003'],
      ]);
      expect(verifyChain(links, readLoggedRows(asWritable(db)), sha256Hex)).toEqual({ intact: true, entries: 3, problems: [], more: 0 });
      db.prepare(`UPDATE activity SET summary = 'Changed' WHERE id LIKE '01900002%'`).run();
      expect(verifyChain(readChain(asWritable(db)), readLoggedRows(asWritable(db)), sha256Hex).problems.map((p) => p.kind)).toEqual(['changed']);
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
      expect(verifyChain(links, readLoggedRows(bob.db), sha256Hex)).toMatchObject({ intact: true, problems: [] });
    } finally {
      alice.close();
      bob.close();
    }
  });
});
