import type { FeedbackList, FeedbackRecord, MyFeedback, OwedFeedback, ParticipantStatus } from '../../api/contract/feedback';
import type { Loop } from '../../api/contract/loops';
import type { FeedbackContent, PrincipleRating } from '../../rules/feedbackTypes';
import { feedbackIssues } from '../../rules/feedbackCompleteness';
import { feedbackDueAt, feedbackSettled, feedbackState } from '../../rules/feedbackDue';
import { feedbackVisibility } from '../../rules/feedbackVisibility';
import { newId } from '../../../db/ids';
import type { ReadableDB } from '../../../db/handles';
import {
  getCurrentFeedback,
  hasPeeked,
  listFeedbackDuties,
  listFeedbackHistory,
  listSubmittedFeedback,
  recordPeek,
  saveFeedback,
  submittedAuthorIds,
  supersedeFeedback,
} from '../../../db/queries/feedback';
import { getKitEntries } from '../../../db/queries/loops';
import { getPrinciple } from '../../../db/queries/principles';
import { getQuestion } from '../../../db/queries/questions';
import { readFeedbackDueHours } from '../../../db/queries/settingsValues';
import { getMemberBasics } from '../../../db/queries/team';
import { assertStillAuthor } from '../access';
import { ApiFailure, invalidField } from '../apiFailure';
import type { ReadContext, WriteContext } from '../context';
import { mustGetCandidate } from './candidates';
import { mustGetLoop } from './loops';
import { assignedPrincipleIds, assignmentOf, FEEDBACK_OPEN, loopRoles, requireMe, type Assignment, type Me } from './participation';
import { mustGetRole } from './roles';
import type { HandlersFor } from './types';

interface ContentInput extends Omit<FeedbackContent, 'ratings'> {
  ratings: PrincipleRating[];
  questionsAsked: FeedbackRecord['questionsAsked'];
}

/** Autosaves this close together are one editing session: one activity row, not one per keystroke pause. */
const DRAFT_SESSION_MINUTES = 30;

function mustBeAssigned(loop: Loop, memberId: string): Assignment {
  const a = assignmentOf(loop, memberId);
  if (!a) throw new ApiFailure('FORBIDDEN', 'You are not an interviewer or shadow in this loop.');
  return a;
}

function dueAtFor(db: ReadableDB, a: Assignment): string | null {
  return a.slot ? feedbackDueAt(a.slot.startsAt, a.slot.durationMinutes, readFeedbackDueHours(db)) : null;
}

/** Ratings only for the principles this feedback covers, in the order they were assigned. */
function checkRatings(ratings: readonly PrincipleRating[], assigned: readonly string[]): void {
  ratings.forEach((r) => {
    if (!assigned.includes(r.principleId)) throw invalidField(`ratings.${r.principleId}.principleId`, 'This principle is not part of your interview');
  });
  const seen = new Set<string>();
  ratings.forEach((r) => {
    if (seen.has(r.principleId)) throw invalidField(`ratings.${r.principleId}.principleId`, 'Rate each principle once');
    seen.add(r.principleId);
  });
}

function revisionsOf(db: ReadableDB, ratings: readonly PrincipleRating[]): Record<string, number> {
  return Object.fromEntries(ratings.map((r) => [r.principleId, getPrinciple(db, r.principleId)?.revision ?? 1]));
}

function buildRecord(
  ctx: WriteContext,
  base: Pick<FeedbackRecord, 'id' | 'loopId' | 'slotId' | 'authorId' | 'kind' | 'version' | 'amendmentReason'>,
  input: ContentInput,
  status: FeedbackRecord['status'],
): FeedbackRecord {
  return {
    ...base,
    status,
    ratings: input.ratings,
    vote: input.vote,
    raiseBar: input.raiseBar,
    reasonToHire: input.reasonToHire,
    reasonNotToHire: input.reasonNotToHire,
    questionsAsked: input.questionsAsked,
    principleRevisions: revisionsOf(ctx.db, input.ratings),
    sawOthersBeforeSubmitting: status === 'submitted' && hasPeeked(ctx.db, base.loopId, base.authorId),
    submittedAt: status === 'submitted' ? ctx.now : null,
    updatedAt: ctx.now,
  };
}

