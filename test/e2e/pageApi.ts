import type { Locator, Page } from 'playwright-core';
import { SESSION_HEADER, SESSION_TOKEN_KEY } from '../../core/api/contract/browserSession';

/** The API call as the app makes it from inside the page: with the session token the page keeps in localStorage. */
export async function pageFetch<T>(page: Page, method: string, input: unknown): Promise<T> {
  return page.evaluate(
    async ([m, i, header, key]) => {
      const response = await fetch(`/api/${m}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', [header]: localStorage.getItem(key) ?? '' },
        body: JSON.stringify(i),
      });
      return (await response.json()) as T;
    },
    [method, input, SESSION_HEADER, SESSION_TOKEN_KEY] as const,
  );
}

/** Calls the API from inside the page, with the page's own session, as the app itself does; throws on a refusal. */
export async function call<T>(page: Page, method: string, input: unknown): Promise<T> {
  const result = await pageFetch<{ ok: boolean; value?: unknown; error?: { message: string } }>(page, method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error?.message}`);
  return result.value as T;
}

interface SeedSlot {
  id: string;
  title: string;
  durationMinutes: number;
  principleIds: string[];
}

/**
 * From an empty workspace, through the page's own API: the starter principles, a question for each of the first
 * two, the given people (the first becomes founder, admin and "me"), a role, a candidate and a planned loop whose
 * slots go to `interviewers` (names), with the hiring manager and bar raiser named too. Slots started an hour ago.
 */
export async function seedPlannedLoop(
  page: Page,
  people: { name: string; team: string; capabilities: string[] }[],
  plan: { hiringManager: string; barRaiser: string; interviewers: string[] },
): Promise<{ ids: Record<string, string>; loopId: string; revision: number; focus: string[] }> {
  await call(page, 'workspace.start', { starter: true });
  const principles = await call<{ id: string }[]>(page, 'principles.list', {});
  const focus = principles.slice(0, 2).map((p) => p.id);
  for (const p of focus) await call(page, 'questions.create', { text: `Tell me about a time you showed this, story ${p.slice(-4)}.`, principleIds: [p] });
  const ids: Record<string, string> = {};
  for (const person of people) ids[person.name] = (await call<{ id: string }>(page, 'team.create', person)).id;
  const role = await call<{ id: string }>(page, 'roles.create', {
    title: 'Platform engineer',
    team: 'Platform',
    hiringManagerId: ids[plan.hiringManager],
    focusPrincipleIds: focus,
    template: focus.map((p, i) => ({ title: `Interview ${i + 1}`, durationMinutes: 45, principleIds: [p] })),
  });
  const candidate = await call<{ id: string }>(page, 'candidates.create', { name: 'Grace Hopper' });
  const loop = await call<{ id: string; revision: number; slots: SeedSlot[] }>(page, 'loops.create', { candidateId: candidate.id, roleId: role.id });
  const planned = await call<{ revision: number }>(page, 'loops.plan', {
    id: loop.id,
    revision: loop.revision,
    barRaiserId: ids[plan.barRaiser],
    slots: loop.slots.map((s, i) => ({
      id: s.id,
      title: s.title,
      durationMinutes: s.durationMinutes,
      principleIds: s.principleIds,
      interviewerId: ids[plan.interviewers[i] ?? ''] ?? null,
      startsAt: new Date(Date.now() - 3_600_000).toISOString(),
    })),
  });
  const ready = await call<{ revision: number }>(page, 'loops.transition', { id: loop.id, revision: planned.revision, to: 'planned', overrideReason: 'Test company' });
  return { ids, loopId: loop.id, revision: ready.revision, focus };
}

/** Picks a person in one of the app's people pickers (a combobox, not a <select>): type the name, Enter. */
export async function pickPerson(box: Locator, name: string): Promise<void> {
  await box.fill(name);
  await box.press('Enter');
}

/**
 * Through the first run's Welcome as a user does, leaving the workspace plaintext ("Not now" at the passphrase
 * step: encrypting is its own suite, firstRunEncryption), then the starter set or a blank start.
 */
export async function startFromWelcome(page: Page, start: 'starter' | 'blank'): Promise<void> {
  await page.getByRole('button', { name: 'Not now' }).click();
  await page.getByRole('button', { name: start === 'starter' ? /Start from the starter set/ : 'Start blank' }).click();
}
