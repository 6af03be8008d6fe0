// Heavy work against other calls: while an import, export or backup runs, principles.list is asked every few
// milliseconds, and the time from asking to the answer is recorded (waiting for the thread plus the call). Before
// the background worker, a 5 MB file of tiny rows held every other call for ~26 s. Target: no delay over 100 ms.
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MAX_IMPORT_ROWS } from '../core/api/contract/transfer';
import type { ApiResult } from '../core/api/contract/result';
import { openWorkspace, type Workspace } from '../core/server/workspace';
import { unpackFile } from '../db/backupCompression';
import { backupsDir } from '../db/backups';
import { DATABASE_FILE_NAME } from '../db/open';
import { parseArgs } from './seed';
import { summarise } from './stats';

export interface HeavyRow {
  what: string;
  /** How long the heavy call took, start to answer. */
  workMs: number;
  /** principles.list answered while it ran. */
  probes: number;
  p95DelayMs: number;
  maxDelayMs: number;
  outcome: string;
}

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 5));

async function whileRunning(what: string, workspace: Workspace, start: () => Promise<ApiResult<unknown>>): Promise<HeavyRow> {
  const delays: number[] = [];
  let done = false;
  const began = performance.now();
  const work = start().finally(() => {
    done = true;
  });
  while (!done) {
    const asked = performance.now();
    await tick();
    const r = await workspace.call('principles.list', {});
    if (!r.ok) throw new Error(r.error.message);
    // Less the tick itself: what remains is time spent waiting for a busy thread, plus the call.
    delays.push(Math.max(0, performance.now() - asked - 5));
  }
  const result = await work;
  const workMs = performance.now() - began;
  const s = summarise(delays.length ? delays : [0]);
  return {
    what,
    workMs,
    probes: delays.length,
    p95DelayMs: s.p95,
    maxDelayMs: s.max,
    outcome: result.ok ? 'ok' : `${result.error.code}: ${result.error.message.slice(0, 90)}`,
  };
}

const candidatesCsv = (n: number, tag: string) =>
  `name,email\n${Array.from({ length: n }, (_, i) => `Bench ${tag} ${i},bench-${tag}-${i}@example.test`).join('\n')}\n`;

/** `workspace` is the benchmark's; imports that write go to a copy of it, so the seeded workspace stays as seeded. */
export async function heavyWorkBenchmark(workspace: Workspace): Promise<HeavyRow[]> {
  const rows: HeavyRow[] = [];
  const tiny = `name\n${'x\n'.repeat((5 * 1024 * 1024 - 5) / 2)}`;
  // The worker loads once; the first measurement should not include that.
  await workspace.call('transfer.preview', { kind: 'candidates', format: 'csv', content: candidatesCsv(1, 'warm') });

  rows.push(
    await whileRunning('import the 5 MB file of 2.6 million one-character rows (refused by the row limit)', workspace, () =>
      workspace.call('transfer.import', { kind: 'candidates', format: 'csv', content: tiny, mode: 'valid-only' }),
    ),
  );
  rows.push(
    await whileRunning(`preview ${MAX_IMPORT_ROWS.toLocaleString('en')} new candidates (the row limit)`, workspace, () =>
      workspace.call('transfer.preview', { kind: 'candidates', format: 'csv', content: candidatesCsv(MAX_IMPORT_ROWS, 'p') }),
    ),
  );
  // The export is for admins and founders; "me" is an interviewer, so the founder makes it. The founder may owe
  // feedback on a loop others have written on, so the export is made with an early-access reason.
  const settings = (await workspace.call('settings.get', {})) as ApiResult<{ me: string | null }>;
  const team = (await workspace.call('team.list', {})) as ApiResult<{ id: string; capabilities: string[] }[]>;
  const founder = team.ok ? team.value.find((m) => m.capabilities.includes('founder')) : undefined;
  await workspace.call('settings.setMe', { memberId: founder?.id ?? null });
  rows.push(await whileRunning('export the whole workspace (JSON)', workspace, () => workspace.call('transfer.exportWorkspace', { earlyAccessReason: 'Benchmark of the whole-workspace export' })));
  await workspace.call('settings.setMe', { memberId: settings.ok ? settings.value.me : null });
  const backup = await whileRunning('back up now', workspace, () => workspace.call('backups.create', {}));
  rows.push(backup);

  // Writing imports go to a copy, made from the backup just taken.
  const copyDir = mkdtempSync(join(tmpdir(), 'principled-bench-heavy-'));
  try {
    const latest = (await workspace.call('backups.list', {})) as ApiResult<{ items: { name: string; kind: string }[] }>;
    const made = latest.ok ? latest.value.items.find((b) => b.kind === 'manual') : undefined;
    if (!made) throw new Error('the benchmark backup is missing');
    await unpackFile(join(backupsDir(workspace.file), made.name), join(copyDir, DATABASE_FILE_NAME));
    rmSync(join(backupsDir(workspace.file), made.name));
    const copy = openWorkspace(copyDir);
    try {
      rows.push(
        await whileRunning(`import ${MAX_IMPORT_ROWS.toLocaleString('en')} new candidates (valid-only; checked and written by the worker)`, copy, () =>
          copy.call('transfer.import', { kind: 'candidates', format: 'csv', content: candidatesCsv(MAX_IMPORT_ROWS, 'i'), mode: 'valid-only' }),
        ),
      );
    } finally {
      copy.close();
    }
  } finally {
    rmSync(copyDir, { recursive: true, force: true });
  }
  return rows;
}

// Alone: npx tsx bench/heavyWork.ts [--scale small] [--seed 1] [--dir path]. Works on a copy of the seeded workspace, so
// runs side by side (and the backups it takes) leave the seeded one as it was.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { dir: seeded } = parseArgs(process.argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), 'principled-bench-heavy-main-'));
  try {
    for (const extra of ['', '-wal']) {
      const from = join(seeded, DATABASE_FILE_NAME + extra);
      if (existsSync(from)) copyFileSync(from, join(dir, DATABASE_FILE_NAME + extra));
    }
    const workspace = openWorkspace(dir);
    try {
      for (const row of await heavyWorkBenchmark(workspace)) {
        console.log(`${row.what}: ${(row.workMs / 1000).toFixed(1)} s; principles.list p95 ${row.p95DelayMs.toFixed(0)} ms, max ${row.maxDelayMs.toFixed(0)} ms (${row.probes} calls); ${row.outcome}`);
      }
    } finally {
      workspace.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
