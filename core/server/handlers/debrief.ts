import type { Debrief, Decision, FeedbackRecord, MatrixRow, Revote } from '../../api/contract/feedback';
import type { Loop } from '../../api/contract/loops';
import type { Vote } from '../../rules/feedbackTypes';
import { cooldownDateIssue } from '../../rules/candidateChanges';
import { candidateStatusAfter, decisionOutcome } from '../../rules/decisionOutcome';
import { debriefFlags } from '../../rules/debriefFlags';
import { lateFeedback } from '../../rules/lateFeedback';
import { interviewEndsAt } from '../../rules/feedbackDue';
import { newId } from '../../../db/ids';
import type { ReadableDB } from '../../../db/handles';
import { saveCandidate } from '../../../db/queries/candidates';
import {
  getCurrentDecision,
  getDebrief,
  insertRevote,
  listRevotes,
  listSubmittedFeedback,
  saveDebrief,
  saveDecision,
  submittedAuthorIds,
  supersedeDecision,
} from '../../../db/queries/feedback';
import { saveLoop } from '../../../db/queries/loops';
import { type DebriefLookups, debriefLookups } from '../../../db/queries/debriefLookups';
import { memberNames } from '../../../db/queries/team';
import { isAdminOrFounder } from '../../rules/access';
import { actorOf } from '../access';
import { ApiFailure, invalidField, notFound } from '../apiFailure';
import type { ReadContext, WriteContext } from '../context';
import { mustGetCandidate } from './candidates';
import { visibleFeedback } from './feedback';
import { mustGetLoop } from './loops';
import { loopRoles, requireMe, type Me } from './participation';
import type { HandlersFor } from './types';

function interviewEndedAt(loop: Loop, authorId: string): string | null {
  const slot = loop.slots.find((s) => s.interviewerId === authorId);
  return slot ? interviewEndsAt(slot.startsAt, slot.durationMinutes) : null;
}

function currentVotes(feedback: readonly FeedbackRecord[], revotes: readonly Revote[]): Map<string, Vote | null> {
  const votes = new Map(feedback.map((f) => [f.authorId, f.vote]));
  for (const r of revotes) votes.set(r.authorId, r.toVote);
  return votes;
}

/** Everything the debrief shows besides the loop and its feedback, in one statement (see `debriefLookups`). */
function readDebrief(db: ReadableDB, loop: Loop): DebriefLookups {
  return debriefLookups(db, loop.id, loop.roleId, loop.slots.flatMap((s) => s.principleIds), loopRoles(loop).interviewerIds);
}

/**
 * The debrief is built only from submitted interview feedback: shadows' training feedback never enters it.
 * The feedback and the rest (`readDebrief`) may be passed in when the caller has just read them.
 */