/** The identity of a first version: the existing draft's id, or a new one. */
function firstVersion(loopId: string, authorId: string, a: Assignment, current: FeedbackRecord | null) {
  return {
    id: current?.id ?? newId(),
    loopId,
    slotId: a.slot?.id ?? null,
    authorId,
    kind: a.kind,
    version: 1,
    amendmentReason: null,
  };
}

/** Submission and amendment refuse incomplete feedback, naming each missing field. */
function assertComplete(input: ContentInput, assigned: readonly string[]): void {
  const issues = feedbackIssues(input, assigned);
  const first = issues[0];
  if (first) throw new ApiFailure('VALIDATION', `${first.path}: ${first.message}`, issues);
}

function writable(ctx: WriteContext, loopId: string, authorId: string) {
  assertStillAuthor(ctx.db, ctx.actor, authorId);
  const me = requireMe(ctx);
  const loop = mustGetLoop(ctx.db, loopId, 'loopId');
  const assignment = mustBeAssigned(loop, me.id);
  if (!FEEDBACK_OPEN.has(loop.status)) {
    throw new ApiFailure('CONFLICT', `Feedback opens when the loop is interviewing; this loop is ${loop.status}.`);
  }
  const assigned = assignedPrincipleIds(loop, assignment);
  return { me, loop, assignment, assigned, current: getCurrentFeedback(ctx.db, loop.id, me.id, assignment.kind) };
}

/**
 * `me`: the caller, when the handler has read them already (`requireMe`). `submittedInHand`: submitted feedback
 * of the loop the handler has read anyway. Who has submitted is read only when asked about someone not in it:
 * an interviewer opening the debrief is shown to have submitted by their own feedback in it.
 */
export function visibleFeedback(
  ctx: ReadContext | WriteContext,
  loop: Loop,
  earlyAccessReason: string,
  me?: Me,
  submittedInHand: readonly Pick<FeedbackRecord, 'authorId'>[] = [],
) {
  const member = me !== undefined ? me : ctx.actorMember !== undefined ? ctx.actorMember : getMemberBasics(ctx.db, ctx.actor);
  let everyone: Set<string> | undefined;
  const submitted = {
    has: (id: string) => submittedInHand.some((f) => f.authorId === id) || (everyone ??= submittedAuthorIds(ctx.db, loop.id)).has(id),
  };
  const isAdmin = member?.capabilities.includes('admin') ?? false;
  const visibility = feedbackVisibility({
    viewerId: member ? member.id : null,
    roles: loopRoles(loop),
    submittedAuthorIds: submitted,
    viewerIsAdmin: isAdmin,
    adminEarlyAccess: isAdmin && earlyAccessReason.length > 0,
  });
  return { visibility, submitted, viewerId: member?.id ?? null };
}

/** True when the reason is what lets the caller see the feedback now: without it they would see counts only. */
function seesOnlyByEarlyAccess(ctx: ReadContext | WriteContext, loop: Loop, earlyAccessReason: string): boolean {
  if (!earlyAccessReason) return false;
  return visibleFeedback(ctx, loop, earlyAccessReason).visibility.level === 'full' && visibleFeedback(ctx, loop, '').visibility.level === 'counts';
}

function expectedCount(loop: Loop): number {
  return loopRoles(loop).interviewerIds.length;
}

