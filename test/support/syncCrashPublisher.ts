// The sync crash test's child: publishes one envelope and dies by SIGKILL after the temporary file is written
// and flushed, before the rename — a power cut at the worst moment.
import { readFileSync } from 'node:fs';
import { publishEnvelope } from '../../core/server/sync/atomicWrite';

const [root, path, bytesFile] = process.argv.slice(2);
publishEnvelope(root ?? '', { path: path ?? '', bytes: readFileSync(bytesFile ?? '') }, {
  beforeRename: () => {
    process.kill(process.pid, 'SIGKILL');
  },
});