export function buildDebrief(
  db: ReadableDB,
  loop: Loop,
  feedback: FeedbackRecord[] = listSubmittedFeedback(db, loop.id, 'interview'),
  lookups: DebriefLookups = readDebrief(db, loop),
): Debrief {
  const byAuthor = new Map<string, FeedbackRecord>();
  for (const f of feedback) if (!byAuthor.has(f.authorId)) byAuthor.set(f.authorId, f);
  const authors = loopRoles(loop).interviewerIds.filter((id) => byAuthor.has(id));
  const slotPrincipleIds = loop.slots.flatMap((s) => s.principleIds);
  const { focusPrincipleIds, principleNames: principleName, memberNames: authorName, dueHours } = lookups;
  const { debrief, decision, revotes } = lookups.state;
  if (!focusPrincipleIds) throw notFound('role', loop.roleId);
  const principleIds = [...new Set([...focusPrincipleIds, ...slotPrincipleIds])];
  const matrix: MatrixRow[] = principleIds.map((principleId) => ({
    principleId,
    name: principleName.get(principleId) ?? 'Archived principle',
    focus: focusPrincipleIds.includes(principleId),
    cells: authors.map((authorId) => {
      const r = byAuthor.get(authorId)?.ratings.find((x) => x.principleId === principleId);
      return { authorId, rating: r?.rating ?? null, notAssessed: r?.notAssessed ?? false };
    }),
  }));
  const votes = currentVotes(feedback, revotes);
  // Earlier versions are read only when some feedback is not among those the decision was made on: mostly none is.
  const used = decision?.feedbackIds ?? null;
  const late =
    used && feedback.some((f) => !used.includes(f.id))
      ? lateFeedback(used, feedback, listSubmittedFeedback(db, loop.id, 'interview', true), (id) => authorName.get(id) ?? memberNames(db, [id]).get(id) ?? 'Unknown')
      : [];
  return {
    loopId: loop.id,
    openedEarly: Boolean(debrief?.earlyReason),
    earlyReason: debrief?.earlyReason ?? null,
    interviewers: authors.map((id) => {
      const f = byAuthor.get(id);
      return {
        memberId: id,
        name: authorName.get(id) ?? 'Unknown',
        vote: f?.vote ?? null,
        currentVote: votes.get(id) ?? null,
        raiseBar: f?.raiseBar ?? null,
      };
    }),
    matrix,
    feedback,
    flags: debriefFlags({
      feedback: feedback.flatMap((f) =>
        f.vote && f.submittedAt
          ? [
              {
                authorId: f.authorId,
                vote: f.vote,
                ratings: f.ratings,
                submittedAt: f.submittedAt,
                interviewEndedAt: interviewEndedAt(loop, f.authorId),
                sawOthersBeforeSubmitting: f.sawOthersBeforeSubmitting,
              },
            ]
          : [],
      ),
      focusPrincipleIds,
      dueHours,
    }),
    revotes,
    notes: debrief?.notes ?? '',
    decision,
    lateFeedback: late,
  };
}

/** True when the caller may read the loop's feedback now (SPEC §6.1): the debrief shows all of it. */
function mayReadDebrief(ctx: WriteContext, loop: Loop): boolean {
  return visibleFeedback(ctx, loop, '').visibility.level === 'full';
}

/**
 * What a write on the debrief hands back, as blind as reading it: someone who may
 * not read the feedback yet (an admin outside the loop, an interviewer who owes
 * theirs) gets who took part and nothing of what anyone wrote or voted.
 */
function debriefAsSeenBy(ctx: WriteContext, loop: Loop): Debrief {
  const debrief = buildDebrief(ctx.db, loop);
  if (mayReadDebrief(ctx, loop)) return debrief;
  return {
    ...debrief,
    interviewers: debrief.interviewers.map((i) => ({ ...i, vote: null, currentVote: null, raiseBar: null })),
    matrix: debrief.matrix.map((row) => ({ ...row, cells: [] })),
    feedback: [],
    flags: [],
    revotes: [],
    notes: '',
    decision: null,
    lateFeedback: [],
  };
}

/** The loop, once its interviews have started: a debrief exists only then. */
function loopPastPlanning(ctx: ReadContext, loopId: string): Loop {
  const loop = mustGetLoop(ctx.db, loopId, 'loopId');
  if (!['interviewing', 'debrief', 'decided', 'closed'].includes(loop.status)) {
    throw new ApiFailure('CONFLICT', `The debrief opens after the interviews; this loop is ${loop.status}.`);
  }
  return loop;
}

/** Refuses anyone who may not read the loop's feedback: the debrief shows all of it. `feedback`: see `visibleFeedback`. */
function assertSeesDebrief(ctx: ReadContext, loop: Loop, me: Me, feedback?: readonly FeedbackRecord[]): void {
  const { visibility } = visibleFeedback(ctx, loop, '', me, feedback);
  if (visibility.level !== 'full') throw new ApiFailure('FORBIDDEN', visibility.reason);
}

