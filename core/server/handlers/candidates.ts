import { CANDIDATE_PERSONAL_FIELDS, type Candidate } from '../../api/contract/candidates';
import { newId } from '../../../db/ids';
import type { ReadableDB } from '../../../db/handles';
import { clearCandidateDuplicate, findCandidateByEmail, getCandidate, listCandidates, saveCandidate } from '../../../db/queries/candidates';
import { listCandidateLoops } from '../../../db/queries/loops';
import { ApiFailure, invalidField, notFound } from '../apiFailure';
import { definedFields } from '../patch';
import { assertRevision } from '../revision';
import { isAdminOrFounder } from '../../rules/access';
import { cooldownChangeIssue, statusChangeIssue } from '../../rules/candidateChanges';
import { actorOf } from '../access';
import { candidateWords } from '../candidateWords';
import type { HandlersFor } from './types';

export function mustGetCandidate(db: ReadableDB, id: string, field = 'id'): Candidate {
  const c = getCandidate(db, id);
  if (!c) throw field === 'id' ? notFound('candidate', id) : invalidField(field, 'No such candidate');
  return c;
}

function assertEmailFree(db: ReadableDB, email: string, exceptId?: string): void {
  if (!email) return;
  const clash = findCandidateByEmail(db, email);
  if (clash && clash.id !== exceptId) {
    throw new ApiFailure('CONFLICT', `email: ${clash.name} already has this email`, [
      { path: 'email', message: `${clash.name} already has this email` },
    ]);
  }
}

const PERSONAL: ReadonlySet<string> = new Set(CANDIDATE_PERSONAL_FIELDS);

/**
 * A candidate held blind has blank personal fields here, not empty ones: any value given for them (a name typed
 * into the blank field to be allowed to save a status) would replace the real one on every device, and beat it
 * when it arrives, being newer. Only the fields that are not personal may change until the key comes.
 */
function assertReadableToChange(current: Candidate, fields: readonly string[]): void {
  if (!current.sealed) return;
  const personal = fields.filter((f) => PERSONAL.has(f));
  if (personal.length === 0) return;
  const message = 'This candidate’s details are not readable on this device yet (their key has not arrived): only the status and cooldown can change here';
  throw new ApiFailure('CONFLICT', `${personal.join(', ')}: ${message}`, personal.map((path) => ({ path, message })));
}

export const candidateHandlers: HandlersFor<'candidates'> = {
  'candidates.list': (filter, { db }) => listCandidates(db, filter),

  'candidates.get': ({ id }, { db }) => mustGetCandidate(db, id),

  'candidates.history': ({ id }, { db }) => listCandidateLoops(db, id),

  'candidates.create': (input, ctx) => {
    assertEmailFree(ctx.db, input.email);
    const candidate: Candidate = {
      id: newId(),
      ...input,
      status: 'active',
      cooldownUntil: null,
      revision: 1,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    };
    saveCandidate(ctx.db, candidate);
    ctx.log({ entity: 'candidate', entityId: candidate.id, summary: `Added candidate ${candidateWords(candidate)}` });
    return candidate;
  },

  'candidates.update': (input, ctx) => {
    const current = mustGetCandidate(ctx.db, input.id);
    assertRevision('candidate', current.revision, input.revision);
    assertReadableToChange(current, Object.keys(definedFields(input)));
    // A possible duplicate (two devices added this person, uniqueMerge.ts) keeps its email until someone changes it.
    const emailChanged = input.email !== undefined && input.email.toLowerCase() !== current.email.toLowerCase();
    if (emailChanged && input.email !== undefined) assertEmailFree(ctx.db, input.email, current.id);
    const { id: _id, revision: _revision, cooldownReason = '', ...changes } = input;
    const defined = definedFields(changes);
    const { possibleDuplicateOf, ...base } = current;
    const updated: Candidate = {
      ...base,
      ...(possibleDuplicateOf && !emailChanged ? { possibleDuplicateOf } : {}),
      ...defined,
      revision: current.revision + 1,
      updatedAt: ctx.now,
    };
    const actor = actorOf(ctx.db, ctx.actor);
    const issue =
      statusChangeIssue(current.status, updated.status) ??
      cooldownChangeIssue({
        from: current.cooldownUntil,
        to: updated.cooldownUntil,
        today: ctx.now.slice(0, 10),
        admin: actor !== null && isAdminOrFounder(actor.capabilities),
        reason: cooldownReason,
      });
    if (issue) throw new ApiFailure(issue.path === 'status' ? 'CONFLICT' : 'VALIDATION', `${issue.path}: ${issue.message}`, [issue]);
    saveCandidate(ctx.db, updated);
    if (possibleDuplicateOf && emailChanged) clearCandidateDuplicate(ctx.db, current.id);
    const cooldownNote =
      updated.cooldownUntil !== current.cooldownUntil && cooldownReason
        ? `; cooldown ${current.cooldownUntil ?? 'none'} → ${updated.cooldownUntil ?? 'none'} because: ${cooldownReason}`
        : '';
    ctx.log({
      entity: 'candidate',
      entityId: current.id,
      summary: `Edited ${Object.keys(defined).join(', ')} of ${candidateWords(updated)}${cooldownNote}`,
    });
    return updated;
  },
};
