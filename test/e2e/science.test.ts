import AxeBuilder from '@axe-core/playwright';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../core/api/contract/client';
import type { ApiResult } from '../../core/api/contract/result';
import type { Calibration } from '../../core/api/contract/science';
import { inProcessClient, openWorkspace } from '../../core/server/workspace';
import { interviewingLoop, value } from '../support/company';
import { launchChromium, openApp, removeDir, startBrowserHost, type RunningHost } from '../support/browserHost';
import { pageFetch } from './pageApi';

const DAY = 86_400_000;
type Seeded = Awaited<ReturnType<typeof interviewingLoop>>;

/**
 * Issue 14 end to end: a hire decided 85 days ago (seeded in-process with the clock set back, so its 90-day
 * check-in is due now), its manager records the check-in from Home, and the calibration's "what predicts" changes.
 */
describe('hiring science in the app', () => {
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  let s: Seeded;
  const pageErrors: string[] = [];
  const api = createClient((method, input) => pageFetch<ApiResult<unknown>>(page, method, input ?? {}));

  const as = async (memberId: string, hash: string) => {
    value(await api.call('settings.setMe', { memberId }));
    await page.goto(`${host.url}${hash}`);
    await page.reload();
  };

  async function axe(): Promise<string[]> {
    const found: string[] = [];
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      const result = await new AxeBuilder({ page }).analyze();
      for (const v of result.violations) if (v.impact === 'serious' || v.impact === 'critical') found.push(`${theme}: ${v.id} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    }
    await page.emulateMedia({ colorScheme: 'light' });
    return found;
  }

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'principled-e2e-science-'));
    const workspace = openWorkspace(dir, { clock: () => new Date(Date.now() - 85 * DAY) });
    try {
      const seed = inProcessClient(workspace);
      s = await interviewingLoop(seed);
      for (const [id, rating] of [[s.ceo.id, 3], [s.eng.id, 4]] as const) {
        await s.as(id);
        value(await seed.call('feedback.submit', s.complete(s.slotOf(id), 'inclined', rating)));
      }
      await s.as(s.sales.id);
      value(await seed.call('debrief.open', { loopId: s.loop.id }));
      await s.as(s.cto.id);
      value(await seed.call('decision.decide', { loopId: s.loop.id, decision: 'hire', rationale: 'Strong ownership evidence.' }));
      await s.as(s.sales.id);
      value(await seed.call('decision.verdict', { loopId: s.loop.id, verdict: 'concur', rationale: 'Above the bar.' }));
    } finally {
      workspace.close();
    }
    host = await startBrowserHost(dir);
    browser = await launchChromium();
    // axe needs a page from a context of its own.
    page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await openApp(page, host.launchUrl);
  }, 120_000);

  it('raised no error in the page', () => expect(pageErrors).toEqual([]));

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    if (host) removeDir(host.dataDir);
  });

  it("the hire's manager records the 90-day check-in from Home, and the calibration's what-predicts changes", async () => {
    await as(s.admin.id, '#/science');
    await page.getByRole('heading', { name: 'What predicts' }).waitFor();
    await page.getByText('Not enough data yet: no hire has a check-in recorded.').waitFor();
    expect(await page.getByRole('table', { name: 'What predicts: per principle' }).count()).toBe(0);

    await as(s.cto.id, '#/home');
    await page.getByRole('link', { name: '90-day check-in for Grace Hopper' }).click();
    const form = page.getByRole('form', { name: 'Record the 90-day check-in' });
    await form.waitFor();
    await form.getByRole('radiogroup', { name: 'Ownership since joining' }).getByRole('radio', { name: '4 — Strong yes' }).check();
    await form.getByRole('radiogroup', { name: 'Customers since joining' }).getByRole('radio', { name: 'Not observed yet' }).check();
    await form.getByRole('button', { name: 'Record the 90-day check-in' }).click();
    const recorded = page.getByRole('region', { name: '90-day check-in as recorded' });
    await recorded.waitFor();
    expect(await recorded.getByText('Not observed').count()).toBe(1);
    expect(await axe()).toEqual([]);

    await as(s.admin.id, '#/science');
    const table = page.getByRole('table', { name: 'What predicts: per principle' });
    await table.waitFor();
    const row = table.getByRole('row', { name: /Ownership/ });
    expect(await row.getByRole('cell').allInnerTexts()).toEqual(['—', '—', '1', 'Not enough data yet on Interview ratings on Ownership: 1 of the 10 pairs needed.']);
    expect(await page.getByRole('table', { name: 'What predicts: per interviewer' }).getByRole('rowheader').allInnerTexts()).toEqual(['Eng']);
    expect(await axe()).toEqual([]);
  }, 120_000);

  it("a chart's table view lists the numbers the report holds", async () => {
    await as(s.admin.id, '#/science');
    const figure = page.getByRole('figure', { name: "Agreement per principle (Krippendorff's alpha)" });
    await figure.waitFor();
    await figure.getByRole('button', { name: 'Show as table' }).click();
    expect(await figure.getByRole('button', { name: 'Show as table' }).getAttribute('aria-pressed')).toBe('true');
    const report = value(await api.call('science.calibration')) as Calibration;
    const rows = await figure.getByRole('table').getByRole('row').all();
    const shown = await Promise.all(rows.slice(1).map((r) => r.locator('th, td').allInnerTexts()));
    expect(shown).toEqual(report.principles.map((p) => [p.name, '—', '—', String(p.pairable), String(p.units), 'Not enough data yet']));
    expect(shown.length).toBeGreaterThan(0);
  }, 60_000);

  it('Download PDF saves the calibration report as a PDF', async () => {
    await as(s.admin.id, '#/science');
    await page.getByRole('heading', { name: 'Do interviewers agree?' }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download PDF' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^Calibration report \d{4}-\d{2}-\d{2}\.pdf$/);
    expect(readFileSync(await download.path()).subarray(0, 5).toString()).toBe('%PDF-');
  }, 60_000);

  it('evidence search finds a word in submitted evidence, highlighted', async () => {
    // Ceo interviewed on the loop, so may read its feedback (an admin on no loop reads none of it).
    await as(s.ceo.id, '#/evidence');
    await page.getByRole('searchbox', { name: 'Search the evidence' }).fill('runbook');
    await page.getByRole('status').filter({ hasText: /^Showing 1–/ }).waitFor();
    const marks = await page.locator('.evidence-hits mark').allInnerTexts();
    expect(marks.length).toBeGreaterThan(0);
    expect(marks.every((m) => m.toLowerCase() === 'runbook')).toBe(true);
    await page.getByRole('searchbox', { name: 'Search the evidence' }).fill('zeppelin');
    await page.getByRole('status').filter({ hasText: 'No evidence matches.' }).waitFor();
    expect(await axe()).toEqual([]);
  }, 60_000);
});