/** The loop, when its debrief may be shown to the caller: after the interviews, and only to those who may read the feedback. */
function mayViewDebrief(ctx: ReadContext, loopId: string, me: Me): Loop {
  const loop = loopPastPlanning(ctx, loopId);
  assertSeesDebrief(ctx, loop, me);
  return loop;
}

function mustHaveOpenDebrief(ctx: WriteContext, loopId: string): Loop {
  const loop = mustGetLoop(ctx.db, loopId, 'loopId');
  if (!getDebrief(ctx.db, loop.id) || loop.status !== 'debrief') {
    throw new ApiFailure('CONFLICT', 'The debrief of this loop is not open.');
  }
  return loop;
}

function setLoopStatus(ctx: WriteContext, loop: Loop, status: Loop['status']): void {
  saveLoop(ctx.db, { ...loop, status, revision: loop.revision + 1, updatedAt: ctx.now });
}

/** The decision is final once the bar raiser has spoken on a hire, or at once on a no hire; the candidate follows. */
function finalise(ctx: WriteContext, loop: Loop, decision: Decision): void {
  if (decision.outcome === 'pending') return;
  const candidate = mustGetCandidate(ctx.db, loop.candidateId);
  saveCandidate(ctx.db, {
    ...candidate,
    status: candidateStatusAfter(decision.outcome),
    cooldownUntil: decision.outcome === 'no_hire' && decision.recycle === 'no_recycle' ? decision.cooldownUntil : candidate.cooldownUntil,
    revision: candidate.revision + 1,
    updatedAt: ctx.now,
  });
  setLoopStatus(ctx, loop, 'decided');
}

export const debriefHandlers: HandlersFor<'debrief'> = {
  'debrief.get': ({ loopId }, ctx) => {
    const me = requireMe(ctx);
    const loop = loopPastPlanning(ctx, loopId);
    // Read before the check, which it answers for an interviewer who has submitted (nothing is shown if refused).
    const feedback = listSubmittedFeedback(ctx.db, loop.id, 'interview');
    assertSeesDebrief(ctx, loop, me, feedback);
    const lookups = readDebrief(ctx.db, loop);
    if (!lookups.state.debrief) throw new ApiFailure('CONFLICT', 'The debrief is not open yet: open it first (debrief.open).');
    return buildDebrief(ctx.db, loop, feedback, lookups);
  },

  'debrief.open': ({ loopId, earlyReason }, ctx) => {
    const me = requireMe(ctx);
    let loop = mayViewDebrief(ctx, loopId, me);
    const submitted = submittedAuthorIds(ctx.db, loop.id);
    const interviewers = loopRoles(loop).interviewerIds;
    const missing = interviewers.filter((id) => !submitted.has(id));
    if (!getDebrief(ctx.db, loop.id)) {
      if (missing.length > 0) {
        if (me.id !== loop.barRaiserId) {
          throw new ApiFailure(
            'CONFLICT',
            `The debrief opens when all feedback is in (${interviewers.length - missing.length} of ${interviewers.length}). The bar raiser can open it early with a reason.`,
          );
        }
        if (!earlyReason) throw invalidField('earlyReason', 'Feedback is still missing: say why the debrief starts early');
      }
      saveDebrief(ctx.db, loop.id, { openedAt: ctx.now, earlyReason: missing.length ? earlyReason : null, notes: '' }, ctx.now);
      if (loop.status === 'interviewing') {
        setLoopStatus(ctx, loop, 'debrief');
        loop = mustGetLoop(ctx.db, loop.id);
      }
      ctx.log({
        entity: 'loop',
        entityId: loop.id,
        summary: missing.length ? `${me.name} opened the debrief early: ${earlyReason}` : `${me.name} opened the debrief`,
      });
    }
    ctx.log({
      entity: 'loop',
      entityId: loop.id,
      summary: `${me.name} viewed the debrief (had submitted own: ${submitted.has(me.id) ? 'yes' : 'no'})`,
    });
    return buildDebrief(ctx.db, loop);
  },

  'debrief.revote': ({ loopId, vote, note }, ctx) => {
    const me = requireMe(ctx);
    const loop = mustHaveOpenDebrief(ctx, loopId);
    const feedback = listSubmittedFeedback(ctx.db, loop.id, 'interview');
    const mine = feedback.find((f) => f.authorId === me.id);
    if (!mine?.vote) throw new ApiFailure('FORBIDDEN', 'Only interviewers who submitted feedback can re-vote.');
    const from = currentVotes(feedback, listRevotes(ctx.db, loop.id)).get(me.id) ?? mine.vote;
    if (from === vote) throw invalidField('vote', 'That is already your vote');
    insertRevote(ctx.db, loop.id, { id: newId(), authorId: me.id, fromVote: from, toVote: vote, note, at: ctx.now });
    // The log says that a vote changed, never what it was: the activity list is not blind.
    ctx.log({ entity: 'loop', entityId: loop.id, summary: `${me.name} re-voted in the debrief` });
    return buildDebrief(ctx.db, loop);
  },

  'debrief.saveNotes': ({ loopId, notes }, ctx) => {
    const me = requireMe(ctx);
    const loop = mustHaveOpenDebrief(ctx, loopId);
    if (me.id !== loop.barRaiserId && me.id !== loop.hiringManagerId) {
      throw new ApiFailure('FORBIDDEN', 'The bar raiser or the hiring manager keeps the discussion notes.');
    }
    // Keeping the notes means reading the debrief: not before submitting your own feedback when you hold a slot.
    if (!mayReadDebrief(ctx, loop)) throw new ApiFailure('FORBIDDEN', "Submit your own feedback first: the notes sit beside the others' feedback.");
    const debrief = getDebrief(ctx.db, loop.id);
    if (!debrief) throw new ApiFailure('CONFLICT', 'The debrief of this loop is not open.');
    saveDebrief(ctx.db, loop.id, { ...debrief, notes }, ctx.now);
    ctx.log({ entity: 'loop', entityId: loop.id, summary: `${me.name} updated the debrief notes` });
    return buildDebrief(ctx.db, loop);
  },
};

