import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openApp, removeDir, startBrowserHost, type RunningHost } from '../support/browserHost';
import { call, seedPlannedLoop } from './pageApi';

// Two tabs on one workspace: a change made in one reaches the other through the host's event stream, without a reload.
describe('live updates between tabs', () => {
  let host: RunningHost;
  let browser: Browser;
  let context: BrowserContext;
  let tabA: Page;
  let tabB: Page;

  beforeAll(async () => {
    host = await startBrowserHost();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    tabA = await context.newPage();
    await openApp(tabA, host.launchUrl);
    tabB = await context.newPage();
    await tabB.goto(host.url);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    if (host) removeDir(host.dataDir);
  });

  it("shows feedback I owe in one tab as soon as another tab starts the loop's interviews", async () => {
    const seeded = await seedPlannedLoop(
      tabB,
      [
        { name: 'Hal Founder', team: 'Platform', capabilities: ['interviewer', 'hiring_manager'] },
        { name: 'Ana Interviewer', team: 'Platform', capabilities: ['interviewer'] },
        { name: 'Bea Raiser', team: 'Sales', capabilities: ['interviewer', 'bar_raiser'] },
      ],
      { hiringManager: 'Hal Founder', barRaiser: 'Bea Raiser', interviewers: ['Hal Founder', 'Ana Interviewer'] },
    );

    // Tab A shows the app as Hal (the first person added is "me"), owing nothing yet.
    await tabA.reload();
    const home = tabA.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Home/ });
    await expect.poll(() => home.getAttribute('aria-label')).toBeNull();

    await call(tabB, 'loops.transition', { id: seeded.loopId, revision: seeded.revision, to: 'interviewing' });
    await expect.poll(() => home.getAttribute('aria-label'), { timeout: 5_000 }).toBe('Home, 1 feedback owed');
  });
});
