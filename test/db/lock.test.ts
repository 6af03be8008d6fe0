import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireLock, LOCK_FILE_NAME, WorkspaceLockedError, type WorkspaceLock } from '../../db/lock';

interface Holder {
  child: ChildProcess;
  /** Resolves once the child has written this word. */
  said(word: string): Promise<void>;
}

/** Starts a process that takes the lock on dir and waits for it to say it holds it. */
async function holdInChild(dir: string, children: ChildProcess[]): Promise<Holder> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/lockHolder.ts', dir], { stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  const said = (word: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (out.includes(word)) resolve();
      };
      child.stdout?.on('data', check);
      child.on('exit', (code) => reject(new Error(`lock holder exited with ${code}:\n${out}`)));
      check();
    });
  const collect = (chunk: Buffer) => {
    out += chunk.toString();
  };
  child.stdout?.prependListener('data', collect);
  child.stderr?.on('data', collect);
  await said('LOCKED');
  return { child, said };
}

/** Runs a process that tries to take the lock on dir and reports what happened. */
async function tryInChild(dir: string, children: ChildProcess[]): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/lockHolder.ts', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  return new Promise<string>((resolve) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('LOCKED')) resolve(out);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('close', () => resolve(out));
  });
}

async function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

describe('one writer per data folder: the lock', () => {
  let dir: string;
  let children: ChildProcess[];
  let held: WorkspaceLock[];
  const take = () => {
    const lock = acquireLock(dir);
    held.push(lock);
    return lock;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'principled-lock-'));
    children = [];
    held = [];
  });
  afterEach(async () => {
    for (const child of children) await kill(child, 'SIGKILL');
    for (const lock of held) lock.release();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is taken over after its holder is SIGKILLed, and says the last run did not shut down cleanly', async () => {
    const { child } = await holdInChild(dir, children);
    await kill(child, 'SIGKILL');
    expect(child.signalCode).toBe('SIGKILL');
    expect(take().takenOverFromCrash).toBe(true);
  }, 30_000);

  it('is refused while a live process holds it, with a clear message', async () => {
    await holdInChild(dir, children);
    expect(() => take()).toThrow(WorkspaceLockedError);
    expect(() => take()).toThrow(/already open in another Principled window or browser host/);
  }, 30_000);

  it('refuses a second acquire in the same process, and allows one after release', () => {
    const first = take();
    expect(first.takenOverFromCrash).toBe(false);
    expect(() => take()).toThrow(WorkspaceLockedError);
    first.release();
    expect(take().takenOverFromCrash).toBe(false);
  });

  it('stays closed to other processes after a refused second acquire in this one', async () => {
    take();
    // The refused attempt opened and closed the file; with POSIX locks a careless close drops the process's lock.
    expect(() => acquireLock(dir)).toThrow(WorkspaceLockedError);
    expect(await tryInChild(dir, children)).toMatch(/already open in another Principled window/);
  }, 30_000);

  it('is free once another process released it cleanly, though that process lives on, and reports no crash', async () => {
    const holder = await holdInChild(dir, children);
    holder.child.stdin?.write('release\n');
    await holder.said('RELEASED');
    expect(holder.child.exitCode).toBeNull();
    expect(take().takenOverFromCrash).toBe(false);
  }, 30_000);

  it('replaces a lock file from the old version, even one naming a live process on this machine', () => {
    // The old lock was a JSON process id; after a reboot that id can belong to anyone, here to this very process.
    writeFileSync(join(dir, LOCK_FILE_NAME), JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }));
    const lock = take();
    expect(lock.takenOverFromCrash).toBe(true);
    expect(() => acquireLock(dir)).toThrow(WorkspaceLockedError);
  });
});
