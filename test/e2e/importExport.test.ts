import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openApp, removeDir, startBrowserHost, type RunningHost } from '../support/browserHost';
import { call, pickPerson, startFromWelcome } from './pageApi';


// Line 1 is the header; line 4 has an email that is not one.
const CANDIDATES_CSV = [
  'name,email,phone,source,links,notes',
  'Grace Hopper,grace@example.com,,Referral,,Compilers',
  'Alan Turing,alan@example.com,,Job board,https://example.com/alan; https://example.com/alan/cv,',
  'Broken Row,not-an-email,,,,',
  '"Johnson, Katherine",katherine@example.com,+1 555 0100,Agency,,"Orbital mechanics, ""by hand"""',
].join('\n');

// Import, export, erasure and retention as a user meets them in Settings and
// on a candidate's page, in real Chromium against the browser host.
describe('import, export, erasure and retention', () => {
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  const files = mkdtempSync(join(tmpdir(), 'principled-import-'));
  const csvFile = join(files, 'candidates.csv');
  let exportFile = '';
  let sealedExportFile = '';
  const pageErrors: string[] = [];
  const nav = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: new RegExp(`^${name}`) });
  const preview = () => page.getByRole('table', { name: 'Import preview' });
  const previewRow = (line: number) => preview().getByRole('row').filter({ has: page.getByRole('cell', { name: String(line), exact: true }) });

  async function openCandidate(name: string) {
    await nav('Candidates').click();
    await page.getByRole('list', { name: 'Candidates' }).getByRole('link', { name: new RegExp(`^${name}`) }).click();
    await page.getByRole('heading', { name, level: 2 }).waitFor();
  }

  async function previewCandidates() {
    await nav('Settings').click();
    await page.getByLabel('What to import').selectOption({ label: 'Candidates' });
    await page.getByLabel('Choose a file to import').setInputFiles(csvFile);
    await preview().waitFor();
  }

  beforeAll(async () => {
    writeFileSync(csvFile, CANDIDATES_CSV);
    host = await startBrowserHost();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      // Refused calls (a 4xx answer) are part of the story; anything else is a bug.
      if (m.type() === 'error' && !m.text().includes('status of 4')) pageErrors.push(m.text());
    });
    await openApp(page, host.launchUrl);
    await startFromWelcome(page, 'starter');
    await page.getByRole('heading', { name: 'Principles', level: 1 }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    if (host) removeDir(host.dataDir);
    removeDir(files);
  });

  it('previews a candidates CSV row by row, naming the line and field of the bad row', async () => {
    await previewCandidates();
    const columns = page.getByRole('table', { name: 'Columns for candidates' });
    expect(await columns.getByRole('cell').allInnerTexts()).toEqual(expect.arrayContaining(['name', 'email', 'phone', 'source', 'links', 'notes']));
    await expect.poll(() => page.getByText(/^4 rows: 3 new, 1 with errors$/).isVisible()).toBe(true);

    expect(await previewRow(2).innerText()).toMatch(/New\s+Grace Hopper <grace@example\.com>/);
    expect(await previewRow(5).innerText()).toMatch(/New\s+Johnson, Katherine <katherine@example\.com>/);
    const bad = previewRow(4);
    expect(await bad.innerText()).toContain('Error');
    expect(await bad.getByRole('listitem').innerText()).toBe('email: Email must look like name@example.com');
    expect(pageErrors).toEqual([]);
  });

  it('refuses the whole file while a row is bad, then imports the valid rows', async () => {
    // The default is all-or-nothing: the refusal sits next to the button and nothing is written.
    expect(await page.getByRole('radio', { name: 'Only if every row is valid' }).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'nothing was imported' });
    expect(await refusal.innerText()).toBe('Line 4, email: Email must look like name@example.com; nothing was imported');
    expect((await call<{ total: number }>(page, 'candidates.list', {})).total).toBe(0);

    await page.getByRole('radio', { name: 'Import the valid rows and skip the rest' }).check();
    expect(await refusal.count()).toBe(0);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Imported 3 candidates; 1 skipped' }).waitFor();
    expect(await preview().count()).toBe(0);

    const { items } = await call<{ items: { name: string; links: string[]; notes: string }[] }>(page, 'candidates.list', {});
    expect(items.map((c) => c.name).sort()).toEqual(['Alan Turing', 'Grace Hopper', 'Johnson, Katherine']);
    expect(items.find((c) => c.name === 'Alan Turing')?.links).toEqual(['https://example.com/alan', 'https://example.com/alan/cv']);
    expect(items.find((c) => c.name === 'Johnson, Katherine')?.notes).toBe('Orbital mechanics, "by hand"');
  });

  it('shows every valid row as already there when the same file is imported again', async () => {
    await previewCandidates();
    await expect.poll(() => page.getByText(/^4 rows: 3 already there, 1 with errors$/).isVisible()).toBe(true);
    for (const line of [2, 3, 5]) expect(await previewRow(line).getByText('Already there', { exact: true }).count()).toBe(1);
    expect(await previewRow(4).getByText('Error', { exact: true }).count()).toBe(1);
    await page.getByRole('radio', { name: 'Import the valid rows and skip the rest' }).check();
    expect(await page.getByRole('button', { name: 'Import', exact: true }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Clear', exact: true }).click();
    expect(await preview().count()).toBe(0);
  });

  it('keeps the whole-workspace export and erasure for admins and founders', async () => {
    await page.getByText('Only an admin or a founder can export the whole workspace').waitFor();
    expect(await page.getByRole('button', { name: 'Export the whole workspace (JSON)' }).count()).toBe(0);
    await openCandidate('Grace Hopper');
    const erasure = page.getByRole('region', { name: 'Erase personal data' });
    await erasure.getByText('Only an admin or a founder can erase').waitFor();
    expect(await erasure.getByRole('button', { name: 'Erase personal data' }).count()).toBe(0);

    await call(page, 'team.create', { name: 'Fay Founder', capabilities: ['founder', 'interviewer'] });
    await nav('Settings').click();
    await pickPerson(page.getByLabel('I am'), 'Fay Founder');
    await expect.poll(() => page.getByLabel('Signed in as').innerText()).toBe('You are Fay Founder');
  });

  it('exports the whole workspace as one versioned JSON file, and CSV per list', async () => {
    await nav('Settings').click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export the whole workspace (JSON)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^principled-workspace-\d{4}-\d{2}-\d{2}\.json$/);
    exportFile = join(files, download.suggestedFilename());
    await download.saveAs(exportFile);
    const document = JSON.parse(readFileSync(exportFile, 'utf8')) as {
      format: string;
      version: number;
      tables: Record<string, { name?: string }[]>;
    };
    expect(document.format).toBe('principled-workspace');
    expect(document.version).toBe(1);
    expect((document.tables.candidates ?? []).map((c) => c.name).sort()).toEqual(['Alan Turing', 'Grace Hopper', 'Johnson, Katherine']);
    expect(document.tables.principles?.length).toBeGreaterThan(0);

    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export candidates (CSV)' }).click()]);
    expect(csv.suggestedFilename()).toMatch(/^principled-candidates-.*\.csv$/);
    const text = readFileSync(await csv.path(), 'utf8');
    expect(text.replace(/^\uFEFF/, '').split(/\r?\n/)[0]).toBe('name,email,phone,source,links,notes');
    expect(text).toContain('"Johnson, Katherine"');
  });

  it('exports the whole workspace encrypted with a passphrase typed twice; the file holds no plain text', async () => {
    // Settings has other passphrase fields (making a team): these are the export's.
    const part = page.locator('section[aria-labelledby="export-title"]');
    await part.getByLabel('Encrypt the export with a passphrase').check();
    await part.getByLabel('Passphrase', { exact: true }).fill('correct horse battery');
    await part.getByLabel('Passphrase again').fill('correct horse batter');
    await part.getByRole('button', { name: 'Export the whole workspace (JSON)' }).click();
    await part.getByText('The two passphrases differ').waitFor();
    await part.getByLabel('Passphrase again').fill('correct horse battery');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export the whole workspace (JSON)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^principled-workspace-\d{4}-\d{2}-\d{2}-encrypted\.json$/);
    sealedExportFile = join(files, download.suggestedFilename());
    await download.saveAs(sealedExportFile);
    const raw = readFileSync(sealedExportFile);
    expect(JSON.parse(raw.toString('utf8'))).toMatchObject({ format: 'principled-encrypted', version: 1 });
    for (const needle of ['Grace Hopper', 'grace@example.com', 'Orbital mechanics']) expect(raw.includes(needle), needle).toBe(false);
    await part.getByLabel('Encrypt the export with a passphrase').uncheck();
  });

  it('refuses to load a workspace export into a workspace that is not empty, saying so next to the input', async () => {
    await page.getByLabel('Import a workspace export').setInputFiles(exportFile);
    const alert = page.getByRole('alert').filter({ hasText: 'only into an empty one' });
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/^A workspace can be imported only into an empty one; this one already has /);
  });

  it('erases a candidate once the founder types the name', async () => {
    await openCandidate('Grace Hopper');
    const erasure = page.getByRole('region', { name: 'Erase personal data' });
    const erase = erasure.getByRole('button', { name: 'Erase personal data' });
    const confirm = erasure.getByLabel("Type the candidate's name to confirm");
    // Before confirming, the plan: what will be emptied, and which copies will be scrubbed or removed.
    await erasure.getByText(/^Texts emptied: \d+ feedbacks?, /).waitFor();
    expect(await erase.isDisabled()).toBe(true);
    await confirm.fill('Grace');
    expect(await erase.isDisabled()).toBe(true);
    await confirm.fill('Grace Hopper');
    expect(await erase.isEnabled()).toBe(true);
    await erase.click();

    await page.getByRole('heading', { name: 'Erased candidate', level: 2 }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Personal data erased' }).waitFor();
    await erasure.getByText("This candidate's personal data has been erased").waitFor();
    await expect
      .poll(async () => (await page.getByRole('list', { name: 'Candidates' }).getByRole('link').allInnerTexts()).join('\n'))
      .toContain('Erased candidate');
    const names = (await page.getByRole('list', { name: 'Candidates' }).getByRole('link').allInnerTexts()).join('\n');
    expect(names).not.toContain('Grace Hopper');
    expect(pageErrors).toEqual([]);
  });

  it('lists no candidates for retention review after one month, since every candidate was just active', async () => {
    // Retention works on real time and nothing here fakes it: candidates created a moment ago have
    // recent activity, so even the shortest period (1 month) lists nobody.
    await nav('Settings').click();
    const months = page.getByLabel('Months without activity');
    expect(await months.inputValue()).toBe('12');
    await months.fill('0');
    await page.getByRole('button', { name: 'Show candidates' }).click();
    expect(await page.getByRole('alert').filter({ hasText: 'months must be at least 1' }).count()).toBe(1);

    await months.fill('1');
    await page.getByRole('button', { name: 'Show candidates' }).click();
    await page.getByText('No candidate has gone 1 month without activity.').waitFor();
    expect(await page.getByRole('list', { name: 'Candidates to review' }).count()).toBe(0);
  });

  it('restores the workspace export into an empty workspace, which then opens on that data', async () => {
    const fresh = await startBrowserHost();
    try {
      const other = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      other.setDefaultTimeout(10_000);
      await openApp(other, fresh.launchUrl);
      await startFromWelcome(other, 'blank');
      await other.getByRole('heading', { name: 'Principles', level: 1 }).waitFor();
      await other.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Settings/ }).click();
      await Promise.all([other.waitForEvent('load'), other.getByLabel('Import a workspace export').setInputFiles(exportFile)]);
      await other.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Candidates/ }).click();
      await expect
        .poll(() => other.getByRole('list', { name: 'Candidates' }).getByRole('link').allInnerTexts())
        .toHaveLength(3);
      const names = (await other.getByRole('list', { name: 'Candidates' }).getByRole('link').allInnerTexts()).join('\n');
      expect(names).toContain('Grace Hopper');
      expect(names).toContain('Johnson, Katherine');
      await other.close();
    } finally {
      await fresh.stop();
      removeDir(fresh.dataDir);
    }
  });

  it('asks for the passphrase of an encrypted export, refuses a wrong one, and loads with the right one', async () => {
    const fresh = await startBrowserHost();
    try {
      const other = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      other.setDefaultTimeout(10_000);
      await openApp(other, fresh.launchUrl);
      await startFromWelcome(other, 'blank');
      await other.getByRole('heading', { name: 'Principles', level: 1 }).waitFor();
      await other.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Settings/ }).click();
      await other.getByLabel('Import a workspace export').setInputFiles(sealedExportFile);
      const passphrase = other.getByLabel(/^Passphrase of principled-workspace-/);
      await passphrase.fill('not the passphrase');
      await other.getByRole('button', { name: 'Open and import' }).click();
      await other.getByText('The passphrase does not open this file').waitFor();
      await passphrase.fill('correct horse battery');
      await Promise.all([other.waitForEvent('load'), other.getByRole('button', { name: 'Open and import' }).click()]);
      await other.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Candidates/ }).click();
      await expect
        .poll(() => other.getByRole('list', { name: 'Candidates' }).getByRole('link').allInnerTexts())
        .toHaveLength(3);
      await other.close();
    } finally {
      await fresh.stop();
      removeDir(fresh.dataDir);
    }
  });
});
