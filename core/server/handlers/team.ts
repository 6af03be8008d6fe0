import type { TeamMember } from '../../api/contract/team';
import { newId } from '../../../db/ids';
import type { ReadableDB } from '../../../db/handles';
import { clearMemberDuplicate, findMemberByEmail, getMember, hasAnyMember, insertMember, listMemberNames, listMembers, managerEdges, updateMember } from '../../../db/queries/team';
import { getSetting, setSetting } from '../../../db/queries/settings';
import { SETTING_KEYS } from '../../../db/queries/settingsValues';
import { isAdminOrFounder } from '../../rules/access';
import type { Capability } from '../../rules/planTypes';
import { actorOf } from '../access';
import type { WriteContext } from '../context';
import { ApiFailure, invalidField, notFound } from '../apiFailure';
import { assertRevision } from '../revision';
import type { HandlersFor } from './types';

export function mustGetMember(db: ReadableDB, id: string, field = 'id'): TeamMember {
  const m = getMember(db, id);
  if (!m) throw field === 'id' ? notFound('team member', id) : invalidField(field, 'No such team member');
  return m;
}

function assertEmailFree(db: ReadableDB, email: string, exceptId?: string): void {
  if (!email) return;
  const clash = findMemberByEmail(db, email);
  if (clash && clash.id !== exceptId) {
    throw new ApiFailure('CONFLICT', `email: ${clash.name} already uses ${email}`, [
      { path: 'email', message: `${clash.name} already uses this email` },
    ]);
  }
}

/** A manager must exist, and may not be the person themselves or anyone who reports to them. */
function assertManager(db: ReadableDB, memberId: string | null, managerId: string | null): void {
  if (!managerId) return;
  mustGetMember(db, managerId, 'managerId');
  if (!memberId) return;
  const edges = managerEdges(db);
  const seen = new Set<string>();
  for (let at: string | null | undefined = managerId; at && !seen.has(at); at = edges.get(at)) {
    if (at === memberId) throw invalidField('managerId', 'That would make a reporting loop: this person is above their new manager');
    seen.add(at);
  }
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/** At least one active founder or admin must remain, or nobody could grant rights again. */
function assertAdminRemains(db: ReadableDB, after: TeamMember): void {
  const others = listMembers(db, false).filter((m) => m.id !== after.id && isAdminOrFounder(m.capabilities));
  const stillAdmin = after.status === 'active' && isAdminOrFounder(after.capabilities);
  if (others.length === 0 && !stillAdmin) {
    throw new ApiFailure('CONFLICT', `${after.name} is the last founder or admin: make someone else an admin first.`, [
      { path: after.status === 'active' ? 'capabilities' : 'status', message: 'Someone must remain a founder or admin' },
    ]);
  }
}

/**
 * Field-level rights beyond the method's audience: people edit their own
 * profile, but capabilities, manager, status and certification are granted by
 * founders and admins — and never to themselves.
 */
function assertMayChange(ctx: WriteContext, current: TeamMember, updated: TeamMember): void {
  const actor = actorOf(ctx.db, ctx.actor);
  const admin = actor !== null && isAdminOrFounder(actor.capabilities);
  const rights =
    updated.status !== current.status ||
    updated.managerId !== current.managerId ||
    updated.training.certifiedAt !== current.training.certifiedAt ||
    !sameSet(updated.capabilities, current.capabilities);
  if (rights && !admin) {
    throw new ApiFailure('FORBIDDEN', 'Only founders and admins change capabilities, managers, status and certification.');
  }
  const granted = updated.capabilities.filter((c) => !current.capabilities.includes(c));
  if (actor?.id === current.id && granted.length > 0) {
    throw new ApiFailure('FORBIDDEN', 'Nobody grants themselves a capability: ask another founder or admin.', [
      { path: 'capabilities', message: 'Nobody grants themselves a capability' },
    ]);
  }
}

export const teamHandlers: HandlersFor<'team'> = {
  'team.list': ({ includeLeft }, { db }) => listMembers(db, includeLeft),

  'team.names': ({ includeLeft }, { db }) => listMemberNames(db, includeLeft),

  'team.get': ({ id }, { db }) => mustGetMember(db, id),

  'team.create': (input, ctx) => {
    assertEmailFree(ctx.db, input.email);
    assertManager(ctx.db, null, input.managerId);
    // An empty workspace's first person is its founder and admin, and the one using this machine.
    const first = !hasAnyMember(ctx.db);
    const capabilities: Capability[] = first ? ['founder', 'admin', ...input.capabilities] : input.capabilities;
    const member: TeamMember = {
      id: newId(),
      name: input.name,
      email: input.email,
      title: input.title,
      team: input.team,
      managerId: input.managerId,
      status: 'active',
      capabilities: [...new Set(capabilities)],
      training: { interviews: 0, shadows: 0, reverseShadows: 0, barRaised: 0, certifiedAt: input.certifiedAt },
      revision: 1,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    };
    insertMember(ctx.db, member);
    ctx.log({
      entity: 'team_member',
      entityId: member.id,
      summary: first ? `Added ${member.name} as the first person: founder and admin` : `Added ${member.name} to the team`,
    });
    if (first && getSetting(ctx.db, SETTING_KEYS.me) === null) {
      setSetting(ctx.db, SETTING_KEYS.me, member.id);
      ctx.log({ entity: 'settings', entityId: member.id, summary: `Switched "me" from nobody to ${member.name}` });
    }
    return member;
  },

  'team.update': (input, ctx) => {
    const current = mustGetMember(ctx.db, input.id);
    assertRevision('team member', current.revision, input.revision);
    // A possible duplicate (two devices added this person, uniqueMerge.ts) keeps its email until someone changes it.
    const emailChanged = input.email !== undefined && input.email.toLowerCase() !== current.email.toLowerCase();
    if (emailChanged && input.email !== undefined) assertEmailFree(ctx.db, input.email, current.id);
    if (input.managerId !== undefined) assertManager(ctx.db, current.id, input.managerId);
    const { possibleDuplicateOf, ...base } = current;
    const updated: TeamMember = {
      ...base,
      ...(possibleDuplicateOf && !emailChanged ? { possibleDuplicateOf } : {}),
      name: input.name ?? current.name,
      email: input.email ?? current.email,
      title: input.title ?? current.title,
      team: input.team ?? current.team,
      managerId: input.managerId === undefined ? current.managerId : input.managerId,
      status: input.status ?? current.status,
      capabilities: input.capabilities ? [...new Set(input.capabilities)] : current.capabilities,
      training: {
        ...current.training,
        certifiedAt: input.certifiedAt === undefined ? current.training.certifiedAt : input.certifiedAt,
      },
      revision: current.revision + 1,
      updatedAt: ctx.now,
    };
    assertMayChange(ctx, current, updated);
    assertAdminRemains(ctx.db, updated);
    updateMember(ctx.db, updated);
    if (possibleDuplicateOf && emailChanged) clearMemberDuplicate(ctx.db, current.id);
    const summary =
      input.status && input.status !== current.status
        ? `${updated.name} ${input.status === 'left' ? 'left the company' : 'is back on the team'}`
        : `Edited ${updated.name}`;
    ctx.log({ entity: 'team_member', entityId: current.id, summary });
    return updated;
  },
};
