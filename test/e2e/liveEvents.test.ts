import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openApp, removeDir, startBrowserHost, type RunningHost } from '../support/browserHost';
import { call } from './pageApi';

// Two tabs on one workspace: a change made in one reaches the other through the host's event stream, without a reload.
describe('live updates between tabs', () => {
  let host: RunningHost;
  let browser: Browser;
  let context: BrowserContext;
  let tabA: Page;
  let tabB: Page;

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
    await call(tabB, 'workspace.start', { starter: true });
    const [first, second] = await call<{ id: string }[]>(tabB, 'principles.list', {});
    const focus = [first?.id ?? '', second?.id ?? ''];
    const hal = await call<{ id: string }>(tabB, 'team.create', { name: 'Hal Founder', team: 'Platform', capabilities: ['interviewer', 'hiring_manager'] });
    const ana = await call<{ id: string }>(tabB, 'team.create', { name: 'Ana Interviewer', team: 'Platform', capabilities: ['interviewer'] });
    const bea = await call<{ id: string }>(tabB, 'team.create', { name: 'Bea Raiser', team: 'Sales', capabilities: ['interviewer', 'bar_raiser'] });
    const role = await call<{ id: string }>(tabB, 'roles.create', {
      title: 'Platform engineer',
      team: 'Platform',
      hiringManagerId: hal.id,
      focusPrincipleIds: focus,
      template: focus.map((p, i) => ({ title: `Interview ${i + 1}`, durationMinutes: 45, principleIds: [p] })),
    });
    const candidate = await call<{ id: string }>(tabB, 'candidates.create', { name: 'Grace Hopper' });
    const loop = await call<{ id: string; revision: number; slots: { id: string; title: string; durationMinutes: number; principleIds: string[] }[] }>(
      tabB,
      'loops.create',
      { candidateId: candidate.id, roleId: role.id },
    );
    const planned = await call<{ revision: number }>(tabB, 'loops.plan', {
      id: loop.id,
      revision: loop.revision,
      barRaiserId: bea.id,
      slots: loop.slots.map((s, i) => ({ id: s.id, title: s.title, durationMinutes: s.durationMinutes, principleIds: s.principleIds, interviewerId: [hal.id, ana.id][i] ?? null, startsAt: new Date(Date.now() - 3_600_000).toISOString() })),
    });
    const ready = await call<{ revision: number }>(tabB, 'loops.transition', { id: loop.id, revision: planned.revision, to: 'planned', overrideReason: 'Test company' });

    // Tab A shows the app as Hal (the first person added is "me"), owing nothing yet.
    await tabA.reload();
    const home = (name: string) => tabA.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).count();
    await expect.poll(() => home('Home')).toBe(1);

    await call(tabB, 'loops.transition', { id: loop.id, revision: ready.revision, to: 'interviewing' });
    await expect.poll(() => home('Home 1 feedback owed'), { timeout: 5_000 }).toBe(1);
  });
});
