import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inProcessClient, openWorkspace } from '../../core/server/workspace';
import { interviewingLoop, value } from '../support/company';

describe('a feedback draft survives a killed process', () => {
  it('is there after SIGKILL right after the API acknowledged it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'principled-crash-'));
    let child: ChildProcess | null = null;
    try {
      const first = openWorkspace(dir);
      const s = await interviewingLoop(inProcessClient(first));
      await s.as(s.eng.id);
      first.close();

      const writer = spawn(process.execPath, ['--import', 'tsx', 'test/support/draftWriter.ts', dir, s.loop.id, 'Typed just before the crash'], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      child = writer;
      const said = await new Promise<string>((resolve, reject) => {
        let out = '';
        writer.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          if (out.includes('\n')) resolve(out.trim());
        });
        writer.on('exit', (code) => reject(new Error(`child exited early with ${code}: ${out}`)));
      });
      expect(said).toBe('ACK');
      const exited = new Promise<NodeJS.Signals | null>((resolve) => writer.once('exit', (_code, signal) => resolve(signal)));
      writer.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');

      const reopened = openWorkspace(dir);
      try {
        const mine = value(await inProcessClient(reopened).call('feedback.mine', { loopId: s.loop.id }));
        expect(mine.current?.status).toBe('draft');
        expect(mine.current?.reasonToHire).toBe('Typed just before the crash');
        const check = reopened.dispatch('activity.list', { limit: 1 });
        expect(check.ok).toBe(true);
      } finally {
        reopened.close();
      }
    } finally {
      // Stopped by its pid if the test failed before the kill above.
      if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
