// Encryption's cost (issue 12 item 3): the same screen reads, searches, a write and a backup on a plaintext
// workspace and on an encrypted copy of the same seed, in CPU time — process.cpuUsage, every thread of the process
// (the background worker's backup included), best of several rounds, so other work on a shared machine counts as
// little as it can. Wall time is printed beside it, and the peak resident memory of a backup and a restore.
//
//   npx tsx bench/encryptionCost.ts --plain /tmp/copy-a --encrypted /tmp/copy-b [--encrypt-first] [--restore]
//
// Both folders must be copies of one seeded workspace (never the original: this writes to both). With
// --encrypt-first the second is encrypted in place first (Workspace.encrypt; passphrase "bench").
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiResult } from '../core/api/contract/result';
import { openWorkspace, type Workspace } from '../core/server/workspace';
import { readWorkspaceKey, workspaceKeySealedBy } from '../core/server/workspaceKey';
import { backupsDir } from '../db/backups';
import { openKeyed, type DatabaseKey } from '../db/cipher';
import { DATABASE_FILE_NAME } from '../db/open';

const argv = process.argv.slice(2);
const arg = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  const v = i >= 0 ? argv[i + 1] : undefined;
  if (!v) throw new Error(`--${name} <folder> is required`);
  return v;
};
const PASSPHRASE = { passphrase: 'bench' };
const LOW_COST = { logN: 14, r: 8, p: 1 };
const ROUNDS = 5;
const CALLS = 20;

function value<T>(r: ApiResult<unknown>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

const cpuMs = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};

/** Peak RSS while `work` runs, sampled every 20 ms (the worker thread's memory is the process's). */
async function withPeak<T>(work: () => Promise<T>): Promise<{ result: T; peakMb: number; startMb: number; cpu: number; wall: number }> {
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  try {
    const result = await work();
    return { result, startMb: start / 2 ** 20, peakMb: Math.max(peak, process.memoryUsage().rss) / 2 ** 20, cpu: cpuMs(cpu0), wall: performance.now() - t0 };
  } finally {
    clearInterval(timer);
  }
}

async function keyOf(dir: string): Promise<DatabaseKey> {
  return workspaceKeySealedBy(dir) ? readWorkspaceKey(dir, PASSPHRASE) : null;
}

interface Measured {
  name: string;
  cpuUs: number;
  wallUs: number;
}

