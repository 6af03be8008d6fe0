// Two real Syncthing instances on loopback sharing one folder: the engine the team-sync folder is built for,
// driven the way a user's machines would run it, but with discovery, relays and NAT off so nothing leaves
// 127.0.0.1. Tests hand in the two folders; the helper owns the homes (config, keys, index database).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STIGNORE_RULE } from '../../core/server/sync/engineIgnores';

export const SYNCTHING_FOLDER_ID = 'principled-team';

/** The app's own rule (sync.makeTeam and sync.join write it too), so the harness and the app cannot drift apart. */
export const STIGNORE = `${STIGNORE_RULE}\n`;

export interface SyncthingNode {
  name: string;
  deviceId: string;
  /** The shared folder on this side, as the caller gave it. */
  dir: string;
  home: string;
  pid: number;
  /** Base URL of the REST API (the GUI address). */
  api: string;
  /** Calls the REST API with this node's API key; throws on a non-2xx answer. */
  rest<T = unknown>(method: 'GET' | 'POST', path: string): Promise<T>;
  /** Asks for an immediate scan of the shared folder instead of waiting for the watcher. */
  scan(): Promise<void>;
  /** The last lines Syncthing printed, for failure messages. */
  log(): string;
}

export interface SyncthingPair {
  a: SyncthingNode;
  b: SyncthingNode;
  folderId: string;
  /** Milliseconds from starting the processes until both report the other connected. */
  connectMs: number;
  /** Cuts the link (A pauses device B) and waits until both report it disconnected. */
  pause(): Promise<void>;
  /** Restores the link and waits until both sides are connected again. */
  resume(): Promise<void>;
  /** Waits until a file exists (with exactly `bytes`, when given); returns the milliseconds waited. */
  waitForFile(path: string, timeoutMs?: number, bytes?: Uint8Array): Promise<number>;
  /**
   * Scans both folders now, then waits until each side is idle, needs nothing, and sees the other as holding
   * everything it announced: what one side has written, the other has, or has decided not to take.
   */
  waitUntilInSync(timeoutMs?: number): Promise<number>;
  /** Stops both processes (each by its own pid, waiting for it to exit) and removes the homes. Idempotent. */
  stop(): Promise<void>;
}

export interface PairOptions {
  dirA: string;
  dirB: string;
  /** How long to wait for the two to connect. */
  connectTimeoutMs?: number;
  /** Full rescan interval, the fallback when a file-system event is missed. */
  rescanIntervalS?: number;
  /** How long the watcher gathers events before it scans. */
  watcherDelayS?: number;
}

interface Running {
  child: ChildProcess;
  exited: Promise<void>;
  home: string;
}

