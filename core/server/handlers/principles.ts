import type { Principle, PrincipleContent } from '../../api/contract/principles';
import { newId } from '../../../db/ids';
import {
  findActivePrincipleByName,
  getPrinciple,
  insertPrinciple,
  insertPrincipleRevision,
  listPrincipleRevisions,
  listPrinciples,
  nextPrinciplePosition,
  setPrinciplePositions,
  updatePrinciple,
} from '../../../db/queries/principles';
import type { ReadableDB, WritableDB } from '../../../db/handles';
import { ApiFailure, invalidField, notFound } from '../apiFailure';
import type { WriteContext } from '../context';
import { assertRevision } from '../revision';
import type { HandlersFor } from './types';

function mustGet(db: ReadableDB, id: string): Principle {
  const p = getPrinciple(db, id);
  if (!p) throw notFound('principle', id);
  return p;
}

function assertNameFree(db: ReadableDB, name: string, exceptId?: string): void {
  const clash = findActivePrincipleByName(db, name);
  if (clash && clash.id !== exceptId) {
    throw new ApiFailure('CONFLICT', `name: An active principle is already called "${clash.name}"`, [
      { path: 'name', message: `An active principle is already called "${clash.name}"` },
    ]);
  }
}

const contentOf = (p: PrincipleContent): PrincipleContent => ({
  name: p.name,
  summary: p.summary,
  description: p.description,
  anchors: p.anchors,
});

/** Adds a principle at the end of the list, with its first revision. Shared by create and the starter set. */
export function addPrinciple(ctx: WriteContext, content: PrincipleContent, isDraft: boolean): Principle {
  assertNameFree(ctx.db, content.name);
  const principle: Principle = {
    id: newId(),
    ...contentOf(content),
    position: nextPrinciplePosition(ctx.db),
    status: 'active',
    isDraft,
    revision: 1,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
  insertPrinciple(ctx.db, principle);
  recordRevision(ctx, principle, null);
  ctx.log({ entity: 'principle', entityId: principle.id, summary: `Created principle "${principle.name}"` });
  return principle;
}

function recordRevision(ctx: WriteContext, p: Principle, before: PrincipleContent | null): void {
  insertPrincipleRevision(ctx.db, {
    id: newId(),
    principleId: p.id,
    revision: p.revision,
    at: ctx.now,
    actor: ctx.actor,
    before,
    after: contentOf(p),
  });
}

function changedFields(before: PrincipleContent, after: PrincipleContent): string[] {
  return (['name', 'summary', 'description', 'anchors'] as const).filter(
    (k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]),
  );
}

export const principleHandlers: HandlersFor<'principles'> = {
  'principles.list': ({ includeArchived }, { db }) => listPrinciples(db, includeArchived),

  'principles.get': ({ id }, { db }) => mustGet(db, id),

  'principles.create': (input, ctx) => addPrinciple(ctx, input, false),

  'principles.update': (input, ctx) => {
    const current = mustGet(ctx.db, input.id);
    assertRevision('principle', current.revision, input.revision);
    const next: PrincipleContent = {
      name: input.name ?? current.name,
      summary: input.summary ?? current.summary,
      description: input.description ?? current.description,
      anchors: input.anchors ?? current.anchors,
    };
    const changed = changedFields(current, next);
    if (changed.length === 0) throw invalidField('input', 'Nothing changed');
    if (current.status === 'active' && changed.includes('name')) assertNameFree(ctx.db, next.name, current.id);
    const updated: Principle = { ...current, ...next, isDraft: false, revision: current.revision + 1, updatedAt: ctx.now };
    updatePrinciple(ctx.db, updated);
    recordRevision(ctx, updated, contentOf(current));
    ctx.log({ entity: 'principle', entityId: current.id, summary: `Edited ${changed.join(', ')} of "${updated.name}"` });
    return updated;
  },

  'principles.reorder': ({ ids }, ctx) => {
    const active = listPrinciples(ctx.db, false);
    const expected = new Set(active.map((p) => p.id));
    const given = new Set(ids);
    if (given.size !== ids.length) throw invalidField('ids', 'Each principle may appear only once');
    if (given.size !== expected.size || ids.some((id) => !expected.has(id))) {
      throw invalidField('ids', 'List every active principle exactly once');
    }
    setPrinciplePositions(ctx.db, ids);
    ctx.log({ entity: 'principle', entityId: ids[0] ?? '', summary: 'Reordered principles' });
    return listPrinciples(ctx.db, false);
  },

  'principles.archive': ({ id }, ctx) => setStatus(ctx, mustGet(ctx.db, id), 'archived'),

  'principles.restore': ({ id }, ctx) => {
    const p = mustGet(ctx.db, id);
    if (p.status === 'archived') assertNameFree(ctx.db, p.name);
    return setStatus(ctx, p, 'active');
  },

  'principles.revisions': ({ id }, { db }) => {
    mustGet(db, id);
    return listPrincipleRevisions(db, id);
  },
};

function setStatus(ctx: WriteContext, p: Principle, status: Principle['status']): Principle {
  if (p.status === status) {
    throw new ApiFailure('CONFLICT', `"${p.name}" is already ${status}`);
  }
  const updated: Principle = {
    ...p,
    status,
    position: status === 'active' ? nextPrinciplePosition(ctx.db) : p.position,
    updatedAt: ctx.now,
  };
  updatePrinciple(ctx.db as WritableDB, updated);
  ctx.log({
    entity: 'principle',
    entityId: p.id,
    summary: `${status === 'archived' ? 'Archived' : 'Restored'} principle "${p.name}"`,
  });
  return updated;
}
