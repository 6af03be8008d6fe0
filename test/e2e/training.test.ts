import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type ApiClient } from '../../core/api/contract/client';
import type { ApiResult } from '../../core/api/contract/result';
import { company, value } from '../support/company';
import { launchChromium, openApp, removeDir, startBrowserHost, type RunningHost } from '../support/browserHost';
import { pageFetch } from './pageApi';

type Company = Awaited<ReturnType<typeof company>>;

/** A loop run to interviewing through the API (so it counts towards training), planned by the Ceo. */
async function runLoop(api: ApiClient, c: Company, name: string, plan: { interviewers: [string, string]; barRaiser: string; shadows?: string[] }) {
  value(await api.call('settings.setMe', { memberId: c.ceo.id }));
  const candidate = value(await api.call('candidates.create', { name }));
  const loop = value(await api.call('loops.create', { candidateId: candidate.id, roleId: c.role.id }));
  const planned = value(
    await api.call('loops.plan', {
      id: loop.id,
      revision: loop.revision,
      barRaiserId: plan.barRaiser,
      shadowIds: plan.shadows ?? [],
      slots: loop.slots.map(({ position: _p, ...s }, i) => ({ ...s, interviewerId: plan.interviewers[i] ?? null, startsAt: new Date().toISOString() })),
      overrideReason: 'Training loop',
    }),
  );
  const p = value(await api.call('loops.transition', { id: loop.id, revision: planned.revision, to: 'planned', overrideReason: 'Training loop' }));
  value(await api.call('loops.transition', { id: loop.id, revision: p.revision, to: 'interviewing' }));
}

// Issue 13: a trained interviewer is made a bar raiser in training in the app, then goes from a first shadow to
// certified across several loops, signed off in the app by a certified bar raiser and a founder, and shows on
// the Readiness screen.
describe('the bar-raiser path in the app', () => {
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  let c: Company;
  const pageErrors: string[] = [];
  const api = createClient((method, input) => pageFetch<ApiResult<unknown>>(page, method, input ?? {}));

  /** "Me" becomes this person and the page opens Ops's record on the Team screen. */
  const opsRecordAs = async (memberId: string) => {
    value(await api.call('settings.setMe', { memberId }));
    await page.goto(`${host.url}#/team/${c.ops.id}`);
    await page.reload();
    return page.getByRole('group', { name: 'Bar-raiser path' });
  };

  beforeAll(async () => {
    host = await startBrowserHost();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await openApp(page, host.launchUrl);
    c = await company(api);
    // Ops starts as a trained interviewer only: a founder makes them a bar raiser in training in the app.
    value(await api.call('team.update', { id: c.ops.id, revision: c.ops.revision, capabilities: ['interviewer'] }));
    value(await api.call('settings.update', { training: { barRaiserInterviews: 1, barRaiserShadows: 2, barRaiserReverseShadows: 1 } }));
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    if (host) removeDir(host.dataDir);
  });

  it('counts each loop on the trainee record, then a bar raiser and a founder sign off, and Readiness shows it', async () => {
    // Ops (a trained interviewer) interviews once: enough to start bar-raiser training.
    await runLoop(api, c, 'Ada Lovelace', { interviewers: [c.eng.id, c.ops.id], barRaiser: c.sales.id });
    let path = await opsRecordAs(c.ceo.id);
    await path.getByText('Ready to start bar-raiser training').waitFor();
    await path.getByText(/a founder or admin to make them a bar raiser in training/).waitFor();
    // The Ceo, a founder, makes Ops a bar raiser in training on the same record.
    await page.getByRole('checkbox', { name: 'Bar raiser in training' }).check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await path.getByText('Shadowing certified bar raisers').waitFor();
    await path.getByText('Loops shadowed with a certified bar raiser: 0 of 2').waitFor();

    // The first shadow: Sales raises the bar.
    await runLoop(api, c, 'Alan Turing', { interviewers: [c.eng.id, c.cto.id], barRaiser: c.sales.id, shadows: [c.ops.id] });
    path = await opsRecordAs(c.eng.id);
    await path.getByText('Shadowing certified bar raisers').waitFor();
    await path.getByText('Loops shadowed with a certified bar raiser: 1 of 2').waitFor();
    expect(await path.getByRole('button', { name: 'Sign off as bar raiser' }).count()).toBe(0);

    // A second shadow (the Ceo raising the bar), then Ops raises the bar with Sales shadowing.
    await runLoop(api, c, 'Barbara Liskov', { interviewers: [c.eng.id, c.cto.id], barRaiser: c.ceo.id, shadows: [c.ops.id] });
    await runLoop(api, c, 'Edsger Dijkstra', { interviewers: [c.eng.id, c.cto.id], barRaiser: c.ops.id, shadows: [c.sales.id] });

    // Eng may not sign bar raisers off: the record shows the stage and what is missing, no button.
    path = await opsRecordAs(c.eng.id);
    await path.getByText('Ready to be certified as a bar raiser').waitFor();
    await path.getByText('Still needs: sign-off by a certified bar raiser; sign-off by a founder.').waitFor();
    expect(await path.getByRole('button', { name: 'Sign off as bar raiser' }).count()).toBe(0);

    // Sales, a certified bar raiser, signs first.
    path = await opsRecordAs(c.sales.id);
    await path.getByRole('button', { name: 'Sign off as bar raiser' }).click();
    await path.getByLabel('Why you sign them off').fill('Ran a fair debrief and held the bar on Dijkstra');
    await path.getByRole('button', { name: 'Confirm sign-off' }).click();
    await path.getByText('Signed off by Sales.').waitFor();
    await path.getByText('Still needs: sign-off by a founder.').waitFor();
    expect(await path.getByRole('button', { name: 'Sign off as bar raiser' }).count()).toBe(0);

    // The Ceo, a founder, completes it.
    path = await opsRecordAs(c.ceo.id);
    await path.getByRole('button', { name: 'Sign off as bar raiser' }).click();
    await path.getByLabel('Why you sign them off').fill('Independent and calm under pressure');
    await path.getByRole('button', { name: 'Confirm sign-off' }).click();
    await path.getByText('Certified bar raiser', { exact: true }).waitFor();
    const history = page.locator('.certification-history');
    await history.getByText(/Ceo signed off \(bar-raiser path\): Independent and calm under pressure/).waitFor();
    await history.getByText(/Sales signed off \(bar-raiser path\): Ran a fair debrief/).waitFor();
    expect(value(await api.call('team.get', { id: c.ops.id })).capabilities).toContain('bar_raiser');

    // Readiness: three bar raisers for this month's four loops, and Ops among those who can take over.
    await page.getByRole('link', { name: 'Readiness' }).click();
    await page.getByRole('heading', { name: 'Readiness' }).waitFor();
    await page.getByText('3 bar raisers for 4 loops this month: 1 each.').waitFor();
    const takeOver = page.locator('.take-over');
    await takeOver.getByRole('link', { name: 'Ops' }).waitFor();
    await takeOver.getByText(/Certified bar raiser, 1 loop bar-raised/).waitFor();
    expect(pageErrors).toEqual([]);
  });
});
