import type { CoachingSession, CoachingSessionSummary, CoachingState } from '../../api/contract/coaching';
import type { Loop } from '../../api/contract/loops';
import { lintEvidence } from '../../rules/evidenceLinter';
import { newId } from '../../../db/ids';
import type { ReadableDB } from '../../../db/handles';
import { getCurrentFeedback, listSubmittedFeedback, submittedAuthorIds } from '../../../db/queries/feedback';
import { getMemberBasics } from '../../../db/queries/team';
import { coachingProgress, insertCoachingNote, listCoachingNotes } from '../../../db/queries/coaching';
import { ApiFailure, invalidField } from '../apiFailure';
import type { ReadContext, WriteContext } from '../context';
import { visibleFeedback } from './feedback';
import { mustGetLoop } from './loops';
import { loopRoles, requireMe } from './participation';
import type { HandlersFor } from './types';

interface Session {
  traineeId: string;
  coachId: string | null;
  part: CoachingSessionSummary['part'];
  slotTitle: string | null;
}

/** Every trainee of a loop with their coach: a reverse shadow's supervisor, a shadow's bar raiser. */
function sessionsOf(loop: Loop): Session[] {
  const sessions: Session[] = [];
  for (const s of loop.slots) {
    if (s.traineeId) sessions.push({ traineeId: s.traineeId, coachId: s.interviewerId, part: 'reverse_shadow', slotTitle: s.title });
  }
  for (const id of loop.shadowIds) {
    if (!sessions.some((x) => x.traineeId === id)) sessions.push({ traineeId: id, coachId: loop.barRaiserId, part: 'shadow', slotTitle: null });
  }
  return sessions;
}

function stateOf(db: ReadableDB, loop: Loop, session: Session, submitted: ReadonlySet<string>): CoachingState {
  if (getCurrentFeedback(db, loop.id, session.traineeId, 'training')?.status !== 'submitted') return 'awaiting-trainee';
  // The panel's counted feedback: every slot interviewer's.
  if (!loopRoles(loop).interviewerIds.every((id) => submitted.has(id))) return 'awaiting-panel';
  return listCoachingNotes(db, loop.id, session.traineeId).length > 0 ? 'reviewed' : 'ready';
}

function summary(db: ReadableDB, loop: Loop, s: Session, viewerIs: CoachingSessionSummary['viewerIs'], submitted: ReadonlySet<string>): CoachingSessionSummary {
  return {
    loopId: loop.id,
    traineeId: s.traineeId,
    traineeName: getMemberBasics(db, s.traineeId)?.name ?? 'Unknown',
    coachId: s.coachId,
    coachName: s.coachId ? (getMemberBasics(db, s.coachId)?.name ?? 'Unknown') : null,
    part: s.part,
    slotTitle: s.slotTitle,
    state: stateOf(db, loop, s, submitted),
    notes: listCoachingNotes(db, loop.id, s.traineeId).length,
    viewerIs,
  };
}

/** The session of `traineeId` in the loop, as the caller sees it; FORBIDDEN to anyone but the trainee and their coach. */
function sessionFor(ctx: ReadContext | WriteContext, loop: Loop, traineeId: string) {
  const session = sessionsOf(loop).find((s) => s.traineeId === traineeId);
  if (!session) throw invalidField('traineeId', 'This person is not training in this loop');
  const me = requireMe(ctx);
  const viewerIs = me.id === session.traineeId ? 'trainee' : me.id === session.coachId ? 'coach' : null;
  if (viewerIs === null) throw new ApiFailure('FORBIDDEN', 'Only the trainee and their coach may see this training session.');
  return { session, me, viewerIs } as const;
}

export const coachingHandlers: HandlersFor<'coaching'> = {
  'coaching.forLoop': ({ loopId }, { db, actor }) => {
    const loop = mustGetLoop(db, loopId, 'loopId');
    const me = getMemberBasics(db, actor);
    if (!me) return [];
    const submitted = submittedAuthorIds(db, loop.id);
    return sessionsOf(loop).flatMap((s) => {
      const viewerIs = me.id === s.traineeId ? 'trainee' : me.id === s.coachId ? 'coach' : null;
      return viewerIs ? [summary(db, loop, s, viewerIs, submitted)] : [];
    });
  },

  'coaching.session': ({ loopId, traineeId }, ctx): CoachingSession => {
    const loop = mustGetLoop(ctx.db, loopId, 'loopId');
    const { session, viewerIs } = sessionFor(ctx, loop, traineeId);
    const submitted = submittedAuthorIds(ctx.db, loop.id);
    const base = summary(ctx.db, loop, session, viewerIs, submitted);
    // Blind like any feedback (SPEC §6.1): a supervisor reads the write-up only once they may read feedback.
    const full = visibleFeedback(ctx, loop, '').visibility.level === 'full';
    const own = getCurrentFeedback(ctx.db, loop.id, session.traineeId, 'training');
    const writeUp = own?.status === 'submitted' && (viewerIs === 'trainee' || full) ? own : null;
    return {
      ...base,
      writeUp,
      findings: (writeUp?.ratings ?? []).map((r) => ({ principleId: r.principleId, findings: lintEvidence(r.evidence, r.rating !== null) })),
      panel: full ? listSubmittedFeedback(ctx.db, loop.id, 'interview') : [],
      coachingNotes: listCoachingNotes(ctx.db, loop.id, session.traineeId),
      mayNote: viewerIs === 'coach' && full && (base.state === 'ready' || base.state === 'reviewed'),
    };
  },

  'coaching.note': ({ loopId, traineeId, note }, ctx) => {
    const loop = mustGetLoop(ctx.db, loopId, 'loopId');
    const { session, me, viewerIs } = sessionFor(ctx, loop, traineeId);
    if (viewerIs !== 'coach') throw new ApiFailure('FORBIDDEN', "Only the trainee's coach may leave coaching notes.");
    const state = stateOf(ctx.db, loop, session, submittedAuthorIds(ctx.db, loop.id));
    if (state === 'awaiting-trainee') throw new ApiFailure('CONFLICT', 'The trainee has not submitted their write-up yet.');
    if (state === 'awaiting-panel') throw new ApiFailure('CONFLICT', "Coaching opens once the panel's feedback is all in.");
    if (visibleFeedback(ctx, loop, '').visibility.level !== 'full') {
      throw new ApiFailure('CONFLICT', "Submit your own feedback first: until then the trainee's write-up is as blind to you as any feedback.");
    }
    const row = { id: newId(), loopId: loop.id, traineeId: session.traineeId, coachId: me.id, note, createdAt: ctx.now };
    insertCoachingNote(ctx.db, row);
    // The note is about a candidate's interview: the log says that it happened, not what it says.
    const trainee = getMemberBasics(ctx.db, session.traineeId)?.name ?? 'a trainee';
    ctx.log({ entity: 'loop', entityId: loop.id, summary: `${me.name} left a coaching note for ${trainee}` });
    return { ...row, coachName: me.name };
  },

  'coaching.progress': ({ memberId }, { db }) => {
    if (!getMemberBasics(db, memberId)) throw invalidField('memberId', 'No such team member');
    return { memberId, ...coachingProgress(db, memberId) };
  },
};