async function measureWorkspace(dir: string, heavy: boolean, restore: boolean) {
  const key = await keyOf(dir);
  const file = join(dir, DATABASE_FILE_NAME);
  const raw = openKeyed(file, key, { readonly: true });
  const ids = (sql: string) => (raw.prepare(sql).all() as { id: string }[]).map((x) => x.id);
  const loops = ids(`SELECT id FROM loops ORDER BY id LIMIT 200`);
  const started = ids(`SELECT id FROM loops WHERE status NOT IN ('draft', 'planned', 'cancelled') ORDER BY id LIMIT 200`);
  const candidates = ids(`SELECT id FROM candidates ORDER BY id LIMIT 200`);
  const owed = raw
    .prepare(
      `SELECT s.loop_id AS loopId, s.interviewer_id AS authorId, s.principle_ids AS principleIds
       FROM loop_slots s JOIN loops l ON l.id = s.loop_id JOIN team_members m ON m.id = s.interviewer_id AND m.status = 'active'
       WHERE l.status = 'interviewing' AND NOT EXISTS (SELECT 1 FROM feedback f WHERE f.loop_id = s.loop_id AND f.author_id = s.interviewer_id)
       ORDER BY s.id LIMIT 15`,
    )
    .all() as { loopId: string; authorId: string; principleIds: string }[];
  raw.close();

  const openCpu = process.cpuUsage();
  const t0 = performance.now();
  const workspace: Workspace = openWorkspace(dir, { key, sealCost: LOW_COST });
  value(workspace.dispatch('home.get', {}));
  const open: Measured = { name: 'open and first screen (home.get)', cpuUs: cpuMs(openCpu) * 1000, wallUs: (performance.now() - t0) * 1000 };

  const cases: [string, (i: number) => [string, unknown]][] = [
    ['home.get', () => ['home.get', {}]],
    ['questions.list (page 1)', () => ['questions.list', {}]],
    ['candidates.list (varied offset)', (i) => ['candidates.list', { offset: (i * 997) % 5000 }]],
    ['candidates.get', (i) => ['candidates.get', { id: candidates[i % candidates.length] }]],
    ['loops.list (open)', () => ['loops.list', { status: 'open' }]],
    ['loops.get', (i) => ['loops.get', { id: loops[i % loops.length] }]],
    ['kits.get', (i) => ['kits.get', { loopId: started[i % started.length] }]],
    ['debrief.get', (i) => ['debrief.get', { loopId: started[i % started.length] }]],
    ['activity.list', () => ['activity.list', {}]],
    ['team.list', () => ['team.list', {}]],
    ['search: questions', (i) => ['questions.list', { search: ['customer', 'deadline', 'outage', 'mentor'][i % 4] }]],
    ['search: candidates', (i) => ['candidates.list', { search: ['smith', 'ng', 'garcia', 'lee'][i % 4] }]],
    ['search: evidence', (i) => ['evidence.search', { query: ['customer', 'deadline', 'migration', 'outage'][i % 4] }]],
  ];
  const rows: Measured[] = [open];
  for (const [name, input] of cases) {
    let best = Infinity;
    let bestWall = Infinity;
    for (let round = 0; round < ROUNDS; round++) {
      const c = process.cpuUsage();
      const t = performance.now();
      for (let i = 0; i < CALLS; i++) {
        const [method, args] = input(round * CALLS + i);
        // debrief.get may refuse a loop "me" may not see yet: the refusal is measured like an answer.
        await workspace.call(method, args);
      }
      best = Math.min(best, (cpuMs(c) * 1000) / CALLS);
      bestWall = Math.min(bestWall, ((performance.now() - t) * 1000) / CALLS);
    }
    rows.push({ name, cpuUs: best, wallUs: bestWall });
  }

  // A write: feedback submitted, each by its author (the same slots in both copies of the seed).
  const me = value<{ me: string | null }>(await workspace.call('settings.get', {})).me;
  const writeCpu: number[] = [];
  const writeWall: number[] = [];
  for (const o of owed) {
    const text = 'We had a migration deadline and the customer escalated; I rewrote the plan, cut scope and shipped in two weeks.';
    value(await workspace.call('settings.setMe', { memberId: o.authorId }));
    const c = process.cpuUsage();
    const t = performance.now();
    const res = await workspace.call('feedback.submit', {
      loopId: o.loopId,
      authorId: o.authorId,
      ratings: (JSON.parse(o.principleIds) as string[]).map((principleId) => ({ principleId, rating: 3, evidence: { situation: text, task: text, action: text, result: text } })),
      vote: 'inclined',
      raiseBar: 'yes',
      reasonToHire: 'Clear ownership.',
      reasonNotToHire: 'Little depth on data.',
    });
    if (res.ok) {
      writeCpu.push(cpuMs(c) * 1000);
      writeWall.push((performance.now() - t) * 1000);
    }
  }
  // Backing up and restoring are for founders and admins.
  const team = value<{ id: string; capabilities: string[] }[]>(await workspace.call('team.list', {}));
  value(await workspace.call('settings.setMe', { memberId: team.find((m) => m.capabilities.includes('founder'))?.id ?? me }));
  writeCpu.sort((a, b) => a - b);
  writeWall.sort((a, b) => a - b);
  rows.push({ name: `feedback.submit (median of ${writeCpu.length} per pass)`, cpuUs: writeCpu[writeCpu.length >> 1] ?? NaN, wallUs: writeWall[writeWall.length >> 1] ?? NaN });

  const databaseBytes = statSync(file).size;
  if (!heavy) {
    workspace.close();
    return { rows, backup: null, restore: null, databaseBytes };
  }
  const backup = await withPeak(async () => value<{ name: string; size: number }>(await workspace.call('backups.create', {})));
  const backupRow = { name: backup.result.name, size: backup.result.size, cpuMs: backup.cpu, wallMs: backup.wall, peakMb: backup.peakMb, startMb: backup.startMb };
  let restoreRow: { cpuMs: number; wallMs: number; peakMb: number; startMb: number } | null = null;
  if (restore) {
    const restored = await withPeak(async () => value(await workspace.call('backups.restore', { name: backup.result.name })));
    restoreRow = { cpuMs: restored.cpu, wallMs: restored.wall, peakMb: restored.peakMb, startMb: restored.startMb };
  }
  workspace.close();
  // The benchmark's own backups go: the copies are large enough without them.
  for (const name of readdirSync(backupsDir(file))) if (name.startsWith('principled-manual-') || name.startsWith('principled-before-restore-')) rmSync(join(backupsDir(file), name), { force: true });
  return { rows, backup: backupRow, restore: restoreRow, databaseBytes };
}

