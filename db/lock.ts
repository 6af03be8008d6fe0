import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export const LOCK_FILE_NAME = 'principled.lock';

export class WorkspaceLockedError extends Error {
  constructor(
    readonly lockFile: string,
    readonly pid: number,
  ) {
    super(
      `This workspace is already open in another Principled window or browser host (process ${pid}). ` +
        'Close that one first: two writers on one file could corrupt it.',
    );
    this.name = 'WorkspaceLockedError';
  }
}

interface LockContent {
  pid: number;
  host: string;
  since: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(file: string): LockContent | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockContent;
  } catch {
    return null;
  }
}

/**
 * One writer per data folder: a lock file holding our process id. A lock left
 * by a process that died (a crash, SIGKILL) is taken over, and says so, so the
 * caller can check the file more deeply; one held by a live process on this
 * machine is refused.
 */
export function acquireLock(dataDir: string): { file: string; release(): void; takenOverFromCrash: boolean } {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, LOCK_FILE_NAME);
  let takenOverFromCrash = false;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() } satisfies LockContent));
      closeSync(fd);
      const release = () => {
        if (readLock(file)?.pid === process.pid) unlinkSync(file);
        process.off('exit', release);
      };
      process.on('exit', release);
      return { file, release, takenOverFromCrash };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const held = readLock(file);
      // Our own process counts too: a second open in one process is still a second writer.
      if (held && held.host === hostname() && isAlive(held.pid)) {
        throw new WorkspaceLockedError(file, held.pid);
      }
      // Stale (its process is gone) or unreadable: the last run did not shut down cleanly. Take it over.
      unlinkSync(file);
      takenOverFromCrash = true;
    }
  }
  throw new Error(`Could not take the workspace lock ${file}`);
}
