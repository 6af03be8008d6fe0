import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import Database from 'better-sqlite3-multiple-ciphers';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Candidate } from '../../core/api/contract/candidates';
import { DATABASE_FILE_NAME } from '../../db/open';
import { launchChromium, openApp, removeDir, startBrowserHost, type RunningHost } from '../support/browserHost';
import { call } from './pageApi';

// A candidate held blind (team sync: their key not granted here yet) is a row with blank personal columns, which
// is all the reads go by: made here by blanking them while the host is stopped. Their editor may change the status
// and cooldown only: a name typed into the blank field would replace the real one on every device.
// The words of renderer/components/candidateName.ts (this project type-checks without the renderer).
const SEALED_NAME_WORDS = 'Name not readable on this device yet — its key has not arrived';
const SEALED_PROFILE_WORDS = /details are not readable on this device yet — their key has not arrived\. You can change the status and cooldown/;

describe('the editor of a candidate held blind', () => {
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  let ada: Candidate;

  beforeAll(async () => {
    host = await startBrowserHost();
    browser = await launchChromium();
    // AxeBuilder opens a blank page beside this one to finish its run, which a context of its own allows.
    page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    page.setDefaultTimeout(10_000);
    await openApp(page, host.launchUrl);
    await call(page, 'workspace.start', { starter: true });
    const me = await call<{ id: string }>(page, 'team.create', { name: 'Hal Founder', team: 'Platform', capabilities: ['interviewer', 'hiring_manager'] });
    await call(page, 'settings.setMe', { memberId: me.id });
    ada = await call<Candidate>(page, 'candidates.create', { name: 'Ada Lovelace', email: 'ada@example.com', notes: 'met at a meetup' });
    await host.stop();
    const db = new Database(join(host.dataDir, DATABASE_FILE_NAME));
    db.prepare(`UPDATE candidates SET name = '', email = '', notes = '' WHERE id = ?`).run(ada.id);
    db.close();
    host = await startBrowserHost(host.dataDir);
    await openApp(page, host.launchUrl);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    if (host) removeDir(host.dataDir);
  });

  it('shows the profile disabled with why, and saves a status change without sending a name', async () => {
    await page.goto(`${host.url}#/candidates/${ada.id}`);
    const form = page.getByRole('form', { name: `Edit ${SEALED_NAME_WORDS}` });
    await form.getByText(SEALED_PROFILE_WORDS).waitFor();
    for (const label of ['Name', 'Email', 'Phone', 'Source', 'Notes']) expect(await form.getByLabel(label, { exact: true }).isDisabled(), label).toBe(true);
    const axe = await new AxeBuilder({ page }).include('form.editor').analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    await form.getByLabel('Status', { exact: true }).selectOption('withdrawn');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText(`Saved ${SEALED_NAME_WORDS}`).first().waitFor();
    expect(await call<Candidate>(page, 'candidates.get', { id: ada.id })).toMatchObject({ name: '', status: 'withdrawn', sealed: true });
  });
});
