import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { READ_BATCH_PATH, SESSION_TOKEN_KEY } from '../../core/api/contract/browserSession';
import { launchChromium, openApp, removeDir, startBrowserHost, type RunningHost } from '../support/browserHost';

const NOTICE = 'Open the link printed in the terminal where you started Principled.';
const storedToken = (page: Page) => page.evaluate((key) => localStorage.getItem(key), SESSION_TOKEN_KEY);

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
    expect(await storedToken(page)).toMatch(/^[0-9a-f]{64}$/);
    await page.reload();
    await page.locator('#root > *').first().waitFor();
    await page.close();
  });

  it("asks for the first screen's reads before the bundle runs, in two requests, and the app takes every one of them once", async () => {
    const page = await browser.newPage();
    await openApp(page, await host.newLaunchUrl());
    await page.goto('about:blank');
    // Every read asked of the host, alone (/api/<method>) or in a read batch.
    const asked: string[] = [];
    let batches = 0;
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (path === READ_BATCH_PATH) {
        batches++;
        asked.push(...(JSON.parse(request.postData() ?? '[]') as { method: string }[]).map((r) => r.method));
      } else if (path.startsWith('/api/')) asked.push(path.slice('/api/'.length));
    });
    await page.goto(`${host.url}#/home`);
    await page.locator('#root > *').first().waitFor();
    // Sent by public/early-reads.js; each is removed once the app's own call with the same method and input took it.
    await expect
      .poll(() => page.evaluate('window.__principledEarlyReads && Object.keys(window.__principledEarlyReads)'))
      .toEqual([]);
    // The event stream opened at the early reads' change mark, so nothing is read a second time.
    await expect.poll(() => page.evaluate('window.__principledEarlyMark === undefined')).toBe(true);
    await page.waitForTimeout(1_000);
    expect(batches).toBeGreaterThanOrEqual(2);
    for (const method of ['recovery.status', 'workspace.get', 'settings.get', 'team.names']) {
      expect(asked.filter((m) => m === method), method).toHaveLength(1);
    }
    await page.close();
  });

  it('reads everything again when a change was made between the early reads and the event stream opening', async () => {
    const page = await browser.newPage();
    await openApp(page, await host.newLaunchUrl());
    await page.goto('about:blank');
    // Holds the event stream back until another caller has written, as a second tab might at that moment.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/events', async (route) => {
      await held;
      await route.continue();
    });
    const asked: string[] = [];
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      asked.push(path, ...(path === READ_BATCH_PATH ? (JSON.parse(request.postData() ?? '[]') as { method: string }[]).map((r) => `/api/${r.method}`) : []));
    });
    await page.goto(`${host.url}#/home`);
    await page.locator('#root > *').first().waitFor();
    await expect.poll(() => page.evaluate('window.__principledEarlyReads && Object.keys(window.__principledEarlyReads)')).toEqual([]);
    const token = await storedToken(page);
    const written = await fetch(`${host.url}api/settings.update`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Principled-Session': token ?? '' },
      body: JSON.stringify({ companyName: 'Changed meanwhile' }),
    });
    expect(written.status).toBe(200);
    release();
    await expect.poll(() => asked.includes('/api/settings.get')).toBe(true);
    await page.close();
  });

  it('gives a server on another port of 127.0.0.1 the cookie, but neither the token nor any use of the API', async () => {
    const cookies: string[] = [];
    const other = createServer((req, res) => {
      cookies.push(req.headers.cookie ?? '');
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<!doctype html><title>someone else</title>');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const page = await browser.newPage();
      await openApp(page, await host.newLaunchUrl());
      await page.goto(`http://127.0.0.1:${(other.address() as AddressInfo).port}/`);
      const received = cookies.find((c) => c.includes(`principled-session-${host.port}=`));
      // The hole this guards against: the browser does hand our cookie to the other port.
      expect(received).toBeDefined();
      expect(await storedToken(page)).toBeNull();
      const stolen = await fetch(`${host.url}api/principles.create`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Cookie: received as string },
        body: JSON.stringify({ name: 'Sneaked in', summary: 'with a cookie sent to another port' }),
      });
      expect(stolen.status).toBe(403);
      await page.close();
    } finally {
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });

  it('tells a page that has the cookie but no token to open the printed link', async () => {
    const page = await browser.newPage();
    await openApp(page, await host.newLaunchUrl());
    await page.evaluate((key) => localStorage.removeItem(key), SESSION_TOKEN_KEY);
    await page.reload();
    await expect.poll(() => page.getByRole('alert').first().innerText()).toMatch(/^Open the link printed in the terminal where you started Principled/);
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
    const before = await storedToken(page);

    // The same tab, only the fragment changes: the app itself takes the secret away and spends it, stores the new
    // token and reloads itself (the page may belong to an older host). The token is read once that reload is done:
    // read while it happens, the page's context is gone (CI saw "Execution context was destroyed").
    const spent = await host.newLaunchUrl();
    const reloaded = page.waitForEvent('load');
    await page.goto(spent);
    await expect.poll(() => page.url()).not.toContain('launch=');
    await reloaded;
    await page.locator('#root > *').first().waitFor();
    const after = await storedToken(page);
    expect(after).not.toBe(before);
    expect(after).toMatch(/^[0-9a-f]{64}$/);

    const other = await browser.newPage();
    await other.goto(spent);
    await expect.poll(() => other.getByRole('status').innerText()).toMatch(/^That link was already used/);
    await other.close();
    await page.close();
  });
});
