// A background worker that fails the way a real one could: an uncaught error on a message, or an exit.
import { parentPort } from 'node:worker_threads';

parentPort?.on('message', ({ task }: { task: string }) => {
  if (task === 'exit') process.exit(3);
  throw new Error('the worker broke');
});
