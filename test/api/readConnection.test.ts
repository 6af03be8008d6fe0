import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ReadContext } from '../../core/server/context';
import { handlers } from '../../core/server/handlers';
import type { WorkProgress } from '../../core/api/contract/transfer';
import { company, value } from '../support/company';
import { workspacePerTest } from '../support/workspace';

const w = workspacePerTest();

afterEach(() => {
  vi.restoreAllMocks();
});

describe('reads run on a read-only connection', () => {
  it('hands a read handler a connection that refuses to write', async () => {
    const seen: { readonly: boolean; writeError: string }[] = [];
    const original = handlers['principles.list'];
    vi.spyOn(handlers, 'principles.list').mockImplementation((input, ctx: ReadContext) => {
      let writeError = '';
      try {
        ctx.db.prepare(`INSERT INTO settings (key, value) VALUES ('sneaky', '1')`).run();
      } catch (error) {
        writeError = (error as { code?: string }).code ?? String(error);
      }
      seen.push({ readonly: ctx.db.readonly, writeError });
      return original(input, ctx);
    });
    expect(value(await w.api.call('principles.list', {}))).toEqual([]);
    expect(seen).toEqual([{ readonly: true, writeError: 'SQLITE_READONLY' }]);
  });

  it('sees a write as soon as it has committed, and again after a restore replaced both connections', async () => {
    const { api } = w;
    value(await api.call('workspace.start', { starter: false }));
    const created = value(await api.call('principles.create', { name: 'Ownership', summary: 'Acts like an owner' }));
    const ids = async () => value(await api.call('principles.list', {})).map((p) => p.id);
    expect(await ids()).toEqual([created.id]);
    const backup = value(await api.call('backups.create'));
    value(await api.call('principles.create', { name: 'Candour', summary: 'Says what they think' }));
    expect(await ids()).toHaveLength(2);
    value(await api.call('backups.restore', { name: backup.name }));
    expect(await ids()).toEqual([created.id]);
  });

  it('runs a read in one read transaction while the worker writes an import, and without one otherwise', { timeout: 60_000 }, async () => {
    const { t } = w;
    await company(t.client);
    const inTransaction: boolean[] = [];
    const original = handlers['principles.list'];
    vi.spyOn(handlers, 'principles.list').mockImplementation((input, ctx: ReadContext) => {
      inTransaction.push(ctx.db.inTransaction);
      return original(input, ctx);
    });
    value(await t.client.call('principles.list', {}));
    let during: Promise<unknown> | null = null;
    const onProgress = (p: WorkProgress) => {
      // Sent from inside the worker's write transaction: another connection may commit between two queries.
      if (p.stage === 'Writing rows' && !during) during = t.client.call('principles.list', {});
    };
    const csv = `name,email\n${Array.from({ length: 50 }, (_, i) => `Person ${i},p${i}@example.test`).join('\n')}\n`;
    value(await t.workspace.call('transfer.import', { kind: 'candidates', format: 'csv', content: csv, mode: 'all-or-nothing' }, { onProgress }));
    if (!during) throw new Error('the import never reported writing');
    await during;
    value(await t.client.call('principles.list', {}));
    expect(inTransaction).toEqual([false, true, false]);
  });
});