export const feedbackHandlers: HandlersFor<'feedback'> = {
  'feedback.mine': ({ loopId }, ctx): MyFeedback => {
    const { db } = ctx;
    const me = requireMe(ctx);
    const loop = mustGetLoop(db, loopId, 'loopId');
    const a = mustBeAssigned(loop, me.id);
    const kit = getKitEntries(db, loop.id).filter((e) => !a.slot || e.slotId === a.slot.id);
    const current = getCurrentFeedback(db, loop.id, me.id, a.kind);
    return {
      loopId: loop.id,
      authorId: me.id,
      kind: a.kind,
      slotId: a.slot?.id ?? null,
      slotTitle: a.slot ? (a.kind === 'training' ? `${a.slot.title} (reverse shadow: training feedback)` : a.slot.title) : 'Shadowing (training feedback)',
      candidateName: mustGetCandidate(db, loop.candidateId).name,
      roleTitle: mustGetRole(db, loop.roleId).title,
      principles: assignedPrincipleIds(loop, a).flatMap((id) => {
        const p = getPrinciple(db, id);
        return p ? [{ principleId: p.id, name: p.name, summary: p.summary, anchors: p.anchors, revision: p.revision }] : [];
      }),
      kitQuestions: kit.flatMap((e) =>
        e.questionIds.flatMap((qid) => {
          const q = getQuestion(db, qid);
          return q ? [{ questionId: q.id, principleId: e.principleId, text: q.text, probes: q.probes }] : [];
        }),
      ),
      current,
      history: listFeedbackHistory(db, loop.id, me.id, a.kind),
      dueAt: dueAtFor(db, a),
      editable: FEEDBACK_OPEN.has(loop.status) && current?.status !== 'submitted',
    };
  },

  'feedback.saveDraft': (input, ctx) => {
    const { me, loop, assignment, assigned, current } = writable(ctx, input.loopId, input.authorId);
    if (current?.status === 'submitted') throw new ApiFailure('CONFLICT', 'Your feedback is submitted; amend it with a reason instead.');
    checkRatings(input.ratings, assigned);
    const record = buildRecord(ctx, firstVersion(loop.id, me.id, assignment, current), input, 'draft');
    saveFeedback(ctx.db, record, ctx.now);
    ctx.log({ entity: 'feedback', entityId: record.id, summary: 'Saved a feedback draft', foldWithinMinutes: DRAFT_SESSION_MINUTES });
    return record;
  },

  'feedback.submit': (input, ctx) => {
    const { me, loop, assignment, assigned, current } = writable(ctx, input.loopId, input.authorId);
    if (current?.status === 'submitted') throw new ApiFailure('CONFLICT', 'Your feedback is already submitted; amend it with a reason.');
    checkRatings(input.ratings, assigned);
    assertComplete(input, assigned);
    const record = buildRecord(ctx, firstVersion(loop.id, me.id, assignment, current), input, 'submitted');
    saveFeedback(ctx.db, record, ctx.now);
    ctx.log({
      entity: 'feedback',
      entityId: record.id,
      summary: `${me.name} submitted ${assignment.kind === 'training' ? 'training ' : ''}feedback`,
    });
    return record;
  },

  'feedback.amend': (input, ctx) => {
    const { me, loop, assigned, current } = writable(ctx, input.loopId, input.authorId);
    if (current?.status !== 'submitted') throw new ApiFailure('CONFLICT', 'Only submitted feedback can be amended.');
    checkRatings(input.ratings, assigned);
    assertComplete(input, assigned);
    supersedeFeedback(ctx.db, current.id);
    const record = buildRecord(
      ctx,
      {
        id: newId(),
        loopId: loop.id,
        slotId: current.slotId,
        authorId: me.id,
        kind: current.kind,
        version: current.version + 1,
        amendmentReason: input.reason,
      },
      input,
      'submitted',
    );
    record.sawOthersBeforeSubmitting = current.sawOthersBeforeSubmitting;
    saveFeedback(ctx.db, record, ctx.now);
    // The reason is part of the feedback, kept with it and as blind as it; the log is read by everyone.
    ctx.log({ entity: 'feedback', entityId: record.id, summary: `${me.name} amended feedback (version ${record.version})` });
    return record;
  },

  'feedback.recordView': ({ loopId, earlyAccessReason }, ctx) => {
    const loop = mustGetLoop(ctx.db, loopId, 'loopId');
    const { visibility, submitted, viewerId } = visibleFeedback(ctx, loop, earlyAccessReason);
    if (visibility.level === 'counts') {
      ctx.log({ entity: 'loop', entityId: loop.id, summary: 'Checked how much feedback is in (counts only)' });
      return { visibility: visibility.level };
    }
    const hadSubmitted = viewerId ? submitted.has(viewerId) : false;
    // The early look is what `feedback.list` checks before it shows anything early, and what flags later feedback.
    if (viewerId && !hadSubmitted && (assignmentOf(loop, viewerId) || seesOnlyByEarlyAccess(ctx, loop, earlyAccessReason))) {
      recordPeek(ctx.db, loop.id, viewerId, ctx.now);
    }
    ctx.log({
      entity: 'loop',
      entityId: loop.id,
      summary:
        `Viewed the loop's feedback (had submitted own: ${hadSubmitted ? 'yes' : 'no'})` +
        (earlyAccessReason && !hadSubmitted ? `; early access: ${earlyAccessReason}` : ''),
    });
    return { visibility: visibility.level };
  },

  'feedback.list': ({ loopId, earlyAccessReason }, ctx): FeedbackList => {
    const loop = mustGetLoop(ctx.db, loopId, 'loopId');
    // Early access shows nothing that was not recorded first: the early look must be on file.
    const unrecorded = seesOnlyByEarlyAccess(ctx, loop, earlyAccessReason) && !hasPeeked(ctx.db, loop.id, ctx.actor);
    const { visibility, submitted, viewerId } = visibleFeedback(ctx, loop, unrecorded ? '' : earlyAccessReason);
    const interviewers = loopRoles(loop).interviewerIds;
    const base = {
      visibility: visibility.level,
      reason: unrecorded ? 'Record the early access first (feedback.recordView), then read.' : visibility.reason,
      submitted: interviewers.filter((id) => submitted.has(id)).length,
      expected: expectedCount(loop),
      items: [],
      history: [],
      training: [],
    };
    if (visibility.level === 'counts') return base;
    const seesTraining = viewerId === loop.hiringManagerId || viewerId === loop.barRaiserId;
    return {
      ...base,
      items: listSubmittedFeedback(ctx.db, loop.id, 'interview'),
      history: listSubmittedFeedback(ctx.db, loop.id, 'interview', true),
      training: seesTraining ? listSubmittedFeedback(ctx.db, loop.id, 'training') : [],
    };
  },

  'feedback.status': ({ loopId }, { db, now }): ParticipantStatus[] => {
    const loop = mustGetLoop(db, loopId, 'loopId');
    const submitted = submittedAuthorIds(db, loop.id);
    const dueHours = readFeedbackDueHours(db);
    const people: ParticipantStatus[] = [];
    for (const slot of loop.slots) {
      if (!slot.interviewerId || people.some((p) => p.memberId === slot.interviewerId)) continue;
      const dueAt = feedbackDueAt(slot.startsAt, slot.durationMinutes, dueHours);
      people.push({
        memberId: slot.interviewerId,
        name: getMemberBasics(db, slot.interviewerId)?.name ?? 'Unknown',
        part: 'interviewer',
        slotTitle: slot.title,
        dueAt,
        state: feedbackState({ submitted: submitted.has(slot.interviewerId), dueAt, now, dueHours, loopStatus: loop.status }),
      });
    }
    for (const slot of loop.slots) {
      const id = slot.traineeId;
      if (!id || people.some((p) => p.memberId === id)) continue;
      const dueAt = feedbackDueAt(slot.startsAt, slot.durationMinutes, dueHours);
      people.push({
        memberId: id,
        name: getMemberBasics(db, id)?.name ?? 'Unknown',
        part: 'trainee',
        slotTitle: slot.title,
        dueAt,
        state: feedbackState({ submitted: submitted.has(id), dueAt, now, dueHours, loopStatus: loop.status }),
      });
    }
    for (const id of loop.shadowIds) {
      people.push({
        memberId: id,
        name: getMemberBasics(db, id)?.name ?? 'Unknown',
        part: 'shadow',
        slotTitle: null,
        dueAt: null,
        state: submitted.has(id) ? 'submitted' : feedbackSettled(loop.status) ? 'not-needed' : 'owed',
      });
    }
    return people;
  },

  'feedback.owed': (_input, { db, actor, now }): OwedFeedback[] => {
    const me = getMemberBasics(db, actor);
    if (!me) return [];
    const dueHours = readFeedbackDueHours(db);
    const rank = { overdue: 0, owed: 1, 'not-due-yet': 2, submitted: 3, 'not-needed': 4 } as const;
    return listFeedbackDuties(db, me.id)
      .filter((d) => !d.submitted)
      .map((d) => {
        const dueAt = feedbackDueAt(d.startsAt, d.durationMinutes, dueHours);
        return {
          loopId: d.loopId,
          slotId: d.slotId,
          slotTitle: d.slotTitle,
          candidateName: d.candidateName,
          roleTitle: d.roleTitle,
          dueAt,
          training: d.training === 1,
          // The duties query already keeps to loops where feedback is open.
          state: feedbackState({ submitted: false, dueAt, now, dueHours, loopStatus: 'interviewing' }),
        };
      })
      .sort((a, b) => rank[a.state] - rank[b.state] || (a.dueAt ?? '').localeCompare(b.dueAt ?? ''));
  },
};
