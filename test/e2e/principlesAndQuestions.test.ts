import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STARTER_PRINCIPLES } from '../../core/rules/starterPrinciples';
import { STARTER_QUESTIONS } from '../../core/rules/starterQuestions';

const STARTER_COUNT = Object.values(STARTER_QUESTIONS).flat().length;
import { launchChromium, openApp, removeDir, startBrowserHost, type RunningHost } from '../support/browserHost';
import { pageFetch, startFromWelcome } from './pageApi';

// One new user's first session, step by step, in real Chromium against the
// browser host: each test continues where the previous one left off.
describe('a new user defines principles and builds a question bank', () => {
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const activeList = () => page.getByRole('list', { name: 'Active principles' });
  const row = (name: string) => activeList().getByRole('listitem').filter({ has: page.getByRole('heading', { name, level: 2 }) });
  const actions = (name: string) => page.getByRole('button', { name: `Actions for ${name}` });
  const choose = async (name: string, item: string) => {
    await actions(name).click();
    await page.getByRole('menu', { name: `Actions for ${name}` }).getByRole('menuitem', { name: item }).click();
  };
  const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? '');
  const activeNames = () => page.getByRole('list', { name: 'Active principles' }).getByRole('heading', { level: 2 }).allInnerTexts();
  const names = async () => (await activeNames()).map((n) => n.replace(/\s*Draft$/, '').trim());

  beforeAll(async () => {
    host = await startBrowserHost();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
    await openApp(page, host.launchUrl);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    if (host) removeDir(host.dataDir);
  });

  it('offers a first-run choice and starts from the starter set of drafts', async () => {
    await expect.poll(() => page.getByRole('heading', { name: 'Welcome to Principled' }).isVisible()).toBe(true);
    await startFromWelcome(page, 'starter');
    // Starting writes the starter set (principles and their questions) first: a busy machine may take a few seconds.
    await expect.poll(names, { timeout: 10_000 }).toEqual(STARTER_PRINCIPLES.map((p) => p.name));
    expect(await page.locator('.badge-draft').count()).toBe(STARTER_PRINCIPLES.length);
  });

  it('shows errors next to the field and saves nothing when the name is missing', async () => {
    await page.getByRole('button', { name: 'New principle' }).click();
    await page.getByLabel('Summary').fill('Spend as if it were your own money.');
    await page.getByRole('button', { name: 'Add principle' }).click();
    const name = page.getByLabel('Name');
    await expect.poll(() => name.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('alert').filter({ hasText: 'Name is required' }).isVisible()).toBe(true);
    expect(await names()).toHaveLength(STARTER_PRINCIPLES.length);
  });

  it('creates a principle with a rating anchor', async () => {
    await page.getByLabel('Name').fill('Frugality');
    await page.getByLabel('Level 4 — Strong yes').fill('Did more with less and can show what it saved.');
    await page.getByRole('button', { name: 'Add principle' }).click();
    await expect.poll(async () => (await names()).at(-1)).toBe('Frugality');
  });

  it('keeps an unsaved draft through a reload', async () => {
    await page.getByRole('button', { name: 'New principle' }).click();
    await page.getByLabel('Name').fill('Half-typed principle');
    await page.reload();
    await page.getByRole('button', { name: 'New principle' }).click();
    expect(await page.getByLabel('Name').inputValue()).toBe('Half-typed principle');
    expect(await page.getByText('Restored your unsaved changes.').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Cancel' }).click();
  });

  it('keeps row actions in a menu: arrows move through it, Escape closes it and gives focus back', async () => {
    const button = actions('Earn trust');
    expect(await button.getAttribute('aria-haspopup')).toBe('menu');
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    await button.focus();
    await page.keyboard.press('Enter');
    const menu = page.getByRole('menu', { name: 'Actions for Earn trust' });
    await menu.waitFor();
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    expect(await menu.getByRole('menuitem').allInnerTexts()).toEqual(['Edit', 'History', 'Move up', 'Move down', 'Archive']);
    expect(await focused()).toBe('Edit');
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toBe('History');
    await page.keyboard.press('End');
    expect(await focused()).toBe('Archive');
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toBe('Edit');
    await page.keyboard.press('ArrowUp');
    expect(await focused()).toBe('Archive');
    await page.keyboard.press('Escape');
    await expect.poll(() => menu.count()).toBe(0);
    expect(await focused()).toBe('Actions for Earn trust');
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    // Arrow Up on the button opens it on the last item; a click elsewhere closes it.
    await page.keyboard.press('ArrowUp');
    await menu.waitFor();
    expect(await focused()).toBe('Archive');
    await page.getByRole('heading', { name: 'Principles', level: 1 }).click();
    await expect.poll(() => menu.count()).toBe(0);
    // The first principle cannot move up: the item is there, disabled.
    await actions('Start from the customer').click();
    const first = page.getByRole('menu', { name: 'Actions for Start from the customer' });
    expect(await first.getByRole('menuitem', { name: 'Move up' }).isDisabled()).toBe(true);
    await page.keyboard.press('Escape');
  });

  it('edits a principle, its row marked while it is open, and shows the revision with before and after', async () => {
    expect(await activeList().locator('[aria-current]').count()).toBe(0);
    await choose('Own the outcome', 'Edit');
    await page.getByLabel('Summary').waitFor();
    const current = activeList().locator('[aria-current="true"]');
    expect(await current.count()).toBe(1);
    expect(await current.getByRole('heading').innerText()).toMatch(/^Own the outcome/);
    // Marked to the eye too, not only to a screen reader.
    expect(await current.evaluate((el) => getComputedStyle(el).borderColor)).not.toBe(
      await row('Earn trust').evaluate((el) => getComputedStyle(el).borderColor),
    );
    await page.getByLabel('Summary').fill('Acts for the whole company and sees work through to the result.');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.getByText('Acts for the whole company and sees work through to the result.').isVisible()).toBe(true);
    expect(await activeList().locator('[aria-current]').count()).toBe(0);
    await choose('Own the outcome', 'History');
    const history = page.getByRole('region', { name: 'History of Own the outcome' });
    await expect.poll(() => history.getByRole('heading', { name: /Revision 2/ }).isVisible()).toBe(true);
    expect(await history.locator('del').first().innerText()).toBe('Acts on behalf of the whole company and finishes what they start.');
    expect(await history.locator('ins').first().innerText()).toBe('Acts for the whole company and sees work through to the result.');
    await history.getByRole('button', { name: 'Close' }).click();
  });

  it('reorders by keyboard: "Move up" in the menu, and Alt+Arrow on the focused row, focus staying with it', async () => {
    await choose('Frugality', 'Move up');
    await expect.poll(async () => (await names()).slice(-2)).toEqual(['Frugality', 'Deliver results']);
    await actions('Start from the customer').focus();
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(async () => (await names()).slice(0, 2)).toEqual(['Own the outcome', 'Start from the customer']);
    expect(await focused()).toBe('Actions for Start from the customer');
    expect(await page.getByRole('status').filter({ hasText: 'Start from the customer moved to position 2 of 9.' }).count()).toBe(1);
    // Past the top it stays put.
    await actions('Own the outcome').focus();
    await page.keyboard.press('Alt+ArrowUp');
    expect((await names())[0]).toBe('Own the outcome');
  });

  it('reorders by drag and drop, both ways, and the order is kept', async () => {
    const before = await names();
    expect(before.slice(4, 6)).toEqual(['Decide with care, move with speed', 'Earn trust']);
    await row('Earn trust').dragTo(row('Own the outcome'));
    await expect.poll(async () => (await names()).slice(0, 2)).toEqual(['Earn trust', 'Own the outcome']);
    await row('Earn trust').dragTo(row('Decide with care, move with speed'));
    await expect.poll(names).toEqual(before);
    await row('Own the outcome').dragTo(row('Start from the customer'));
    await expect.poll(async () => (await names()).slice(0, 2)).toEqual(['Start from the customer', 'Own the outcome']);
    await page.reload();
    await expect.poll(async () => (await names()).slice(0, 2)).toEqual(['Start from the customer', 'Own the outcome']);
  });

  it('archives a principle and can restore it', async () => {
    await choose('Deliver results', 'Archive');
    await expect.poll(names).not.toContain('Deliver results');
    await page.getByLabel(/Show archived/).check();
    await page.getByRole('list', { name: 'Archived principles' }).getByRole('button', { name: 'Actions for Deliver results' }).click();
    const menu = page.getByRole('menu', { name: 'Actions for Deliver results' });
    expect(await menu.getByRole('menuitem').allInnerTexts()).toEqual(['History', 'Restore']);
    await page.keyboard.press('Escape');
  });

  it('warns about a hypothetical question, highlights it and offers a rewrite', async () => {
    await page.getByRole('link', { name: /Question bank/ }).click();
    await page.getByRole('button', { name: 'New question' }).click();
    const text = page.getByLabel('Question', { exact: true });
    await text.fill('What would you do if a customer was angry?');
    const findings = page.getByRole('list', { name: 'Linter findings' });
    await expect.poll(() => findings.getByText(/hypothetical/).isVisible()).toBe(true);
    expect(await page.locator('.lint-highlight mark').first().innerText()).toMatch(/would you/i);
    if (process.env.PRINCIPLED_SCREENSHOTS) {
      mkdirSync('docs', { recursive: true });
      await page.screenshot({ path: 'docs/screenshot.png' });
    }
    await findings.getByRole('button', { name: 'Use suggestion' }).first().click();
    const rewritten = await text.inputValue();
    expect(rewritten).not.toBe('What would you do if a customer was angry?');
    expect(rewritten).toMatch(/^Tell me about a time/);
    await expect.poll(() => page.getByText('No problems found').isVisible()).toBe(true);
    await page.getByRole('checkbox', { name: 'Start from the customer' }).check();
    await page.getByLabel('Tags (comma-separated)').fill('customers');
    await page.getByRole('button', { name: 'Add question' }).click();
    await expect.poll(() => page.getByRole('list', { name: 'Questions' }).getByText(rewritten).isVisible()).toBe(true);
  });

  it('asks for a reason before keeping a hypothetical, then marks it', async () => {
    await page.getByRole('button', { name: 'New question' }).click();
    await page.getByLabel('Question', { exact: true }).fill('What would you do if you inherited a failing project?');
    await page.getByRole('checkbox', { name: 'Own the outcome' }).check();
    await page.getByRole('button', { name: 'Add question' }).click();
    const reason = page.getByLabel('Why keep this hypothetical question?');
    await expect.poll(() => reason.getAttribute('aria-invalid')).toBe('true');
    await reason.fill('Graduate loop: candidates have little work history.');
    await page.getByRole('button', { name: 'Add question' }).click();
    await expect.poll(() => page.getByRole('list', { name: 'Questions' }).getByText('Hypothetical (kept)').isVisible()).toBe(true);

    await page.getByRole('button', { name: 'New question' }).click();
    await page.getByLabel('Question', { exact: true }).fill('Tell me about a time you disagreed with your manager. What did you do?');
    await page.getByRole('checkbox', { name: 'Earn trust' }).check();
    await page.getByLabel('Tags (comma-separated)').fill('conflict, management');
    await page.getByRole('button', { name: 'Add question' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: `${STARTER_COUNT + 3} questions` }).isVisible()).toBe(true);
  });

  it('searches and filters the bank', async () => {
    // The list is virtualised: it renders the rows in view, each telling its place in the whole list.
    const rows = async () => {
      const first = page.getByRole('list', { name: 'Questions' }).getByRole('listitem').first();
      return (await first.count()) === 0 ? 0 : Number(await first.getAttribute('aria-setsize'));
    };
    await page.getByRole('searchbox', { name: 'Search questions' }).fill('disagre');
    await expect.poll(rows).toBe(1);
    await page.getByRole('searchbox', { name: 'Search questions' }).fill('');
    await expect.poll(rows).toBe(STARTER_COUNT + 3);
    await page.getByLabel('Filter by lint status').selectOption('hypothetical');
    await expect.poll(rows).toBe(1);
    await page.getByLabel('Filter by lint status').selectOption('');
    await page.getByLabel('Filter by tag').selectOption('conflict');
    await expect.poll(rows).toBe(1);
    await page.getByLabel('Filter by tag').selectOption('');
    await page.getByLabel('Filter by principle').selectOption({ label: 'Start from the customer' });
    await expect.poll(rows).toBe(STARTER_QUESTIONS['Start from the customer']!.length + 1);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(rows).toBe(STARTER_COUNT + 3);
  });

  it('flags thin coverage per principle', async () => {
    const coverage = page.getByRole('region', { name: 'Coverage' });
    // The starter set brings the minimum of three to each starter principle; the one added above makes four.
    const customer = coverage.getByRole('row', { name: /Start from the customer/ });
    expect(await customer.getByRole('cell').first().innerText()).toBe('4');
    expect(await customer.getByText('Needs questions').count()).toBe(0);
    const bar = coverage.getByRole('row', { name: /Raise the bar/ });
    expect(await bar.getByRole('cell').first().innerText()).toBe('3');
    expect(await bar.getByText('Needs questions').count()).toBe(0);
    // Frugality, written by the user, has none yet: the only principle flagged.
    const frugality = coverage.getByRole('row', { name: /Frugality/ });
    expect(await frugality.getByRole('cell').first().innerText()).toBe('0');
    expect(await frugality.getByText('Needs questions').isVisible()).toBe(true);
    expect(await coverage.getByText('Needs questions').count()).toBe(1);
  });

  it('finds everything still there after a reload', async () => {
    await page.reload();
    await expect.poll(() => page.getByRole('status').filter({ hasText: `${STARTER_COUNT + 3} questions` }).isVisible()).toBe(true);
    await page.getByRole('link', { name: /Principles/ }).click();
    await expect.poll(names).toContain('Frugality');
    expect(await names()).not.toContain('Deliver results');
  });

  it('refuses bad input sent straight to the API, naming the field and writing nothing', async () => {
    interface Result {
      ok: boolean;
      value?: unknown[];
      error?: { code: string; issues: { path: string }[] };
    }
    const before = await pageFetch<Result>(page, 'principles.list', { includeArchived: true });
    const bad = await pageFetch<Result>(page, 'principles.create', { name: 'x'.repeat(81), summary: 'too long a name' });
    const after = await pageFetch<Result>(page, 'principles.list', { includeArchived: true });
    const outcome = { bad, before: before.value?.length, after: after.value?.length };
    expect(outcome.bad.ok).toBe(false);
    expect(outcome.bad.error?.code).toBe('VALIDATION');
    expect(outcome.bad.error?.issues[0]?.path).toBe('name');
    expect(outcome.after).toBe(outcome.before);
  });

  it('logged no errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
