import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../core/api/contract/client';
import { decideIssues, verdictIssues } from '../../core/rules/decisionOutcome';
import { VOTE_LABELS } from '../../core/rules/feedbackTypes';
import { escapeMarkdown } from '../../core/server/markdownText';
import { failure, interviewingLoop, value } from '../support/company';
import { snapshot, tempWorkspace, type TestWorkspace } from '../support/workspace';

// The cooldown must lie in the future on whatever day the test runs.
const IN_SIX_MONTHS = new Date(Date.now() + 183 * 86_400_000).toISOString().slice(0, 10);

type Setup = Awaited<ReturnType<typeof interviewingLoop>>;

describe('feedback is blind until you submit, in every method that can reveal it', () => {
  let t: TestWorkspace;
  let api: ApiClient;
  let s: Setup;
  beforeEach(async () => {
    t = tempWorkspace();
    api = t.client;
    s = await interviewingLoop(api);
  });
  afterEach(() => t.close());

  const submit = async (memberId: string, vote: Parameters<Setup['complete']>[1] = 'inclined', rating: 1 | 2 | 3 | 4 = 3) => {
    await s.as(memberId);
    return value(await api.call('feedback.submit', s.complete(s.slotOf(memberId), vote, rating)));
  };

  it('feedback.list: an interviewer who has not submitted sees only counts; after submitting, the others', async () => {
    await submit(s.ceo.id, 'strong_hire', 4);
    await s.as(s.eng.id);
    const blind = value(await api.call('feedback.list', { loopId: s.loop.id }));
    expect(blind).toMatchObject({ visibility: 'counts', submitted: 1, expected: 2, items: [], history: [], training: [] });
    expect(JSON.stringify(blind)).not.toMatch(/strong_hire|Owns problems|payment service/);

    value(await api.call('feedback.submit', s.complete(s.slotOf(s.eng.id), 'inclined', 3)));
    const open = value(await api.call('feedback.list', { loopId: s.loop.id }));
    expect(open.visibility).toBe('full');
    expect(open.items.map((f) => f.authorId).sort()).toEqual([s.ceo.id, s.eng.id].sort());
  });

  it('feedback.list never shows drafts, even to those who may read submitted feedback', async () => {
    await s.as(s.eng.id);
    value(await api.call('feedback.saveDraft', { ...s.mine(), reasonToHire: 'draft thought' }));
    await s.as(s.cto.id);
    const hm = value(await api.call('feedback.list', { loopId: s.loop.id }));
    expect(hm.visibility).toBe('full');
    expect(JSON.stringify(hm)).not.toContain('draft thought');
  });

  it('the hiring manager and bar raiser, who have no slot, see submitted feedback at once', async () => {
    await submit(s.ceo.id, 'strong_hire', 4);
    for (const who of [s.cto.id, s.sales.id]) {
      await s.as(who);
      const list = value(await api.call('feedback.list', { loopId: s.loop.id }));
      expect(list.visibility).toBe('full');
      expect(list.items).toHaveLength(1);
    }
  });

  it('someone outside the loop sees counts; an admin sees more only with a reason, and that is logged', async () => {
    await submit(s.ceo.id);
    await s.as(s.admin.id);
    expect(value(await api.call('feedback.list', { loopId: s.loop.id })).visibility).toBe('counts');
    const input = { loopId: s.loop.id, earlyAccessReason: 'Candidate complaint review' };
    // The read alone shows nothing early: the early look must be recorded (and logged) first.
    const unrecorded = value(await api.call('feedback.list', input));
    expect(unrecorded).toMatchObject({ visibility: 'counts', items: [] });
    expect(unrecorded.reason).toContain('feedback.recordView');
    expect(value(await api.call('feedback.recordView', input))).toEqual({ visibility: 'full' });
    const early = value(await api.call('feedback.list', input));
    expect(early.visibility).toBe('full');
    expect(early.items).toHaveLength(1);
    const [entry] = value(await api.call('activity.list', { entityId: s.loop.id, limit: 1 }));
    expect(entry?.actor).toBe(s.admin.id);
    expect(entry?.summary).toContain('had submitted own: no');
    expect(entry?.summary).toContain('Candidate complaint review');
  });

  it('feedback.list and debrief.get only read: no activity row, no peek, no debrief opened', async () => {
    await submit(s.ceo.id);
    await submit(s.eng.id);
    await s.as(s.sales.id);
    const before = snapshot(t.workspace.file);
    expect(value(await api.call('feedback.list', { loopId: s.loop.id })).visibility).toBe('full');
    const closed = failure(await api.call('debrief.get', { loopId: s.loop.id }));
    expect(closed).toMatchObject({ code: 'CONFLICT' });
    expect(closed.message).toContain('debrief.open');
    expect(snapshot(t.workspace.file)).toBe(before);
    const opened = value(await api.call('debrief.open', { loopId: s.loop.id }));
    const after = snapshot(t.workspace.file);
    expect(value(await api.call('debrief.get', { loopId: s.loop.id }))).toEqual(opened);
    expect(snapshot(t.workspace.file)).toBe(after);
  });

  it('debrief.get and packet.export refuse anyone who may not read the feedback yet', async () => {
    await submit(s.ceo.id);
    await s.as(s.eng.id);
    expect(failure(await api.call('debrief.open', { loopId: s.loop.id })).code).toBe('FORBIDDEN');
    expect(failure(await api.call('debrief.get', { loopId: s.loop.id })).code).toBe('FORBIDDEN');
    expect(failure(await api.call('packet.export', { loopId: s.loop.id, format: 'markdown' })).code).toBe('FORBIDDEN');
    await s.as(s.admin.id);
    expect(failure(await api.call('packet.export', { loopId: s.loop.id, format: 'pdf' })).code).toBe('FORBIDDEN');
  });

  it('the activity log never carries votes or ratings, since anyone can read it', async () => {
    await submit(s.ceo.id, 'strong_no_hire', 1);
    await submit(s.eng.id, 'strong_hire', 4);
    await s.as(s.sales.id);
    value(await api.call('debrief.open', { loopId: s.loop.id }));
    await s.as(s.eng.id);
    value(await api.call('debrief.revote', { loopId: s.loop.id, vote: 'not_inclined', note: 'The evidence on trust is thin' }));
    const log = JSON.stringify(value(await api.call('activity.list', { limit: 500 })));
    for (const label of [...Object.keys(VOTE_LABELS), ...Object.values(VOTE_LABELS)]) expect(log).not.toContain(label);
  });

  it('the activity log never quotes an amendment reason, a decision rationale or a veto: someone who owes feedback reads it', async () => {
    await submit(s.eng.id, 'strong_hire', 4);
    value(await api.call('feedback.amend', { ...s.complete(s.slotOf(s.eng.id), 'not_inclined', 2), reason: 'SECRET-AMEND she blamed her team' }));
    await s.as(s.sales.id);
    value(await api.call('debrief.open', { loopId: s.loop.id, earlyReason: 'Ceo is travelling' }));
    await s.as(s.cto.id);
    value(await api.call('decision.decide', { loopId: s.loop.id, decision: 'hire', rationale: 'SECRET-DECIDE ownership rated 4 by Eng' }));
    await s.as(s.sales.id);
    value(await api.call('decision.verdict', { loopId: s.loop.id, verdict: 'veto', rationale: 'SECRET-VETO Eng saw blame-shifting', citedPrincipleIds: [s.own.id] }));
    // Ceo still owes feedback on this loop (the debrief was opened early) and reads the log.
    await s.as(s.ceo.id);
    const log = value(await api.call('activity.list', { limit: 500 })).map((e) => e.summary);
    expect(log).toEqual(expect.arrayContaining(['Eng amended feedback (version 2)', 'Cto decided hire', 'Sales vetoed the hire']));
    expect(JSON.stringify(log)).not.toContain('SECRET');
  });

  it('a decision records the feedback it was made on; feedback submitted or amended after it is flagged in words, never counted in', async () => {
    const engV1 = await submit(s.eng.id, 'strong_hire', 4);
    await s.as(s.sales.id);
    value(await api.call('debrief.open', { loopId: s.loop.id, earlyReason: 'Ceo is travelling' }));
    await s.as(s.cto.id);
    // A hire waits for the bar raiser, so the debrief stays open and feedback can still come in.
    const decided = value(await api.call('decision.decide', { loopId: s.loop.id, decision: 'hire', rationale: 'Strong ownership' }));
    expect(decided.feedbackIds).toEqual([engV1.id]);
    expect(value(await api.call('debrief.get', { loopId: s.loop.id })).lateFeedback).toEqual([]);
    const ceo = await submit(s.ceo.id, 'not_inclined', 2);
    await s.as(s.eng.id);
    const engV2 = value(await api.call('feedback.amend', { ...s.complete(s.slotOf(s.eng.id), 'inclined', 3), reason: 'Rechecked my notes' }));
    await s.as(s.cto.id);
    const debrief = value(await api.call('debrief.get', { loopId: s.loop.id }));
    expect(debrief.decision?.feedbackIds).toEqual([engV1.id]);
    expect(debrief.lateFeedback).toEqual([
      { feedbackId: ceo.id, authorId: s.ceo.id, version: 1, usedVersion: null, text: "Ceo's feedback arrived after the decision and was not part of it." },
      { feedbackId: engV2.id, authorId: s.eng.id, version: 2, usedVersion: 1, text: "Eng's feedback was amended after the decision (version 2); the decision used version 1." },
    ]);
    const packet = value(await api.call('packet.export', { loopId: s.loop.id, format: 'markdown' }));
    const text = Buffer.from(packet.base64, 'base64').toString('utf8');
    expect(text).toContain(escapeMarkdown('Made on 1 submitted interview feedback.'));
    expect(text).toContain(escapeMarkdown("Ceo's feedback arrived after the decision and was not part of it."));
    // Reopening and deciding again takes in everything current.
    value(await api.call('decision.reopen', { loopId: s.loop.id, reason: 'New feedback came in' }));
    const again = value(await api.call('decision.decide', { loopId: s.loop.id, decision: 'hire', rationale: 'Still strong' }));
    expect(new Set(again.feedbackIds)).toEqual(new Set([ceo.id, engV2.id]));
    expect(value(await api.call('debrief.get', { loopId: s.loop.id })).lateFeedback).toEqual([]);
  });

  it('a debrief write returns the debrief only to someone who may read it: notes refused, a reopen blind', async () => {
    // Eng has submitted; Ceo, an admin who interviews, has not. The bar raiser opens the debrief early.
    await submit(s.eng.id, 'strong_no_hire', 1);
    await s.as(s.sales.id);
    value(await api.call('debrief.open', { loopId: s.loop.id, earlyReason: 'Ceo is travelling' }));
    value(await api.call('debrief.saveNotes', { loopId: s.loop.id, notes: 'Eng saw blame-shifting' }));
    await s.as(s.cto.id);
    value(await api.call('decision.decide', { loopId: s.loop.id, decision: 'no_hire', rationale: 'Not yet', recycle: 'recycle' }));
    await s.as(s.ceo.id);
    const reopened = value(await api.call('decision.reopen', { loopId: s.loop.id, reason: 'Checking references' }));
    expect(reopened).toMatchObject({ feedback: [], revotes: [], notes: '', flags: [], decision: null });
    expect(JSON.stringify(reopened)).not.toMatch(/strong_no_hire|payment service|blame-shifting|Owns problems/);
    // Reading nothing early, Ceo's own feedback is not flagged.
    expect(value(await api.call('feedback.submit', s.complete(s.slotOf(s.ceo.id), 'inclined', 3))).sawOthersBeforeSubmitting).toBe(false);
  });

  it('the hiring manager with a slot, who has not submitted, may not keep the notes: they would read the debrief', async () => {
    // A second loop in which Cto is both the hiring manager and an interviewer.
    await s.as(s.ceo.id);
    const other = value(await api.call('candidates.create', { name: 'Alan Turing' }));
    const draft = value(await api.call('loops.create', { candidateId: other.id, roleId: s.role.id }));
    const slots = draft.slots.map(({ position: _p, ...x }, i) => ({ ...x, interviewerId: i === 0 ? s.eng.id : s.cto.id, startsAt: '2026-01-05T10:00:00Z' }));
    const plan = value(await api.call('loops.plan', { id: draft.id, revision: draft.revision, barRaiserId: s.sales.id, slots }));
    const planned = value(await api.call('loops.transition', { id: draft.id, revision: plan.revision, to: 'planned', overrideReason: 'test team' }));
    const loop = value(await api.call('loops.transition', { id: draft.id, revision: planned.revision, to: 'interviewing' }));
    await s.as(s.eng.id);
    const engSlot = loop.slots.find((x) => x.interviewerId === s.eng.id)?.principleIds ?? [];
    value(await api.call('feedback.submit', { ...s.complete(engSlot, 'strong_no_hire', 1), loopId: loop.id }));
    await s.as(s.sales.id);
    value(await api.call('debrief.open', { loopId: loop.id, earlyReason: 'Cto is travelling' }));
    await s.as(s.cto.id);
    expect(failure(await api.call('debrief.open', { loopId: loop.id })).code).toBe('FORBIDDEN');
    const before = snapshot(t.workspace.file);
    const refused = failure(await api.call('debrief.saveNotes', { loopId: loop.id, notes: 'Let me see' }));
    expect(refused.code).toBe('FORBIDDEN');
    expect(JSON.stringify(refused)).not.toMatch(/strong_no_hire|payment service/);
    expect(snapshot(t.workspace.file)).toBe(before);
  });

  it('shadows write training feedback that is kept apart and never enters the debrief', async () => {
    await s.as(s.ops.id);
    const training = value(await api.call('feedback.submit', { ...s.complete([...s.slotOf(s.eng.id), ...s.slotOf(s.ceo.id)], 'strong_no_hire', 1) }));
    expect(training.kind).toBe('training');
    await submit(s.ceo.id);
    await submit(s.eng.id);
    await s.as(s.sales.id);
    const list = value(await api.call('feedback.list', { loopId: s.loop.id }));
    expect(list.items.map((f) => f.authorId)).not.toContain(s.ops.id);
    expect(list.training.map((f) => f.authorId)).toEqual([s.ops.id]);
    const debrief = value(await api.call('debrief.open', { loopId: s.loop.id }));
    expect(debrief.interviewers.map((i) => i.memberId)).not.toContain(s.ops.id);
    expect(debrief.flags.map((f) => f.flag)).not.toContain('strong-no-hire');
  });
});

