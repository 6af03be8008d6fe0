import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE_NAME } from '../../db/open';
import { launchChromium, openApp, removeDir, startBrowserHost, type RunningHost } from '../support/browserHost';
import { startFromWelcome } from './pageApi';

// Backups and recovery as a user meets them: Back up now, restore, and a
// damaged file that opens on a recovery screen instead of a blank window.
describe('backups and recovery', () => {
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  const nav = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: new RegExp(`^${name}`) });
  const principleNames = () => page.getByRole('list', { name: 'Active principles' }).getByRole('heading', { level: 2 }).allInnerTexts();

  async function addPrinciple(name: string) {
    await nav('Principles').click();
    await page.getByRole('button', { name: 'New principle' }).click();
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Summary').fill(`${name} summary`);
    await page.getByRole('button', { name: 'Add principle' }).click();
    await expect.poll(principleNames).toContain(name);
  }

  beforeAll(async () => {
    host = await startBrowserHost();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(10_000);
    await openApp(page, host.launchUrl);
    await startFromWelcome(page, 'blank');
    await page.getByRole('heading', { name: 'Principles', level: 1 }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    if (host) removeDir(host.dataDir);
  });

  it('backs up now and restores that backup, keeping the newer data aside', async () => {
    await addPrinciple('Kept in the backup');
    await nav('Settings').click();
    await page.getByRole('button', { name: 'Back up now' }).click();
    const backups = page.getByRole('table', { name: 'Backups' });
    await expect.poll(() => backups.getByText('Made by hand').count()).toBe(1);

    await addPrinciple('Written after the backup');
    await nav('Settings').click();
    await backups.getByRole('row').filter({ hasText: 'Made by hand' }).getByRole('button', { name: /^Restore the backup/ }).click();
    await page.getByRole('button', { name: 'Yes, restore it' }).click();
    await page.waitForEvent('load');
    await nav('Principles').click();
    await expect.poll(principleNames).toEqual(['Kept in the backup']);
    await nav('Settings').click();
    await expect.poll(() => page.getByRole('table', { name: 'Backups' }).getByText('Before a restore').count()).toBe(1);
  });

  it('opens a damaged workspace on a recovery screen and restores the latest good backup', async () => {
    await host.stop();
    const file = join(host.dataDir, DATABASE_FILE_NAME);
    rmSync(`${file}-wal`, { force: true });
    rmSync(`${file}-shm`, { force: true });
    writeFileSync(file, 'this file was damaged');
    host = await startBrowserHost(host.dataDir);
    await openApp(page, host.launchUrl);
    await page.getByRole('heading', { name: 'Principled could not open your data' }).waitFor();
    expect(await page.getByText(/the damaged file is kept as/).isVisible()).toBe(true);
    await page.getByRole('button', { name: /^Restore the latest backup/ }).click();
    await page.waitForEvent('load');
    await nav('Principles').click();
    // The newest backup is the one taken just before the earlier restore, so it has both principles.
    await expect.poll(principleNames).toEqual(['Kept in the backup', 'Written after the backup']);
  });
});
