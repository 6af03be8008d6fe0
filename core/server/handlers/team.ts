import type { TeamMember } from '../../api/contract/team';
import { newId } from '../../../db/ids';
import type { ReadableDB } from '../../../db/handles';
import { findMemberByEmail, getMember, insertMember, listMembers, managerEdges, updateMember } from '../../../db/queries/team';
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

export const teamHandlers: HandlersFor<'team'> = {
  'team.list': ({ includeLeft }, { db }) => listMembers(db, includeLeft),

  'team.get': ({ id }, { db }) => mustGetMember(db, id),

  'team.create': (input, ctx) => {
    assertEmailFree(ctx.db, input.email);
    assertManager(ctx.db, null, input.managerId);
    const member: TeamMember = {
      id: newId(),
      name: input.name,
      email: input.email,
      title: input.title,
      team: input.team,
      managerId: input.managerId,
      status: 'active',
      capabilities: [...new Set(input.capabilities)],
      training: { interviews: 0, shadows: 0, reverseShadows: 0, barRaised: 0, certifiedAt: input.certifiedAt },
      revision: 1,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    };
    insertMember(ctx.db, member);
    ctx.log({ entity: 'team_member', entityId: member.id, summary: `Added ${member.name} to the team` });
    return member;
  },

  'team.update': (input, ctx) => {
    const current = mustGetMember(ctx.db, input.id);
    assertRevision('team member', current.revision, input.revision);
    if (input.email !== undefined) assertEmailFree(ctx.db, input.email, current.id);
    if (input.managerId !== undefined) assertManager(ctx.db, current.id, input.managerId);
    const updated: TeamMember = {
      ...current,
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
    updateMember(ctx.db, updated);
    const summary =
      input.status && input.status !== current.status
        ? `${updated.name} ${input.status === 'left' ? 'left the company' : 'is back on the team'}`
        : `Edited ${updated.name}`;
    ctx.log({ entity: 'team_member', entityId: current.id, summary });
    return updated;
  },
};
