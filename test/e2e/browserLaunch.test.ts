import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, openApp, removeDir, startBrowserHost, type RunningHost } from '../support/browserHost';

const NOTICE = 'Open the link printed in the terminal where you started Principled.';

describe('browser mode: only the person who opened the printed link', () => {
  let host: RunningHost;
  let browser: Browser;

  beforeAll(async () => {
    host = await startBrowserHost();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    if (host) removeDir(host.dataDir);
  });

  it('opens the app from the link and takes the secret out of the address bar', async () => {
    const page = await browser.newPage();
    await openApp(page, host.launchUrl);
    expect(page.url()).not.toContain('launch=');
    expect(await page.evaluate('document.cookie')).toBe('');
    await page.reload();
    await page.locator('#root > *').first().waitFor();
    await page.close();
  });

  it('shows only the notice to a browser without a session, and when a link is used twice', async () => {
    const page = await browser.newPage();
    await page.goto(host.url);
    expect(await page.getByRole('status').innerText()).toBe(NOTICE);
    expect(await page.locator('#root').count()).toBe(0);
    expect((await page.request.post(`${host.url}api/workspace.get`, { data: {} })).status()).toBe(403);

    await page.goto(host.launchUrl);
    await expect.poll(() => page.getByRole('status').innerText()).toMatch(/^That link was already used/);
    expect(page.url()).not.toContain('launch=');
    expect(await page.locator('#root').count()).toBe(0);
    await page.close();
  });

  it('lets a new link from the terminal in, and uses up a link opened in an app that is already open', async () => {
    const page = await browser.newPage();
    await openApp(page, await host.newLaunchUrl());

    // The same tab, only the fragment changes: the app itself takes the secret away and spends it.
    const spent = await host.newLaunchUrl();
    await page.goto(spent);
    await expect.poll(() => page.url()).not.toContain('launch=');
    await page.locator('#root > *').first().waitFor();

    const other = await browser.newPage();
    await other.goto(spent);
    await expect.poll(() => other.getByRole('status').innerText()).toMatch(/^That link was already used/);
    await other.close();
    await page.close();
  });
});
