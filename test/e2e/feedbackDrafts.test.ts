import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openApp, removeDir, startBrowserHost, type RunningHost } from '../support/browserHost';
import { call, pickPerson, seedPlannedLoop } from './pageApi';

interface MyFeedback {
  authorId: string;
  current: { authorId: string; reasonToHire: string } | null;
}

const ownedDraftKeys = (page: Page, memberId: string) =>
  page.evaluate((id) => Object.keys(localStorage).filter((k) => k.startsWith('principled.draft.') && k.includes(id)), memberId);

// Two tabs of one browser share "me": a form left open in one tab must not save as whoever the other
// tab switched to, and nothing of the first person's draft may stay in the browser after the switch.
describe('feedback drafts in two tabs when "me" changes', () => {
  let host: RunningHost;
  let browser: Browser;
  let context: BrowserContext;
  let tabA: Page;
  let tabB: Page;
  const ids: Record<string, string> = {};
  const pageErrors: string[] = [];
  let signedIn = false;

  async function openTab(): Promise<Page> {
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().includes('status of 4')) pageErrors.push(m.text());
    });
    // The first tab signs in with the printed link; the others share its session, as tabs of one browser do.
    if (signedIn) await page.goto(host.url);
    else await openApp(page, host.launchUrl);
    signedIn = true;
    return page;
  }

  async function becomes(page: Page, name: string) {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Settings/ }).click();
    await pickPerson(page.getByLabel('I am'), name);
    await expect.poll(() => page.getByLabel('Signed in as').innerText()).toBe(`You are ${name}`);
  }

  const saveStatus = () => tabA.locator('.fb-form p.save-status').innerText();
  const reasonToHire = () => tabA.getByLabel('Top reason to hire');

  beforeAll(async () => {
    host = await startBrowserHost();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    tabB = await openTab();
    const seeded = await seedPlannedLoop(
      tabB,
      [
        { name: 'Hal Manager', team: 'Platform', capabilities: ['interviewer', 'hiring_manager', 'founder'] },
        { name: 'Ana Interviewer', team: 'Platform', capabilities: ['interviewer'] },
        { name: 'Ben Interviewer', team: 'Platform', capabilities: ['interviewer'] },
        { name: 'Bea Raiser', team: 'Platform', capabilities: ['interviewer', 'bar_raiser'] },
      ],
      { hiringManager: 'Hal Manager', barRaiser: 'Bea Raiser', interviewers: ['Ana Interviewer', 'Ben Interviewer'] },
    );
    Object.assign(ids, {
      hal: seeded.ids['Hal Manager'],
      ana: seeded.ids['Ana Interviewer'],
      ben: seeded.ids['Ben Interviewer'],
      bea: seeded.ids['Bea Raiser'],
      loop: seeded.loopId,
    });
    await call(tabB, 'loops.transition', { id: seeded.loopId, revision: seeded.revision, to: 'interviewing' });
    await call(tabB, 'settings.setMe', { memberId: ids.ana });
    await tabB.reload();
    tabA = await openTab();
    await tabA.goto(`${host.url}#/loops/${ids.loop}/feedback`);
    await reasonToHire().waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    if (host) removeDir(host.dataDir);
  });

  it("saves Ana's draft to the server and then keeps no copy in the browser", async () => {
    await reasonToHire().fill('Ana: owns problems end to end.');
    await expect.poll(saveStatus, { timeout: 5000 }).toMatch(/^Draft saved at/);
    await expect.poll(() => ownedDraftKeys(tabA, ids.ana ?? '')).toEqual([]);
    const mine = await call<MyFeedback>(tabA, 'feedback.mine', { loopId: ids.loop });
    expect(mine.current?.reasonToHire).toBe('Ana: owns problems end to end.');
  });

  it('when the other tab switches to Ben, what Ana types next is refused, not saved as Ben, and not kept in storage', async () => {
    await reasonToHire().fill('Ana: typed just before the switch.');
    await becomes(tabB, 'Ben Interviewer');
    expect(await ownedDraftKeys(tabB, ids.ana ?? '')).toEqual([]);

    await reasonToHire().fill('Ana: typed after Ben took over.');
    await expect
      .poll(saveStatus, { timeout: 5000 })
      .toBe(
        'Not saved: This draft was opened as Ana Interviewer; Principled is now being used as Ben Interviewer. ' +
          'Switch back to Ana Interviewer to save it. What you typed stays in this tab until then.',
      );
    expect(await ownedDraftKeys(tabA, ids.ana ?? '')).toEqual([]);
    expect(await reasonToHire().inputValue()).toBe('Ana: typed after Ben took over.');
    const bens = await call<MyFeedback>(tabB, 'feedback.mine', { loopId: ids.loop });
    expect(bens.authorId).toBe(ids.ben);
    expect(bens.current).toBeNull();
  });

  it("switching back to Ana saves what she typed as hers, and Ben still has nothing", async () => {
    await becomes(tabB, 'Ana Interviewer');
    await expect.poll(saveStatus, { timeout: 5000 }).toMatch(/^Draft saved at/);
    const anas = await call<MyFeedback>(tabB, 'feedback.mine', { loopId: ids.loop });
    expect(anas.current).toMatchObject({ authorId: ids.ana, reasonToHire: 'Ana: typed after Ben took over.' });
    await expect.poll(() => ownedDraftKeys(tabA, ids.ana ?? '')).toEqual([]);
    await becomes(tabB, 'Ben Interviewer');
    expect((await call<MyFeedback>(tabB, 'feedback.mine', { loopId: ids.loop })).current).toBeNull();
  });

  it('logged no errors in the pages', () => {
    expect(pageErrors).toEqual([]);
  });
});
