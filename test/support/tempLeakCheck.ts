// Global setup of the unit project: the run gets its own TMPDIR, inherited by every test worker and every
// process a test starts, and the run fails if a temp entry or a process is left at the end. A private folder,
// rather than a before/after listing of the shared temp folder, so parallel workers and other runs on the
// machine cannot make it pass or fail by chance.
import { closeTempRoot, createTempRoot } from './tempRoot';

export default function setup(): () => Promise<void> {
  const previous = process.env.TMPDIR;
  const root = createTempRoot();
  process.env.TMPDIR = root;
  return async () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    await closeTempRoot(root);
  };
}