export const decisionHandlers: HandlersFor<'decision'> = {
  'decision.decide': (input, ctx) => {
    const me = requireMe(ctx);
    const loop = mustHaveOpenDebrief(ctx, input.loopId);
    if (me.id !== loop.hiringManagerId) throw new ApiFailure('FORBIDDEN', 'Only the hiring manager decides.');
    if (getCurrentDecision(ctx.db, loop.id)) throw new ApiFailure('CONFLICT', 'This loop is decided; reopen it with a reason first.');
    // Recycle and the cooldown's date were checked with the input (DecideInput), in the form as in the API.
    const decision: Decision = {
      id: newId(),
      loopId: loop.id,
      hiringManagerId: me.id,
      decision: input.decision,
      rationale: input.rationale,
      recycle: input.decision === 'no_hire' ? input.recycle : null,
      cooldownUntil: input.decision === 'no_hire' && input.recycle === 'no_recycle' ? input.cooldownUntil : null,
      decidedAt: ctx.now,
      barRaiserId: null,
      verdict: null,
      verdictRationale: '',
      citedPrincipleIds: [],
      verdictAt: null,
      outcome: decisionOutcome(input.decision, null).outcome,
      reopenedReason: null,
      // What the debrief showed: feedback arriving later (from another device, or an amendment) is flagged, never counted in.
      feedbackIds: listSubmittedFeedback(ctx.db, loop.id, 'interview').map((f) => f.id),
    };
    saveDecision(ctx.db, decision);
    finalise(ctx, loop, decision);
    ctx.log({
      entity: 'loop',
      entityId: loop.id,
      // The rationale weighs the feedback: it stays in the decision, as blind as the debrief, never in the log everyone reads.
      summary: `${me.name} decided ${input.decision === 'hire' ? 'hire' : 'no hire'}`,
    });
    return decision;
  },

  'decision.verdict': (input, ctx) => {
    const me = requireMe(ctx);
    const loop = mustHaveOpenDebrief(ctx, input.loopId);
    if (me.id !== loop.barRaiserId) throw new ApiFailure('FORBIDDEN', 'Only the bar raiser concurs or vetoes.');
    const current = getCurrentDecision(ctx.db, loop.id);
    if (!current || current.outcome !== 'pending') {
      throw new ApiFailure('CONFLICT', 'There is no decision waiting for the bar raiser.');
    }
    // The rationale and a cited principle for a veto were checked with the input (VerdictInput); which principles
    // the loop assessed only the loop knows.
    if (input.verdict === 'veto') {
      const loopPrinciples = new Set(loop.slots.flatMap((s) => s.principleIds));
      input.citedPrincipleIds.forEach((id, i) => {
        if (!loopPrinciples.has(id)) throw invalidField(`citedPrincipleIds.${i}`, 'This principle was not assessed in the loop');
      });
    }
    const { outcome } = decisionOutcome(current.decision, input.verdict);
    const decided: Decision = {
      ...current,
      barRaiserId: me.id,
      verdict: input.verdict,
      verdictRationale: input.rationale,
      citedPrincipleIds: input.citedPrincipleIds,
      verdictAt: ctx.now,
      outcome,
      // A vetoed hire is a no hire; the candidate may still suit another role.
      recycle: outcome === 'no_hire' ? (current.recycle ?? 'recycle') : current.recycle,
    };
    saveDecision(ctx.db, decided);
    finalise(ctx, loop, decided);
    ctx.log({
      entity: 'loop',
      entityId: loop.id,
      summary: input.verdict === 'veto' ? `${me.name} vetoed the hire` : `${me.name} concurred with the decision`,
    });
    return decided;
  },

  'decision.reopen': ({ loopId, reason }, ctx) => {
    const me = requireMe(ctx);
    const loop = mustGetLoop(ctx.db, loopId, 'loopId');
    const admin = isAdminOrFounder(actorOf(ctx.db, ctx.actor)?.capabilities ?? []);
    if (me.id !== loop.hiringManagerId && me.id !== loop.barRaiserId && !admin) {
      throw new ApiFailure('FORBIDDEN', 'Only the hiring manager, the bar raiser, a founder or an admin can reopen a decision.');
    }
    const current = getCurrentDecision(ctx.db, loop.id);
    if (!current) throw new ApiFailure('CONFLICT', 'This loop has no decision to reopen.');
    // A final decision set the candidate's status (and perhaps a cooldown), even once the loop is closed: reopening undoes both.
    const final = loop.status === 'decided' || loop.status === 'closed';
    const candidate = mustGetCandidate(ctx.db, loop.candidateId);
    const clearsCooldown = final && current.cooldownUntil !== null && candidate.cooldownUntil === current.cooldownUntil;
    if (clearsCooldown && !admin && cooldownDateIssue(current.cooldownUntil, ctx.now.slice(0, 10)) === null) {
      throw new ApiFailure('FORBIDDEN', 'Reopening this decision would clear the no-recycle cooldown it set: only founders and admins clear a cooldown.');
    }
    supersedeDecision(ctx.db, current.id, reason);
    if (final) {
      setLoopStatus(ctx, loop, 'debrief');
      // Only what this decision set is undone: a hire made in a later loop stays.
      const status = current.outcome !== 'pending' && candidate.status === candidateStatusAfter(current.outcome) ? 'active' : candidate.status;
      const cooldownUntil = clearsCooldown ? null : candidate.cooldownUntil;
      saveCandidate(ctx.db, { ...candidate, status, cooldownUntil, revision: candidate.revision + 1, updatedAt: ctx.now });
    }
    ctx.log({ entity: 'loop', entityId: loop.id, summary: `${me.name} reopened the decision: ${reason}` });
    return debriefAsSeenBy(ctx, mustGetLoop(ctx.db, loop.id));
  },
};
