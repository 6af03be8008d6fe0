import type { WritableDB } from '../../db/handles';
import { newId } from '../../db/ids';
import { insertActivity } from '../../db/queries/activity';
import { loopsOwedWithOthersFeedback, recordPeek } from '../../db/queries/feedback';
import { getSetting } from '../../db/queries/settings';
import { ApiFailure } from './apiFailure';
import { actorOf } from './access';
import { LOCAL_ACTOR } from './context';

/**
 * A whole-workspace copy (the JSON export, a saved backup) holds every feedback.
 * Blindness must hold on that path too: someone who still owes feedback on an
 * open loop where others have written gets the copy only with an early-access
 * reason. Each such loop is then recorded as seen early — a peek, so their own
 * feedback is flagged as written after seeing others' — and logged like any
 * early access ("had submitted own: no").
 *
 * We ask for the reason rather than leaving those loops out: a copy with holes
 * would restore as a workspace that silently lost feedback.
 *
 * Runs inside the caller's transaction, before the copy is made.
 */
export function grantCopyAccess(db: WritableDB, method: string, reason: string, now: string, what: string): void {
  const actorId = getSetting(db, 'me') ?? LOCAL_ACTOR;
  const actor = actorOf(db, actorId);
  if (!actor) return;
  const owed = loopsOwedWithOthersFeedback(db, actor.id);
  if (owed.length === 0) return;
  if (!reason) {
    const names = owed.slice(0, 3).map((l) => l.candidateName);
    const more = owed.length > 3 ? ` and ${owed.length - 3} more` : '';
    const message =
      `You still owe feedback on ${owed.length} open loop${owed.length > 1 ? 's' : ''} (${names.join(', ')}${more}), ` +
      `and ${what} would show you the others' feedback. Submit yours first, or give an early-access reason: it is logged, and your feedback will be marked as written after seeing others'.`;
    throw new ApiFailure('FORBIDDEN', message, [{ path: 'earlyAccessReason', message }]);
  }
  for (const { loopId } of owed) {
    recordPeek(db, loopId, actor.id, now);
    insertActivity(db, {
      id: newId(),
      at: now,
      actor: actor.id,
      method,
      entity: 'loop',
      entityId: loopId,
      summary: `Viewed the loop's feedback through ${what} (had submitted own: no); early access: ${reason}`,
    });
  }
}
