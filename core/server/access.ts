import { methods, type MethodName } from '../api/contract/methods';
import { DEFAULT_EDITORS, inSetup, mayCall, type Access, type AccessFacts } from '../rules/access';
import type { ReadableDB } from '../../db/handles';
import { getSetting } from '../../db/queries/settings';
import { readEditors } from '../../db/queries/settingsValues';
import { getMemberBasics, hasAnyMember } from '../../db/queries/team';
import { getLoop } from '../../db/queries/loops';
import { hireManagerId } from '../../db/queries/checkins';
import { ApiFailure, invalidField, notFound } from './apiFailure';
import { LOCAL_ACTOR, type MemberBasics, type ReadContext } from './context';
import { loopRoles } from './handlers/participation';

/** The caller as an active team member, or null. */
export function actorOf(db: ReadableDB, actorId: string): AccessFacts['actor'] {
  return activeActor(actorId === LOCAL_ACTOR ? null : getMemberBasics(db, actorId));
}

function activeActor(member: MemberBasics | null): AccessFacts['actor'] {
  return member && member.status === 'active' ? { id: member.id, capabilities: member.capabilities } : null;
}

/**
 * Who calls, when the caller has read it: "me", and perhaps their member row (a read's context reads both at
 * most once, and the handler's `requireMe` shares them with the check).
 */
export type Caller = Pick<ReadContext, 'actor' | 'actorMember'>;

/**
 * What `mayCall` needs to judge one call, read from the database the call would change. Only the facts the
 * audience asks about are read (`mayCall` consults no other): a screen open to any member paid for the
 * editor settings and the empty-team check on every read.
 */
export function accessFacts(db: ReadableDB, access: Access, input: unknown, caller?: Caller): AccessFacts {
  const fields = (input ?? {}) as Record<string, unknown>;
  const facts: AccessFacts = {
    actor: caller?.actorMember !== undefined ? activeActor(caller.actorMember) : actorOf(db, caller?.actor ?? getSetting(db, 'me') ?? LOCAL_ACTOR),
    setup: access.who.includes('setup') && inSetup({ anyMember: hasAnyMember(db), me: getSetting(db, 'me') ?? null }),
    editors: access.who.some((a) => a.startsWith('editors.')) ? readEditors(db) : DEFAULT_EDITORS,
  };
  if (access.loopField && access.who.some((a) => a.startsWith('loop.'))) {
    const loopId = String(fields[access.loopField] ?? '');
    const loop = getLoop(db, loopId);
    // The same answer the handler would give for a loop that does not exist.
    if (!loop) throw access.loopField === 'id' ? notFound('loop', loopId) : invalidField(access.loopField, 'No such loop');
    facts.loop = loopRoles(loop);
    if (access.who.includes('loop.hire_manager')) facts.loop.hireManagerId = hireManagerId(db, loop.id);
  }
  if (access.who.includes('self') && typeof fields.id === 'string') facts.subjectId = fields.id;
  return facts;
}

/**
 * A form writes as the person it was opened as. If "me" has changed since (in another tab, say), the
 * write is refused, so a draft never lands under someone else's name; switching back lets it save.
 */
export function assertStillAuthor(db: ReadableDB, actorId: string, authorId: string): void {
  if (authorId === actorId) return;
  const opener = getMemberBasics(db, authorId)?.name ?? 'someone else';
  const now = actorId === LOCAL_ACTOR ? null : (getMemberBasics(db, actorId)?.name ?? null);
  const message = now
    ? `This draft was opened as ${opener}; Principled is now being used as ${now}. Switch back to ${opener} to save it.`
    : `This draft was opened as ${opener}; nobody is chosen as you in Principled now. Switch back to ${opener} to save it.`;
  throw new ApiFailure('CONFLICT', message, [{ path: 'authorId', message }]);
}

/** Refuses the call, writing nothing, unless the caller is in the access's audience. */
export function assertMay(db: ReadableDB, access: Access, input: unknown, caller?: Caller): void {
  // A stale form is a conflict to resolve (switch back), not a lack of rights: say so first.
  if (access.authorField) assertStillAuthor(db, caller?.actor ?? getSetting(db, 'me') ?? LOCAL_ACTOR, String((input as Record<string, unknown>)[access.authorField] ?? ''));
  const verdict = mayCall(access, accessFacts(db, access, input, caller));
  if (!verdict.ok) throw new ApiFailure('FORBIDDEN', verdict.message);
}

/** The declared access of a method: the table every path checks against. `caller`: who calls, when already read. */
export function assertMayCall(db: ReadableDB, method: MethodName, input: unknown, caller?: Caller): void {
  assertMay(db, methods[method].access, input, caller);
}
