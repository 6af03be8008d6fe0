import type { Browser, Page } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openApp, removeDir, startBrowserHost, type RunningHost } from '../support/browserHost';
import { call, seedPlannedLoop } from './pageApi';

// The command palette (Ctrl+K), the "?" shortcut list and the "g then a letter" screen keys, in a browser tab.
describe('command palette and shortcuts', () => {
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  let seeded: Awaited<ReturnType<typeof seedPlannedLoop>>;

  const palette = () => page.getByRole('dialog', { name: 'Command palette' });
  const input = () => palette().getByRole('combobox', { name: 'Go to, search or run a command' });
  const hash = () => page.evaluate(() => window.location.hash);
  const activeOption = () => input().getAttribute('aria-activedescendant').then((id) => (id ? page.locator(`[id="${id}"]`).textContent() : null));
  const seriousAxe = async (selector: string) => {
    const result = await new AxeBuilder({ page }).include(selector).analyze();
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`);
  };
  const goHome = async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Home/ }).click();
    await expect.poll(hash).toBe('#/home');
  };

  beforeAll(async () => {
    host = await startBrowserHost();
    browser = await launchChromium();
    // A page of its own context: the axe runner refuses pages from browser.newPage().
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    page = await context.newPage();
    await openApp(page, host.launchUrl);
    seeded = await seedPlannedLoop(
      page,
      [
        { name: 'Hal Founder', team: 'Platform', capabilities: ['interviewer', 'hiring_manager'] },
        { name: 'Bea Raiser', team: 'Sales', capabilities: ['interviewer', 'bar_raiser'] },
      ],
      { hiringManager: 'Hal Founder', barRaiser: 'Bea Raiser', interviewers: ['Hal Founder', 'Hal Founder'] },
    );
    await page.reload();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    if (host) removeDir(host.dataDir);
  });

  it('opens with Ctrl+K as a labelled modal, closes with Escape and gives focus back', async () => {
    await goHome();
    const loopsLink = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Loops' });
    await loopsLink.focus();
    await page.keyboard.press('Control+k');
    await expect.poll(() => palette().isVisible()).toBe(true);
    expect(await palette().getAttribute('aria-modal')).toBe('true');
    expect(await input().evaluate((el) => el === document.activeElement)).toBe(true);
    // With nothing typed: every screen and the actions, under their headings.
    const results = palette().getByRole('listbox', { name: 'Results' });
    expect(await results.getByRole('group', { name: 'Go to' }).getByRole('option').count()).toBe(9);
    expect(await results.getByRole('group', { name: 'Actions' }).getByRole('option', { name: 'New candidate' }).count()).toBe(1);
    expect(await activeOption()).toBe('Home');
    await page.keyboard.press('ArrowDown');
    expect(await activeOption()).toBe('Loops');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    expect(await activeOption()).toMatch(/^Keyboard shortcuts/);
    expect(await seriousAxe('dialog.palette')).toEqual([]);

    await page.keyboard.press('Escape');
    await expect.poll(() => palette().count()).toBe(0);
    expect(await loopsLink.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await hash()).toBe('#/home');
  });

  it("finds a candidate by name and opens them with Enter", async () => {
    await goHome();
    await page.keyboard.press('Control+k');
    await input().fill('Grace Hop');
    const candidates = palette().getByRole('group', { name: 'Candidates' });
    await candidates.getByRole('option', { name: /Grace Hopper/ }).waitFor();
    // Her open loop is found too, in its own group.
    expect(await palette().getByRole('group', { name: 'Open loops' }).getByRole('option', { name: /Grace Hopper/ }).count()).toBe(1);
    expect(await activeOption()).toMatch(/^Grace Hopper/);
    await page.keyboard.press('Enter');
    await expect.poll(() => palette().count()).toBe(0);
    await expect.poll(hash).toMatch(/^#\/candidates\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'Grace Hopper' }).waitFor();
  });

  it('goes to a screen by its name, and to a question and a person by their words', async () => {
    await goHome();
    await page.keyboard.press('Control+k');
    await input().fill('loops');
    expect(await activeOption()).toBe('Loops');
    await page.keyboard.press('Enter');
    await expect.poll(hash).toBe('#/loops');
    await page.getByRole('heading', { level: 1, name: 'Loops' }).waitFor();

    await page.keyboard.press('Control+k');
    await input().fill('story');
    await palette().getByRole('group', { name: 'Questions' }).getByRole('option').first().waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(hash).toMatch(/^#\/questions\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: /question/i, level: 2 }).waitFor();

    await page.keyboard.press('Control+k');
    await input().fill('bea');
    await palette().getByRole('group', { name: 'People' }).getByRole('option', { name: /Bea Raiser/ }).click();
    await expect.poll(hash).toBe(`#/team/${seeded.ids['Bea Raiser']}`);

    // Escape closes the palette only: the member editor behind it (whose Escape means "cancel") stays open.
    await page.getByRole('textbox', { name: /^Name/ }).first().waitFor();
    await page.keyboard.press('Control+k');
    await input().waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => palette().count()).toBe(0);
    expect(await hash()).toBe(`#/team/${seeded.ids['Bea Raiser']}`);
  });

  it('lists the shortcuts on "?", with the browser-safe screen keys', async () => {
    await goHome();
    await page.locator('body').press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    const screens = help.getByRole('table', { name: 'Go to a screen' });
    expect(await screens.getByRole('row', { name: /^Loops/ }).textContent()).toBe('LoopsG then L');
    // A browser owns Ctrl+1–9, so they are not offered here…
    expect(await help.textContent()).not.toContain('Ctrl+2');
    expect(await help.getByRole('table', { name: 'General shortcuts' }).textContent()).toContain('Ctrl+K');
    expect(await seriousAxe('dialog.shortcuts')).toEqual([]);
    // …and the sidebar shows the letters instead.
    expect(await page.getByRole('navigation', { name: 'Main' }).locator('kbd').allTextContents()).toContain('G L');
    // A click on the dialog's own padding keeps it; one on the backdrop closes it.
    const box = await help.boundingBox();
    if (!box) throw new Error('the shortcuts dialog has no box');
    await page.mouse.click(box.x + 4, box.y + 4);
    expect(await help.count()).toBe(1);
    await page.mouse.click(box.x - 20, box.y + 4);
    await expect.poll(() => help.count()).toBe(0);

    await page.locator('body').press('?');
    await help.waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => help.count()).toBe(0);
  });

  it('goes to Loops on "g" then "l", but not while typing in a field', async () => {
    await goHome();
    await page.keyboard.press('g');
    await page.keyboard.press('l');
    await expect.poll(hash).toBe('#/loops');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Candidates' }).click();
    const search = page.getByRole('searchbox', { name: /Search candidates/i });
    await search.click();
    await page.keyboard.type('gl?');
    expect(await search.inputValue()).toBe('gl?');
    expect(await hash()).toBe('#/candidates');
    expect(await page.getByRole('dialog').count()).toBe(0);
  });

  it('switches the theme: dark, then light, then back to the system setting', async () => {
    const theme = () => page.evaluate(() => document.documentElement.dataset.theme ?? 'system');
    const stored = () => page.evaluate(() => localStorage.getItem('principled.theme'));
    await goHome();
    expect(await theme()).toBe('system');
    await page.keyboard.press('Control+k');
    await input().fill('dark');
    expect(await activeOption()).toMatch(/^Switch theme: Dark/);
    await page.keyboard.press('Enter');
    await expect.poll(() => palette().count()).toBe(0);
    expect(await theme()).toBe('dark');
    expect(await stored()).toBe('dark');
    // An action, not a place: the screen stays where it was.
    expect(await hash()).toBe('#/home');

    await page.keyboard.press('Control+k');
    await input().fill('switch theme');
    const themes = palette().getByRole('group', { name: 'Actions' }).getByRole('option', { name: /^Switch theme/ });
    expect(await themes.count()).toBe(3);
    expect(await themes.filter({ hasText: 'Dark' }).textContent()).toContain('In use');
    await themes.filter({ hasText: 'Light' }).click();
    expect(await theme()).toBe('light');

    await page.keyboard.press('Control+k');
    await input().fill('theme system');
    await page.keyboard.press('Enter');
    await expect.poll(theme).toBe('system');
    expect(await stored()).toBeNull();
  });

  it('offers "write my feedback" for each interview I owe, and opens its form', async () => {
    await call(page, 'loops.transition', { id: seeded.loopId, revision: seeded.revision, to: 'interviewing' });
    await goHome();
    await page.keyboard.press('Control+k');
    await input().fill('feedback');
    const owed = palette().getByRole('group', { name: 'Actions' }).getByRole('option', { name: /^Write my feedback: Grace Hopper/ });
    // Hal interviews in both slots, so he owes two.
    await expect.poll(() => owed.count()).toBe(2);
    expect(await activeOption()).toMatch(/^Write my feedback: Grace Hopper/);
    await page.keyboard.press('Enter');
    await expect.poll(hash).toBe(`#/loops/${seeded.loopId}/feedback`);
  });
});
