import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { SESSION_TOKEN_KEY } from '../../core/api/contract/browserSession';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The flags this machine needs: no sandbox as root, and no background calls to a network that isn't there. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export function ensureRendererBuilt(): void {
  if (existsSync('dist/renderer/index.html')) return;
  const build = spawnSync('npx', ['vite', 'build'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('vite build failed');
}

export interface RunningHost {
  /** The host's address, without a session: what a browser gets from it depends on its cookie. */
  url: string;
  /** The one-time link the host printed: opening it signs a browser in. */
  launchUrl: string;
  port: number;
  /** The host's process id (benchmarks read its CPU time). */
  pid: number;
  dataDir: string;
  /** Everything the host printed so far. */
  output(): string;
  /** Presses Enter in the host's terminal and returns the fresh link it prints. */
  newLaunchUrl(): Promise<string>;
  stop(): Promise<void>;
  /** SIGKILL: the host gets no chance to close anything, as in a crash or a power cut. */
  crash(): Promise<void>;
}

const LAUNCH_LINE = /(http:\/\/127\.0\.0\.1:(\d+)\/)#launch=[0-9a-f]+/g;

/**
 * Starts `host/main.ts` as `npm run web` does, on a free port (unless given one), and waits for its link. Without a
 * data folder it makes a fresh one (the caller removes `dataDir` after `stop`). If the host does not start, its
 * process is stopped, and a folder made here is removed, before the error is thrown.
 */
export async function startBrowserHost(given?: string, port = 0): Promise<RunningHost> {
  ensureRendererBuilt();
  const dataDir = given ?? mkdtempSync(join(tmpdir(), 'principled-e2e-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'host/main.ts', '--port', String(port), '--data-dir', dataDir], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  let linksSeen = 0;
  /** Resolves with the next link printed after the ones already handed out. */
  const nextLink = () =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`host printed no link:\n${output}`)), 30_000);
      const check = () => {
        const links = [...output.matchAll(LAUNCH_LINE)];
        const link = links[linksSeen];
        if (link) {
          linksSeen++;
          done(null, link);
        }
      };
      const onExit = (code: number | null) => done(new Error(`host exited with ${code}:\n${output}`));
      function done(error: Error | null, link?: RegExpExecArray) {
        clearTimeout(timer);
        child.stdout?.off('data', check);
        child.stderr?.off('data', check);
        child.off('exit', onExit);
        if (error) reject(error);
        else resolve(link as RegExpExecArray);
      }
      child.stdout?.on('data', check);
      child.stderr?.on('data', check);
      child.on('exit', onExit);
      check();
    });
  const collect = (chunk: Buffer) => (output += chunk.toString());
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let first: RegExpExecArray;
  try {
    first = await nextLink();
  } catch (error) {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
    if (given === undefined) removeDir(dataDir);
    throw error;
  }
  return {
    url: first[1] as string,
    launchUrl: first[0],
    port: Number(first[2]),
    pid: child.pid as number,
    dataDir,
    output: () => output,
    async newLaunchUrl() {
      const link = nextLink();
      child.stdin?.write('\n');
      return (await link)[0];
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
    },
    async crash() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

/**
 * Signs the page in through the host's launch page, as a person opening the
 * printed link does, and waits for the app. From about:blank, so the link is
 * always a fresh page load and never just a hash change on an open app.
 */
export async function openApp(page: Page, launchUrl: string): Promise<void> {
  await page.goto('about:blank');
  await page.goto(launchUrl);
  await page.locator('#root > *').first().waitFor();
  // Without it the app's page loads but every API call is refused.
  if (!(await page.evaluate((key) => localStorage.getItem(key), SESSION_TOKEN_KEY))) throw new Error('the launch page kept no session token');
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}
