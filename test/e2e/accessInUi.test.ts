import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../core/api/contract/client';
import type { ApiResult } from '../../core/api/contract/result';
import { interviewingLoop, value } from '../support/company';
import { launchChromium, openApp, removeDir, startBrowserHost, type RunningHost } from '../support/browserHost';
import { pageFetch } from './pageApi';

// The UI hides what "me" may not do (issue 9): an interviewer without rights
// sees no principle editing, a read-only planner on someone else's loop and no
// decision form; the founder and the loop's hiring manager see them.
describe('the UI shows each person only what they may do', () => {
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  let ids: { eng: string; ceo: string; cto: string; draftLoop: string; loop: string; alan: string };

  /** The API through the page's own session, as the app calls it. */
  const api = createClient((method, input) => pageFetch<ApiResult<unknown>>(page, method, input ?? {}));
  const becomes = async (memberId: string) => {
    value(await api.call('settings.setMe', { memberId }));
    await page.reload();
  };

  beforeAll(async () => {
    host = await startBrowserHost();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
    await openApp(page, host.launchUrl);
    const c = await interviewingLoop(api);
    // Both interviewers submit, so the debrief can open.
    for (const who of [c.eng.id, c.ceo.id]) {
      await c.as(who);
      value(await api.call('feedback.submit', c.complete(c.slotOf(who), 'inclined', 3)));
    }
    // A second candidate's loop, still a draft: the role's hiring manager (Cto) plans it.
    await c.as(c.ceo.id);
    const other = value(await api.call('candidates.create', { name: 'Alan Turing' }));
    const draft = value(await api.call('loops.create', { candidateId: other.id, roleId: c.role.id }));
    ids = { eng: c.eng.id, ceo: c.ceo.id, cto: c.cto.id, draftLoop: draft.id, loop: c.loop.id, alan: other.id };
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    if (host) removeDir(host.dataDir);
  });

  it('an interviewer sees the principles without New principle or edit actions, and why', async () => {
    await becomes(ids.eng);
    await page.goto(`${host.url}#/principles`);
    await page.getByRole('heading', { name: 'Ownership' }).waitFor();
    expect(await page.getByRole('button', { name: 'New principle' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Actions for Ownership' }).click();
    // Only the history: no edit, move or archive.
    expect(await page.getByRole('menu', { name: 'Actions for Ownership' }).getByRole('menuitem').allInnerTexts()).toEqual(['History']);
    await page.keyboard.press('Escape');
    expect(await page.locator('[draggable="true"]').count()).toBe(0);
    expect(await page.getByTestId('access-hint').innerText()).toMatch(/Only founders, admins/);
  });

  it("an interviewer sees someone else's loop plan read-only, with no way to move it", async () => {
    await page.goto(`${host.url}#/loops/${ids.draftLoop}`);
    // The plan as text, not a form of disabled fields.
    await page.getByRole('region', { name: 'Plan' }).waitFor();
    expect(await page.getByRole('group', { name: 'People' }).count()).toBe(0);
    expect(await page.getByRole('combobox').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Edit plan' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Save plan' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Add interview' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /Cancel this loop/ }).count()).toBe(0);
    expect(await page.getByRole('region', { name: 'Loop status' }).innerText()).toMatch(/Only the loop's hiring manager, founders or admins may do this/);
  });

  it('an interviewer who submitted reads the debrief but gets no decision form', async () => {
    await page.goto(`${host.url}#/loops/${ids.loop}/debrief`);
    await page.getByRole('heading', { name: '4. Decision' }).waitFor();
    await page.getByText(/Waiting for the hiring manager/).waitFor();
    expect(await page.getByRole('button', { name: 'Record decision' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /Save notes/ }).count()).toBe(0);
  });

  it('the founder sees New principle and the edit actions', async () => {
    await becomes(ids.ceo);
    await page.goto(`${host.url}#/principles`);
    await page.getByRole('button', { name: 'New principle' }).waitFor();
    await page.getByRole('button', { name: 'Actions for Ownership' }).click();
    const items = await page.getByRole('menu', { name: 'Actions for Ownership' }).getByRole('menuitem').allInnerTexts();
    expect(items).toEqual(expect.arrayContaining(['Edit', 'Archive', 'Move up', 'Move down']));
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('access-hint').count()).toBe(0);
  });

  it('the founder may edit and move the loop plan', async () => {
    await page.goto(`${host.url}#/loops/${ids.draftLoop}`);
    const people = page.getByRole('group', { name: 'People' });
    await page.getByRole('button', { name: 'Add interview' }).waitFor();
    expect(await people.getByRole('combobox', { name: 'Hiring manager' }).isDisabled()).toBe(false);
    expect(await page.getByRole('button', { name: /Cancel this loop/ }).count()).toBe(1);
  });

  it('the candidate form offers only hand statuses and refuses a cooldown in the past as it is typed', async () => {
    await page.goto(`${host.url}#/candidates/${ids.alan}`);
    const form = page.getByRole('form', { name: 'Edit Alan Turing' });
    const status = form.getByLabel('Status', { exact: true });
    await status.waitFor();
    expect(await status.locator('option').allInnerTexts()).toEqual(['Active', 'Withdrawn']);
    await form.getByLabel('No-recycle cooldown until').fill('2020-01-01');
    await form.getByText('The cooldown must end after today.').waitFor();
  });

  it("the loop's hiring manager gets the decision form", async () => {
    await becomes(ids.cto);
    await page.goto(`${host.url}#/loops/${ids.loop}/debrief`);
    await page.getByRole('button', { name: 'Record decision' }).waitFor();
    expect(await page.getByRole('radiogroup', { name: 'Decision' }).count()).toBe(1);
  });

  it('logged no errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
