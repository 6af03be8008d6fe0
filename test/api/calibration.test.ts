import Database from 'better-sqlite3-multiple-ciphers';
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../core/api/contract/client';
import type { Calibration } from '../../core/api/contract/science';
import { krippendorffAlpha } from '../../core/rules/science/krippendorffAlpha';
import { seededRandom } from '../../core/rules/science/seededRandom';
import { calibrationReport, forgetKeptEstimates, keptCalibrationReport } from '../../core/server/calibrationReport';
import { forgetKeptFacts } from '../../core/server/calibrationFacts';
import { forgetScienceFacts, startNoting, storeScienceFacts } from '../../db/scienceDirtyLoops';
import { inProcessClient, openWorkspace, openWorkspaceSafely, type Workspace } from '../../core/server/workspace';
import type { WritableDB } from '../../db/handles';
import { interval, two } from '../../core/rules/science/figureFormat';
import { company, failure, value } from '../support/company';
import { pdfText } from '../support/pdfText';
import { tempWorkspace, workspacePerTest } from '../support/workspace';

/**
 * Waits for work the workspace does in the background with nobody awaiting it (the facts stored after a report).
 * No deadline of its own: a fixed one (it was 2 s and 5 s) fails a slow, busy machine; the test's timeout is the deadline.
 */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((r) => setTimeout(r, 20));
}

type Vote = 'strong_hire' | 'inclined' | 'not_inclined' | 'strong_no_hire';
type Rating = 1 | 2 | 3 | 4;

const EVIDENCE = {
  situation: 'Our payment service kept failing at night and nobody owned the on-call rota for it.',
  task: 'I had to make the service reliable without a dedicated team or extra budget.',
  action: 'I wrote the runbook, set up alerts, and I paired with two engineers until they could take shifts.',
  result: 'Night pages fell from nine a week to one within a month and the rota has run since.',
};

/**
 * A company where Eng and Ceo both rate Ownership and Customers in every loop (so each loop gives two
 * pairable units), Sales raises the bar, Ops shadows and Cto hires; Adm is an admin on no loop.
 */
async function setup(api: ApiClient) {
  const c = await company(api);
  const admin = value(await api.call('team.create', { name: 'Adm', team: 'People', capabilities: ['admin'] }));
  const as = (memberId: string) => api.call('settings.setMe', { memberId }).then(value);
  const principles = [c.own.id, c.cust.id];
  // Interviews ended three hours ago (45-minute slots starting 3 h 45 min ago): submitted now, 3 hours later.
  const startsAt = new Date(Date.now() - 225 * 60_000).toISOString();

  /** A loop in interviewing for a new candidate. */
  async function interviewing(name: string) {
    await as(c.ceo.id);
    const candidate = value(await api.call('candidates.create', { name }));
    const loop = value(await api.call('loops.create', { candidateId: candidate.id, roleId: c.role.id }));
    const planned = value(
      await api.call('loops.plan', {
        id: loop.id,
        revision: loop.revision,
        barRaiserId: c.sales.id,
        shadowIds: [c.ops.id],
        slots: loop.slots.map(({ position: _p, ...s }, i) => ({ ...s, interviewerId: i === 0 ? c.eng.id : c.ceo.id, principleIds: principles, startsAt })),
      }),
    );
    const p = value(await api.call('loops.transition', { id: loop.id, revision: planned.revision, to: 'planned', overrideReason: 'small team' }));
    value(await api.call('loops.transition', { id: loop.id, revision: p.revision, to: 'interviewing' }));
    return { loopId: loop.id, candidate };
  }

  /** `ratings` are [Ownership, Customers]. */
  async function submit(loopId: string, authorId: string, ratings: readonly Rating[], vote: Vote) {
    await as(authorId);
    value(
      await api.call('feedback.submit', {
        loopId,
        authorId,
        ratings: principles.map((principleId, i) => ({ principleId, rating: ratings[i], evidence: EVIDENCE })),
        vote,
        raiseBar: 'yes',
        reasonToHire: 'Owns problems end to end.',
        reasonNotToHire: 'Little experience with customers.',
      }),
    );
  }

  async function decide(loopId: string, decision: 'hire' | 'no_hire', revote?: { by: string; vote: Vote }) {
    await as(c.sales.id);
    value(await api.call('debrief.open', { loopId, earlyReason: 'The shadow writes later' }));
    if (revote) {
      await as(revote.by);
      value(await api.call('debrief.revote', { loopId, vote: revote.vote, note: 'Changed after the discussion' }));
    }
    await as(c.cto.id);
    value(await api.call('decision.decide', { loopId, decision, rationale: 'Weighed the evidence', recycle: decision === 'hire' ? null : 'recycle' }));
    await as(c.sales.id);
    value(await api.call('decision.verdict', { loopId, verdict: 'concur', rationale: 'Agreed' }));
  }

  /** A loop taken to a decision: Eng and Ceo rate and vote, then the decision. */
  async function decided(name: string, eng: readonly Rating[], ceo: readonly Rating[], votes: [Vote, Vote], decision: 'hire' | 'no_hire', revote?: { by: string; vote: Vote }) {
    const loop = await interviewing(name);
    await submit(loop.loopId, c.eng.id, eng, votes[0]);
    await submit(loop.loopId, c.ceo.id, ceo, votes[1]);
    await decide(loop.loopId, decision, revote);
    return loop;
  }

  const report = async (): Promise<Calibration> => {
    await as(admin.id);
    return value(await api.call('science.calibration'));
  };
  return { ...c, admin, as, interviewing, submit, decide, decided, report };
}

