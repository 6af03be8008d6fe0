// A child process for the lock tests: takes the workspace lock and says so on stdout; a line "release" on stdin
// releases it cleanly (and says so) while the process lives on, until it is killed.
import { acquireLock } from '../../db/lock';

const lock = acquireLock(process.argv[2] ?? '');
process.stdout.write(`LOCKED ${lock.takenOverFromCrash ? 'after-crash' : 'clean'}\n`);
process.stdin.on('data', (chunk: Buffer) => {
  if (!chunk.toString().includes('release')) return;
  lock.release();
  process.stdout.write('RELEASED\n');
});
setInterval(() => {}, 1_000);
