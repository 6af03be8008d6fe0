// What team sync's change capture adds to a write (issue 11: under 1 ms): the same candidate edits through
// dispatch on two copies of a seeded workspace, one with the outbox triggers installed, one without.
//   npx tsx bench/seed.ts --scale small --dir /tmp/sm   then   npx tsx bench/syncMerge.ts /tmp/sm
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dispatch, type DispatchContext } from '../core/server/dispatch';
import { installCapture } from '../core/server/sync/outbox';
import { DATABASE_FILE_NAME, openDatabase } from '../db/open';
import { setSetting } from '../db/queries/settings';
import { summarise } from './stats';

const source = join(process.argv[2] ?? join(tmpdir(), 'principled-bench-small-seed1'), DATABASE_FILE_NAME);
const WRITES = 2_000;
const work = mkdtempSync(join(tmpdir(), 'principled-sync-bench-'));

function measure(capture: boolean): number[] {
  const file = join(work, `${capture ? 'with' : 'without'}.sqlite`);
  copyFileSync(source, file);
  const db = openDatabase(file);
  try {
    const founder = db.prepare(`SELECT id FROM team_members WHERE capabilities LIKE '%"founder"%' LIMIT 1`).get() as { id: string };
    setSetting(db, 'me', founder.id);
    if (capture) installCapture(db, { deviceId: 'bench-device' });
    const ids = (db.prepare('SELECT id FROM candidates WHERE status = ? LIMIT 200').all('active') as { id: string }[]).map((r) => r.id);
    const ctx: DispatchContext = { db, dataFile: file };
    const samples: number[] = [];
    for (let i = 0; i < WRITES; i++) {
      const id = ids[i % ids.length] ?? '';
      const { revision } = db.prepare('SELECT revision FROM candidates WHERE id = ?').get(id) as { revision: number };
      const start = performance.now();
      const result = dispatch('candidates.update', { id, revision, notes: `note ${i}`, source: `source ${i % 7}` }, ctx);
      samples.push(performance.now() - start);
      if (!result.ok) throw new Error(result.error.message);
    }
    return samples.slice(WRITES / 10); // the first writes warm the caches
  } finally {
    db.close();
  }
}

try {
  // Each copy twice, from a fresh file each time.
  const without = summarise([...measure(false), ...measure(false)]);
  const withCapture = summarise([...measure(true), ...measure(true)]);
  const ms = (n: number) => `${n.toFixed(3)} ms`;
  console.log(`candidates.update without capture: median ${ms(without.median)}, p95 ${ms(without.p95)} (${without.runs} writes)`);
  console.log(`candidates.update with capture:    median ${ms(withCapture.median)}, p95 ${ms(withCapture.p95)} (${withCapture.runs} writes)`);
  console.log(`capture adds: median ${ms(withCapture.median - without.median)}, p95 ${ms(withCapture.p95 - without.p95)} (target < 1 ms)`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
