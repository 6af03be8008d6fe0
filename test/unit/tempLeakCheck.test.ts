import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeTempRoot, leftovers, processesUsing } from '../support/tempRoot';

// The unit project's global teardown (test/support/tempLeakCheck.ts) relies on these to fail a leaking run.
describe('the temp-folder and process leak check', () => {
  let root = '';
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('passes an empty run folder and removes it', async () => {
    root = mkdtempSync(join(tmpdir(), 'principled-check-'));
    await expect(closeTempRoot(root, 0)).resolves.toBeUndefined();
    expect(existsSync(root)).toBe(false);
  });

  it('fails naming each folder and file left behind, still removing the run folder', async () => {
    root = mkdtempSync(join(tmpdir(), 'principled-check-'));
    mkdirSync(join(root, 'principled-test-abc'));
    writeFileSync(join(root, 'stray.txt'), 'x');
    expect(leftovers(root)).toEqual(['principled-test-abc', 'stray.txt']);
    await expect(closeTempRoot(root, 0)).rejects.toThrow(/temp entry left: principled-test-abc\n.*temp entry left: stray\.txt/);
    expect(existsSync(root)).toBe(false);
  });

  it("ignores tsx's transform cache", () => {
    root = mkdtempSync(join(tmpdir(), 'principled-check-'));
    mkdirSync(join(root, 'tsx-1000'));
    expect(leftovers(root)).toEqual([]);
  });

  it.runIf(process.platform === 'linux')('finds a process started with the run folder as TMPDIR until it is stopped', async () => {
    root = mkdtempSync(join(tmpdir(), 'principled-check-'));
    const child = spawn('sleep', ['30'], { stdio: 'ignore', env: { ...process.env, TMPDIR: root } });
    try {
      await new Promise((resolve) => child.once('spawn', resolve));
      expect(processesUsing(root).map((p) => p.pid)).toEqual([child.pid]);
      await expect(closeTempRoot(root, 0)).rejects.toThrow(new RegExp(`process ${child.pid} still running: sleep 30`));
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
    expect(processesUsing(root)).toEqual([]);
  });
});
