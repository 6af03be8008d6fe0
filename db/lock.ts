import Database from 'better-sqlite3-multiple-ciphers';
import { rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { createPrivateFile, ensurePrivateDir } from './privateFiles';

export const LOCK_FILE_NAME = 'principled.lock';

export class WorkspaceLockedError extends Error {
  constructor(readonly lockFile: string) {
    super(
      'This workspace is already open in another Principled window or browser host. ' +
        'Close that one first: two writers on one file could corrupt it.',
    );
    this.name = 'WorkspaceLockedError';
  }
}

export interface WorkspaceLock {
  file: string;
  release(): void;
  /** The last run on this folder did not shut down cleanly: the caller checks the data file more deeply. */
  takenOverFromCrash: boolean;
}

/** better-sqlite3 reports extended result codes (SQLITE_BUSY_RECOVERY, SQLITE_CORRUPT_INDEX…): match the family. */
const isCode = (error: unknown, ...families: string[]) => {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && families.some((family) => code === family || code.startsWith(`${family}_`));
};

/**
 * One writer per data folder, held as an exclusive SQLite lock on a small file of its own. The lock is the
 * operating system's (fcntl on Linux and macOS, LockFileEx on Windows), held for the life of the connection
 * and released by the kernel when the process dies however it dies, so there is no stale lock to guess about
 * after a crash or a reboot, and no process id to be fooled by. Inside one process SQLite refuses a second
 * connection itself, so a second open in the same process is refused too.
 *
 * Whether the last run shut down cleanly is a row in that file: set when the lock is taken, cleared on release.
 *
 * Limits: on a network folder the lock is only as good as the file server's locking. NFS (with lockd) and SMB
 * carry these locks in most setups, so a live Principled on another machine is refused rather than taken over;
 * a server that ignores locks would let two writers in. Nothing else in this process may open and close the
 * lock file while it is held: closing any descriptor on a file drops every POSIX lock the process has on it.
 */
export function acquireLock(dataDir: string): WorkspaceLock {
  ensurePrivateDir(dataDir);
  const file = join(dataDir, LOCK_FILE_NAME);
  let takenOverFromCrash = false;
  for (let attempt = 0; attempt < 2; attempt++) {
    createPrivateFile(file);
    // No busy timeout: another writer is an answer to give now, not a wait.
    const db = new Database(file, { timeout: 0 });
    try {
      db.pragma('locking_mode = EXCLUSIVE');
      // One page, written twice a run: a journal in memory spares the fsyncs of a journal file (about 70 ms to
      // 14 ms here). A power cut mid-write can damage the file; that reads as a crash below, which it was.
      db.pragma('journal_mode = MEMORY');
      // The "open" mark must be on disk before the workspace is touched, or a power cut would hide from the next start.
      db.pragma('synchronous = FULL');
      // The first write takes the exclusive lock; in this locking mode it is kept after the commit.
      db.exec('BEGIN EXCLUSIVE');
      db.exec('CREATE TABLE IF NOT EXISTS run (id INTEGER PRIMARY KEY CHECK (id = 1), open INTEGER NOT NULL, pid INTEGER, host TEXT, since TEXT)');
      const previous = db.prepare('SELECT open FROM run WHERE id = 1').get() as { open: number } | undefined;
      if (previous?.open) takenOverFromCrash = true;
      db.prepare('INSERT OR REPLACE INTO run (id, open, pid, host, since) VALUES (1, 1, ?, ?, ?)').run(process.pid, hostname(), new Date().toISOString());
      db.exec('COMMIT');
    } catch (error) {
      db.close();
      if (isCode(error, 'SQLITE_BUSY', 'SQLITE_LOCKED')) throw new WorkspaceLockedError(file);
      if (isCode(error, 'SQLITE_NOTADB', 'SQLITE_CORRUPT') && attempt === 0) {
        // A lock file from before this one (a JSON process id) or a damaged one. No live Principled holds it
        // (one would hold a SQLite lock and we would have been refused), and its process id cannot be trusted
        // after a reboot, so it says only that the last run did not end cleanly.
        rmSync(file, { force: true });
        takenOverFromCrash = true;
        continue;
      }
      throw error;
    }
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      process.off('exit', release);
      try {
        // Not waited onto disk: if it is lost, the next start only checks the file it did not need to.
        db.pragma('synchronous = OFF');
        db.prepare('UPDATE run SET open = 0 WHERE id = 1').run();
      } finally {
        db.close();
      }
    };
    // A process.exit() after the work is saved is a clean stop, not a crash.
    process.on('exit', release);
    return { file, release, takenOverFromCrash };
  }
  throw new Error(`Could not take the workspace lock ${file}`);
}
