import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openApp, removeDir, startBrowserHost, type RunningHost } from '../support/browserHost';
import { call, seedPlannedLoop } from './pageApi';

// Two tabs on one workspace: a change made in one reaches the other through the host's event stream, without a reload.
describe('live updates between tabs', () => {
  let host: RunningHost;
  let browser: Browser;
  let context: BrowserContext;
  let tabA: Page;
  let tabB: Page;
  // Made by the first test, followed by the second.
  const made = { loopId: '', hal: '', ana: '', slots: [] as { interviewerId: string; principleIds: string[] }[] };

  beforeAll(async () => {
    host = await startBrowserHost();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    tabA = await context.newPage();
    await openApp(tabA, host.launchUrl);
    tabB = await context.newPage();
    await tabB.goto(host.url);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    if (host) removeDir(host.dataDir);
  });

  it("shows feedback I owe in one tab as soon as another tab starts the loop's interviews", async () => {
    const seeded = await seedPlannedLoop(
      tabB,
      [
        { name: 'Hal Founder', team: 'Platform', capabilities: ['interviewer', 'hiring_manager'] },
        { name: 'Ana Interviewer', team: 'Platform', capabilities: ['interviewer'] },
        { name: 'Bea Raiser', team: 'Sales', capabilities: ['interviewer', 'bar_raiser'] },
      ],
      { hiringManager: 'Hal Founder', barRaiser: 'Bea Raiser', interviewers: ['Hal Founder', 'Ana Interviewer'] },
    );
    made.loopId = seeded.loopId;
    made.hal = seeded.ids['Hal Founder'] ?? '';
    made.ana = seeded.ids['Ana Interviewer'] ?? '';
    const detail = await call<{ loop: { slots: { interviewerId: string | null; principleIds: string[] }[] } }>(tabB, 'loops.get', { id: seeded.loopId });
    made.slots = detail.loop.slots.map((s) => ({ interviewerId: s.interviewerId ?? '', principleIds: s.principleIds }));

    // Tab A shows the app as Hal (the first person added is "me"), owing nothing yet.
    await tabA.reload();
    const home = (name: string | RegExp) => tabA.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).count();
    await expect.poll(() => home('Home')).toBe(1);

    await call(tabB, 'loops.transition', { id: seeded.loopId, revision: seeded.revision, to: 'interviewing' });
    // The badge's count and its hidden words join the link's name (with or without a space, by browser build).
    await expect.poll(() => home(/^Home\s*1\s*feedback owed$/), { timeout: 15_000 }).toBe(1);
  });

  it("shows feedback submitted in another tab in the loop's panel, the badge and the debrief, without a reload", async () => {
    const evidence = {
      situation: 'Our payment service kept failing at night and nobody owned the on-call rota for it.',
      task: 'I had to make the service reliable without a dedicated team or extra budget.',
      action: 'I wrote the runbook, set up alerts, and I paired with two engineers until they could take shifts.',
      result: 'Night pages fell from nine a week to one within a month and the rota has run since.',
    };
    const submitAs = (authorId: string) =>
      call(tabB, 'feedback.submit', {
        loopId: made.loopId,
        authorId,
        ratings: (made.slots.find((s) => s.interviewerId === authorId)?.principleIds ?? []).map((principleId) => ({ principleId, rating: 3, evidence })),
        vote: 'inclined',
        raiseBar: 'yes',
        reasonToHire: 'Owns problems end to end.',
        reasonNotToHire: 'Little experience with customers.',
      });
    await tabA.goto(`${host.url}#/loops/${made.loopId}`);
    const count = tabA.locator('.feedback-count');
    await expect.poll(() => count.textContent()).toBe('0 of 2 submitted');

    await submitAs(made.hal);
    await expect.poll(() => count.textContent(), { timeout: 15_000 }).toBe('1 of 2 submitted');
    // Hal owes nothing once submitted: the badge goes.
    const homeLink = (name: string) => tabA.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).count();
    await expect.poll(() => homeLink('Home'), { timeout: 15_000 }).toBe(1);

    await call(tabB, 'settings.setMe', { memberId: made.ana });
    await submitAs(made.ana);
    await call(tabB, 'settings.setMe', { memberId: made.hal });
    await expect.poll(() => count.textContent(), { timeout: 15_000 }).toMatch(/^2 of 2 submitted/);

    // Hal, the hiring manager, opens the debrief in tab A; notes saved in tab B appear there.
    await tabA.goto(`${host.url}#/loops/${made.loopId}/debrief`);
    const notes = tabA.getByRole('textbox', { name: 'Discussion notes' });
    await expect.poll(() => notes.inputValue()).toBe('');
    await call(tabB, 'debrief.saveNotes', { loopId: made.loopId, notes: 'Agreed on ownership; customer work is thin.' });
    await expect.poll(() => notes.inputValue(), { timeout: 15_000 }).toBe('Agreed on ownership; customer work is thin.');
  });

  it('shows a team member added in another tab on the Team screen without a reload', async () => {
    await tabA.goto(`${host.url}#/team`);
    await tabA.getByText('Ana Interviewer').first().waitFor();
    await call(tabB, 'team.create', { name: 'Zoe Newcomer', team: 'Sales', capabilities: ['interviewer'] });
    await tabA.getByText('Zoe Newcomer').first().waitFor({ timeout: 15_000 });
  });
});
