import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openApp, removeDir, startBrowserHost, type RunningHost } from '../support/browserHost';
import { call } from './pageApi';

// The candidates list reads page by page through the data layer: scrolling reaches past the first page, and a change elsewhere reads it again.
describe('the candidates list, page by page', () => {
  let host: RunningHost;
  let browser: Browser;
  let tab: Page;
  let other: Page;

  beforeAll(async () => {
    host = await startBrowserHost();
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    tab = await context.newPage();
    await openApp(tab, host.launchUrl);
    other = await context.newPage();
    await other.goto(host.url);
    await call(other, 'workspace.start', { starter: true });
    await call(other, 'team.create', { name: 'Hal Founder', team: 'Platform', capabilities: ['interviewer', 'hiring_manager'] });
    for (let i = 0; i < 230; i++) await call(other, 'candidates.create', { name: `Candidate ${String(i).padStart(3, '0')}` });
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    if (host) removeDir(host.dataDir);
  });

  it('scrolls past the first page of 200', async () => {
    await tab.goto(`${host.url}#/candidates`);
    await tab.reload();
    await expect.poll(() => tab.getByRole('status').filter({ hasText: 'candidates' }).textContent()).toBe('230 candidates');
    const rows = tab.locator('.virtual-scroller li[data-index]');
    const lastIndex = () => rows.evaluateAll((lis) => Math.max(-1, ...lis.map((li) => Number(li.getAttribute('data-index')))));
    await expect
      .poll(
        async () => {
          await tab.locator('.virtual-scroller').evaluate((el) => (el.scrollTop = el.scrollHeight));
          return lastIndex();
        },
        { timeout: 10_000 },
      )
      .toBe(229);
  });

  it('shows a candidate added in another tab without a reload', async () => {
    await call(other, 'candidates.create', { name: 'Zed Latecomer' });
    await expect.poll(() => tab.getByRole('status').filter({ hasText: 'candidates' }).textContent(), { timeout: 5_000 }).toBe('231 candidates');
  });
});
