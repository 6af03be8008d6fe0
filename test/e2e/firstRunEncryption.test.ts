import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../core/api/contract/client';
import type { LockState } from '../../core/api/contract/privacy';
import type { ApiResult } from '../../core/api/contract/result';
import { company, value } from '../support/company';
import { launchChromium, openApp, removeDir, startBrowserHost, type RunningHost } from '../support/browserHost';
import { pageFetch } from './pageApi';

const PASSPHRASE = 'first run passphrase';

/** Serious and critical axe violations on the page as it is, in both themes, one line each. */
async function axeBothThemes(page: Page, screen: string): Promise<string[]> {
  const found: string[] = [];
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    const result = await new AxeBuilder({ page }).analyze();
    for (const v of result.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) {
      found.push(...v.nodes.map((n) => `${theme} ${screen}: ${v.id} (${v.impact}) at ${n.target.join(' ')}`));
    }
  }
  return found;
}

// Issue 12 item 3 at first run: browser mode has no keychain, so a new workspace's Welcome asks for a passphrase
// before anything is written; a plaintext workspace says so to whoever may encrypt it.
describe('first run: a passphrase before the first principle; plaintext workspaces are told', () => {
  let browser: Browser;
  let host: RunningHost | undefined;
  let page: Page;
  const api = createClient((method, input) => pageFetch<ApiResult<unknown>>(page, method, input ?? {}));

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterEach(async () => {
    await page?.context().close();
    await host?.stop();
    if (host) removeDir(host.dataDir);
    host = undefined;
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function freshApp(): Promise<Page> {
    host = await startBrowserHost();
    // AxeBuilder opens a blank page beside this one to finish its run, which a context of its own allows.
    page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    page.setDefaultTimeout(15_000);
    await openApp(page, host.launchUrl);
    return page;
  }

  it("a new workspace's Welcome asks for a passphrase; after it the workspace is encrypted and unlocks with it", async () => {
    await freshApp();
    const step = page.getByRole('form', { name: 'Protect this workspace with a passphrase' });
    await step.waitFor();
    // Nothing to start with until the step is answered.
    expect(await page.getByRole('button', { name: 'Start blank' }).count()).toBe(0);
    expect(await axeBothThemes(page, 'welcome passphrase step')).toEqual([]);

    await step.getByLabel('Passphrase', { exact: true }).fill('too short');
    await step.getByLabel('Confirm passphrase').fill('too short');
    await step.getByRole('button', { name: 'Encrypt and continue' }).click();
    await step.getByText('passphrase must be at least 12 characters').waitFor();
    await step.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await step.getByLabel('Confirm passphrase').fill(`${PASSPHRASE}!`);
    await step.getByRole('button', { name: 'Encrypt and continue' }).click();
    await step.getByText('The two passphrases differ').waitFor();
    await step.getByLabel('Confirm passphrase').fill(PASSPHRASE);
    await step.getByRole('button', { name: 'Encrypt and continue' }).click();

    await page.getByRole('status').getByText('Encrypted with your passphrase.').waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: /Start from the starter set/ }).click();
    await page.getByRole('heading', { name: 'Principles', level: 1 }).waitFor();
    expect(value(await api.call('privacy.lockState'))).toMatchObject<Partial<LockState>>({ locked: false, sealedBy: 'passphrase' });
    expect(await page.getByTestId('plaintext-notice').count()).toBe(0);

    await page.goto(`${host?.url}#/settings`);
    await page.getByRole('button', { name: 'Lock now' }).click();
    await page.getByRole('heading', { name: 'Principled is locked', level: 1 }).waitFor();
    await page.getByRole('textbox', { name: 'Passphrase', exact: true }).fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.goto(`${host?.url}#/principles`);
    await page.getByRole('heading', { name: 'Own the outcome' }).first().waitFor();
  }, 180_000);

  it("a plaintext workspace's founder is told in the sidebar, led to the encrypt form, and may hide it for the session", async () => {
    await freshApp();
    const c = await company(api);
    value(await api.call('settings.setMe', { memberId: c.ceo.id }));
    await page.reload();
    const nav = page.getByRole('navigation', { name: 'Main' });
    const notice = nav.getByTestId('plaintext-notice');
    await notice.getByText('This workspace is not encrypted').waitFor();
    expect(await axeBothThemes(page, 'home with the plaintext notice')).toEqual([]);

    await notice.getByRole('link', { name: 'Set a passphrase' }).click();
    const form = page.getByRole('form', { name: 'Encrypt this workspace' });
    const passphrase = form.getByLabel('Passphrase', { exact: true });
    await passphrase.waitFor();
    expect(page.url()).toMatch(/#\/settings\/privacy$/);
    await expect.poll(() => passphrase.evaluate((el) => el === document.activeElement)).toBe(true);

    // A member who cannot encrypt is told the fact, with nothing to act on.
    value(await api.call('settings.setMe', { memberId: c.eng.id }));
    await page.goto(`${host?.url}#/home`);
    await notice.getByText('A founder or admin can encrypt it.').waitFor();
    expect(await notice.getByRole('link').count()).toBe(0);

    value(await api.call('settings.setMe', { memberId: c.ceo.id }));
    await page.reload();
    await notice.getByRole('button', { name: 'Hide for now' }).click();
    expect(await notice.count()).toBe(0);
    await page.reload();
    await nav.getByRole('link', { name: /^Home/ }).waitFor();
    expect(await notice.count()).toBe(0);
    // A new tab is a new session: the workspace is still plaintext, so it says so again.
    const other = await page.context().newPage();
    try {
      await other.goto(`${host?.url}#/home`);
      await other.getByRole('navigation', { name: 'Main' }).getByTestId('plaintext-notice').waitFor();
    } finally {
      await other.close();
    }
  }, 120_000);
});
