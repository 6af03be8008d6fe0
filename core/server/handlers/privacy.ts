import { planCopies } from '../../../db/backupScrub';
import { getCandidate } from '../../../db/queries/candidates';
import { candidateLoopIds, compactDatabase, countCandidateTexts, eraseCandidateData, isCandidateErased, listRetention } from '../../../db/queries/privacy';
import { getMember } from '../../../db/queries/team';
import { ApiFailure, invalidField } from '../apiFailure';
import { mustGetCandidate } from './candidates';
import { requireMe } from './participation';
import type { HandlersFor } from './types';

/** The date `months` calendar months before `iso` (the 31st becomes the month's last day). */
export function monthsBefore(iso: string, months: number): string {
  const d = new Date(iso);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  target.setUTCHours(d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
  return target.toISOString();
}

export const privacyHandlers: HandlersFor<'privacy'> = {
  'privacy.eraseCandidate': ({ id, confirmName }, ctx) => {
    const me = requireMe(ctx);
    const capabilities = getMember(ctx.db, me.id)?.capabilities ?? [];
    if (!capabilities.includes('admin') && !capabilities.includes('founder')) {
      throw new ApiFailure('FORBIDDEN', "Only an admin or a founder can erase a candidate's personal data.");
    }
    const candidate = mustGetCandidate(ctx.db, id);
    if (isCandidateErased(ctx.db, candidate.id)) throw new ApiFailure('CONFLICT', "This candidate's personal data has already been erased.");
    // A candidate held blind here has a blank name, which anything would match or nothing could be typed as: its
    // id is what the form shows to type instead.
    if (candidate.sealed) {
      if (confirmName.trim() !== candidate.id) {
        throw invalidField('confirmName', "Type the candidate's id exactly as shown to confirm the erasure (their name is not readable on this device yet)");
      }
    } else if (confirmName.normalize('NFC') !== candidate.name.normalize('NFC')) {
      throw invalidField('confirmName', "Type the candidate's name exactly as shown to confirm the erasure");
    }

    const redacted = eraseCandidateData(ctx.db, candidate.id, ctx.now);
    const erased = getCandidate(ctx.db, candidate.id);
    if (!redacted || !erased) throw new Error('The candidate vanished during the erasure');
    // The entry names no one: it is what marks the candidate as erased.
    ctx.log({ entity: 'candidate', entityId: candidate.id, summary: "Erased a candidate's personal data" });
    // Deleted text lingers in the WAL and in free pages until both are rewritten, which needs the transaction closed.
    ctx.afterCommit(() => compactDatabase(ctx.db));
    // What the workspace will do to the copies once this commits; it reports what it then did.
    const copies = planCopies(ctx.dataFile, [candidate.id], ctx.dataKey ?? null).map(({ path: _path, ...copy }) => copy);
    return { candidate: erased, redacted, copies };
  },

  'privacy.erasurePlan': ({ candidateId }, { db, dataFile, dataKey }) => {
    const candidate = mustGetCandidate(db, candidateId);
    return {
      loopIds: candidateLoopIds(db, candidate.id),
      texts: countCandidateTexts(db, candidate.id),
      copies: planCopies(dataFile, [candidate.id], dataKey ?? null).map(({ path: _path, ...copy }) => copy),
    };
  },

  'privacy.retention': ({ months }, { db, now }) => listRetention(db, monthsBefore(now, months)),
};
