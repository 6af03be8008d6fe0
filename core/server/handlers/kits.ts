import type { Kit, Loop } from '../../api/contract/loops';
import { swapKitQuestion } from '../../rules/kitSelection';
import type { ReadableDB } from '../../../db/handles';
import { getKitEntries, listLoopKits, loopExists, replaceKitEntries } from '../../../db/queries/loops';
import { listKitCandidates } from '../../../db/queries/questions';
import { isAdminOrFounder } from '../../rules/access';
import { actorOf } from '../access';
import { ApiFailure, invalidField } from '../apiFailure';
import { renderKitPdf } from '../kitPdf';
import { questionsMetByCandidate } from '../questionsMet';
import { mustGetLoop } from './loops';
import type { HandlersFor } from './types';

/** The kits of a loop (or one slot), as an interviewer reads them: principles with anchors, then questions. */
export function buildKits(db: ReadableDB, loop: Pick<Loop, 'id' | 'slots'>, slotId?: string): Kit[] {
  if (slotId && !loop.slots.some((s) => s.id === slotId)) throw invalidField('slotId', 'No such slot in this loop');
  return listLoopKits(db, loop.id, slotId ?? null);
}

export const kitHandlers: HandlersFor<'kits'> = {
  'kits.get': ({ loopId, slotId }, { db }) => {
    const kits = listLoopKits(db, loopId, slotId ?? null);
    // No kit: a loop without slots, or no such loop or slot; asked only then, so a kit costs one statement.
    if (kits.length === 0 && !loopExists(db, loopId)) throw invalidField('loopId', 'No such loop');
    if (kits.length === 0 && slotId) throw invalidField('slotId', 'No such slot in this loop');
    return kits;
  },

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