describe('science.calibration', () => {
  const w = workspacePerTest();

  it('is for founders and admins only', async () => {
    const s = await setup(w.api);
    await s.as(s.eng.id);
    const error = failure(await w.api.call('science.calibration'));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toBe('Only founders or admins may do this.');
    await s.as(s.ceo.id); // a founder
    expect(value(await w.api.call('science.calibration')).loops).toBe(0);
  });

  it("computes alpha per principle and overall from decided loops' current interview ratings", async () => {
    const s = await setup(w.api);
    // Ownership units: [4,4] [2,3] [1,1]; Customers: [3,3] [2,2] [4,1].
    await s.decided('Ann', [4, 3], [4, 3], ['strong_hire', 'strong_hire'], 'hire');
    await s.decided('Ben', [2, 2], [3, 2], ['not_inclined', 'inclined'], 'no_hire', { by: s.ceo.id, vote: 'not_inclined' });
    await s.decided('Cy', [1, 4], [1, 1], ['strong_no_hire', 'not_inclined'], 'no_hire');
    const r = await s.report();

    expect(r.loops).toBe(3);
    expect(r.ratings).toBe(12);
    const own = krippendorffAlpha([[4, 4], [2, 3], [1, 1]]);
    const cust = krippendorffAlpha([[3, 3], [2, 2], [4, 1]]);
    const all = krippendorffAlpha([[4, 4], [2, 3], [1, 1], [3, 3], [2, 2], [4, 1]]);
    expect(r.principles.map((p) => [p.name, p.alpha, p.pairable, p.units])).toEqual([
      ['Ownership', own.alpha, 6, 3],
      ['Customers', cust.alpha, 6, 3],
    ]);
    expect(r.overall).toMatchObject({ alpha: all.alpha, pairable: 12, units: 6, reading: 'not-enough-data' });
    // Too few candidates to read: no interval, and the words say so.
    expect(r.overall.low).toBeNull();
    expect(r.overall.words).toMatch(/^Not enough data yet on all principles together: 12 ratings of 6 candidates/);
    expect(r.roles).toEqual([expect.objectContaining({ roleId: s.role.id, title: 'Backend engineer', alpha: all.alpha, units: 6 })]);
    const quarter = new Date().toISOString().slice(0, 4);
    expect(r.quarters.map((q) => q.quarter)).toEqual([expect.stringMatching(new RegExp(`^${quarter}-Q[1-4]$`))]);
    expect(r.quarters[0]?.units).toBe(6);
  });

  it('counts votes against the decision, re-vote changes and time to submit per interviewer', async () => {
    const s = await setup(w.api);
    await s.decided('Ann', [4, 3], [4, 3], ['strong_hire', 'strong_hire'], 'hire');
    await s.decided('Ben', [2, 2], [3, 2], ['not_inclined', 'inclined'], 'no_hire', { by: s.ceo.id, vote: 'not_inclined' });
    await s.decided('Cy', [1, 4], [1, 1], ['strong_no_hire', 'not_inclined'], 'no_hire');
    const r = await s.report();
    const eng = r.interviewers.find((i) => i.memberId === s.eng.id);
    const ceo = r.interviewers.find((i) => i.memberId === s.ceo.id);
    expect(r.interviewers.map((i) => i.name)).toEqual(['Ceo', 'Eng']);
    expect(eng).toMatchObject({ votes: 3, agreed: 3, changed: 0, submissions: 3 });
    // Ceo's first vote in Ben's loop leaned hire; the loop was not hired. The re-vote is counted apart.
    expect(ceo).toMatchObject({ votes: 3, agreed: 2, changed: 1, submissions: 3 });
    expect(ceo?.medianHoursToSubmit).toBeCloseTo(3, 1);
    expect(ceo?.words.revotes).toBe('Changed their vote at the re-vote in 1 of 3 loops (33%).');
    // Eng's six ratings against Ceo's: 0, −1, +3 on Customers in Cy's loop… all compared, too few to judge.
    expect(eng?.leniency).toMatchObject({ n: 6, label: 'in-line' });
    expect(eng!.leniency!.raw).toBeCloseTo((0 + 0 - 1 + 0 + 0 + 3) / 6, 12);
    expect(ceo!.leniency!.raw).toBeCloseTo(-eng!.leniency!.raw, 12);
  });

  it('leaves out loops still blind, shadows’ training feedback and erased candidates, and follows a decision', async () => {
    const s = await setup(w.api);
    const ann = await s.interviewing('Ann');
    await s.submit(ann.loopId, s.eng.id, [4, 3], 'strong_hire');
    await s.submit(ann.loopId, s.ceo.id, [4, 3], 'strong_hire');
    // The shadow's training feedback never enters a decision, nor the figures.
    await s.submit(ann.loopId, s.ops.id, [1, 1], 'strong_no_hire');
    await s.decide(ann.loopId, 'hire');
    const before = await s.report();
    expect(before.loops).toBe(1);
    expect(before.ratings).toBe(4);

    // Feedback submitted in a loop still interviewing is blind to whoever owes theirs: it changes nothing.
    const open = await s.interviewing('Dee');
    await s.submit(open.loopId, s.eng.id, [1, 1], 'strong_no_hire');
    await s.submit(open.loopId, s.ceo.id, [4, 4], 'strong_hire');
    expect(await s.report()).toEqual(before);

    // Once decided, it counts: the cached report was built again.
    await s.decide(open.loopId, 'no_hire');
    const after = await s.report();
    expect(after.loops).toBe(2);
    expect(after.ratings).toBe(8);

    // An erased candidate's loop leaves the figures.
    await s.as(s.admin.id);
    value(await w.api.call('privacy.eraseCandidate', { id: open.candidate.id, confirmName: 'Dee' }));
    expect(await s.report()).toEqual(before);
  });

  it('counts only the current version of amended feedback', async () => {
    const s = await setup(w.api);
    const loop = await s.interviewing('Ann');
    await s.submit(loop.loopId, s.eng.id, [1, 1], 'strong_no_hire');
    await s.as(s.eng.id);
    value(
      await w.api.call('feedback.amend', {
        loopId: loop.loopId,
        authorId: s.eng.id,
        reason: 'Misread my notes',
        ratings: [s.own.id, s.cust.id].map((principleId) => ({ principleId, rating: 4, evidence: EVIDENCE })),
        vote: 'strong_hire',
        raiseBar: 'yes',
        reasonToHire: 'Owns problems end to end.',
        reasonNotToHire: 'Little experience with customers.',
      }),
    );
    await s.submit(loop.loopId, s.ceo.id, [4, 4], 'strong_hire');
    await s.decide(loop.loopId, 'hire');
    const r = await s.report();
    expect(r.ratings).toBe(4);
    expect(r.principles.map((p) => p.alpha)).toEqual([null, null]);
    expect(r.principles[0]?.reading).toBe('not-enough-data');
    expect(r.interviewers.find((i) => i.memberId === s.eng.id)).toMatchObject({ votes: 1, agreed: 1 });
    const file = new Database(w.t.workspace.file, { readonly: true });
    try {
      expect((file.prepare(`SELECT count(*) AS n FROM feedback WHERE superseded = 1`).get() as { n: number }).n).toBe(1);
    } finally {
      file.close();
    }
  });

  it('science.calibrationPdf prints the report’s numbers and words, for founders and admins only', async () => {
    const s = await setup(w.api);
    // Five loops: ten candidate × principle units overall, enough for an alpha with its interval.
    await s.decided('Ann', [4, 3], [4, 3], ['strong_hire', 'strong_hire'], 'hire');
    await s.decided('Ben', [2, 2], [3, 2], ['not_inclined', 'inclined'], 'no_hire', { by: s.ceo.id, vote: 'not_inclined' });
    await s.decided('Cy', [1, 4], [1, 1], ['strong_no_hire', 'not_inclined'], 'no_hire');
    await s.decided('Dee', [3, 3], [4, 3], ['inclined', 'strong_hire'], 'hire');
    await s.decided('Eve', [2, 1], [2, 2], ['not_inclined', 'strong_no_hire'], 'no_hire');
    const r = await s.report();
    expect(r.overall.reading).not.toBe('not-enough-data');
    expect(r.overall.low).not.toBeNull();

    const pdf = value(await w.api.call('science.calibrationPdf'));
    expect(pdf.fileName).toMatch(/^Calibration report \d{4}-\d{2}-\d{2}\.pdf$/);
    const bytes = Buffer.from(pdf.base64, 'base64');
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    // Lines wrap anywhere in a table cell: compare without white space; the PDF's fonts have no minus sign or α.
    const flat = (text: string) => text.replace(/\s+/g, '').replace(/\u2212/g, '-').replace(/α/g, 'alpha');
    const text = flat(pdfText(bytes));
    const expected = [
      'Calibration report',
      `${r.loops} loops, ${r.ratings} ratings.`,
      r.overall.words,
      // The per-principle table's rows: name, alpha (a dash when too few), interval, pairable ratings, candidates, reading.
      ...r.principles.map((p) => [p.name, p.reading === 'not-enough-data' ? '—' : two(p.alpha), interval(p.low, p.high), p.pairable, p.units].join('')),
      ...r.principles.map((p) => p.words),
      ...r.roles.map((p) => p.words),
      ...r.quarters.map((q) => q.quarter + (q.reading === 'not-enough-data' ? '—' : two(q.alpha))),
      ...r.interviewers.flatMap((i) => [i.name, i.words.leniency, i.words.decisions, i.words.revotes, i.words.timeToSubmit]),
      'Not enough data yet: no hire has a check-in recorded.',
      'Flagged questions',
    ];
    for (const e of expected) expect(text, e).toContain(flat(String(e)));
    expect(text).toContain(flat(`alpha = ${two(r.overall.alpha)} (95% CI ${two(r.overall.low)} to ${two(r.overall.high)})`));
    // Small samples read as on the screen, never as a verdict on anyone.
    expect(r.interviewers.every((i) => i.leniency?.label === 'too-few' || i.leniency?.label === 'in-line')).toBe(true);
    expect(text).not.toMatch(/Rateshigher|Rateslower/);

    await s.as(s.eng.id);
    const refused = failure(await w.api.call('science.calibrationPdf'));
    expect(refused.code).toBe('FORBIDDEN');
    expect(refused.message).toBe('Only founders or admins may do this.');
  });

  it('is kept across writes that cannot change it (choosing "me", a draft, debrief notes) and built again after a decision', async () => {
    const s = await setup(w.api);
    await s.decided('Kept', [3, 2], [3, 3], ['inclined', 'inclined'], 'hire');
    // Planning a loop puts questions in kits, which the question flags count: before the first report.
    const open = await s.interviewing('Open');
    const first = await s.report();
    // `report` chooses the admin as "me" first: a write, which used to throw the report away.
    expect(await s.report()).toBe(first);
    await s.as(s.eng.id);
    value(
      await w.api.call('feedback.saveDraft', {
        loopId: open.loopId,
        authorId: s.eng.id,
        ratings: [{ principleId: s.own.id, rating: 1, evidence: EVIDENCE }],
        reasonToHire: 'first thoughts',
      }),
    );
    expect(await s.report()).toBe(first);
    await s.submit(open.loopId, s.eng.id, [1, 1], 'strong_no_hire');
    await s.submit(open.loopId, s.ceo.id, [4, 4], 'strong_hire');
    await s.as(s.sales.id);
    value(await w.api.call('debrief.open', { loopId: open.loopId, earlyReason: 'The shadow writes later' }));
    // Submissions are built again from (though a loop in debrief is not counted yet: the same figures).
    const mid = await s.report();
    expect(mid).not.toBe(first);
    expect(mid).toEqual(first);
    await s.as(s.sales.id);
    value(await w.api.call('debrief.saveNotes', { loopId: open.loopId, notes: 'Split panel.' }));
    expect(await s.report()).toBe(mid);
    await s.as(s.cto.id);
    value(await w.api.call('decision.decide', { loopId: open.loopId, decision: 'no_hire', rationale: 'Split', recycle: 'recycle' }));
    await s.as(s.sales.id);
    value(await w.api.call('decision.verdict', { loopId: open.loopId, verdict: 'concur', rationale: 'Agreed' }));
    const after = await s.report();
    expect(after).not.toBe(mid);
    expect([first.loops, first.ratings]).toEqual([1, 4]);
    expect([after.loops, after.ratings]).toEqual([2, 8]);
  });

  it('a report built after random writes, with the estimates and loop facts kept from earlier builds, equals one built from scratch', async () => {
    const s = await setup(w.api);
    const random = seededRandom(14);
    const pick = <T,>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const rating = () => (1 + Math.floor(random() * 4)) as Rating;
    const votes: Vote[] = ['strong_hire', 'inclined', 'not_inclined', 'strong_no_hire'];
    const vote = () => pick(votes);
    const file = new Database(w.t.workspace.file, { readonly: true });
    const decided: { loopId: string; name: string }[] = [];
    const reopened: string[] = [];
    const amend = async (loopId: string, authorId: string) => {
      await s.as(authorId);
      value(
        await w.api.call('feedback.amend', {
          loopId,
          authorId,
          reason: 'Misread my notes',
          ratings: [s.own.id, s.cust.id].map((principleId) => ({ principleId, rating: rating(), evidence: EVIDENCE })),
          vote: vote(),
          raiseBar: 'yes',
          reasonToHire: 'Owns problems end to end.',
          reasonNotToHire: 'Little experience with customers.',
        }),
      );
    };
    // Writes of every kind the report counts, in a random order: new decided loops (some with a re-vote), an
    // amendment of a counted loop's feedback, a decision reopened (the loop leaves) and made again, an erasure,
    // a renamed interviewer, and writes it does not count (drafts, choosing "me").
    const actions: (() => Promise<void>)[] = [
      async () => {
        const name = `C${decided.length + reopened.length}`;
        const panel: [Vote, Vote] = [vote(), vote()];
        const revote = random() < 0.3 ? { by: s.eng.id, vote: pick(votes.filter((v) => v !== panel[0])) } : undefined;
        const loop = await s.decided(name, [rating(), rating()], [rating(), rating()], panel, random() < 0.5 ? 'hire' : 'no_hire', revote);
        decided.push({ loopId: loop.loopId, name });
      },
      async () => {
        const name = `C${decided.length + reopened.length}`;
        const loop = await s.interviewing(name);
        await s.submit(loop.loopId, s.eng.id, [rating(), rating()], vote());
        await amend(loop.loopId, s.eng.id);
        await s.submit(loop.loopId, s.ceo.id, [rating(), rating()], vote());
        await s.decide(loop.loopId, 'hire');
        decided.push({ loopId: loop.loopId, name });
      },
      async () => {
        if (decided.length < 2) return;
        const [loop] = decided.splice(Math.floor(random() * decided.length), 1);
        await s.as(s.admin.id);
        value(await w.api.call('decision.reopen', { loopId: loop!.loopId, reason: 'New information' }));
        reopened.push(loop!.loopId);
      },
      async () => {
        const loopId = reopened.pop();
        if (!loopId) return;
        // A kept loop's facts change while it is out of the figures: a re-vote in the reopened debrief.
        await s.as(s.ceo.id);
        const current = (file.prepare(`SELECT vote FROM feedback WHERE loop_id = ? AND author_id = ? AND superseded = 0`).pluck().get(loopId, s.ceo.id) as Vote);
        const latest = (file.prepare(`SELECT to_vote FROM revotes WHERE loop_id = ? AND author_id = ? ORDER BY at DESC, rowid DESC LIMIT 1`).pluck().get(loopId, s.ceo.id) as Vote | undefined) ?? current;
        value(await w.api.call('debrief.revote', { loopId, vote: pick(votes.filter((v) => v !== latest)), note: 'Changed after the reopening' }));
        await s.as(s.cto.id);
        value(await w.api.call('decision.decide', { loopId, decision: 'no_hire', rationale: 'Weighed again', recycle: 'recycle' }));
        await s.as(s.sales.id);
        value(await w.api.call('decision.verdict', { loopId, verdict: 'concur', rationale: 'Agreed' }));
        decided.push({ loopId, name: file.prepare('SELECT c.name FROM loops l JOIN candidates c ON c.id = l.candidate_id WHERE l.id = ?').pluck().get(loopId) as string });
      },
      async () => {
        if (decided.length < 3) return;
        const [loop] = decided.splice(Math.floor(random() * decided.length), 1);
        const candidateId = (file.prepare('SELECT candidate_id FROM loops WHERE id = ?').pluck().get(loop!.loopId) as string);
        await s.as(s.admin.id);
        value(await w.api.call('privacy.eraseCandidate', { id: candidateId, confirmName: loop!.name }));
      },
      async () => {
        await s.as(s.admin.id);
        const member = value(await w.api.call('team.get', { id: s.ceo.id }));
        value(await w.api.call('team.update', { id: s.ceo.id, revision: member.revision, name: `Ceo ${Math.floor(random() * 100)}` }));
      },
      async () => {
        const open = await s.interviewing(`Open${Math.floor(random() * 1000)}`);
        await s.as(s.eng.id);
        value(await w.api.call('feedback.saveDraft', { loopId: open.loopId, authorId: s.eng.id, ratings: [{ principleId: s.own.id, rating: rating(), evidence: EVIDENCE }] }));
      },
    ];
    try {
      const now = new Date();
      const build = () => file.transaction(() => calibrationReport(file as never, now))();
      forgetKeptEstimates();
      let previous = '';
      for (let round = 0; round < 6; round++) {
        for (let i = 0; i < 4; i++) await (round === 0 ? actions[0]! : pick(actions))();
        // The workspace's report: built in the worker from the facts it kept, with the loops written read again.
        const kept = await s.report();
        forgetKeptEstimates();
        forgetKeptFacts();
        const fresh = build();
        expect(kept).toEqual(fresh);
        expect(JSON.stringify(kept)).not.toBe(previous);
        previous = JSON.stringify(kept);
      }
      // By the end the groups are large enough for intervals: kept intervals were compared, not only nulls.
      expect(JSON.parse(previous).overall.low).not.toBeNull();
    } finally {
      file.close();
      forgetKeptEstimates();
      forgetKeptFacts();
    }
  }, 240_000);

  it('reads again only the loops noted since the facts it starts from: the others\' facts are kept', async () => {
    const s = await setup(w.api);
    const a = await s.decided('A', [1, 1], [1, 1], ['strong_no_hire', 'strong_no_hire'], 'no_hire');
    const b = await s.decided('B', [4, 4], [4, 4], ['strong_hire', 'strong_hire'], 'hire');
    const raw = new Database(w.t.workspace.file) as unknown as WritableDB;
    const file = new Database(w.t.workspace.file, { readonly: true });
    const noted = () => (raw.prepare('SELECT loop_id FROM science_dirty_loops ORDER BY loop_id').pluck().all() as string[]);
    try {
      const now = new Date();
      const build = (reader: string) => file.transaction(() => keptCalibrationReport(file as never, now, { file: w.t.workspace.file, reader }))();
      forgetKeptFacts();
      // Nothing is noted until a report is asked for.
      raw.prepare('UPDATE loops SET status = status WHERE id = ?').run(a.loopId);
      expect(noted()).toEqual([]);
      startNoting(raw);
      const first = build('r1');
      expect(first.report.loops).toBe(2);
      expect(storeScienceFacts(raw, first.store!())).toBe(true);
      // Both reopened: the writes note A and B.
      await s.as(s.admin.id);
      for (const loop of [a, b]) value(await w.api.call('decision.reopen', { loopId: loop.loopId, reason: 'New information' }));
      expect(noted()).toEqual([a.loopId, b.loopId].sort());
      // A's note lost: A's kept facts still count; B, read again, leaves.
      raw.prepare('DELETE FROM science_dirty_loops WHERE loop_id = ?').run(a.loopId);
      const onlyB = build('r1');
      expect([onlyB.report.loops, onlyB.report.ratings]).toEqual([1, 4]);
      expect(onlyB.report.interviewers.find((i) => i.memberId === s.eng.id)?.votes).toBe(1);
      // Another reader (a restore, the app opened again) does not trust the worker's memory: it starts from
      // the stored facts (A and B) and reads again the loops noted after them (B).
      expect(build('r2').report.loops).toBe(1);
      // A member's row arriving after their feedback (a team device applying others' changes) notes the loops
      // their feedback is in: those facts were read without the author.
      raw.pragma('foreign_keys = OFF');
      raw.prepare(`UPDATE feedback SET author_id = 'late-member' WHERE loop_id = ? AND author_id = ?`).run(a.loopId, s.eng.id);
      raw.prepare('DELETE FROM science_dirty_loops').run();
      raw.exec(`CREATE TEMP TABLE arriving AS SELECT * FROM team_members WHERE id = '${s.eng.id}';
        UPDATE arriving SET id = 'late-member', email = ''; INSERT INTO team_members SELECT * FROM arriving;`);
      expect(noted()).toEqual([a.loopId]);
      raw.prepare('DELETE FROM science_dirty_loops').run();
      raw.prepare(`UPDATE feedback SET author_id = ? WHERE loop_id = ? AND author_id = 'late-member'`).run(s.eng.id, a.loopId);
      raw.prepare(`DELETE FROM team_members WHERE id = 'late-member'`).run();
      raw.prepare('DELETE FROM science_dirty_loops WHERE loop_id = ?').run(a.loopId);
      raw.prepare('INSERT INTO science_dirty_loops (loop_id) VALUES (?)').run(b.loopId);
      // Stored facts replace only what they read from: a second store from the same start is refused.
      const second = build('r3');
      expect(storeScienceFacts(raw, second.store!())).toBe(true);
      expect(storeScienceFacts(raw, first.store!())).toBe(false);
      // Nothing stored: every loop is read (both reopened, neither counts).
      forgetScienceFacts(raw);
      forgetKeptFacts();
      expect(build('r4').report.loops).toBe(0);
    } finally {
      file.close();
      raw.close();
      forgetKeptFacts();
    }
  });

  it('the app’s start builds the report in the background when "me" may read it: the first ever, and from stored facts after a decision', async () => {
    const t = tempWorkspace();
    let workspace: Workspace = t.workspace;
    const api = { call: (method: string, input?: unknown) => inProcessClient(workspace).call(method as never, input as never) } as ApiClient;
    const stored = () => {
      const db = new Database(t.workspace.file, { readonly: true });
      try {
        return (db.prepare('SELECT generation FROM science_facts').get() as { generation: string } | undefined)?.generation ?? null;
      } finally {
        db.close();
      }
    };
    try {
      const s = await setup(api);
      await s.decided('A', [4, 3], [4, 4], ['strong_hire', 'inclined'], 'hire');
      // "me" an interviewer, who may not read the report: the start leaves it.
      await s.as(s.eng.id);
      workspace.close();
      workspace = await openWorkspaceSafely(t.dir, { onInternalError: () => {} });
      await workspace.settled;
      await new Promise((r) => setTimeout(r, 300));
      expect(stored()).toBeNull();
      // "me" an admin: built and stored after the start's own work, with nobody asking.
      await s.as(s.admin.id);
      workspace.close();
      workspace = await openWorkspaceSafely(t.dir, { onInternalError: () => {} });
      await workspace.settled;
      await until(() => (stored() ?? 'none') !== 'none');
      expect(stored()).not.toBe('none');
      expect(stored()).not.toBeNull();
      // With facts stored and a loop decided since, the next start brings them up to date too, with nobody asking
      // (a new worker's first report takes about a second at `large` even from stored facts).
      const before = stored();
      await s.decided('B', [2, 3], [3, 3], ['not_inclined', 'inclined'], 'no_hire');
      await s.as(s.admin.id);
      workspace.close();
      workspace = await openWorkspaceSafely(t.dir, { onInternalError: () => {} });
      await workspace.settled;
      await until(() => stored() !== before);
      expect(stored()).not.toBe(before);
    } finally {
      workspace.close();
      rmSync(t.dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('the first report after the app opens again starts from the facts stored in the workspace, and reads the loops written since', async () => {
    const t = tempWorkspace();
    let workspace: Workspace = t.workspace;
    const api = { call: (method: string, input?: unknown) => inProcessClient(workspace).call(method as never, input as never) } as ApiClient;
    const raw = () => new Database(t.workspace.file);
    const scratch = () => {
      const db = new Database(t.workspace.file, { readonly: true });
      try {
        return db.transaction(() => calibrationReport(db as never, new Date()))();
      } finally {
        db.close();
      }
    };
    const stored = () => {
      const db = raw();
      try {
        return db.prepare('SELECT generation FROM science_facts').pluck().get() as string | undefined;
      } finally {
        db.close();
      }
    };
    try {
      const s = await setup(api);
      const a = await s.decided('A', [4, 3], [4, 4], ['strong_hire', 'inclined'], 'hire');
      await s.decided('B', [1, 2], [2, 1], ['strong_no_hire', 'not_inclined'], 'no_hire');
      const before = await s.report();
      // Stored once the report is out.
      await until(() => (stored() ?? 'none') !== 'none');
      expect(stored()).not.toBe('none');
      workspace.close();
      // While the app is closed, A's decision changes behind its back and the note of it is dropped: a report
      // from the stored facts does not see it; one read from scratch does.
      const db = raw();
      db.prepare(`UPDATE decisions SET outcome = 'no_hire' WHERE loop_id = ? AND superseded = 0`).run(a.loopId);
      db.prepare('DELETE FROM science_dirty_loops').run();
      db.close();
      expect(scratch()).not.toEqual(before);
      workspace = openWorkspace(t.dir, { onInternalError: () => {} });
      forgetKeptEstimates();
      expect(await s.report()).toEqual(before);
      // A loop decided now is noted, read and counted with the stored ones.
      await s.decided('C', [3, 3], [3, 2], ['inclined', 'inclined'], 'hire');
      const after = await s.report();
      expect(after.loops).toBe(3);
      // Everything but A's unnoted change: put it back and the two agree.
      const back = raw();
      back.prepare(`UPDATE decisions SET outcome = 'hire' WHERE loop_id = ? AND superseded = 0`).run(a.loopId);
      back.close();
      expect(scratch()).toEqual(after);
    } finally {
      workspace.close();
      rmSync(t.dir, { recursive: true, force: true });
    }
  }, 120_000);
});
