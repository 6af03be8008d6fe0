import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openApp, removeDir, startBrowserHost, type RunningHost } from '../support/browserHost';
import { call, pickPerson, startFromWelcome } from './pageApi';

const EVIDENCE = {
  Situation: 'Our billing export failed every month-end and finance had to fix invoices by hand.',
  Task: 'I owned the export and had to make month-end close reliable within one quarter.',
  Action: 'I traced the failures to time zones, I wrote tests for each region and I changed the job to run per region.',
  Result: 'Month-end close has run without a manual fix for five months, saving finance two days each month.',
};
// The trainee's write-up: a label instead of evidence and a team with no "I", so the linter has findings to show.
const THIN = {
  Situation: 'They seemed like a real culture fit for the platform team.',
  Task: 'We had to fix the billing export.',
  Action: 'We fixed it together over a few weeks.',
  Result: '',
};
const NOTE = 'Write what the candidate did, in their words, instead of "culture fit".';

// A reverse shadow through the UI: the founder plans a loop whose first interview Tia (in training) leads while
// Sam supervises; Tia, Sam and Hal submit; Sam coaches Tia beside the linter's findings; Tia reads the note;
// the debrief counts Sam's vote and Hal's, never Tia's.
describe('a reverse shadow, from the plan to the coaching note and the debrief', () => {
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  const ids: Record<string, string> = {};
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

  async function writeFeedback(principle: string, rating: string, vote: string, evidence: Record<string, string>) {
    await openLoop();
    await page.getByRole('link', { name: 'Write my feedback' }).click();
    const group = page.getByRole('group', { name: principle, exact: true });
    await group.getByRole('radiogroup', { name: `Rating for ${principle}` }).getByRole('radio', { name: rating }).check();
    for (const [label, text] of Object.entries(evidence)) if (text) await group.getByLabel(label, { exact: true }).fill(text);
    await page.getByRole('radiogroup', { name: 'Overall vote' }).getByRole('radio', { name: vote, exact: true }).check();
    await page.getByRole('radiogroup', { name: /raise the bar/ }).getByRole('radio', { name: 'No', exact: true }).check();
    await page.getByLabel('Top reason to hire').fill('Fixes root causes and measures the result.');
    await page.getByLabel('Top reason not to hire').fill('Little experience leading others.');
    await page.getByRole('button', { name: 'Submit feedback' }).click();
    await page.getByRole('heading', { name: /^Your (training )?feedback \(submitted\)$/ }).waitFor();
  }

  beforeAll(async () => {
    host = await startBrowserHost();
    browser = await launchChromium();
    // AxeBuilder opens a blank page beside this one to finish its run, which a context of its own allows.
    const context = await browser.newContext({ viewport: { width: 1500, height: 1000 } });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().includes('status of 4')) pageErrors.push(m.text());
    });
    await openApp(page, host.launchUrl);
    await startFromWelcome(page, 'starter');
    await page.getByRole('heading', { name: 'Principles', level: 1 }).waitFor();

    // The people, role, candidate and a draft loop come through the API; the plan itself through the planner.
    const principles = await call<{ id: string; name: string }[]>(page, 'principles.list', {});
    const focus = ['Own the outcome', 'Earn trust'].map((n) => principles.find((p) => p.name === n)?.id ?? '');
    for (const p of focus) {
      for (let i = 0; i < 3; i++) await call(page, 'questions.create', { text: `Tell me about a time you showed this, story ${p.slice(-4)}${i}.`, principleIds: [p] });
    }
    const member = async (name: string, team: string, capabilities: string[]) => (await call<{ id: string }>(page, 'team.create', { name, team, capabilities })).id;
    ids.hal = await member('Hal Founder', 'Exec', ['interviewer', 'hiring_manager', 'founder']);
    ids.sam = await member('Sam Supervisor', 'Platform', ['interviewer']);
    ids.tia = await member('Tia Trainee', 'Platform', []);
    ids.bea = await member('Bea Raiser', 'Sales', ['interviewer', 'bar_raiser']);
    const role = await call<{ id: string }>(page, 'roles.create', {
      title: 'Platform engineer',
      team: 'Platform',
      hiringManagerId: ids.hal,
      focusPrincipleIds: focus,
      template: [
        { title: 'Ownership', durationMinutes: 45, principleIds: [focus[0]] },
        { title: 'Trust', durationMinutes: 45, principleIds: [focus[1]] },
      ],
    });
    const candidate = await call<{ id: string }>(page, 'candidates.create', { name: 'Grace Hopper', email: 'grace@example.com' });
    ids.loop = (await call<{ id: string }>(page, 'loops.create', { candidateId: candidate.id, roleId: role.id })).id;
    await page.reload();
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    if (host) removeDir(host.dataDir);
  });

  it('the founder plans the first interview as a reverse shadow in the planner and starts interviewing', async () => {
    await becomes('Hal Founder');
    await openLoop();
    await pickPerson(page.getByRole('combobox', { name: 'Bar raiser' }), 'Bea Raiser');
    await pickPerson(page.getByRole('combobox', { name: 'Interviewer for interview 1' }), 'Sam Supervisor');
    await pickPerson(page.getByRole('combobox', { name: 'Trainee leading interview 1 (reverse shadow)' }), 'Tia Trainee');
    await pickPerson(page.getByRole('combobox', { name: 'Interviewer for interview 2' }), 'Hal Founder');
    // Two hours ago, so the feedback later in this file is on time whatever the hour the suite runs (yesterday at
    // 10:00 read as "submitted more than 24 hours after" from late morning on).
    const at = new Date(Date.now() - 2 * 3_600_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    const local = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
    for (const box of await page.getByLabel('Starts at').all()) await box.fill(local);
    // A trainee supervised by a trained interviewer breaks no rule of the reverse shadow.
    const checks = page.getByRole('list', { name: 'Planning checks' });
    await expect.poll(() => checks.innerText()).not.toMatch(/trainee|reverse shadow/i);
    await page.getByRole('button', { name: 'Save plan' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Move to planned' }).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Move to planned' }).click();
    await expect.poll(() => page.getByLabel('Status: planned').isVisible()).toBe(true);
    const plan = page.getByRole('region', { name: 'Plan' });
    expect(await plan.getByRole('listitem', { name: /^Interview 1: Ownership/ }).innerText()).toMatch(/Sam Supervisor[\s\S]*Tia Trainee/);
    await page.getByRole('button', { name: 'Start interviewing' }).click();
    await expect.poll(() => page.getByLabel('Status: interviewing').isVisible()).toBe(true);
    const status = page.getByRole('table', { name: 'Feedback status' });
    expect(await status.getByRole('row', { name: /Tia Trainee/ }).innerText()).toMatch(/reverse shadow, training/);
  });

  it('the trainee leads and writes training feedback, told it is a reverse shadow', async () => {
    await becomes('Tia Trainee');
    await openLoop();
    await page.getByRole('link', { name: 'Write my feedback' }).click();
    await expect.poll(() => page.getByText(/reverse shadow/i).first().isVisible()).toBe(true);
    expect(await page.getByText('You are shadowing this loop').count()).toBe(0);
    await writeFeedback('Own the outcome', '1 — Strong no', 'Strong no hire', THIN);
  });

  it('the supervisor and the founder submit their counted feedback', async () => {
    await becomes('Sam Supervisor');
    await writeFeedback('Own the outcome', '3 — Yes', 'Inclined', EVIDENCE);
    await becomes('Hal Founder');
    await writeFeedback('Earn trust', '4 — Strong yes', 'Strong hire', EVIDENCE);
  });

  it("the supervisor reviews the trainee's write-up beside the linter's findings and the panel, and leaves a note", async () => {
    await becomes('Sam Supervisor');
    await openLoop();
    const session = page.getByRole('article', { name: 'Coaching: Tia Trainee' });
    await session.waitFor();
    await expect.poll(() => session.innerText()).toMatch(/Ready for coaching/);
    await session.getByRole('heading', { name: /Tia Trainee’s write-up \(training\)/ }).waitFor();
    expect(await session.getByText(THIN.Situation).isVisible()).toBe(true);
    const findings = session.getByRole('list', { name: 'Evidence linter findings' });
    expect(await findings.innerText()).toMatch(/Label instead of evidence/);
    expect(await findings.innerText()).toMatch(/"We" with no "I"/);
    // The panel beside it: Sam's own feedback and Hal's, the counted ones.
    const panel = session.getByRole('region', { name: 'The panel' });
    expect(await panel.getByText(EVIDENCE.Situation).count()).toBe(2);
    expect(await panel.getByRole('heading', { name: 'Hal Founder' }).count()).toBe(1);
    expect(await panel.getByRole('heading', { name: 'Sam Supervisor' }).count()).toBe(1);
    // The coaching view is new on the loop's page: axe over it in both themes, as test/e2e/accessibility.test.ts does per screen.
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      const result = await new AxeBuilder({ page }).include('.coaching').analyze();
      expect(result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${theme}: ${v.id} ${v.nodes[0]?.target.join(' ')}`)).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: null });
    await session.getByLabel('Coaching note for Tia Trainee').fill(NOTE);
    await session.getByRole('button', { name: 'Save coaching note' }).click();
    await expect.poll(() => session.getByText(NOTE).isVisible()).toBe(true);
    await expect.poll(() => session.locator('.badge').innerText()).toBe('Reviewed');
  });

  it('the trainee reads the note on the loop', async () => {
    await becomes('Tia Trainee');
    await openLoop();
    const session = page.getByRole('article', { name: 'Coaching: Tia Trainee' });
    await expect.poll(() => session.innerText()).toContain(NOTE);
    expect(await session.getByRole('heading', { name: /from Sam Supervisor$/ }).innerText()).toBe('Your coaching (reverse shadow in Ownership) from Sam Supervisor');
    expect(await session.getByLabel(/Coaching note for/).count()).toBe(0);
  });

  it("Tia's Team record shows the reviewed session and counts the reverse shadow on the interviewer path", async () => {
    await page.goto(`${host.url}#/team/${ids.tia}`);
    await expect.poll(() => page.locator('.coaching-progress').innerText()).toBe('Coaching: 1 of 1 training session reviewed by a coach.');
    const path = page.getByRole('group', { name: 'Interviewer path' });
    await path.getByText('Interviews led with a trained interviewer shadowing: 1 of 2').waitFor();
  });

  it("the debrief counts the supervisor's vote and the founder's, never the trainee's", async () => {
    await becomes('Bea Raiser');
    await openLoop();
    await page.getByRole('link', { name: 'Open debrief' }).click();
    const votes = page.getByRole('table', { name: 'Votes', exact: true });
    await votes.waitFor();
    const rows = await votes.getByRole('row').allInnerTexts();
    expect(rows.some((r) => r.includes('Sam Supervisor'))).toBe(true);
    expect(rows.some((r) => r.includes('Hal Founder'))).toBe(true);
    expect(rows.some((r) => r.includes('Tia Trainee'))).toBe(false);
    expect(await page.getByRole('table', { name: 'Ratings matrix' }).innerText()).not.toContain('Tia Trainee');
    // Tia's strong no hire is not a flag of this debrief.
    expect(await page.getByRole('list', { name: 'Debrief flags' }).innerText()).toMatch(/^No flags: no strong no hire/);
  });

  it("a practice write-up from the decided loop: the trainee rates it blind in Practice, then sees the panel's ratings and the decision", async () => {
    // The decision through the API (the debrief's forms are covered elsewhere); the library entry from the debrief.
    await call(page, 'settings.setMe', { memberId: ids.hal });
    await call(page, 'decision.decide', { loopId: ids.loop, decision: 'hire', rationale: 'Strong ownership evidence.' });
    await call(page, 'settings.setMe', { memberId: ids.bea });
    await call(page, 'decision.verdict', { loopId: ids.loop, verdict: 'concur', rationale: 'Above the bar.' });
    await page.reload();
    await page.goto(`${host.url}#/loops/${ids.loop}/debrief`);
    const adding = page.getByRole('region', { name: 'Add to practice' });
    // Tia's training write-up is never offered: only the panel's counted feedback.
    expect(await adding.getByRole('button', { name: /Tia Trainee/ }).count()).toBe(0);
    await adding.getByRole('button', { name: 'Add Sam Supervisor’s write-up to practice' }).click();
    await adding.getByText('In the practice library').waitFor();

    await becomes('Tia Trainee');
    await nav('Practice').click();
    await page.getByRole('list', { name: 'Practice write-ups' }).getByRole('button', { name: /^Platform engineer: Own the outcome/ }).click();
    const evidence = page.getByRole('region', { name: 'Evidence: Own the outcome' });
    await expect.poll(() => evidence.innerText()).toContain(EVIDENCE.Action);
    // Blind: nothing of the panel's answers, and nothing of the candidate.
    expect(await page.getByRole('region', { name: 'How your rating compares' }).count()).toBe(0);
    expect(await page.locator('.practice').innerText()).not.toMatch(/Grace|Hopper|Sam Supervisor|Inclined\b.*writer/);
    const form = page.getByRole('form', { name: 'Your blind rating' });
    await form.getByRole('radiogroup', { name: 'Rating for Own the outcome' }).getByRole('radio', { name: '4 — Strong yes' }).check();
    await form.getByRole('radiogroup', { name: 'Overall vote' }).getByRole('radio', { name: 'Strong hire', exact: true }).check();
    await form.getByRole('button', { name: 'Submit my rating' }).click();
    const compare = page.getByRole('region', { name: 'How your rating compares' });
    await expect.poll(() => compare.innerText()).toMatch(/Your vote: Strong hire; the writer’s: Inclined; the rest of the panel: Strong hire\./);
    expect(await compare.innerText()).toMatch(/The decision: Hire\. Within one point of the writer on 1 of 1 principles/);
    expect(await compare.getByRole('row', { name: /Own the outcome/ }).innerText()).toMatch(/Own the outcome\s+4\s+3/);
  });

  it('a bar raiser writes a practice item by hand on the Practice screen, and a trainee finds it in the library', async () => {
    await becomes('Bea Raiser');
    await nav('Practice').click();
    await page.getByRole('button', { name: 'Write a practice item' }).click();
    const form = page.getByRole('form', { name: 'Write a practice item' });
    await form.getByLabel('Title').fill('Support lead: a hand-written case');
    // Submitting with no evidence names the field, and nothing is written.
    await form.getByRole('radiogroup', { name: /^Your rating for / }).getByRole('radio', { name: '2 — No' }).check();
    await form.getByRole('radiogroup', { name: 'Your overall vote' }).getByRole('radio', { name: 'Not inclined', exact: true }).check();
    await form.getByRole('button', { name: 'Add to the practice library' }).click();
    await form.getByText('Write the evidence behind this rating.').waitFor();
    // The form is new on the Practice screen: axe over it, with its error showing, in both themes.
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      const result = await new AxeBuilder({ page }).include('.practice-write').analyze();
      expect(result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${theme}: ${v.id} ${v.nodes[0]?.target.join(' ')}`)).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: null });
    await form.getByLabel(/^Situation \(/).fill('A customer escalated a lost order to the CEO.');
    await form.getByLabel(/^Action \(/).fill('We apologised and sent a voucher.');
    expect(await form.getByText('Write the evidence behind this rating.').count()).toBe(0);
    await form.getByRole('button', { name: 'Add to the practice library' }).click();
    await form.waitFor({ state: 'detached' });
    const library = page.getByRole('list', { name: 'Practice write-ups' });
    await library.getByRole('button', { name: /^Support lead: a hand-written case/ }).waitFor();

    await becomes('Tia Trainee');
    await nav('Practice').click();
    expect(await page.getByRole('button', { name: 'Write a practice item' }).count()).toBe(0);
    await library.getByRole('button', { name: /^Support lead: a hand-written case/ }).click();
    await page.getByRole('form', { name: 'Your blind rating' }).waitFor();
  });

  it('logged no errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