describe('writing feedback', () => {
  let t: TestWorkspace;
  let api: ApiClient;
  let s: Setup;
  beforeEach(async () => {
    t = tempWorkspace();
    api = t.client;
    s = await interviewingLoop(api);
    await s.as(s.eng.id);
  });
  afterEach(() => t.close());

  it('refuses a submission with a missing rating or evidence, naming the field, and changes nothing', async () => {
    const [principleId] = s.slotOf(s.eng.id);
    value(await api.call('feedback.saveDraft', { ...s.mine(), reasonToHire: 'so far' }));
    const before = snapshot(t.workspace.file);
    const noVote = failure(await api.call('feedback.submit', { ...s.complete(s.slotOf(s.eng.id), 'inclined', 3), vote: null }));
    expect(noVote.code).toBe('VALIDATION');
    expect(noVote.issues?.map((i) => i.path)).toContain('vote');
    const noEvidence = failure(
      await api.call('feedback.submit', { ...s.mine(), vote: 'inclined', ratings: [{ principleId: principleId ?? '', rating: 3 }] }),
    );
    expect(noEvidence.issues?.map((i) => i.path)).toContain(`ratings.${principleId}.evidence`);
    const noRating = failure(await api.call('feedback.submit', { ...s.mine(), vote: 'inclined', ratings: [] }));
    expect(noRating.issues?.map((i) => i.path)).toContain(`ratings.${principleId}.rating`);
    expect(snapshot(t.workspace.file)).toBe(before);
    expect(value(await api.call('feedback.mine', { loopId: s.loop.id })).current?.status).toBe('draft');
  });

  it('names every issue about a rating by its principle, whether the shape or the completeness check found it', async () => {
    const principleId = s.slotOf(s.eng.id)[0] ?? '';
    // Too long is zod's finding (it sees a position in the list); no evidence is the completeness rule's (it sees principles).
    const shape = failure(
      await api.call('feedback.submit', { ...s.mine(), vote: 'inclined', ratings: [{ principleId, rating: 3, evidence: { action: 'x'.repeat(10_001) } }] }),
    );
    const completeness = failure(await api.call('feedback.submit', { ...s.mine(), vote: 'inclined', ratings: [{ principleId, rating: 3 }] }));
    expect(shape.issues?.map((i) => i.path)).toEqual([`ratings.${principleId}.evidence.action`]);
    expect(completeness.issues?.map((i) => i.path)).toEqual([`ratings.${principleId}.evidence`]);
    // A draft may be partial, but a shape error in it names the principle too.
    const draft = failure(await api.call('feedback.saveDraft', { ...s.mine(), ratings: [{ principleId, rating: 7 }] } as never));
    expect(draft.issues?.map((i) => i.path)).toEqual([`ratings.${principleId}.rating`]);
  });

  it('accepts "not assessed" with a reason, records the principle revision, and then is read-only', async () => {
    const [principleId] = s.slotOf(s.eng.id);
    const submitted = value(
      await api.call('feedback.submit', {
        ...s.mine(),
        vote: 'not_inclined',
        ratings: [{ principleId: principleId ?? '', notAssessed: true, notAssessedReason: 'Ran out of time' }],
      }),
    );
    expect(submitted.status).toBe('submitted');
    expect(submitted.principleRevisions[principleId ?? '']).toBe(1);
    expect(failure(await api.call('feedback.saveDraft', { ...s.mine() })).code).toBe('CONFLICT');
    expect(failure(await api.call('feedback.submit', s.complete(s.slotOf(s.eng.id), 'inclined', 3))).code).toBe('CONFLICT');
  });

  it('amends with a reason as a new version and keeps the original visible', async () => {
    value(await api.call('feedback.submit', s.complete(s.slotOf(s.eng.id), 'inclined', 3)));
    const amended = value(
      await api.call('feedback.amend', { ...s.complete(s.slotOf(s.eng.id), 'not_inclined', 2), reason: 'Re-read my notes' }),
    );
    expect(amended.version).toBe(2);
    const mine = value(await api.call('feedback.mine', { loopId: s.loop.id }));
    expect(mine.current?.vote).toBe('not_inclined');
    expect(mine.history.map((h) => [h.version, h.vote])).toEqual([[1, 'inclined']]);
    expect(failure(await api.call('feedback.amend', { ...s.complete(s.slotOf(s.eng.id), 'inclined', 3), reason: '' })).issues?.[0]?.path).toBe('reason');
  });

  it('a form opened as one person never writes as whoever "me" has become since: CONFLICT, nothing written', async () => {
    const opened = value(await api.call('feedback.mine', { loopId: s.loop.id }));
    expect(opened.authorId).toBe(s.eng.id);
    value(await api.call('feedback.saveDraft', { ...s.mine(), reasonToHire: 'first thoughts' }));
    const asEng = { loopId: s.loop.id, authorId: opened.authorId };

    await s.as(s.ceo.id); // another tab switched "me" to Ceo, also an interviewer on this loop
    const before = snapshot(t.workspace.file);
    const draft = failure(await api.call('feedback.saveDraft', { ...asEng, reasonToHire: 'typed after the switch' }));
    expect(draft.code).toBe('CONFLICT');
    expect(draft.message).toBe('This draft was opened as Eng; Principled is now being used as Ceo. Switch back to Eng to save it.');
    expect(draft.issues?.map((i) => i.path)).toEqual(['authorId']);
    const submit = failure(await api.call('feedback.submit', { ...s.complete(s.slotOf(s.eng.id), 'inclined', 3), ...asEng }));
    expect([submit.code, submit.issues?.[0]?.path]).toEqual(['CONFLICT', 'authorId']);
    expect(snapshot(t.workspace.file)).toBe(before);
    expect(value(await api.call('feedback.mine', { loopId: s.loop.id })).current).toBeNull();

    await s.as(s.eng.id);
    const mine = value(await api.call('feedback.mine', { loopId: s.loop.id }));
    expect(mine.current?.reasonToHire).toBe('first thoughts');
    expect(value(await api.call('feedback.saveDraft', { ...asEng, reasonToHire: 'typed after switching back' })).authorId).toBe(s.eng.id);
    value(await api.call('feedback.submit', { ...s.complete(s.slotOf(s.eng.id), 'inclined', 3), ...asEng }));

    value(await api.call('settings.setMe', { memberId: null }));
    const amendBefore = snapshot(t.workspace.file);
    const amend = failure(await api.call('feedback.amend', { ...s.complete(s.slotOf(s.eng.id), 'not_inclined', 2), ...asEng, reason: 'Re-read' }));
    expect(amend.code).toBe('CONFLICT');
    expect(amend.message).toBe('This draft was opened as Eng; nobody is chosen as you in Principled now. Switch back to Eng to save it.');
    expect(snapshot(t.workspace.file)).toBe(amendBefore);
    await s.as(s.eng.id);
    expect(value(await api.call('feedback.amend', { ...s.complete(s.slotOf(s.eng.id), 'not_inclined', 2), ...asEng, reason: 'Re-read' })).version).toBe(2);
  });

  it('refuses someone who is not on the loop, and a rating for a principle outside the slot', async () => {
    await s.as(s.admin.id);
    expect(failure(await api.call('feedback.saveDraft', { ...s.mine() })).code).toBe('FORBIDDEN');
    await s.as(s.eng.id);
    const other = s.slotOf(s.ceo.id)[0] ?? '';
    const error = failure(await api.call('feedback.saveDraft', { ...s.mine(), ratings: [{ principleId: other, rating: 3 }] }));
    expect(error.issues?.[0]?.path).toBe(`ratings.${other}.principleId`);
  });

  it('shows who owes feedback and who is overdue', async () => {
    value(await api.call('feedback.submit', s.complete(s.slotOf(s.eng.id), 'inclined', 3)));
    const status = value(await api.call('feedback.status', { loopId: s.loop.id }));
    expect(status.find((p) => p.memberId === s.eng.id)?.state).toBe('submitted');
    // Interviews on 2026-01-05 with a 24 h due time are long overdue by now.
    expect(status.find((p) => p.memberId === s.ceo.id)?.state).toBe('overdue');
    await s.as(s.ceo.id);
    const owed = value(await api.call('feedback.owed'));
    expect(owed.map((o) => [o.loopId, o.state])).toEqual([[s.loop.id, 'overdue']]);
  });

  it('after a decision, or once the loop is cancelled, nobody owes feedback any more', async () => {
    await s.as(s.eng.id);
    value(await api.call('feedback.submit', s.complete(s.slotOf(s.eng.id), 'inclined', 3)));
    await s.as(s.sales.id);
    value(await api.call('debrief.open', { loopId: s.loop.id, earlyReason: 'Ceo is travelling' }));
    await s.as(s.cto.id);
    value(await api.call('decision.decide', { loopId: s.loop.id, decision: 'hire', rationale: 'Strong ownership evidence' }));
    await s.as(s.sales.id);
    value(await api.call('decision.verdict', { loopId: s.loop.id, verdict: 'concur', rationale: 'The evidence holds' }));
    expect(value(await api.call('loops.get', { id: s.loop.id })).loop.status).toBe('decided');

    const states = async () => Object.fromEntries(value(await api.call('feedback.status', { loopId: s.loop.id })).map((p) => [p.memberId, p.state]));
    expect(await states()).toEqual({ [s.eng.id]: 'submitted', [s.ceo.id]: 'not-needed', [s.ops.id]: 'not-needed' });
    for (const who of [s.ceo.id, s.ops.id]) {
      await s.as(who);
      expect(value(await api.call('feedback.owed'))).toEqual([]);
    }
  });

  it('a cancelled loop shows nobody as owing or overdue', async () => {
    const loop = value(await api.call('loops.get', { id: s.loop.id })).loop;
    await s.as(s.cto.id);
    value(await api.call('loops.transition', { id: loop.id, revision: loop.revision, to: 'cancelled', reason: 'Role put on hold' }));
    const status = value(await api.call('feedback.status', { loopId: s.loop.id }));
    expect(status.length).toBeGreaterThan(0);
    expect(status.every((p) => p.state === 'not-needed')).toBe(true);
    await s.as(s.ceo.id);
    expect(value(await api.call('feedback.owed'))).toEqual([]);
  });
});

