import Database from 'better-sqlite3-multiple-ciphers';
import { renameSync, rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiResult } from '../../core/api/contract/result';
import { MAX_IMPORT_ROWS, type ImportPreview, type WorkProgress } from '../../core/api/contract/transfer';
import { Background, BackgroundStopped } from '../../core/server/background';
import { PIECE_CHARS, type TaskName } from '../../core/server/backgroundTasks';
import { readWorkspaceDocument } from '../../core/server/workspaceDocument';
import type { ReadableDB } from '../../db/handles';
import { company, failure, interviewingLoop, value } from '../support/company';
import { tempWorkspace, type TestWorkspace } from '../support/workspace';

// Loading the worker (through tsx, from source) and checking 20,000 rows are seconds of work on a busy
// machine; what is asserted is order and outcome, never time.
const LONG = { timeout: 60_000 };

const candidatesCsv = (n: number) => `name,email\n${Array.from({ length: n }, (_, i) => `Person ${i},p${i}@example.test`).join('\n')}\n`;

describe('heavy work runs in the background worker', LONG, () => {
  let t: TestWorkspace;
  beforeEach(() => {
    t = tempWorkspace();
  });
  afterEach(() => t.close());

  it('a 5 MB file of millions of one-character rows is refused with VALIDATION naming its row count and the limit', async () => {
    const content = `name\n${'x\n'.repeat((5 * 1024 * 1024 - 5) / 2)}`;
    const message = 'content: The file has 2,621,437 rows; Principled imports at most 20,000 at a time — split the file';
    const preview = failure(await t.client.call('transfer.preview', { kind: 'candidates', format: 'csv', content }));
    expect(preview).toMatchObject({ code: 'VALIDATION', message, issues: [{ path: 'content' }] });
    const imported = failure(await t.client.call('transfer.import', { kind: 'candidates', format: 'csv', content, mode: 'valid-only' }));
    expect(imported).toMatchObject({ code: 'VALIDATION', message, issues: [{ path: 'content' }] });
    expect(value(await t.client.call('candidates.list', {})).total).toBe(0);
  });

  it('other calls are answered while a large preview is checked: principles.list resolves in the middle of it', async () => {
    await company(t.client);
    const events: string[] = [];
    let started!: () => void;
    const checking = new Promise<void>((resolve) => (started = resolve));
    const onProgress = (p: WorkProgress) => {
      events.push(`progress ${p.stage} ${p.done}/${p.total}`);
      if (p.stage === 'Checking rows') started();
    };
    const preview = t.workspace
      .call('transfer.preview', { kind: 'candidates', format: 'csv', content: candidatesCsv(MAX_IMPORT_ROWS) }, { onProgress })
      .then((r) => {
        events.push('preview answered');
        return r;
      });
    // Asked once the rows are being checked: answered before the check goes on, not after it has finished.
    await checking;
    const listed = await t.client.call('principles.list');
    events.push('principles.list answered');
    const previewed = (await preview) as ApiResult<ImportPreview>;

    expect(value(listed).length).toBeGreaterThan(0);
    expect(value(previewed).counts).toEqual({ new: MAX_IMPORT_ROWS, duplicate: 0, error: 0 });
    const answered = events.indexOf('principles.list answered');
    expect(events.at(-1)).toBe('preview answered');
    // Rows were still being checked after principles.list was answered.
    expect(events.slice(answered + 1).filter((e) => e.startsWith('progress Checking rows')).length).toBeGreaterThan(0);
  });

  it('an import checked in the background writes its rows in one logged transaction; a file changed meanwhile is checked again', async () => {
    await company(t.client);
    const content = candidatesCsv(3);
    // A candidate added while the file is checked makes that row a duplicate: the plan is made again before writing.
    const importing = t.client.call('transfer.import', { kind: 'candidates', format: 'csv', content, mode: 'all-or-nothing' });
    value(await t.client.call('candidates.create', { name: 'Person 1', email: 'p1@example.test' }));
    expect(value(await importing)).toEqual({ created: 2, duplicates: 1, skipped: 0 });
    const [entry] = value(await t.client.call('activity.list', { limit: 1 }));
    expect(entry).toMatchObject({ method: 'transfer.import', summary: 'Imported 2 candidates from a CSV file; 1 already there' });
  });

  it('while the worker writes an import: reads are answered before it ends; a write waits its turn, then succeeds; dispatch refuses it', async () => {
    await company(t.client);
    const before = value(await t.client.call('candidates.list', {})).total;
    const events: string[] = [];
    let during: { createdAtOnce: number; dispatched: ApiResult<unknown>; write: Promise<ApiResult<unknown>> } | null = null;
    const onProgress = (p: WorkProgress) => {
      // Sent from inside the worker's write transaction, before its answer: the import is being written now.
      if (p.stage !== 'Writing rows' || during) return;
      events.push('writing');
      const write = t.client.call('candidates.create', { name: 'Walk In', email: 'walk.in@example.test' }).then((r) => {
        events.push('write answered');
        return r;
      });
      void t.client.call('principles.list').then((r) => events.push(`read answered (${value(r).length} principles)`));
      during = {
        // The write has not run yet: it is queued behind the import, not holding the thread in SQLite's busy wait.
        createdAtOnce: value(t.workspace.dispatch('candidates.list', { search: 'Walk In' }) as ApiResult<{ total: number }>).total,
        dispatched: t.workspace.dispatch('candidates.create', { name: 'Sync Walk In', email: 'sync.walk.in@example.test' }),
        write,
      };
    };
    const imported = await t.workspace.call('transfer.import', { kind: 'candidates', format: 'csv', content: candidatesCsv(300), mode: 'all-or-nothing' }, { onProgress });
    events.push('import answered');
    expect(value(imported as ApiResult<unknown>)).toEqual({ created: 300, duplicates: 0, skipped: 0 });
    if (!during) throw new Error('the import never reported writing');
    const { createdAtOnce, dispatched, write } = during as NonNullable<typeof during>;
    expect(value(await write)).toMatchObject({ name: 'Walk In' });

    expect(createdAtOnce).toBe(0);
    expect(failure(dispatched)).toEqual({ code: 'CONFLICT', message: 'An import is being written; try again once it has finished.' });
    // The read is answered while the import is still being written; the write only once it has committed
    // (its answer and the import's come in the same turn, in either order).
    expect(events.slice(0, 2)).toEqual(['writing', 'read answered (2 principles)']);
    expect(events.slice(2).sort()).toEqual(['import answered', 'write answered']);
    // The write went in after the import had committed, and the synchronous one not at all.
    const log = value(await t.client.call('activity.list', { limit: 2 }));
    expect(log.map((e) => e.method)).toEqual(['candidates.create', 'transfer.import']);
    expect(value(await t.client.call('candidates.list', {})).total).toBe(before + 301);
  });

  it('the whole-workspace export made by the worker equals the one read on the API thread', async () => {
    const s = await interviewingLoop(t.client);
    value(await t.client.call('settings.setMe', { memberId: s.ceo.id }));
    const exported = value(await t.client.call('transfer.exportWorkspace'));
    const document = JSON.parse(exported.json) as { exportedAt: string };
    const db = new Database(t.workspace.file, { readonly: true });
    try {
      // What the synchronous handler built, from the same data, at the same moment.
      expect(exported.json).toBe(JSON.stringify(readWorkspaceDocument(db as ReadableDB, document.exportedAt)));
    } finally {
      db.close();
    }
  });

  it('an export larger than one piece comes back whole, with other calls answered between its pieces', async () => {
    const s = await interviewingLoop(t.client);
    const notes = `Notes with accents, é and ü, and quotes "like this". `.repeat(180);
    for (let i = 0; i * notes.length < 1.5 * PIECE_CHARS; i++) {
      value(await t.client.call('candidates.create', { name: `Long Notes ${i}`, email: `long${i}@example.test`, notes }));
    }
    value(await t.client.call('settings.setMe', { memberId: s.ceo.id }));
    const events: string[] = [];
    const onProgress = (p: WorkProgress) => {
      if (p.stage !== 'Writing the file' || p.total === 0) return;
      events.push(`piece at ${p.done}`);
      // Asked after the first piece was taken: answered before the second one is.
      if (p.done === PIECE_CHARS) void t.client.call('principles.list').then(() => events.push('principles.list answered'));
    };
    const exported = value((await t.workspace.call('transfer.exportWorkspace', {}, { onProgress })) as ApiResult<{ json: string }>);
    const document = JSON.parse(exported.json) as { exportedAt: string };
    const db = new Database(t.workspace.file, { readonly: true });
    try {
      expect(exported.json).toBe(JSON.stringify(readWorkspaceDocument(db as ReadableDB, document.exportedAt)));
    } finally {
      db.close();
    }
    expect(exported.json.length).toBeGreaterThan(PIECE_CHARS);
    expect(events.slice(0, 3)).toEqual(['piece at 0', `piece at ${PIECE_CHARS}`, 'principles.list answered']);
  });

  it('a backup made in the background is a complete copy, and a missing one is NOT_FOUND from the worker', async () => {
    const c = await company(t.client);
    value(await t.client.call('settings.setMe', { memberId: c.ceo.id }));
    const made = value(await t.client.call('backups.create'));
    const copy = value(await t.client.call('backups.download', { name: made.name }));
    expect(Buffer.from(copy.base64, 'base64').subarray(0, 15).toString()).toBe('SQLite format 3');
    const missing = failure(await t.client.call('backups.download', { name: made.name.replace('manual', 'daily') }));
    expect(missing).toEqual({ code: 'NOT_FOUND', message: `No backup called ${made.name.replace('manual', 'daily')}` });
  });

  it('a failure inside the worker is an INTERNAL error for that call only; the next call works', async () => {
    const reported: string[] = [];
    const dir = t.dir;
    t.workspace.close();
    const { openWorkspace, inProcessClient } = await import('../../core/server/workspace');
    const workspace = openWorkspace(dir, { onInternalError: (method) => reported.push(method) });
    const close = () => {
      workspace.close();
      rmSync(dir, { recursive: true, force: true });
    };
    t = { ...t, workspace, client: inProcessClient(workspace), close };
    const input = { kind: 'candidates', format: 'csv', content: candidatesCsv(2) } as const;
    // The worker opens the file by name: moved away, its read fails.
    renameSync(workspace.file, `${workspace.file}.away`);
    const error = failure(await t.client.call('transfer.preview', input));
    expect(error).toEqual({ code: 'INTERNAL', message: 'Something went wrong; nothing was changed.' });
    expect(reported).toEqual(['transfer.preview']);
    renameSync(`${workspace.file}.away`, workspace.file);
    expect(value(await t.client.call('transfer.preview', input)).counts.new).toBe(2);
  });

  it('closing the workspace while work runs ends that call with CONFLICT and writes nothing', async () => {
    const running = t.client.call('transfer.import', { kind: 'candidates', format: 'csv', content: candidatesCsv(MAX_IMPORT_ROWS), mode: 'valid-only' });
    t.workspace.close();
    expect(failure(await running)).toMatchObject({ code: 'CONFLICT', message: 'The workspace was closed before this finished; nothing was changed.' });
  });
});

describe('the background worker itself', LONG, () => {
  const failing = { url: new URL('../support/failingWorker.ts', import.meta.url), execArgv: ['--import', 'tsx'] };

  it('a worker that throws or exits fails the task with a clear error, and the next task gets a new worker', async () => {
    const background = new Background(failing);
    try {
      await expect(background.run('throw' as TaskName, {} as never)).rejects.toThrow(new BackgroundStopped('The background worker failed: the worker broke'));
      await expect(background.run('exit' as TaskName, {} as never)).rejects.toThrow(new BackgroundStopped('The background worker stopped (exit code 3)'));
    } finally {
      background.close();
    }
  });
});
