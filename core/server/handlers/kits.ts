import type { Kit, Loop } from '../../api/contract/loops';
import type { Anchors } from '../../api/contract/principles';
import { swapKitQuestion } from '../../rules/kitSelection';
import type { ReadableDB } from '../../../db/handles';
import { getKitEntries, replaceKitEntries } from '../../../db/queries/loops';
import { getPrinciple } from '../../../db/queries/principles';
import { getQuestions, listKitCandidates } from '../../../db/queries/questions';
import { getMemberBasics } from '../../../db/queries/team';
import { isAdminOrFounder } from '../../rules/access';
import { actorOf } from '../access';
import { ApiFailure, invalidField } from '../apiFailure';
import { renderKitPdf } from '../kitPdf';
import { questionsMetByCandidate } from '../questionsMet';
import { mustGetCandidate } from './candidates';
import { mustGetLoop } from './loops';
import { mustGetRole } from './roles';
import type { HandlersFor } from './types';

const EMPTY_ANCHORS: Anchors = ['', '', '', ''];

/** The kits of a loop (or one slot), as an interviewer reads them: principles with anchors, then questions. */
export function buildKits(db: ReadableDB, loop: Loop, slotId?: string): Kit[] {
  if (slotId && !loop.slots.some((s) => s.id === slotId)) throw invalidField('slotId', 'No such slot in this loop');
  const candidate = mustGetCandidate(db, loop.candidateId);
  const role = mustGetRole(db, loop.roleId);
  const entries = getKitEntries(db, loop.id);
  const questions = getQuestions(
    db,
    entries.flatMap((e) => e.questionIds),
  );
  return loop.slots
    .filter((s) => !slotId || s.id === slotId)
    .map((slot) => ({
      loopId: loop.id,
      slotId: slot.id,
      slotTitle: slot.title,
      durationMinutes: slot.durationMinutes,
      startsAt: slot.startsAt,
      interviewerId: slot.interviewerId,
      interviewerName: slot.interviewerId ? (getMemberBasics(db, slot.interviewerId)?.name ?? null) : null,
      candidateName: candidate.name,
      roleTitle: role.title,
      principles: slot.principleIds.map((principleId) => {
        const p = getPrinciple(db, principleId);
        const ids = entries.find((e) => e.slotId === slot.id && e.principleId === principleId)?.questionIds ?? [];
        return {
          principleId,
          name: p?.name ?? 'Unknown principle',
          summary: p?.summary ?? '',
          anchors: p?.anchors ?? EMPTY_ANCHORS,
          questions: ids.flatMap((id) => {
            const q = questions.get(id);
            return q ? [{ id: q.id, text: q.text, probes: q.probes, kind: q.kind }] : [];
          }),
        };
      }),
    }));
}

export const kitHandlers: HandlersFor<'kits'> = {
  'kits.get': ({ loopId, slotId }, { db }) => buildKits(db, mustGetLoop(db, loopId, 'loopId'), slotId),

  'kits.swap': ({ loopId, slotId, principleId, questionId, replacementId }, ctx) => {
    const loop = mustGetLoop(ctx.db, loopId, 'loopId');
    if (loop.status !== 'draft' && loop.status !== 'planned') {
      throw new ApiFailure('CONFLICT', `This loop is ${loop.status}; its kits can no longer change`);
    }
    // The access table lets the loop's interviewers in; which slot is theirs is known only here.
    const actor = actorOf(ctx.db, ctx.actor);
    const plansTheLoop = actor !== null && (actor.id === loop.hiringManagerId || isAdminOrFounder(actor.capabilities));
    if (!plansTheLoop && loop.slots.find((s) => s.id === slotId)?.interviewerId !== actor?.id) {
      throw new ApiFailure('FORBIDDEN', 'An interviewer swaps questions in their own slot only.');
    }
    const result = swapKitQuestion({
      kit: getKitEntries(ctx.db, loop.id),
      slotId,
      principleId,
      questionId,
      questions: listKitCandidates(ctx.db),
      askedBefore: questionsMetByCandidate(ctx.db, loop, ctx.now),
      ...(replacementId ? { replacementId } : {}),
    });
    if ('error' in result) throw invalidField(replacementId ? 'replacementId' : 'questionId', result.error);
    replaceKitEntries(ctx.db, loop.id, result);
    ctx.log({ entity: 'loop', entityId: loop.id, summary: 'Swapped a question in an interview kit' });
    const [kit] = buildKits(ctx.db, loop, slotId);
    if (!kit) throw invalidField('slotId', 'No such slot in this loop');
    return kit;
  },

  'kits.pdf': ({ loopId, slotId }, { db }) => {
    const [kit] = buildKits(db, mustGetLoop(db, loopId, 'loopId'), slotId);
    if (!kit) throw invalidField('slotId', 'No such slot in this loop');
    const safe = `${kit.candidateName} - ${kit.slotTitle}`.replace(/[^\p{L}\p{N} ._-]+/gu, '').trim() || 'kit';
    return { fileName: `Interview kit - ${safe}.pdf`, base64: renderKitPdf(kit).toString('base64') };
  },
};
