import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseArgs, seedWorkspace, workspaceDir } from '../../bench/seed';

// Seeding even the small scale takes ~15 s here, so the seeding itself is checked by hand (bench/README.md);
// what is tested is where the bench scripts look and that --dir cannot delete a folder that is not a workspace.
describe('bench seed arguments', () => {
  let dir = '';
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('seeds into --dir when given, resolved to an absolute path, and into the scale folder otherwise', () => {
    expect(parseArgs(['--scale', 'large', '--seed', '3', '--dir', 'some/folder'])).toEqual({ scale: 'large', seed: 3, dir: resolve('some/folder') });
    expect(parseArgs(['--scale', 'large', '--seed', '3'])).toEqual({ scale: 'large', seed: 3, dir: workspaceDir('large', 3) });
    expect(parseArgs([])).toEqual({ scale: 'small', seed: 1, dir: workspaceDir('small', 1) });
  });

  it('refuses --dir without a folder and an unknown scale', () => {
    expect(() => parseArgs(['--dir'])).toThrow('--dir needs a folder');
    expect(() => parseArgs(['--scale', 'tiny'])).toThrow('--scale must be small, large or huge (got tiny)');
  });

  it('does not delete a non-empty folder that holds no workspace', () => {
    dir = mkdtempSync(join(tmpdir(), 'principled-bench-args-'));
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    mkdirSync(join(dir, 'photos'));
    expect(() => seedWorkspace('small', 1, dir)).toThrow(/is not empty and holds no workspace/);
    expect(readdirSync(dir).sort()).toEqual(['notes.txt', 'photos']);
  });
});
