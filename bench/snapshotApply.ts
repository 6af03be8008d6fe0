// Applying a team snapshot of a seeded workspace, alone (issue 11: a new device bootstraps `large` in under a
// minute). The sections are read from the seed once and kept (compressed) in --cache, so later runs measure the
// apply only: decompress, parse, insert, derived tables, state hash check. CPU time is the process's (both
// threads), reported with the load average since the machine is shared.
//   npx tsx bench/snapshotApply.ts --large <seeded dir> --cache <dir> [--runs 1]
import Database from 'better-sqlite3-multiple-ciphers';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { decompressSection } from '../core/server/sync/batchFile';
import { readSnapshotSections } from '../core/server/sync/snapshot';
import { applySnapshot } from '../core/server/sync/snapshotApply';
import { DATABASE_FILE_NAME, openDatabase } from '../db/open';

const argv = process.argv.slice(2);
const arg = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const LARGE = arg('large');
const CACHE = arg('cache');
const RUNS = Number(arg('runs') ?? 1);
if (!LARGE || !CACHE) throw new Error('usage: --large <seeded dir> --cache <dir>');

const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
};

function sections(): Buffer[] {
  if (!existsSync(join(CACHE!, 'done'))) {
    mkdirSync(CACHE!, { recursive: true });
    const db = new Database(join(LARGE!, DATABASE_FILE_NAME), { readonly: true });
    const t = performance.now();
    const cpu = process.cpuUsage();
    const { compressed } = db.transaction(() => readSnapshotSections(db as never))();
    db.close();
    compressed.forEach((c, i) => writeFileSync(join(CACHE!, `${String(i).padStart(4, '0')}.br`), c));
    writeFileSync(join(CACHE!, 'done'), '');
    console.log(`sections read: ${compressed.length} in ${((performance.now() - t) / 1000).toFixed(1)} s, ${cpuSeconds(cpu).toFixed(1)} s CPU`);
  }
  return readdirSync(CACHE!).filter((n) => n.endsWith('.br')).sort().map((n) => readFileSync(join(CACHE!, n)));
}

const compressed = sections();
for (let run = 0; run < RUNS; run++) {
  const dir = mkdtempSync(join(tmpdir(), 'principled-snapshot-apply-'));
  try {
    const db = openDatabase(join(dir, DATABASE_FILE_NAME));
    const t = performance.now();
    const cpu = process.cpuUsage();
    const source = compressed.map((c) => ({ read: () => ({ ok: true as const, value: JSON.parse(decompressSection(c)) as unknown }) }));
    const applied = applySnapshot(db, source, { deviceId: '00000000-0000-7000-8000-000000000001', seq: 1, memberId: 'x' });
    console.log(
      `apply: ${applied.ok ? `${applied.value.rows} rows` : `refused (${applied.detail})`} in ${((performance.now() - t) / 1000).toFixed(1)} s, ${cpuSeconds(cpu).toFixed(1)} s CPU; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`,
    );
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
