import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openApp, removeDir, startBrowserHost, type RunningHost } from '../support/browserHost';
import { call, seedPlannedLoop } from './pageApi';

interface MyFeedback {
  principles: { principleId: string; name: string }[];
  kitQuestions: { questionId: string; text: string }[];
  current: {
    status: string;
    version: number;
    amendmentReason: string | null;
    vote: string | null;
    raiseBar: string | null;
    reasonToHire: string;
    reasonNotToHire: string;
    ratings: { principleId: string; rating: number | null; evidence: Record<string, string> }[];
    questionsAsked: { questionId: string | null; text: string }[];
  } | null;
}

// The whole feedback form with the keyboard alone: Tab and Shift+Tab to move, Space and the arrow keys for
// radios and checkboxes, typing, Enter to add a question and Ctrl+Enter to submit. No pointer event at all.
describe('the feedback form by keyboard only', () => {
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  let loopId = '';
  let principle = '';
  let kitQuestion = '';
  const exactly = (text: string) => new RegExp('^' + text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '$');
  const pageErrors: string[] = [];

  /** What a screen reader would call the focused control, near enough: its aria-label, else its label's text. */
  const focusedName = () =>
    page.evaluate(() => {
      const el = document.activeElement as HTMLInputElement | null;
      if (!el || el === document.body) return '';
      return (el.getAttribute('aria-label') ?? el.labels?.[0]?.textContent ?? el.textContent ?? '').trim();
    });

  /** Tab (or Shift+Tab) until the focused control's name matches, as a keyboard user would. */
  async function tabTo(name: RegExp, key: 'Tab' | 'Shift+Tab' = 'Tab', max = 80) {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press(key);
      if (name.test(await focusedName())) return;
    }
    throw new Error(`${key} never reached ${name}; focus is on "${await focusedName()}"`);
  }

  const mine = () => call<MyFeedback>(page, 'feedback.mine', { loopId });

  beforeAll(async () => {
    host = await startBrowserHost();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().includes('status of 4')) pageErrors.push(m.text());
    });
    await openApp(page, host.launchUrl);
    const seeded = await seedPlannedLoop(
      page,
      [
        { name: 'Hal Manager', team: 'Platform', capabilities: ['interviewer', 'hiring_manager', 'founder'] },
        { name: 'Kay Keyboard', team: 'Platform', capabilities: ['interviewer'] },
        { name: 'Bea Raiser', team: 'Platform', capabilities: ['interviewer', 'bar_raiser'] },
      ],
      { hiringManager: 'Hal Manager', barRaiser: 'Bea Raiser', interviewers: ['Kay Keyboard', 'Bea Raiser'] },
    );
    loopId = seeded.loopId;
    await call(page, 'loops.transition', { id: loopId, revision: seeded.revision, to: 'interviewing' });
    await call(page, 'settings.setMe', { memberId: seeded.ids['Kay Keyboard'] });
    // Any pointer use at all would make this test prove nothing: count them.
    await page.addInitScript(() => {
      const w = window as unknown as { pointerEvents: number };
      w.pointerEvents = 0;
      for (const type of ['pointerdown', 'mousedown', 'click']) {
        window.addEventListener(type, (e) => {
          // A keyboard's Space or Enter on a button also fires "click", with no pointer position or detail.
          if (e.isTrusted && (e.type !== 'click' || (e as MouseEvent).detail > 0)) w.pointerEvents++;
        }, true);
      }
    });
    await page.goto(`${host.url}#/loops/${loopId}/feedback`);
    await page.reload();
    await page.getByRole('form', { name: 'My feedback' }).waitFor();
    const assignment = await mine();
    principle = assignment.principles[0]?.name ?? '';
    kitQuestion = assignment.kitQuestions[0]?.text ?? '';
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    if (host) removeDir(host.dataDir);
  });

  it('a refused Ctrl+Enter takes the focus to the first field in error and says what needs attention', async () => {
    await tabTo(exactly(`Start timer for ${principle}`));
    await page.keyboard.press('Control+Enter');
    await expect.poll(focusedName).toBe('1 — Strong no');
    await expect.poll(() => page.locator('.fb-form .form-error').innerText()).toMatch(/fields need attention: Rating for .*Overall vote/);
  });

  it('rates with Space and the arrow keys, and writes the evidence', async () => {
    // The focus is on the first rating: Space chooses it, each arrow moves the choice one level up.
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    const rating = page.getByRole('radiogroup', { name: `Rating for ${principle}` });
    expect(await rating.getByRole('radio', { name: '3 — Yes' }).isChecked()).toBe(true);
    for (const [label, text] of [
      ['Situation', 'Releases broke every Friday.'],
      ['Task', 'I had to make them safe.'],
      ['Action', 'I added canaries and I wrote the rollback.'],
      ['Result', 'No broken release in six months.'],
    ] as const) {
      await tabTo(new RegExp(`^${label}`));
      await page.keyboard.type(text);
    }
  });

  it('ticks a kit question with Space and adds another with Enter', async () => {
    await tabTo(exactly(kitQuestion));
    await page.keyboard.press('Space');
    await tabTo(/^Add a question you asked/);
    await page.keyboard.type('What would you do differently?');
    await page.keyboard.press('Enter');
    await page.getByRole('list', { name: 'Questions you added' }).getByText('What would you do differently?').waitFor();
  });

  it('votes, answers the bar question and gives reasons, going back with Shift+Tab to finish one', async () => {
    await tabTo(/^Strong hire$/);
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowDown');
    expect(await page.getByRole('radiogroup', { name: 'Overall vote' }).getByRole('radio', { name: 'Inclined', exact: true }).isChecked()).toBe(true);
    await tabTo(/^Yes$/);
    await page.keyboard.press('Space');
    await tabTo(/^Top reason to hire/);
    await page.keyboard.type('Ships safely');
    await tabTo(/^Top reason not to hire/);
    await page.keyboard.type('Quiet in design reviews.');
    await tabTo(/^Top reason to hire/, 'Shift+Tab');
    await page.keyboard.press('End');
    await page.keyboard.type(' and measures it.');
    expect(await page.getByLabel('Top reason to hire').inputValue()).toBe('Ships safely and measures it.');
  });

  it('Ctrl+Enter submits, and the feedback holds what was typed', async () => {
    await page.keyboard.press('Control+Enter');
    await page.getByRole('heading', { name: 'Your feedback (submitted)' }).waitFor();
    const { current, kitQuestions } = await mine();
    expect(current).toMatchObject({
      status: 'submitted',
      vote: 'inclined',
      raiseBar: 'yes',
      reasonToHire: 'Ships safely and measures it.',
      reasonNotToHire: 'Quiet in design reviews.',
    });
    expect(current?.ratings[0]).toMatchObject({ rating: 3, evidence: { action: 'I added canaries and I wrote the rollback.' } });
    expect(current?.questionsAsked).toEqual([
      { questionId: kitQuestions[0]?.questionId, text: kitQuestions[0]?.text },
      { questionId: null, text: 'What would you do differently?' },
    ]);
  });

  it('amends by keyboard too: the reason is asked for first, then the amendment is a new version', async () => {
    await tabTo(/^Amend$/);
    await page.keyboard.press('Enter');
    await page.getByRole('form', { name: 'Amend my feedback' }).waitFor();
    await tabTo(/^Top reason not to hire/);
    await page.keyboard.press('End');
    await page.keyboard.type(' Improving.');
    await page.keyboard.press('Control+Enter');
    await expect.poll(focusedName).toMatch(/^Reason for the amendment/);
    await page.keyboard.type('Re-read my notes.');
    await page.keyboard.press('Control+Enter');
    await page.getByRole('heading', { name: 'Your feedback (submitted)' }).waitFor();
    const { current } = await mine();
    expect(current).toMatchObject({ version: 2, amendmentReason: 'Re-read my notes.', reasonNotToHire: 'Quiet in design reviews. Improving.' });
  });

  it('used no pointer and logged no errors', async () => {
    expect(await page.evaluate(() => (window as unknown as { pointerEvents: number }).pointerEvents)).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
