import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultAppDataDir, resolveDataDir } from '../db/dataDir';
import { openWorkspaceSafely } from '../core/server/workspace';
import { HOST_STARTUP_GATE } from '../core/server/startupGate';
import { openLockable, type LockableWorkspace } from '../core/server/appLock';
import { startHost, type StartedHost } from './start';

export const DEFAULT_PORT = 5180;

const { values } = parseArgs({
  options: { port: { type: 'string' }, 'data-dir': { type: 'string' } },
  allowPositionals: false,
});

const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a whole number from 0 to 65535 (got "${values.port}")`);
  process.exit(2);
}

const rendererDir = fileURLToPath(new URL('../dist/renderer', import.meta.url));
if (!existsSync(`${rendererDir}/index.html`)) {
  console.error('The renderer is not built yet: run `npm run web`, which builds it first.');
  process.exit(1);
}

// Defence in depth: the workspace code sets its own files' modes, but anything else written here stays private too.
process.umask(0o077);
const dataDir = resolveDataDir(process.argv, process.env, defaultAppDataDir());
// Team sync's folder rescan (the watcher catches most arrivals; the rescan what it misses). Tests shorten it.
const rescanMs = Number(process.env.PRINCIPLED_SYNC_RESCAN_MS ?? '');
let workspace: LockableWorkspace;
try {
  // A workspace encrypted with a passphrase starts locked: the page asks for it (core/server/appLock.ts).
  workspace = await openLockable({
    dataDir,
    open: (key) => openWorkspaceSafely(dataDir, { key, startupGate: HOST_STARTUP_GATE, ...(Number.isInteger(rescanMs) && rescanMs > 0 ? { sync: { rescanMs } } : {}) }),
  });
} catch (error) {
  console.error(`Could not open the workspace in ${dataDir}:\n${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

let host: StartedHost;
try {
  host = await startHost({ workspace, rendererDir, port, log: (line) => console.log(line) });
} catch (error) {
  console.error(`Could not start the browser host: ${error instanceof Error ? error.message : String(error)}`);
  workspace.close();
  process.exit(1);
}
console.log(`Data: ${workspace.file}`);
console.log('Press Enter for a new link (each works once), Ctrl+C to stop.');
// Each line typed in the terminal (Enter) prints a new link, e.g. after the browser was closed.
process.stdin.on('data', () => host.printLaunchLink());

function shutdown(): void {
  host.server.close();
  workspace.close();
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
