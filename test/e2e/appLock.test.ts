import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../core/api/contract/client';
import type { ApiResult } from '../../core/api/contract/result';
import { company, value } from '../support/company';
import { launchChromium, openApp, removeDir, startBrowserHost, type RunningHost } from '../support/browserHost';
import { pageFetch } from './pageApi';

const PASSPHRASE = 'a long enough passphrase';
const COMPANY = 'Lockwood Widgets';

// Encrypting from Settings → Privacy, the locked start that follows, and "Lock now", as a user meets them in
// Chromium; the lock screen passes axe in both themes.
describe('encryption and the app lock', () => {
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  const api = createClient((method, input) => pageFetch<ApiResult<unknown>>(page, method, input ?? {}));
  const passphraseBox = () => page.getByRole('textbox', { name: 'Passphrase', exact: true });
  const lockHeading = () => page.getByRole('heading', { name: 'Principled is locked', level: 1 });

  beforeAll(async () => {
    host = await startBrowserHost();
    browser = await launchChromium();
    // AxeBuilder opens a blank page beside this one to finish its run, which a context of its own allows.
    page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    page.setDefaultTimeout(15_000);
    await openApp(page, host.launchUrl);
    const c = await company(api);
    value(await api.call('settings.setMe', { memberId: c.ceo.id }));
    value(await api.call('settings.update', { companyName: COMPANY }));
    await page.reload();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    if (host) removeDir(host.dataDir);
  });

  async function expectNothingOfTheWorkspace() {
    await lockHeading().waitFor();
    const text = await page.locator('body').innerText();
    for (const secret of [COMPANY, 'Grace Hopper', 'Ceo', 'Ownership']) expect(text).not.toContain(secret);
    expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
  }

  it('encrypts from Settings; after a restart the app is locked until the right passphrase', async () => {
    await page.goto(`${host.url}#/settings`);
    const privacy = page.getByRole('region', { name: 'Privacy' });
    await privacy.getByText('Not encrypted').waitFor();
    const form = page.getByRole('form', { name: 'Encrypt this workspace' });
    await form.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await form.getByLabel('Confirm passphrase').fill(`${PASSPHRASE}?`);
    await form.getByRole('button', { name: 'Encrypt' }).click();
    await form.getByText('The two passphrases differ').waitFor();
    await form.getByLabel('Confirm passphrase').fill(PASSPHRASE);
    await form.getByRole('button', { name: 'Encrypt' }).click();
    await privacy.getByText('Encrypted (passphrase)').waitFor({ timeout: 60_000 });
    await privacy.getByLabel('Lock after (minutes without use)').waitFor();

    // The host starts again on the same folder: the key needs the passphrase, which it does not have.
    await host.stop();
    host = await startBrowserHost(host.dataDir);
    await openApp(page, host.launchUrl);
    await expectNothingOfTheWorkspace();

    await passphraseBox().fill('not the passphrase');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByText('Wrong passphrase: it does not open this workspace').waitFor();
    expect(await passphraseBox().getAttribute('aria-invalid')).toBe('true');

    await passphraseBox().fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByText(COMPANY).waitFor();
    await page.getByRole('heading', { level: 1 }).first().waitFor();
  }, 180_000);

  it('"Lock now" shows the lock screen with nothing of the workspace, which passes axe in both themes', async () => {
    await page.goto(`${host.url}#/settings`);
    await page.getByRole('button', { name: 'Lock now' }).click();
    await expectNothingOfTheWorkspace();
    // Nothing is read while locked: the host refuses it, and the page keeps no cached answer either.
    expect(await page.evaluate(() => document.body.innerHTML.includes('Grace Hopper'))).toBe(false);

    const found: string[] = [];
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      const result = await new AxeBuilder({ page }).analyze();
      for (const v of result.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) {
        found.push(...v.nodes.map((n) => `${theme} lock: ${v.id} (${v.impact}) at ${n.target.join(' ')}`));
      }
    }
    expect(found).toEqual([]);

    await passphraseBox().fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByText(COMPANY).waitFor();
    await page.goto(`${host.url}#/candidates`);
    await page.getByText('Grace Hopper').first().waitFor();
  }, 120_000);
});
