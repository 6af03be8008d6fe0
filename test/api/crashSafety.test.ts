import Database from 'better-sqlite3-multiple-ciphers';
import { buildSync } from 'esbuild';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inProcessClient, openWorkspace } from '../../core/server/workspace';
import { DATABASE_FILE_NAME } from '../../db/open';
import { interviewingLoop, value } from '../support/company';

const KILLS = Number(process.env.PRINCIPLED_CRASH_KILLS ?? 50);
// Enough loops that the writer is still busy at the last kill (writes got faster with cached statements).
const LOOPS = 160;

/** A deterministic sequence for the kill delays, so a failure can be replayed. */
function delays(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return 5 + (s % 120);
  };
}

describe('crash safety', () => {
  it(`keeps every acknowledged write through ${KILLS} SIGKILLs at random moments`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'principled-crash-'));
    let running: ChildProcess | null = null;
    // Inside the project, so the bundle finds better-sqlite3 in node_modules.
    const bundle = join(process.cwd(), 'node_modules', '.cache', 'principled', 'crashWriter.mjs');
    // One bundled file starts in a fraction of the time tsx needs, so the kills land mid-write, not mid-startup.
    buildSync({
      entryPoints: ['test/support/crashWriter.ts'],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: bundle,
      external: ['better-sqlite3-multiple-ciphers'],
      banner: { js: "import { createRequire as principledRequire } from 'node:module'; const require = principledRequire(import.meta.url);" },
      logLevel: 'silent',
      absWorkingDir: process.cwd(),
    });
    try {
      const setup = openWorkspace(dir);
      const api = inProcessClient(setup);
      const s = await interviewingLoop(api);
      const loopIds = [s.loop.id];
      for (let i = 1; i < LOOPS; i++) {
        const candidate = value(await api.call('candidates.create', { name: `Candidate ${i}` }));
        const loop = value(await api.call('loops.create', { candidateId: candidate.id, roleId: s.role.id }));
        const planned = value(
          await api.call('loops.plan', {
            id: loop.id,
            revision: loop.revision,
            barRaiserId: s.sales.id,
            slots: loop.slots.map(({ position: _p, ...slot }, j) => ({ ...slot, interviewerId: j === 0 ? s.eng.id : s.ceo.id })),
          }),
        );
        const p2 = value(await api.call('loops.transition', { id: loop.id, revision: planned.revision, to: 'planned', overrideReason: 'test' }));
        value(await api.call('loops.transition', { id: loop.id, revision: p2.revision, to: 'interviewing' }));
        loopIds.push(loop.id);
      }
      await s.as(s.eng.id);
      setup.close();

      const next = delays(7);
      const acknowledged: string[] = [];
      let kills = 0;
      let completed = false;
      while (kills < KILLS && !completed) {
        const child = spawn(process.execPath, [bundle, dir, JSON.stringify(loopIds)], { stdio: ['ignore', 'pipe', 'inherit'] });
        running = child;
        const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
        const lines: string[] = [];
        let buffer = '';
        child.stdout.on('data', (chunk: Buffer) => {
          buffer += chunk.toString();
          const parts = buffer.split('\n');
          buffer = parts.pop() ?? '';
          lines.push(...parts);
        });
        // Wait for the first acknowledged write, then let it run a random few milliseconds more.
        await new Promise<void>((resolve) => {
          const poll = setInterval(() => {
            if (lines.length > 0 || child.exitCode !== null) {
              clearInterval(poll);
              resolve();
            }
          }, 2);
        });
        await new Promise((r) => setTimeout(r, next()));
        if (child.exitCode === null) {
          child.kill('SIGKILL');
          kills++;
        }
        await exited;
        if (lines.length === 0 && !completed) throw new Error(`the writer exited with ${child.exitCode} before writing anything`);
        acknowledged.push(...lines);
        if (lines.includes('done')) completed = true;

        // After each kill: the file opens, is whole, and holds every write that was acknowledged.
        const db = new Database(join(dir, DATABASE_FILE_NAME), { readonly: true });
        try {
          expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
          const current = new Map(
            (
              db
                .prepare(`SELECT loop_id AS loopId, status, reason_to_hire AS reason FROM feedback WHERE author_id = ? AND superseded = 0`)
                .all(s.eng.id) as { loopId: string; status: string; reason: string }[]
            ).map((r) => [r.loopId, r]),
          );
          for (const line of lines) {
            const [kind, loopId, n] = line.split(' ');
            if (kind === 'done') continue;
            const row = current.get(loopId ?? '');
            expect(row, line).toBeDefined();
            if (kind === 'submit') expect(row?.status, line).toBe('submitted');
            // A later draft or the submission may have replaced it, never an earlier state.
            if (kind === 'draft' && row?.status === 'draft') expect(Number(row.reason.split(' ')[1])).toBeGreaterThanOrEqual(Number(n));
          }
        } finally {
          db.close();
        }
      }
      expect(kills).toBeGreaterThanOrEqual(Math.min(KILLS, 50));
      expect(acknowledged.filter((l) => l.startsWith('submit')).length).toBeGreaterThan(0);
      console.log(
        `crash test: ${kills} kills, ${acknowledged.filter((l) => l.startsWith('draft')).length} acknowledged drafts and ` +
          `${acknowledged.filter((l) => l.startsWith('submit')).length} submissions, all present after every kill`,
      );
    } finally {
      // A writer still running here means the test failed mid-round: stop it by its pid.
      if (running?.pid !== undefined && running.exitCode === null && running.signalCode === null) running.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