const plainDir = arg('plain');
const encryptedDir = arg('encrypted');
if (argv.includes('--encrypt-first')) {
  const w = openWorkspace(encryptedDir, { sealCost: LOW_COST });
  const done = await withPeak(() => w.encrypt(PASSPHRASE));
  w.close();
  console.log(`encrypted ${encryptedDir} in place: ${(done.wall / 1000).toFixed(1)} s wall, ${(done.cpu / 1000).toFixed(1)} s CPU, peak RSS ${done.peakMb.toFixed(0)} MB`);
}
const restore = argv.includes('--restore');
// Two passes, in turn and in both orders, each row's best kept: whichever file is read first pays for the
// operating system's cache, which would otherwise count as encryption's cost (or saving).
const plainReads = await measureWorkspace(plainDir, false, false);
const encryptedReads = await measureWorkspace(encryptedDir, false, false);
const encryptedHeavy = await measureWorkspace(encryptedDir, true, restore);
const plainHeavy = await measureWorkspace(plainDir, true, restore);
const best = (a: Measured[], b: Measured[]) => a.map((x, i) => ({ name: x.name, cpuUs: Math.min(x.cpuUs, b[i]!.cpuUs), wallUs: Math.min(x.wallUs, b[i]!.wallUs) }));
const plain = { ...plainHeavy, rows: best(plainReads.rows, plainHeavy.rows), backup: plainHeavy.backup!, restore: plainHeavy.restore };
const encrypted = { ...encryptedHeavy, rows: best(encryptedReads.rows, encryptedHeavy.rows), backup: encryptedHeavy.backup!, restore: encryptedHeavy.restore };

const us = (x: number) => (x >= 10_000 ? `${(x / 1000).toFixed(1)} ms` : `${x.toFixed(0)} µs`);
const ratio = (a: number, b: number) => (a > 0 ? `${(b / a).toFixed(2)}×` : '—');
const lines = [
  '| Read / write | CPU plaintext | CPU encrypted | ratio | wall plaintext | wall encrypted |',
  '|---|---|---|---|---|---|',
  ...plain.rows.map((p, i) => {
    const e = encrypted.rows[i]!;
    return `| ${p.name} | ${us(p.cpuUs)} | ${us(e.cpuUs)} | ${ratio(p.cpuUs, e.cpuUs)} | ${us(p.wallUs)} | ${us(e.wallUs)} |`;
  }),
  '',
  '| Backup | file | size (of the database) | CPU | wall | peak RSS (before) |',
  '|---|---|---|---|---|---|',
  ...[
    ['plaintext', plain],
    ['encrypted', encrypted],
  ].map(([label, m]) => {
    const r = m as typeof plain;
    return `| ${label as string} | \`${r.backup.name.replace(/^principled-manual-[^.]+/, '…')}\` | ${(r.backup.size / 2 ** 20).toFixed(0)} MB (${((100 * r.backup.size) / r.databaseBytes).toFixed(1)} %) | ${(r.backup.cpuMs / 1000).toFixed(1)} s | ${(r.backup.wallMs / 1000).toFixed(1)} s | ${r.backup.peakMb.toFixed(0)} MB (${r.backup.startMb.toFixed(0)} MB) |`;
  }),
];
if (plain.restore && encrypted.restore) {
  lines.push('', '| Restore of that backup | CPU | wall | peak RSS (before) |', '|---|---|---|---|');
  for (const [label, r] of [
    ['plaintext', plain.restore],
    ['encrypted', encrypted.restore],
  ] as const) {
    lines.push(`| ${label} | ${(r.cpuMs / 1000).toFixed(1)} s | ${(r.wallMs / 1000).toFixed(1)} s | ${r.peakMb.toFixed(0)} MB (${r.startMb.toFixed(0)} MB) |`);
  }
}
console.log(lines.join('\n'));
