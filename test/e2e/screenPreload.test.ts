import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READ_BATCH_PATH } from '../../core/api/contract/browserSession';
import { launchChromium, openApp, removeDir, startBrowserHost, type RunningHost } from '../support/browserHost';
import { call } from './pageApi';

// Issue 10, speed: the first usable screen and first visits to a screen.
describe('the page and its screens start loading before they are needed', () => {
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  /** Every read the page asked of the host, alone (/api/<method>) or in a read batch. */
  const asked: string[] = [];

  beforeAll(async () => {
    host = await startBrowserHost();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
    page.setDefaultTimeout(10_000);
    await openApp(page, host.launchUrl);
    await call(page, 'workspace.start', { starter: false });
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (path === READ_BATCH_PATH) asked.push(...(JSON.parse(request.postData() ?? '[]') as { method: string }[]).map((r) => r.method));
      else if (path.startsWith('/api/')) asked.push(path.slice('/api/'.length));
    });
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    if (host) removeDir(host.dataDir);
  });

  it('asks for the bundle before the theme script holds the parser up', async () => {
    await page.goto(`${host.url}#/home`);
    await page.locator('#home-title').waitFor();
    // The page as served (the app adds preload links of its own later).
    const head = await page.evaluate(async () =>
      [...new DOMParser().parseFromString(await (await fetch('./')).text(), 'text/html').head.querySelectorAll('script[src], link[rel="modulepreload"], link[rel="stylesheet"]')].map(
        (e) => e.getAttribute('src') ?? e.getAttribute('href') ?? '',
      ),
    );
    const themeBoot = head.indexOf('./theme-boot.js');
    expect(themeBoot).toBeGreaterThan(0);
    expect(head.filter((src) => src.startsWith('./assets/')).length).toBeGreaterThan(1);
    // Every file of the bundle comes before it; the early reads come first of all.
    expect(head.findIndex((src) => src.startsWith('./assets/'))).toBeLessThan(themeBoot);
    expect(head.slice(themeBoot + 1)).toEqual([]);
    expect(head[0]).toBe('./early-reads.js');
  });

  it('reads the team list when the Team link is pointed at, before the click', async () => {
    await page.waitForTimeout(500);
    const teamLists = () => asked.filter((m) => m === 'team.list').length;
    expect(teamLists()).toBe(0);
    const link = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Team', exact: true });
    await link.hover();
    await expect.poll(teamLists).toBe(1);
    expect(new URL(page.url()).hash).toBe('#/home');
    await link.click();
    await page.locator('#team-title').waitFor();
    await page.getByText(/active members?/).waitFor();
  });

  it("starts a screen's reads with the route change itself", async () => {
    const rolesLists = () => asked.filter((m) => m === 'roles.list').length;
    expect(rolesLists()).toBe(0);
    // A hash change alone (the back button, a typed address), no pointer near a link: the read leaves in the same
    // event, so it is under way before the Roles screen has rendered.
    const leftBeforeRender = await page.evaluate(
      (batchPath) =>
        new Promise<boolean>((resolve) => {
          const original = window.fetch;
          window.fetch = (...args: Parameters<typeof fetch>) => {
            const [url, init] = args;
            const path = new URL(String(url), location.href).pathname;
            const body = typeof init?.body === 'string' ? init.body : '';
            if (path === '/api/roles.list' || (path === batchPath && body.includes('"roles.list"'))) {
              window.fetch = original;
              resolve(document.querySelector('#roles-title') === null);
            }
            return original(...args);
          };
          location.hash = '#/roles';
        }),
      READ_BATCH_PATH,
    );
    expect(leftBeforeRender).toBe(true);
    await page.locator('#roles-title').waitFor();
    await page.waitForTimeout(500);
    expect(rolesLists()).toBe(1);
  });
});
