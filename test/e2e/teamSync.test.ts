import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openApp, removeDir, startBrowserHost, type RunningHost } from '../support/browserHost';
import { call, pickPerson, seedPlannedLoop } from './pageApi';

const PASSPHRASE = 'correct horse battery';
const EVIDENCE = {
  Situation: 'Our billing export failed every month-end and finance had to fix invoices by hand.',
  Task: 'I owned the export and had to make month-end close reliable within one quarter.',
  Action: 'I traced the failures to time zones, I wrote tests for each region and I changed the job to run per region.',
  Result: 'Month-end close has run without a manual fix for five months, saving finance two days each month.',
};
// A folder change normally arrives through the watcher; the rescan is the fallback, kept short here.
const SYNC_WAIT = { timeout: 30_000 };

// Two browser-mode installs with their own data folders, one shared team folder between them (as an engine such
// as Syncthing would keep it): the founder makes a team and invites Ana, Ana's fresh install joins, the founder
// confirms it, Ana writes her feedback on her own computer, and the founder's Home and debrief show it live.
describe('team sync between two installs', () => {
  let root = '';
  let shared = '';
  let founderHost: RunningHost;
  let memberHost: RunningHost;
  let browser: Browser;
  let founder: Page;
  let member: Page;
  const pageErrors: string[] = [];
  let loopId = '';
  let anaPrinciple = '';

  const status = (page: Page) => page.getByTestId('sync-status');

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'principled-e2e-sync-'));
    shared = join(root, 'shared');
    for (const dir of [shared, join(root, 'founder'), join(root, 'member')]) mkdirSync(dir);
    process.env.PRINCIPLED_SYNC_RESCAN_MS = '1000';
    founderHost = await startBrowserHost(join(root, 'founder'));
    memberHost = await startBrowserHost(join(root, 'member'));
    browser = await launchChromium();
    // Contexts of their own: separate storage as on two computers, and room for axe's helper page.
    founder = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
    member = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
    for (const page of [founder, member]) {
      page.setDefaultTimeout(15_000);
      page.on('pageerror', (e) => pageErrors.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error') pageErrors.push(m.text());
      });
    }
    await openApp(founder, founderHost.launchUrl);
    await openApp(member, memberHost.launchUrl);
  }, 90_000);

  afterAll(async () => {
    delete process.env.PRINCIPLED_SYNC_RESCAN_MS;
    await browser?.close();
    await founderHost?.stop();
    await memberHost?.stop();
    if (root) removeDir(root);
  });

  it('the founder makes a team and invites Ana; her fresh install joins and the founder confirms it', async () => {
    const seeded = await seedPlannedLoop(
      founder,
      [
        { name: 'Hal Founder', team: 'Platform', capabilities: ['interviewer', 'hiring_manager'] },
        { name: 'Ana Interviewer', team: 'Platform', capabilities: ['interviewer'] },
        { name: 'Bea Raiser', team: 'Sales', capabilities: ['interviewer', 'bar_raiser'] },
      ],
      { hiringManager: 'Hal Founder', barRaiser: 'Bea Raiser', interviewers: ['Hal Founder', 'Ana Interviewer'] },
    );
    loopId = seeded.loopId;
    await call(founder, 'loops.transition', { id: loopId, revision: seeded.revision, to: 'interviewing' });
    anaPrinciple = (await call<{ id: string; name: string }[]>(founder, 'principles.list', {})).find((p) => p.id === seeded.focus[1])?.name ?? '';

    await founder.goto(`${founderHost.url}#/settings`);
    const section = founder.getByRole('region', { name: 'Team sync' });
    await section.getByLabel('Team folder').fill('Sync/principled');
    await section.getByLabel("This device's name (optional)").fill('desk');
    await section.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await section.getByLabel('Passphrase again').fill(PASSPHRASE);
    await section.getByRole('button', { name: 'Make a team' }).click();
    // The API's own rule, shown at its field: a relative path would land wherever the app started.
    await section.getByText('Folder must be a full path').waitFor();
    await section.getByLabel('Team folder').fill(shared);
    await section.getByRole('button', { name: 'Make a team' }).click();
    await expect.poll(() => status(founder).innerText(), SYNC_WAIT).toMatch(/In sync/);
    // In a team "me" is the device's owner: no switch any more.
    await expect.poll(() => founder.getByTestId('device-owner').innerText()).toBe('Hal Founder');
    expect(await founder.getByLabel('I am').count()).toBe(0);

    await pickPerson(section.getByLabel('Member to invite'), 'Ana Interviewer');
    await section.getByRole('button', { name: 'Make an invitation' }).click();
    const invitation = await section.getByLabel('Invitation for Ana Interviewer').inputValue();
    expect(invitation).toMatch(/^principled-invitation:/);

    // Ana's install is new: its welcome screen offers to join.
    await member.getByRole('button', { name: /Join a team/ }).click();
    await member.getByLabel('Team folder').fill(shared);
    await member.getByLabel('Invitation').fill(invitation);
    await member.getByLabel("This device's name (optional)").fill('laptop');
    await member.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await member.getByLabel('Passphrase again').fill(PASSPHRASE);
    await member.getByRole('button', { name: 'Join the team' }).click();
    await expect.poll(() => member.getByTestId('join-status').innerText(), SYNC_WAIT).toBe('Waiting for an admin to confirm this device');

    // The founder's device list shows the new device waiting (no reload: the status is read again by itself).
    const confirm = section.getByRole('button', { name: "Confirm Ana Interviewer's laptop" });
    await confirm.waitFor(SYNC_WAIT);
    await confirm.click();
    const devices = section.getByRole('table', { name: 'Devices' });
    await expect.poll(() => devices.getByRole('row', { name: /Ana Interviewer/ }).innerText(), SYNC_WAIT).toMatch(/confirmed/);

    // Ana's app moves from the welcome screen to the team's workspace by itself, as Ana.
    await expect.poll(() => member.getByLabel('Signed in as').innerText(), SYNC_WAIT).toBe('You are Ana Interviewer');
    await expect.poll(() => status(member).innerText(), SYNC_WAIT).toMatch(/In sync/);
    await expect
      .poll(() => founder.getByRole('table', { name: 'Devices' }).getByRole('row', { name: /Ana Interviewer/ }).innerText(), SYNC_WAIT)
      .toMatch(/change \d+/);

    // The team's side of Settings (status, devices, the invitation shown) and the status in the sidebar, in both themes.
    const found: string[] = [];
    for (const theme of ['light', 'dark'] as const) {
      await founder.emulateMedia({ colorScheme: theme });
      const result = await new AxeBuilder({ page: founder }).include('.team-sync').include('.sidebar').analyze();
      for (const v of result.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) {
        found.push(...v.nodes.map((n) => `${theme} team sync: ${v.id} (${v.impact}) at ${n.target.join(' ')}`));
      }
    }
    expect(found).toEqual([]);
  }, 120_000);

  it("Ana's feedback, written in her app, reaches the founder's Home and debrief without a reload", async () => {
    // Hal writes his own first, on his device; it travels to Ana's.
    const detail = await call<{ loop: { slots: { interviewerId: string | null; principleIds: string[] }[] } }>(founder, 'loops.get', { id: loopId });
    const settings = await call<{ me: string }>(founder, 'settings.get', {});
    const halSlot = detail.loop.slots.find((s) => s.interviewerId === settings.me);
    await call(founder, 'feedback.submit', {
      loopId,
      authorId: settings.me,
      ratings: (halSlot?.principleIds ?? []).map((principleId) => ({ principleId, rating: 3, evidence: { situation: EVIDENCE.Situation, task: EVIDENCE.Task, action: EVIDENCE.Action, result: EVIDENCE.Result } })),
      vote: 'inclined',
      raiseBar: 'yes',
      reasonToHire: 'Owns problems end to end.',
      reasonNotToHire: 'Little experience with customers.',
    });

    await founder.goto(`${founderHost.url}#/home`);
    const waiting = founder.getByRole('region', { name: 'Waiting for a debrief or decision' });
    await waiting.getByText('No loop is waiting for a debrief or a decision.').waitFor();
    // Proof that nothing below reloads the founder's page.
    await founder.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));

    await member.goto(`${memberHost.url}#/loops/${loopId}/feedback`);
    const group = member.getByRole('group', { name: anaPrinciple, exact: true });
    await group.getByRole('radiogroup', { name: `Rating for ${anaPrinciple}` }).getByRole('radio', { name: '4 — Strong yes' }).check();
    for (const [label, text] of Object.entries(EVIDENCE)) await group.getByLabel(label, { exact: true }).fill(text);
    await member.getByRole('radiogroup', { name: 'Overall vote' }).getByRole('radio', { name: 'Strong hire', exact: true }).check();
    await member.getByRole('radiogroup', { name: /raise the bar/ }).getByRole('radio', { name: 'Yes', exact: true }).check();
    await member.getByLabel('Top reason to hire').fill('Fixes root causes and measures the result.');
    await member.getByLabel('Top reason not to hire').fill('Little experience leading others.');
    await member.getByRole('button', { name: 'Submit feedback' }).click();
    await member.getByRole('heading', { name: 'Your feedback (submitted)' }).waitFor();

    await expect.poll(() => waiting.innerText(), SYNC_WAIT).toMatch(/Grace Hopper — Platform engineer\s*all feedback in, ready for the debrief/);
    await waiting.getByRole('link', { name: 'Grace Hopper — Platform engineer' }).click();
    const votes = founder.getByRole('table', { name: 'Votes', exact: true });
    await expect.poll(() => votes.innerText()).toMatch(/Ana Interviewer[\s\S]*Strong hire/);
    expect(await founder.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
  }, 120_000);

  it('both change Ana’s title at once: each device says, in Settings, what the conflict resolved to', async () => {
    const members = await call<{ id: string; name: string; revision: number }[]>(founder, 'team.list', {});
    const ana = members.find((m) => m.name === 'Ana Interviewer');
    if (!ana) throw new Error('Ana is missing');
    // Neither has seen the other's change: the exporter waits 200 ms after a write, the other side's import longer.
    await Promise.all([
      call(founder, 'team.update', { id: ana.id, revision: ana.revision, title: 'Staff engineer' }),
      call(member, 'team.update', { id: ana.id, revision: ana.revision, title: 'Senior engineer' }),
    ]);
    const kept = async (page: Page) => (await call<{ title: string }>(page, 'team.get', { id: ana.id })).title;
    await expect.poll(async () => (await kept(founder)) === (await kept(member)), SYNC_WAIT).toBe(true);
    const title = await kept(founder);
    const words = (page: Page) => page.getByRole('list', { name: 'Conflicts resolved' }).innerText();
    for (const [page, host, other] of [
      [founder, founderHost, "Ana Interviewer's laptop"],
      [member, memberHost, "Hal Founder's desk"],
    ] as const) {
      await page.goto(`${host.url}#/settings`);
      await expect.poll(() => words(page), SYNC_WAIT).toContain(`${other} and yours both changed the team member Ana Interviewer's title;`);
      expect(await words(page)).toContain(`change (later) was kept: “${title}”`);
    }
    const result = await new AxeBuilder({ page: member }).include('.team-sync').analyze();
    expect(result.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical').map((v) => v.id)).toEqual([]);
  }, 120_000);

  it('logged no errors in either page', () => {
    expect(pageErrors).toEqual([]);
  });
});