/** Every instance not yet stopped, so a test that throws or a worker that exits still stops them. */
const live = new Set<Running>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // 'exit' handlers must be synchronous: SIGKILL by pid and remove the home, nothing to wait for.
  process.on('exit', () => {
    for (const run of live) {
      if (run.child.pid !== undefined && run.child.exitCode === null && run.child.signalCode === null) {
        try {
          process.kill(run.child.pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
      rmSync(run.home, { recursive: true, force: true });
    }
  });
}

/** Throws a message that says what to install when Syncthing is missing; returns its version line. */
export function syncthingVersion(command = 'syncthing'): string {
  const probe = spawnSync(command, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      'Syncthing is not installed (or does not run): the two-node sync test needs it. ' +
        'Install it with `apt-get install -y syncthing` (.ci/run does this). ' +
        `(${probe.error?.message ?? probe.stderr.trim()})`,
    );
  }
  return probe.stdout.trim();
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function run(args: string[]): string {
  const result = spawnSync('syncthing', args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`syncthing ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
  return result.stdout;
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

interface Side {
  name: string;
  home: string;
  dir: string;
  deviceId: string;
  listenPort: number;
  guiPort: number;
  apiKey: string;
}

/**
 * The whole config.xml, written over the generated one (whose keys and version it keeps): listening and the
 * GUI on loopback only, every way of finding or reaching other machines off, the peer at its fixed address,
 * and the one shared folder on both devices.
 */
function configXml(version: string, self: Side, peer: Side, options: Required<Omit<PairOptions, 'dirA' | 'dirB' | 'connectTimeoutMs'>>): string {
  const device = (side: Side) => `
    <device id="${side.deviceId}" name="${side.name}" compression="metadata" introducer="false" skipIntroductionRemovals="false" introducedBy="">
        <address>tcp://127.0.0.1:${side.listenPort}</address>
        <paused>false</paused>
        <autoAcceptFolders>false</autoAcceptFolders>
    </device>`;
  return `<configuration version="${version}">
    <folder id="${SYNCTHING_FOLDER_ID}" label="Principled team" path="${xml(self.dir)}" type="sendreceive" rescanIntervalS="${options.rescanIntervalS}" fsWatcherEnabled="true" fsWatcherDelayS="${options.watcherDelayS}" ignorePerms="false" autoNormalize="true">
        <filesystemType>basic</filesystemType>
        <device id="${self.deviceId}" introducedBy=""></device>
        <device id="${peer.deviceId}" introducedBy=""></device>
        <minDiskFree unit="%">0</minDiskFree>
        <markerName>.stfolder</markerName>
    </folder>${device(self)}${device(peer)}
    <gui enabled="true" tls="false" debugging="false">
        <address>127.0.0.1:${self.guiPort}</address>
        <apikey>${self.apiKey}</apikey>
    </gui>
    <options>
        <listenAddress>tcp://127.0.0.1:${self.listenPort}</listenAddress>
        <globalAnnounceEnabled>false</globalAnnounceEnabled>
        <localAnnounceEnabled>false</localAnnounceEnabled>
        <relaysEnabled>false</relaysEnabled>
        <natEnabled>false</natEnabled>
        <startBrowser>false</startBrowser>
        <autoUpgradeIntervalH>0</autoUpgradeIntervalH>
        <urAccepted>-1</urAccepted>
        <crashReportingEnabled>false</crashReportingEnabled>
        <reconnectionIntervalS>1</reconnectionIntervalS>
        <minHomeDiskFree unit="%">0</minHomeDiskFree>
        <setLowPriority>false</setLowPriority>
    </options>
</configuration>
`;
}

async function until<T>(
  what: string,
  timeoutMs: number,
  check: () => Promise<T | undefined> | T | undefined,
  detail: () => string,
  dead: () => boolean = () => false,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (dead()) throw new Error(`a Syncthing process exited while waiting for ${what}\n${detail()}`);
    let value: T | undefined;
    try {
      value = await check();
    } catch {
      value = undefined;
    }
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${detail()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function startNode(side: Side, peer: Side): { node: SyncthingNode; running: Running } {
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  // --no-restart: one process, no monitor parent, so the pid we hold is the one doing the work.
  const child = spawn('syncthing', ['serve', `--home=${side.home}`, '--no-browser', '--no-restart', '--no-upgrade', '--logflags=4'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, STNORESTART: '1', STNOUPGRADE: '1', STNODEFAULTFOLDER: '1' },
  });
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (error) => {
      lines.push(`spawn failed: ${error.message}`);
      resolve();
    });
  });
  const running: Running = { child, exited, home: side.home };
  live.add(running);
  const api = `http://127.0.0.1:${side.guiPort}`;
  async function rest<T>(method: 'GET' | 'POST', path: string): Promise<T> {
    const response = await fetch(`${api}${path}`, { method, headers: { 'X-API-Key': side.apiKey } });
    const text = await response.text();
    if (!response.ok) throw new Error(`${side.name}: ${method} ${path} → ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
  const node: SyncthingNode = {
    name: side.name,
    deviceId: side.deviceId,
    dir: side.dir,
    home: side.home,
    pid: child.pid ?? -1,
    api,
    rest,
    scan: async () => {
      await rest('POST', `/rest/db/scan?folder=${SYNCTHING_FOLDER_ID}`);
    },
    log: () => `── ${side.name} (${side.deviceId.slice(0, 7)}, peer ${peer.name}) said:\n${lines.slice(-40).join('\n')}`,
  };
  return { node, running };
}

async function stopRunning(running: Running): Promise<void> {
  const { child } = running;
  if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    const timer = setTimeout(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }, 5000);
    await running.exited;
    clearTimeout(timer);
  }
  rmSync(running.home, { recursive: true, force: true });
  live.delete(running);
}

interface Connections {
  connections: Record<string, { connected: boolean; paused: boolean }>;
}

/**
 * Starts two Syncthing instances sharing `dirA` and `dirB` (created if missing) and resolves once they are
 * connected. On any failure both are stopped before the error is thrown.
 */
export async function startSyncthingPair(options: PairOptions): Promise<SyncthingPair> {
  syncthingVersion();
  installExitHook();
  const settings = { rescanIntervalS: options.rescanIntervalS ?? 10, watcherDelayS: options.watcherDelayS ?? 1 };
  const connectTimeoutMs = options.connectTimeoutMs ?? 30_000;
  const homes: string[] = [];
  const started: Running[] = [];
  try {
    const sides: Side[] = [];
    for (const [name, dir] of [
      ['A', options.dirA],
      ['B', options.dirB],
    ] as const) {
      const home = mkdtempSync(join(tmpdir(), `syncthing-${name}-`));
      homes.push(home);
      run(['generate', `--home=${home}`, '--no-default-folder']);
      const deviceId = run(['--home=' + home, '--device-id']).trim();
      // The marker tells Syncthing the folder is there on purpose (an unmounted disk has none).
      mkdirSync(join(dir, '.stfolder'), { recursive: true });
      writeFileSync(join(dir, '.stignore'), STIGNORE);
      sides.push({ name, home, dir, deviceId, listenPort: await freePort(), guiPort: await freePort(), apiKey: randomBytes(16).toString('hex') });
    }
    const [sa, sb] = sides as [Side, Side];
    for (const [self, peer] of [
      [sa, sb],
      [sb, sa],
    ] as const) {
      const generated = readFileSync(join(self.home, 'config.xml'), 'utf8');
      const version = /<configuration version="(\d+)"/.exec(generated)?.[1];
      if (!version) throw new Error(`unexpected config.xml from syncthing generate:\n${generated.slice(0, 500)}`);
      writeFileSync(join(self.home, 'config.xml'), configXml(version, self, peer, settings));
    }
    const t0 = Date.now();
    const { node: a, running: ra } = startNode(sa, sb);
    started.push(ra);
    const { node: b, running: rb } = startNode(sb, sa);
    started.push(rb);
    const logs = () => `${a.log()}\n${b.log()}`;
    const dead = () => started.some((r) => r.child.exitCode !== null || r.child.signalCode !== null || r.child.pid === undefined);

    const linked = async (want: boolean, timeoutMs: number) => {
      await until(
        want ? 'the two Syncthing instances to connect' : 'the link to drop',
        timeoutMs,
        async () => {
          for (const [self, peer] of [
            [a, b],
            [b, a],
          ] as const) {
            const state = await self.rest<Connections>('GET', '/rest/system/connections');
            if ((state.connections[peer.deviceId]?.connected ?? false) !== want) return undefined;
          }
          return true;
        },
        logs,
        dead,
      );
    };
    await linked(true, connectTimeoutMs);
    const connectMs = Date.now() - t0;

    let stopped = false;
    const pair: SyncthingPair = {
      a,
      b,
      folderId: SYNCTHING_FOLDER_ID,
      connectMs,
      // Only A pauses B: A then refuses B's dials, which cuts both directions. Pausing on both sides races on
      // resume (one side dials while the other still refuses) and costs Syncthing's 20 s Hello timeout.
      pause: async () => {
        await a.rest('POST', `/rest/system/pause?device=${b.deviceId}`);
        await linked(false, 15_000);
      },
      resume: async () => {
        await a.rest('POST', `/rest/system/resume?device=${b.deviceId}`);
        await linked(true, connectTimeoutMs);
      },
      waitForFile: async (path, timeoutMs = 20_000, bytes) => {
        const t = Date.now();
        await until(
          `${path}${bytes ? ` to hold its ${bytes.length} bytes` : ''}`,
          timeoutMs,
          () => {
            const found = readFileSync(path);
            return !bytes || found.equals(bytes) ? true : undefined;
          },
          logs,
        );
        return Date.now() - t;
      },
      waitUntilInSync: async (timeoutMs = 20_000) => {
        const t = Date.now();
        // The scan call returns once the scan is done, so nothing written before this call is missed.
        await Promise.all([a.scan(), b.scan()]);
        await until(
          'both folders to be in sync',
          timeoutMs,
          async () => {
            for (const [self, peer] of [
              [a, b],
              [b, a],
            ] as const) {
              const status = await self.rest<{ state: string; needTotalItems: number }>('GET', `/rest/db/status?folder=${SYNCTHING_FOLDER_ID}`);
              if (status.state !== 'idle' || status.needTotalItems !== 0) return undefined;
              const remote = await self.rest<{ completion: number; needItems: number; needDeletes: number }>(
                'GET',
                `/rest/db/completion?folder=${SYNCTHING_FOLDER_ID}&device=${peer.deviceId}`,
              );
              if (remote.completion !== 100 || remote.needItems !== 0 || remote.needDeletes !== 0) return undefined;
            }
            return true;
          },
          logs,
          dead,
        );
        return Date.now() - t;
      },
      stop: async () => {
        if (stopped) return;
        stopped = true;
        await Promise.all(started.map(stopRunning));
      },
    };
    return pair;
  } catch (error) {
    await Promise.all(started.map(stopRunning));
    for (const home of homes) rmSync(home, { recursive: true, force: true });
    throw error;
  }
}
