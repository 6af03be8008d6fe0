// The app's start as a person has it in browser mode: the host started, its printed link opened in an idle
// browser, timed to Home's data on screen; on the day's first start (no backup of today yet, so the daily backup
// runs) and on a later one, in turns; then page loads while the daily backup runs. Today's own daily backups are
// moved aside meanwhile and put back after, and the backups these starts make are removed then (with none of
// today's to put back, the last one stays).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { backupsDir, listBackups } from '../db/backups';
import { DATABASE_FILE_NAME } from '../db/open';
import { startBrowserHost, type RunningHost } from '../test/support/browserHost';
import { summarise } from './stats';

/**
 * A browser left alone keeps a spare renderer process started for the next page; loaded back to back, every load
 * also paid for starting one (~150–500 ms here). A person opens the app's link in a browser that has been idle.
 */
export const IDLE_BROWSER_MS = 1_500;

/**
 * Reports on the console when each document's navigation began (epoch ms) and when Home's data is on screen (ms
 * from its document's start, then epoch ms). By the wall clock across documents: Chromium's `timeOrigin` of two
 * documents of one tab disagreed by over a second here. Written as a string: tsx would compile a function with
 * helpers the page does not have.
 */
export const USABLE_PROBE = `
  console.log('principled-origin ' + (Date.now() - performance.now()));
  new MutationObserver((_, observer) => {
    if (document.querySelector('#home-title')) {
      console.log('principled-usable ' + performance.now() + ' ' + Date.now());
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
`;

const consoleNumber = (page: Page, prefix: string) =>
  page
    .waitForEvent('console', { predicate: (m) => m.text().startsWith(`${prefix} `), timeout: 60_000 })
    .then((m) => Number(m.text().split(' ')[1]));

/** One full page load onto Home after the browser has been idle: from the start of navigation to Home's data. */
export async function timedPageLoad(page: Page, url: string, idleFirst = true): Promise<number> {
  await page.goto('about:blank');
  if (idleFirst) await page.waitForTimeout(IDLE_BROWSER_MS);
  const usable = consoleNumber(page, 'principled-usable');
  await page.goto(url, { waitUntil: 'commit' });
  const ms = await usable;
  await page.waitForLoadState('load');
  return ms;
}

/** The host's CPU time so far (user + system, ms): Linux's /proc, where the benchmark runs. */
function hostCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  // utime and stime are the 12th and 13th fields after the command's name, in clock ticks (100 a second here).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * Until the host has used under 5 % of a core for a whole second: the start's own work (held a while after the
 * first call, core/server/startupGate.ts; then the calibration) is done, and what follows measures the app alone.
 */
export async function hostIdle(host: RunningHost, atMostMs = 300_000): Promise<void> {
  let before = hostCpuMs(host.pid);
  for (let waited = 0; waited < atMostMs; waited += 1_000) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const now = hostCpuMs(host.pid);
    if (now - before < 50 && waited >= 4_000) return;
    before = now;
  }
  throw new Error('the host never went idle');
}

const today = () => new Date().toISOString().slice(0, 10);

async function waitForTodaysDaily(file: string): Promise<void> {
  for (let waited = 0; waited < 600_000; waited += 250) {
    if (listBackups(file).some((b) => b.kind === 'daily' && b.takenAt.startsWith(today()))) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('the daily backup did not appear within 10 minutes');
}

/**
 * Starts the host `starts` times on the day's first start and as often on a later start the same day, in turns,
 * and opens its printed link each time in a browser left idle: from the link to Home's data on screen.
 */
export async function dayFirstStart(dir: string, browser: Browser, starts = 3): Promise<Record<string, number>> {
  const file = join(dir, DATABASE_FILE_NAME);
  const folder = backupsDir(file);
  mkdirSync(folder, { recursive: true });
  const todaysDaily = () => listBackups(file).filter((b) => b.kind === 'daily' && b.takenAt.startsWith(today()));
  const held = mkdtempSync(join(tmpdir(), 'principled-bench-held-backups-'));
  for (const b of todaysDaily()) renameSync(join(folder, b.name), join(held, b.name));
  const firstOfDay: number[] = [];
  const later: number[] = [];
  const duringBackup: number[] = [];
  try {
    for (let i = 0; i < 2 * starts; i++) {
      const isFirstOfDay = i % 2 === 0;
      // The previous start's backup goes, so this one is the day's first again.
      if (isFirstOfDay) for (const b of todaysDaily()) rmSync(join(folder, b.name));
      const host = await startBrowserHost(dir);
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      try {
        const page = await context.newPage();
        await page.addInitScript(USABLE_PROBE);
        await page.goto('about:blank');
        await page.waitForTimeout(IDLE_BROWSER_MS);
        // The printed link: its page signs the browser in and replaces itself with the app.
        const launchedAt = consoleNumber(page, 'principled-origin');
        const usableAt = page
          .waitForEvent('console', { predicate: (m) => m.text().startsWith('principled-usable '), timeout: 60_000 })
          .then((m) => Number(m.text().split(' ')[2]));
        await page.goto(host.launchUrl, { waitUntil: 'commit' });
        (isFirstOfDay ? firstOfDay : later).push((await usableAt) - (await launchedAt));
        if (!isFirstOfDay) continue;
        if (i === 0) {
          // Held until a while after the first call (core/server/startupGate.ts); then page loads beside it, unless
          // a small workspace was backed up before they begin.
          await page.waitForTimeout(4_000);
          const done = todaysDaily().length > 0;
          for (let j = 0; j < 3 && !done; j++) duringBackup.push(await timedPageLoad(page, `${host.url}#/home`));
        }
        await waitForTodaysDaily(file);
      } finally {
        await context.close();
        await host.stop();
      }
    }
  } finally {
    // With none of its own, the folder keeps the last one made here, as the app's next start would have made it:
    // otherwise the measures that follow would run beside that start's backup.
    const heldAny = readdirSync(held).length > 0;
    if (heldAny) for (const b of todaysDaily()) rmSync(join(folder, b.name));
    for (const name of readdirSync(held)) renameSync(join(held, name), join(folder, name));
    rmSync(held, { recursive: true, force: true });
  }
  const result: Record<string, number> = {
    [`first usable screen on the day's first start (link opened to Home), median of ${starts} starts (ms)`]: summarise(firstOfDay).median,
    [`first usable screen on a later start the same day (link opened to Home), median of ${starts} starts (ms)`]: summarise(later).median,
  };
  if (duringBackup.length) result['page load while the daily backup runs, median of 3 (ms)'] = summarise(duringBackup).median;
  return result;
}
