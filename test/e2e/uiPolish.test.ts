import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openApp, removeDir, startBrowserHost, type RunningHost } from '../support/browserHost';
import { call, seedPlannedLoop } from './pageApi';

// Issue 10, what the user sees: a refused submit takes you to the first field in error and says
// which fields need attention; notices stay few and go away by themselves; the sidebar stays put.
describe('refused submits, notices and the sidebar', () => {
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  let loopId = '';
  let principle = '';
  let hal = '';
  const pageErrors: string[] = [];

  beforeAll(async () => {
    host = await startBrowserHost();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1024, height: 700 } });
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await openApp(page, host.launchUrl);
    const seeded = await seedPlannedLoop(
      page,
      [
        { name: 'Hal Manager', team: 'Platform', capabilities: ['interviewer', 'hiring_manager', 'founder'] },
        { name: 'Ana Interviewer', team: 'Platform', capabilities: ['interviewer'] },
        { name: 'Bea Raiser', team: 'Platform', capabilities: ['interviewer', 'bar_raiser'] },
      ],
      { hiringManager: 'Hal Manager', barRaiser: 'Bea Raiser', interviewers: ['Ana Interviewer', 'Bea Raiser'] },
    );
    loopId = seeded.loopId;
    hal = seeded.ids['Hal Manager'] ?? '';
    await call(page, 'loops.transition', { id: loopId, revision: seeded.revision, to: 'interviewing' });
    await call(page, 'settings.setMe', { memberId: seeded.ids['Ana Interviewer'] });
    const principles = await call<{ id: string; name: string }[]>(page, 'principles.list', {});
    principle = principles.find((p) => p.id === seeded.focus[0])?.name ?? '';
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    if (host) removeDir(host.dataDir);
  });

  it('a refused feedback submit focuses the first field in error and announces which fields need attention', async () => {
    await page.goto(`${host.url}#/loops/${loopId}/feedback`);
    await page.reload();
    const group = page.getByRole('group', { name: principle, exact: true });
    await group.getByRole('radiogroup', { name: `Rating for ${principle}` }).getByRole('radio').first().check();
    await page.getByRole('radiogroup', { name: /raise the bar/ }).getByRole('radio', { name: 'Yes', exact: true }).check();
    await page.getByLabel('Top reason to hire').fill('Fixes root causes.');
    await page.getByLabel('Top reason not to hire').fill('Little experience leading others.');
    // The submit button is what has the focus now; the evidence and the vote are left empty.
    await page.getByRole('button', { name: 'Submit feedback' }).click();

    const summary = page.getByRole('alert').filter({ hasText: /need.? attention/ });
    await expect.poll(() => summary.innerText()).toBe(`2 fields need attention: Evidence for ${principle}, Overall vote`);
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('.fb-evidence') !== null)).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
  });

  it('three notices in a row leave two, clear of the action bar, and they go away by themselves', async () => {
    // Only an admin may change the settings.
    await call(page, 'settings.setMe', { memberId: hal });
    await page.goto(`${host.url}#/settings`);
    await page.reload();
    const save = page.getByRole('button', { name: 'Save settings' });
    for (const name of ['Acme', 'Acme Two', 'Acme Three']) {
      await page.getByLabel('Company name').fill(name);
      await save.click();
      await expect.poll(() => call<{ companyName: string }>(page, 'settings.get', {}).then((s) => s.companyName)).toBe(name);
    }
    const notices = page.locator('.notices [role="status"]');
    await expect.poll(() => notices.count()).toBe(2);
    const box = await page.locator('.notices').boundingBox();
    const main = await page.locator('main').boundingBox();
    // The notices sit over the sidebar, left of the main column where the forms and their buttons are.
    expect(box && main && box.x + box.width <= main.x).toBe(true);
    await expect.poll(() => notices.count(), { timeout: 9_000, interval: 250 }).toBe(0);
  });

  it('the planner at 1024×700 shows whole names and dates', async () => {
    await page.goto(`${host.url}#/loops/${loopId}`);
    await page.reload();
    await page.getByRole('heading', { name: /Grace Hopper/ }).first().waitFor();
    // An interviewing loop shows its plan read-only; the form's field widths are checked in loopPlanning.test.ts.
    const plan = page.getByRole('region', { name: 'Plan' });
    expect(await plan.getByRole('listitem').first().innerText()).toContain('Ana Interviewer');
    const clipped = await page.evaluate(() =>
      [...document.querySelectorAll('.plan-summary dd, .plan-summary .slot-facts, .plan-summary .slot-owns')].filter((el) => el.scrollWidth > el.clientWidth).length,
    );
    expect(clipped).toBe(0);
  });

  it('the sidebar stays in place when a long page is scrolled', async () => {
    await page.goto(`${host.url}#/principles`);
    await page.getByRole('heading', { name: 'Principles', level: 1 }).waitFor();
    await page.evaluate(() => {
      document.querySelector('main')?.appendChild(Object.assign(document.createElement('div'), { style: 'height: 3000px' }));
      window.scrollTo(0, 2000);
    });
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(1000);
    const nav = await page.getByRole('navigation', { name: 'Main' }).boundingBox();
    expect(nav?.y ?? -1).toBeGreaterThanOrEqual(0);
    expect(pageErrors).toEqual([]);
  });
});
