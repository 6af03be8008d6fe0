// The renderer benchmark: Chromium against the browser host, on a seeded workspace.
// Time from navigation to the rendered question bank, candidate list and debrief (in-app, by hash, as a
// click does; and cold, a full page load); scrolling 10,000 candidates counting long tasks; JS bundle size.
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchChromium, openApp, startBrowserHost } from '../test/support/browserHost';
import { DATABASE_FILE_NAME } from '../db/open';
import { summarise } from './stats';

export function bundleSize(): { jsBytes: number; jsGzipBytes: number } {
  const dir = 'dist/renderer/assets';
  let jsBytes = 0;
  let jsGzipBytes = 0;
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.js'))) {
    const body = readFileSync(join(dir, f));
    jsBytes += body.length;
    jsGzipBytes += gzipSync(body, { level: 9 }).length;
  }
  return { jsBytes, jsGzipBytes };
}

export async function rendererBenchmark(dir: string): Promise<Record<string, number | string>> {
  const build = spawnSync('npx', ['vite', 'build'], { stdio: 'ignore' });
  if (build.status !== 0) throw new Error('vite build failed');
  const { jsBytes, jsGzipBytes } = bundleSize();

  const db = new Database(join(dir, DATABASE_FILE_NAME), { readonly: true });
  const me = (db.prepare(`SELECT value FROM settings WHERE key = 'me'`).get() as { value: string }).value.replace(/^"|"$/g, '');
  const debriefLoop = (
    db
      .prepare(
        `SELECT f.loop_id AS id FROM feedback f JOIN debriefs d ON d.loop_id = f.loop_id
         WHERE f.author_id = ? AND f.status = 'submitted' AND f.superseded = 0 ORDER BY f.loop_id DESC LIMIT 1`,
      )
      .get(me) as { id: string }
  ).id;
  db.close();

  const host = await startBrowserHost(dir);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // Scripts run in the page are strings: functions would be compiled with tsx helpers the page does not have.
    await page.addInitScript(`
      window.__longTasks = [];
      new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); })
        .observe({ type: 'longtask', buffered: true });
    `);
    // Signed in first, then back to a blank page, so the first cold load below is a full page load as before.
    await openApp(page, host.launchUrl);
    await page.goto('about:blank');
    const screens = {
      questions: { hash: '#/questions', selector: 'ul[aria-label="Questions"] li' },
      candidates: { hash: '#/candidates', selector: 'ul[aria-label="Candidates"] li' },
      debrief: { hash: `#/loops/${debriefLoop}/debrief`, selector: '#step-reading' },
    };
    const result: Record<string, number | string> = {};
    // Cold: a full page load straight onto the screen.
    for (const [name, s] of Object.entries(screens)) {
      const start = Date.now();
      await page.goto(`${host.url}${s.hash}`);
      await page.waitForSelector(s.selector, { timeout: 30_000 });
      result[`${name}: cold load to rendered (ms)`] = Date.now() - start;
    }
    // In-app: from the hash change (what a click on the navigation does) to the rendered data, 5 times each.
    await page.goto(`${host.url}#/home`);
    await page.waitForSelector('main');
    for (const [name, s] of Object.entries(screens)) {
      const samples: number[] = [];
      for (let i = 0; i < 5; i++) {
        await page.evaluate(`window.location.hash = '#/settings'`);
        await page.waitForTimeout(150);
        samples.push(
          await page.evaluate<number>(`new Promise((resolve) => {
            const start = performance.now();
            const check = () => {
              if (document.querySelector(${JSON.stringify(s.selector)})) resolve(performance.now() - start);
              else requestAnimationFrame(check);
            };
            window.location.hash = ${JSON.stringify(s.hash)};
            check();
          })`),
        );
      }
      result[`${name}: navigation to rendered, median of 5 (ms)`] = summarise(samples).median;
    }
    // Scroll 10,000 candidates: step down the virtual list, letting each page load, and count long tasks.
    await page.evaluate(`window.location.hash = '#/candidates'`);
    await page.waitForSelector(screens.candidates.selector);
    await page.evaluate(`window.__longTasks = []`);
    const scroll = await page.evaluate<{ rows: number; ms: number; frames: number; worstFrame: number }>(`(async () => {
      const scroller = document.querySelector('.virtual-scroller');
      if (!scroller) return { rows: 0, ms: 0, frames: 0, worstFrame: 0 };
      const lastIndex = () => Math.max(-1, ...Array.from(scroller.querySelectorAll('li[data-index]')).map((li) => Number(li.getAttribute('data-index'))));
      const start = performance.now();
      let frames = 0, worstFrame = 0, last = performance.now(), best = -1, still = 0;
      // Until row 10,000, or the end of a smaller list (no new rows for two seconds of frames).
      while (lastIndex() < 9999 && still < 120 && performance.now() - start < 120000) {
        const seen = lastIndex();
        if (seen > best) { best = seen; still = 0; } else still++;
        scroller.scrollTop += 600;
        await new Promise((r) => requestAnimationFrame(() => r(null)));
        const now = performance.now();
        worstFrame = Math.max(worstFrame, now - last);
        last = now;
        frames++;
      }
      return { rows: lastIndex() + 1, ms: performance.now() - start, frames, worstFrame };
    })()`);
    const longTasks = await page.evaluate<number[]>(`window.__longTasks`);
    result['scroll: candidates reached'] = scroll.rows;
    result['scroll: time (ms)'] = scroll.ms;
    result['scroll: frames'] = scroll.frames;
    result['scroll: worst frame (ms)'] = scroll.worstFrame;
    result['scroll: long tasks (> 50 ms)'] = longTasks.length;
    result['scroll: longest task (ms)'] = longTasks.length ? Math.max(...longTasks) : 0;
    result['bundle: JS bytes'] = jsBytes;
    result['bundle: JS gzipped KB'] = jsGzipBytes / 1024;
    return result;
  } finally {
    await browser.close();
    await host.stop();
  }
}
