import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideIssues, verdictIssues } from '../../core/rules/decisionOutcome';
import { escapeMarkdown } from '../../core/server/markdownText';
import { launchChromium, openApp, removeDir, startBrowserHost, type RunningHost } from '../support/browserHost';
import { call, pickPerson, startFromWelcome } from './pageApi';

type Ids = Record<string, string>;


const EVIDENCE = {
  Situation: 'Our billing export failed every month-end and finance had to fix invoices by hand.',
  Task: 'I owned the export and had to make month-end close reliable within one quarter.',
  Action: 'I traced the failures to time zones, I wrote tests for each region and I changed the job to run per region.',
  Result: 'Month-end close has run without a manual fix for five months, saving finance two days each month.',
};

// Three interviewers write blind feedback, the bar raiser runs the debrief, the
// hiring manager decides hire and the bar raiser vetoes; all through the UI.
describe('blind feedback, the debrief and a vetoed hire', () => {
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  const ids: Ids = {};
  const pageErrors: string[] = [];
  const nav = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: new RegExp(`^${name}`) });

  async function becomes(name: string) {
    await nav('Settings').click();
    await pickPerson(page.getByLabel('I am'), name);
    await expect.poll(() => page.getByLabel('Signed in as').innerText()).toBe(`You are ${name}`);
  }

  async function openLoop() {
    await page.goto(`${host.url}#/loops/${ids.loop}`);
    await page.getByRole('heading', { name: 'Grace Hopper — Platform engineer' }).waitFor();
  }

  async function writeFeedback(principle: string, rating: string, vote: string) {
    await openLoop();
    await page.getByRole('link', { name: 'Write my feedback' }).click();
    const group = page.getByRole('group', { name: principle, exact: true });
    await group.getByRole('radiogroup', { name: `Rating for ${principle}` }).getByRole('radio', { name: rating }).check();
    for (const [label, text] of Object.entries(EVIDENCE)) await group.getByLabel(label, { exact: true }).fill(text);
    await page.getByRole('radiogroup', { name: 'Overall vote' }).getByRole('radio', { name: vote, exact: true }).check();
    await page
      .getByRole('radiogroup', { name: /raise the bar/ })
      .getByRole('radio', { name: 'Yes', exact: true })
      .check();
    await page.getByLabel('Top reason to hire').fill('Fixes root causes and measures the result.');
    await page.getByLabel('Top reason not to hire').fill('Little experience leading others.');
    await page.getByRole('button', { name: 'Submit feedback' }).click();
    await page.getByRole('heading', { name: 'Your feedback (submitted)' }).waitFor();
  }

  beforeAll(async () => {
    host = await startBrowserHost();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1500, height: 1000 }, acceptDownloads: true });
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().includes('status of 4')) pageErrors.push(m.text());
    });
    await openApp(page, host.launchUrl);
    await startFromWelcome(page, 'starter');
    await page.getByRole('heading', { name: 'Principles', level: 1 }).waitFor();

    // The planning itself is covered by the loop-planning suite; here it is set up through the API.
    const principles = await call<{ id: string; name: string }[]>(page, 'principles.list', {});
    const byName = (n: string) => principles.find((p) => p.name === n)?.id ?? '';
    const focus = ['Own the outcome', 'Earn trust', 'Deliver results'].map(byName);
    for (const p of focus) {
      for (let i = 0; i < 2; i++) {
        await call(page, 'questions.create', { text: `Tell me about a time you showed this, story ${p.slice(-4)}${i}.`, principleIds: [p] });
      }
    }
    const member = async (name: string, team: string, capabilities: string[]) =>
      (await call<{ id: string }>(page, 'team.create', { name, team, capabilities })).id;
    ids.hal = await member('Hal Manager', 'Platform', ['interviewer', 'hiring_manager', 'founder']);
    ids.ivy = await member('Ivy Interviewer', 'Platform', ['interviewer']);
    ids.jon = await member('Jon Interviewer', 'Platform', ['interviewer']);
    ids.kim = await member('Kim Interviewer', 'Design', ['interviewer']);
    ids.bea = await member('Bea Raiser', 'Sales', ['interviewer', 'bar_raiser']);
    const role = await call<{ id: string }>(page, 'roles.create', {
      title: 'Platform engineer',
      team: 'Platform',
      hiringManagerId: ids.hal,
      focusPrincipleIds: focus,
      template: focus.map((p, i) => ({ title: `Interview ${i + 1}`, durationMinutes: 45, principleIds: [p] })),
    });
    const candidate = await call<{ id: string }>(page, 'candidates.create', { name: 'Grace Hopper', email: 'grace@example.com' });
    ids.candidate = candidate.id;
    const loop = await call<{ id: string; revision: number; slots: { id: string; title: string; durationMinutes: number; principleIds: string[] }[] }>(
      page,
      'loops.create',
      { candidateId: candidate.id, roleId: role.id },
    );
    ids.loop = loop.id;
    const interviewers = [ids.ivy, ids.jon, ids.kim];
    const planned = await call<{ revision: number }>(page, 'loops.plan', {
      id: loop.id,
      revision: loop.revision,
      barRaiserId: ids.bea,
      slots: loop.slots.map((s, i) => ({ id: s.id, title: s.title, durationMinutes: s.durationMinutes, principleIds: s.principleIds, interviewerId: interviewers[i], startsAt: new Date().toISOString() })),
    });
    const p2 = await call<{ revision: number }>(page, 'loops.transition', { id: loop.id, revision: planned.revision, to: 'planned', overrideReason: 'Test company' });
    await call(page, 'loops.transition', { id: loop.id, revision: p2.revision, to: 'interviewing' });
    await page.reload();
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    if (host) removeDir(host.dataDir);
  });

  it('the first interviewer writes and submits feedback', async () => {
    await becomes('Ivy Interviewer');
    await writeFeedback('Own the outcome', '3 — Yes', 'Inclined');
  });

  it('the second interviewer cannot read the first feedback until submitting their own', async () => {
    await becomes('Jon Interviewer');
    await openLoop();
    await page.getByRole('button', { name: 'Read the feedback' }).click();
    await expect.poll(() => page.getByText('1 of 3 submitted').first().isVisible()).toBe(true);
    expect(await page.getByText(EVIDENCE.Situation).count()).toBe(0);
    expect(await page.getByText('Fixes root causes and measures the result.').count()).toBe(0);

    await writeFeedback('Earn trust', '1 — Strong no', 'Strong no hire');
    await openLoop();
    await page.getByRole('button', { name: 'Read the feedback' }).click();
    const feedback = page.getByRole('region', { name: 'Submitted feedback' });
    await expect.poll(() => feedback.getByText(EVIDENCE.Situation).count()).toBe(2);
  });

  it('the third interviewer submits', async () => {
    await becomes('Kim Interviewer');
    await writeFeedback('Deliver results', '4 — Strong yes', 'Strong hire');
  });

  it('the bar raiser opens the debrief and sees the flags', async () => {
    await becomes('Bea Raiser');
    await openLoop();
    await page.getByRole('link', { name: 'Open debrief' }).click();
    const flags = page.getByRole('list', { name: 'Debrief flags' });
    await expect.poll(() => flags.getByText(/strong no hire/i).first().isVisible()).toBe(true);
    expect(await page.getByRole('table', { name: 'Ratings matrix' }).getByRole('row').count()).toBeGreaterThan(3);
    // The re-vote step says what the bar raiser, who leads it, does there.
    expect(await page.locator('.step-guide').innerText()).toMatch(/^You lead this step: ask each interviewer/);
  });

  it('an interviewer records a re-vote beside the original', async () => {
    await becomes('Jon Interviewer');
    await page.goto(`${host.url}#/loops/${ids.loop}/debrief`);
    await page.getByRole('radiogroup', { name: 'New vote' }).getByRole('radio', { name: 'Not inclined', exact: true }).check();
    await page.getByLabel('Note', { exact: true }).fill('Kim’s delivery evidence changed my mind a little.');
    await page.getByRole('button', { name: 'Record re-vote' }).click();
    await expect.poll(() => page.getByRole('list', { name: 'Changed votes' }).innerText()).toMatch(/Strong no hire.*Not inclined/s);
  });

  it('the hiring manager decides hire', async () => {
    await becomes('Hal Manager');
    await page.goto(`${host.url}#/loops/${ids.loop}/debrief`);
    // The contract's rule, checked in the form before the round trip: a no hire needs a recycle choice.
    await page.getByRole('radiogroup', { name: 'Decision' }).getByRole('radio', { name: 'No hire', exact: true }).check();
    await page.getByLabel('Rationale').fill('Not yet.');
    await page.getByRole('button', { name: 'Record decision' }).click();
    const [recycleIssue] = decideIssues({ decision: 'no_hire', recycle: null, cooldownUntil: null }, '');
    expect(recycleIssue?.path).toBe('recycle');
    await page.locator('.radio-field', { has: page.getByRole('radiogroup', { name: 'Recycle' }) }).getByRole('alert').getByText(recycleIssue?.message ?? '-').waitFor();
    await page.getByRole('radiogroup', { name: 'Decision' }).getByRole('radio', { name: 'Hire', exact: true }).check();
    await page.getByLabel('Rationale').fill('Strong delivery and ownership evidence outweighs the trust concerns.');
    await page.getByRole('button', { name: 'Record decision' }).click();
    await expect.poll(() => page.getByText('Hal Manager decided: Hire.').isVisible()).toBe(true);
    expect(await page.getByText(/Waiting for the bar raiser/).isVisible()).toBe(true);
    if (process.env.PRINCIPLED_SCREENSHOTS) await page.screenshot({ path: 'docs/debrief.png', fullPage: true });
  });

  it('the bar raiser vetoes with a rationale citing evidence, and the candidate is not hired', async () => {
    await becomes('Bea Raiser');
    await page.goto(`${host.url}#/loops/${ids.loop}/debrief`);
    const cited = page.getByRole('group', { name: /^Evidence cited/ });
    await expect.poll(() => cited.getByRole('checkbox').count()).toBe(3);
    await page.getByRole('radiogroup', { name: 'Bar raiser verdict' }).getByRole('radio', { name: 'Veto', exact: true }).check();
    // Once veto is chosen, and before any try, the citation reads as required.
    expect(await cited.locator('legend').innerText()).toBe('Evidence cited (required for a veto: at least one)');
    const rationale = 'The trust evidence shows the candidate blaming colleagues twice; that does not raise the bar.';
    await page.getByLabel('Rationale').fill(rationale);
    // Without a citation the form refuses with the API's own message, at the citation, and takes the focus there.
    await page.getByRole('button', { name: 'Record verdict' }).click();
    const [citeIssue] = verdictIssues('veto', rationale, []);
    expect(citeIssue?.path).toBe('citedPrincipleIds');
    await cited.getByRole('alert').getByText(citeIssue?.message ?? '-').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('fieldset')?.querySelector('legend')?.textContent)).toMatch(/^Evidence cited/);
    await cited.getByRole('checkbox', { name: 'Earn trust' }).check();
    await page.getByRole('button', { name: 'Record verdict' }).click();
    await expect.poll(() => page.getByText(/^Outcome:/).first().innerText()).toMatch(/No hire.*vetoed by Bea Raiser.*blaming colleagues/s);

    await nav('Candidates').click();
    await expect.poll(() => page.getByRole('list').filter({ hasText: 'Grace Hopper' }).first().innerText()).toMatch(/Rejected/i);
  });

  it('exports the loop packet', async () => {
    await page.goto(`${host.url}#/loops/${ids.loop}/debrief`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export packet (Markdown)' }).click()]);
    const text = readFileSync(await download.path(), 'utf8');
    expect(text).toContain(`# ${escapeMarkdown('Loop packet: Grace Hopper — Platform engineer')}`);
    expect(text).toContain(escapeMarkdown(EVIDENCE.Action));
    expect(text).toContain('**Veto**');
    expect(text).toContain(escapeMarkdown('Kim’s delivery evidence changed my mind a little.'));
  });

  it('logged no errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
