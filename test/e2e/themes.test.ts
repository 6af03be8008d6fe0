import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openApp, removeDir, startBrowserHost, type RunningHost } from '../support/browserHost';
import { call } from './pageApi';

/** The page background of each palette in styles.css. */
const LIGHT = 'rgb(247, 246, 243)';
const DARK = 'rgb(21, 25, 28)';

// Light and dark themes (issue 10): the OS decides unless Settings → Appearance
// pins one; the pinned theme is on <html> before the page's body is parsed, so
// the first frame is already in it.
describe('themes follow the OS and can be pinned in Settings', () => {
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  const theme = () => page.getByRole('group', { name: 'Theme' });

  beforeAll(async () => {
    host = await startBrowserHost();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1300, height: 900 }, colorScheme: 'dark' });
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
    // What <html> carries when the body starts to arrive: the head's scripts have run, the app's module has not.
    await page.addInitScript(() => {
      const seen = new MutationObserver(() => {
        if (!document.body) return;
        (window as unknown as { themeAtBody: string }).themeAtBody = document.documentElement.dataset.theme ?? 'none';
        seen.disconnect();
      });
      seen.observe(document, { childList: true, subtree: true });
    });
    await openApp(page, host.launchUrl);
    await call(page, 'workspace.start', { starter: false });
    await page.goto(`${host.url}#/settings`);
    await page.reload();
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    if (host) removeDir(host.dataDir);
  });

  it('starts on System and follows the OS, dark or light', async () => {
    expect(await theme().getByRole('radio', { name: 'System' }).isChecked()).toBe(true);
    expect(await background()).toBe(DARK);
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await background()).toBe(LIGHT);
    await page.emulateMedia({ colorScheme: 'dark' });
  });

  it('Light pins the light theme over a dark OS, at once and after a reload from the first frame', async () => {
    await theme().getByRole('radio', { name: 'Light' }).check();
    expect(await background()).toBe(LIGHT);
    await page.reload();
    expect(await page.evaluate(() => (window as unknown as { themeAtBody: string }).themeAtBody)).toBe('light');
    expect(await theme().getByRole('radio', { name: 'Light' }).isChecked()).toBe(true);
    expect(await background()).toBe(LIGHT);
  });

  it('Dark pins the dark theme over a light OS', async () => {
    await page.emulateMedia({ colorScheme: 'light' });
    await theme().getByRole('radio', { name: 'Dark' }).check();
    expect(await background()).toBe(DARK);
    await page.reload();
    expect(await page.evaluate(() => (window as unknown as { themeAtBody: string }).themeAtBody)).toBe('dark');
    expect(await background()).toBe(DARK);
  });

  it('System hands the choice back to the OS and forgets the pin', async () => {
    await theme().getByRole('radio', { name: 'System' }).check();
    expect(await background()).toBe(LIGHT);
    await page.reload();
    expect(await page.evaluate(() => (window as unknown as { themeAtBody: string }).themeAtBody)).toBe('none');
    expect(await page.evaluate(() => localStorage.getItem('principled.theme'))).toBeNull();
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await background()).toBe(DARK);
  });

  it('logged no errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