describe('debrief and decision', () => {
  let t: TestWorkspace;
  let api: ApiClient;
  let s: Setup;
  beforeEach(async () => {
    t = tempWorkspace();
    api = t.client;
    s = await interviewingLoop(api);
  });
  afterEach(() => t.close());

  const submitAll = async () => {
    await s.as(s.ceo.id);
    value(await api.call('feedback.submit', s.complete(s.slotOf(s.ceo.id), 'strong_hire', 4)));
    await s.as(s.eng.id);
    value(await api.call('feedback.submit', s.complete(s.slotOf(s.eng.id), 'not_inclined', 2)));
  };

  it('opens only when all feedback is in, or early by the bar raiser with a reason', async () => {
    await s.as(s.ceo.id);
    value(await api.call('feedback.submit', s.complete(s.slotOf(s.ceo.id), 'strong_hire', 4)));
    await s.as(s.cto.id);
    expect(failure(await api.call('debrief.open', { loopId: s.loop.id })).code).toBe('CONFLICT');
    await s.as(s.sales.id);
    expect(failure(await api.call('debrief.open', { loopId: s.loop.id })).issues?.[0]?.path).toBe('earlyReason');
    const early = value(await api.call('debrief.open', { loopId: s.loop.id, earlyReason: 'Eng is on leave for two weeks' }));
    expect(early.openedEarly).toBe(true);
    expect(value(await api.call('loops.get', { id: s.loop.id })).loop.status).toBe('debrief');
  });

  it('runs the script: matrix, flags, a recorded re-vote, notes, a hire decision and a veto', async () => {
    await submitAll();
    await s.as(s.sales.id);
    const debrief = value(await api.call('debrief.open', { loopId: s.loop.id }));
    expect(debrief.matrix.map((r) => r.cells.length)).toEqual(debrief.matrix.map(() => 2));
    expect(debrief.flags.map((f) => f.flag)).toContain('late-feedback');

    await s.as(s.eng.id);
    const revoted = value(await api.call('debrief.revote', { loopId: s.loop.id, vote: 'strong_no_hire', note: 'Ownership story was a team effort' }));
    const eng = revoted.interviewers.find((i) => i.memberId === s.eng.id);
    expect([eng?.vote, eng?.currentVote]).toEqual(['not_inclined', 'strong_no_hire']);
    expect(revoted.revotes).toHaveLength(1);

    await s.as(s.sales.id);
    value(await api.call('debrief.saveNotes', { loopId: s.loop.id, notes: 'Discussed the ownership evidence.' }));
    expect(failure(await api.call('decision.decide', { loopId: s.loop.id, decision: 'hire', rationale: 'x' })).code).toBe('FORBIDDEN');

    await s.as(s.cto.id);
    const decided = value(await api.call('decision.decide', { loopId: s.loop.id, decision: 'hire', rationale: 'Strong ownership evidence' }));
    expect(decided.outcome).toBe('pending');

    await s.as(s.sales.id);
    const uncited = failure(await api.call('decision.verdict', { loopId: s.loop.id, verdict: 'veto', rationale: 'Does not raise the bar on ownership' }));
    expect(uncited.code).toBe('VALIDATION');
    expect(uncited.issues).toEqual(verdictIssues('veto', 'Does not raise the bar on ownership', []));
    expect(uncited.issues).toEqual([{ path: 'citedPrincipleIds', message: 'Cite at least one principle whose evidence supports the veto.' }]);
    const [cited] = s.slotOf(s.eng.id);
    const vetoed = value(
      await api.call('decision.verdict', {
        loopId: s.loop.id,
        verdict: 'veto',
        rationale: 'The ownership story was a team effort; no evidence of personal action',
        citedPrincipleIds: [cited ?? ''],
      }),
    );
    expect(vetoed.outcome).toBe('no_hire');
    expect(value(await api.call('candidates.get', { id: s.candidate.id })).status).toBe('rejected');
    expect(value(await api.call('loops.get', { id: s.loop.id })).loop.status).toBe('decided');

    const packet = value(await api.call('packet.export', { loopId: s.loop.id, format: 'markdown' }));
    const md = Buffer.from(packet.base64, 'base64').toString('utf8');
    expect(md).toContain(`${escapeMarkdown('Bar raiser (Sales):')} **Veto**`);
    expect(md).toContain(escapeMarkdown('Discussed the ownership evidence.'));
    expect(md).toContain(escapeMarkdown(s.evidence.action));
    const pdf = value(await api.call('packet.export', { loopId: s.loop.id, format: 'pdf' }));
    expect(Buffer.from(pdf.base64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('a no hire needs recycle or no recycle, and no recycle sets the cooldown', async () => {
    await submitAll();
    await s.as(s.cto.id);
    value(await api.call('debrief.open', { loopId: s.loop.id }));
    // The API answers with the contract's rule: the message the form shows, at the same field.
    expect(failure(await api.call('decision.decide', { loopId: s.loop.id, decision: 'no_hire', rationale: 'Not yet' })).issues).toEqual(
      decideIssues({ decision: 'no_hire', recycle: null, cooldownUntil: null }, ''),
    );
    const undated = { loopId: s.loop.id, decision: 'no_hire', rationale: 'Not yet', recycle: 'no_recycle' } as const;
    expect(failure(await api.call('decision.decide', undated)).issues).toEqual([{ path: 'cooldownUntil', message: 'Give the date the cooldown ends.' }]);
    const decided = value(
      await api.call('decision.decide', { loopId: s.loop.id, decision: 'no_hire', rationale: 'Not yet', recycle: 'no_recycle', cooldownUntil: IN_SIX_MONTHS }),
    );
    // Complete only when the bar raiser has spoken too.
    expect(decided.outcome).toBe('pending');
    expect(value(await api.call('candidates.get', { id: s.candidate.id })).status).toBe('active');
    await s.as(s.sales.id);
    value(await api.call('decision.verdict', { loopId: s.loop.id, verdict: 'concur', rationale: 'The evidence supports the decision.' }));
    const candidate = value(await api.call('candidates.get', { id: s.candidate.id }));
    expect([candidate.status, candidate.cooldownUntil]).toEqual(['rejected', IN_SIX_MONTHS]);

    // Reopening would clear the running cooldown, which only founders and admins do.
    await s.as(s.cto.id);
    expect(failure(await api.call('decision.reopen', { loopId: s.loop.id, reason: 'New reference check' })).code).toBe('FORBIDDEN');
    await s.as(s.admin.id);
    const reopened = value(await api.call('decision.reopen', { loopId: s.loop.id, reason: 'New reference check' }));
    expect(reopened.decision).toBeNull();
    expect(value(await api.call('candidates.get', { id: s.candidate.id }))).toMatchObject({ status: 'active', cooldownUntil: null });
  });
});
