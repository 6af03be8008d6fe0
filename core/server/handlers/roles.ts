import type { Role, RoleTemplateSlot } from '../../api/contract/roles';
import { newId } from '../../../db/ids';
import type { ReadableDB } from '../../../db/handles';
import { getPrinciple } from '../../../db/queries/principles';
import { getRole, listRoles, saveRole } from '../../../db/queries/roles';
import { invalidField, notFound } from '../apiFailure';
import { definedFields } from '../patch';
import { assertRevision } from '../revision';
import { mustGetMember } from './team';
import type { HandlersFor } from './types';

export function mustGetRole(db: ReadableDB, id: string, field = 'id'): Role {
  const r = getRole(db, id);
  if (!r) throw field === 'id' ? notFound('role', id) : invalidField(field, 'No such role');
  return r;
}

function assertActivePrinciples(db: ReadableDB, ids: readonly string[], path: string): void {
  ids.forEach((id, i) => {
    const p = getPrinciple(db, id);
    if (!p) throw invalidField(`${path}.${i}`, 'No such principle');
    if (p.status !== 'active') throw invalidField(`${path}.${i}`, `"${p.name}" is archived`);
  });
}

function checkRoleInput(db: ReadableDB, r: { hiringManagerId?: string | null; focusPrincipleIds?: string[]; template?: RoleTemplateSlot[] }) {
  if (r.hiringManagerId) mustGetMember(db, r.hiringManagerId, 'hiringManagerId');
  if (r.focusPrincipleIds) {
    if (new Set(r.focusPrincipleIds).size !== r.focusPrincipleIds.length) {
      throw invalidField('focusPrincipleIds', 'Each focus principle may appear only once');
    }
    assertActivePrinciples(db, r.focusPrincipleIds, 'focusPrincipleIds');
  }
  r.template?.forEach((slot, i) => assertActivePrinciples(db, slot.principleIds, `template.${i}.principleIds`));
}

export const roleHandlers: HandlersFor<'roles'> = {
  'roles.list': ({ status }, { db }) => listRoles(db, status),

  'roles.get': ({ id }, { db }) => mustGetRole(db, id),

  'roles.create': (input, ctx) => {
    checkRoleInput(ctx.db, input);
    const role: Role = { id: newId(), ...input, revision: 1, createdAt: ctx.now, updatedAt: ctx.now };
    saveRole(ctx.db, role);
    ctx.log({ entity: 'role', entityId: role.id, summary: `Opened role "${role.title}"` });
    return role;
  },

  'roles.update': (input, ctx) => {
    const current = mustGetRole(ctx.db, input.id);
    assertRevision('role', current.revision, input.revision);
    checkRoleInput(ctx.db, input);
    const { id: _id, revision: _revision, ...changes } = input;
    const defined = definedFields(changes);
    const updated: Role = { ...current, ...defined, revision: current.revision + 1, updatedAt: ctx.now };
    saveRole(ctx.db, updated);
    const what = Object.keys(defined).join(', ') || 'nothing';
    ctx.log({ entity: 'role', entityId: current.id, summary: `Edited ${what} of role "${updated.title}"` });
    return updated;
  },
};
