import Database from 'better-sqlite3-multiple-ciphers';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { inProcessClient, openWorkspace, type Workspace } from '../../core/server/workspace';
import { failure, interviewingLoop, value } from '../support/company';
import { snapshot } from '../support/workspace';

const DAY = 86_400_000;
const HIRED_AT = Date.parse('2026-02-02T10:00:00.000Z');

describe('quality-of-hire check-ins', () => {
  let dir = '';
  let workspace: Workspace | null = null;
  let clock = HIRED_AT;
  afterEach(() => {
    workspace?.close();
    workspace = null;
    rmSync(dir, { recursive: true, force: true });
  });

  /** A loop decided "hire" (the bar raiser concurred) at HIRED_AT; Cto is its hiring manager. */
  async function hired() {
    dir = mkdtempSync(join(tmpdir(), 'principled-checkins-'));
    clock = HIRED_AT - DAY;
    workspace = openWorkspace(dir, { clock: () => new Date(clock), onInternalError: (m, e) => console.error(m, e) });
    const api = inProcessClient(workspace);
    const s = await interviewingLoop(api);
    for (const id of [s.ceo.id, s.eng.id]) {
      await s.as(id);
      value(await api.call('feedback.submit', s.complete(s.slotOf(id), 'inclined', 3)));
    }
    await s.as(s.sales.id);
    value(await api.call('debrief.open', { loopId: s.loop.id }));
    await s.as(s.cto.id);
    value(await api.call('decision.decide', { loopId: s.loop.id, decision: 'hire', rationale: 'Strong ownership evidence.' }));
    clock = HIRED_AT;
    await s.as(s.sales.id);
    value(await api.call('decision.verdict', { loopId: s.loop.id, verdict: 'concur', rationale: 'Above the bar.' }));
    const at = (days: number) => {
      clock = HIRED_AT + days * DAY;
    };
    const ratings = (rating: 1 | 2 | 3 | 4 | null = 3) => [s.own.id, s.cust.id].map((principleId) => ({ principleId, rating }));
    return { ...s, api, at, ratings, file: workspace.file };
  }

  it('lists both check-ins from the hire, reminds the manager on Home when one is due, and records it once', async () => {
    const s = await hired();
    await s.as(s.cto.id);
    const listed = value(await s.api.call('checkins.list', {}));
    expect(listed.map((c) => [c.kind, c.state, c.dueAt, c.managerId])).toEqual([
      ['day90', 'upcoming', '2026-05-03T10:00:00.000Z', s.cto.id],
      ['year1', 'upcoming', '2027-02-02T10:00:00.000Z', s.cto.id],
    ]);
    expect(listed[0]).toMatchObject({ loopId: s.loop.id, candidateName: s.candidate.name, roleTitle: s.role.title, hiredAt: new Date(HIRED_AT).toISOString() });
    expect(value(await s.api.call('home.get')).checkinsDue).toEqual([]);
    // Too early: refused, naming the field, nothing written.
    const early = failure(await s.api.call('checkins.record', { loopId: s.loop.id, kind: 'day90', ratings: s.ratings(), note: 'Fine' }));
    expect([early.code, early.issues?.[0]?.path]).toEqual(['VALIDATION', 'kind']);

    s.at(80);
    const home = value(await s.api.call('home.get'));
    expect(home.checkinsDue.map((c) => [c.kind, c.state])).toEqual([['day90', 'due']]);
    // Someone else's Home has no reminder for it.
    await s.as(s.eng.id);
    expect(value(await s.api.call('home.get')).checkinsDue).toEqual([]);

    await s.as(s.cto.id);
    const checkin = value(
      await s.api.call('checkins.record', {
        loopId: s.loop.id,
        kind: 'day90',
        ratings: [{ principleId: s.cust.id, rating: 4 }, { principleId: s.own.id, rating: null }],
        note: 'Took over the billing on-call in week three.',
      }),
    );
    expect(checkin).toMatchObject({ loopId: s.loop.id, kind: 'day90', managerId: s.cto.id, note: 'Took over the billing on-call in week three.' });
    expect(value(await s.api.call('home.get')).checkinsDue).toEqual([]);
    const detail = value(await s.api.call('checkins.get', { loopId: s.loop.id }));
    expect(detail.principles.map((p) => p.principleId)).toEqual([s.own.id, s.cust.id]);
    expect(detail.principles[0]?.anchors).toHaveLength(4);
    expect(detail.checkins.map((c) => [c.kind, c.state, c.checkin?.ratings])).toEqual([
      ['day90', 'done', [{ principleId: s.cust.id, rating: 4 }, { principleId: s.own.id, rating: null }]],
      ['year1', 'upcoming', undefined],
    ]);
    expect(failure(await s.api.call('checkins.record', { loopId: s.loop.id, kind: 'day90', ratings: s.ratings(), note: '' })).code).toBe('CONFLICT');
    // Logged on the loop, without the note.
    const log = value(await s.api.call('activity.list', { entityId: s.loop.id }));
    expect(log[0]?.summary).toBe('Cto recorded the 90-day check-in');
    expect(log[0]?.method).toBe('checkins.record');

    s.at(400);
    expect(value(await s.api.call('checkins.list', { state: 'open' })).map((c) => [c.kind, c.state])).toEqual([['year1', 'overdue']]);
  });

  it('validates the ratings against the principles the loop assessed, naming the field, and writes nothing', async () => {
    const s = await hired();
    s.at(90);
    await s.as(s.cto.id);
    const before = snapshot(s.file);
    const cases: [unknown, string][] = [
      [{ loopId: s.loop.id, kind: 'day90', ratings: [{ principleId: s.own.id, rating: 3 }] }, 'ratings'],
      [{ loopId: s.loop.id, kind: 'day90', ratings: s.ratings(null) }, 'ratings'],
      [{ loopId: s.loop.id, kind: 'day90', ratings: [...s.ratings(), { principleId: s.role.id, rating: 2 }] }, `ratings.${s.role.id}.principleId`],
      [{ loopId: s.loop.id, kind: 'day90', ratings: [{ principleId: s.own.id, rating: 5 }, { principleId: s.cust.id, rating: 3 }] }, `ratings.${s.own.id}.rating`],
      [{ loopId: s.loop.id, kind: 'day45', ratings: s.ratings() }, 'kind'],
      [{ loopId: s.loop.id, kind: 'day90', ratings: s.ratings(), note: 'x'.repeat(1001) }, 'note'],
      [{ loopId: s.candidate.id, kind: 'day90', ratings: s.ratings() }, 'loopId'],
    ];
    for (const [input, path] of cases) {
      const error = failure(await s.api.call('checkins.record', input as never));
      expect([error.code, error.issues?.[0]?.path], JSON.stringify(input)).toEqual(['VALIDATION', path]);
    }
    expect(snapshot(s.file)).toBe(before);
  });

  it('is for the hire’s manager: someone chosen in their place records it, the hiring manager then may not', async () => {
    const s = await hired();
    s.at(90);
    // Eng is no manager of this hire: refused by the declared access, as is the bar raiser.
    for (const who of [s.eng.id, s.sales.id]) {
      await s.as(who);
      const refused = failure(await s.api.call('checkins.record', { loopId: s.loop.id, kind: 'day90', ratings: s.ratings() }));
      expect([refused.code, refused.message]).toEqual(['FORBIDDEN', "Only the hire's manager may do this."]);
      expect(failure(await s.api.call('checkins.get', { loopId: s.loop.id })).code).toBe('FORBIDDEN');
      expect(failure(await s.api.call('checkins.list', { all: true })).code).toBe('FORBIDDEN');
      expect(value(await s.api.call('checkins.list', {}))).toEqual([]);
    }
    // The manager is chosen by the hiring manager, a founder or an admin, never by the person themselves.
    await s.as(s.eng.id);
    expect(failure(await s.api.call('checkins.assignManager', { loopId: s.loop.id, managerId: s.eng.id })).code).toBe('FORBIDDEN');
    await s.as(s.admin.id);
    expect(failure(await s.api.call('checkins.assignManager', { loopId: s.loop.id, managerId: s.loop.id })).issues?.[0]?.path).toBe('managerId');
    const assigned = value(await s.api.call('checkins.assignManager', { loopId: s.loop.id, managerId: s.eng.id }));
    expect(assigned.map((c) => c.managerId)).toEqual([s.eng.id, s.eng.id]);
    expect(value(await s.api.call('checkins.list', { all: true })).map((c) => c.managerName)).toEqual(['Eng', 'Eng']);

    await s.as(s.cto.id);
    expect(failure(await s.api.call('checkins.record', { loopId: s.loop.id, kind: 'day90', ratings: s.ratings() })).code).toBe('FORBIDDEN');
    await s.as(s.eng.id);
    expect(value(await s.api.call('home.get')).checkinsDue.map((c) => c.kind)).toEqual(['day90']);
    value(await s.api.call('checkins.record', { loopId: s.loop.id, kind: 'day90', ratings: s.ratings(2) }));
  });

  it('a reopened decision is no hire any more: nothing due, nothing to record', async () => {
    const s = await hired();
    s.at(90);
    await s.as(s.cto.id);
    value(await s.api.call('decision.reopen', { loopId: s.loop.id, reason: 'References came back late' }));
    expect(value(await s.api.call('checkins.list', {}))).toEqual([]);
    expect(failure(await s.api.call('checkins.record', { loopId: s.loop.id, kind: 'day90', ratings: s.ratings() })).code).toBe('FORBIDDEN');
  });

  it('erasing the candidate removes their check-ins, ratings, note and chosen manager', async () => {
    const s = await hired();
    s.at(90);
    await s.as(s.admin.id);
    value(await s.api.call('checkins.assignManager', { loopId: s.loop.id, managerId: s.cto.id }));
    await s.as(s.cto.id);
    value(await s.api.call('checkins.record', { loopId: s.loop.id, kind: 'day90', ratings: s.ratings(4), note: 'Leads the billing rewrite.' }));
    await s.as(s.admin.id);
    const plan = value(await s.api.call('privacy.erasurePlan', { candidateId: s.candidate.id }));
    expect(plan.texts.checkins).toBe(1);
    const erased = value(await s.api.call('privacy.eraseCandidate', { id: s.candidate.id, confirmName: s.candidate.name }));
    expect(erased.redacted.checkins).toBe(1);
    const db = new Database(s.file, { readonly: true });
    try {
      for (const table of ['hire_checkins', 'hire_checkin_ratings', 'hire_managers']) {
        expect(db.prepare(`SELECT count(*) AS n FROM ${table}`).get(), table).toEqual({ n: 0 });
      }
    } finally {
      db.close();
    }
    await s.as(s.cto.id);
    expect(value(await s.api.call('checkins.list', {}))).toEqual([]);
    expect(value(await s.api.call('home.get')).checkinsDue).toEqual([]);
  });
});
