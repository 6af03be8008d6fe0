import type { Checkin, CheckinDue, HireCheckins } from '../../api/contract/checkins';
import { isAdminOrFounder } from '../../rules/access';
import {
  CHECKIN_KINDS,
  CHECKIN_LABELS,
  checkinDueAt,
  checkinIssues,
  checkinOpen,
  checkinState,
} from '../../rules/hireCheckins';
import { newId } from '../../../db/ids';
import type { ReadableDB } from '../../../db/handles';
import { getHire, insertCheckin, listCheckins, listHires, setHireManager, type HireRow, type HireWithPrinciples } from '../../../db/queries/checkins';
import { getPrinciple } from '../../../db/queries/principles';
import { getMemberBasics } from '../../../db/queries/team';
import { parseJsonColumn, StringList } from '../../../db/jsonColumns';
import { ApiFailure, invalidField } from '../apiFailure';
import { requireMe } from './participation';
import type { HandlersFor } from './types';

/** The principles the loop assessed (every slot's), in the culture's order: what a check-in rates. */
function hirePrinciples(db: ReadableDB, hire: HireWithPrinciples) {
  const ids = new Set<string>();
  for (const json of parseJsonColumn(StringList, hire.slotPrincipleIds, 'loop_slots.principle_ids')) {
    for (const id of parseJsonColumn(StringList, json, 'loop_slots.principle_ids')) ids.add(id);
  }
  return [...ids]
    .flatMap((id) => {
      const p = getPrinciple(db, id);
      return p ? [p] : [];
    })
    .sort((a, b) => a.position - b.position || a.name.localeCompare(b.name));
}

/** Recorded check-ins by hire and kind (one each at most): a manager of years of hires has hundreds, and searching the list per pair was quadratic. */
const byHireAndKind = (checkins: readonly Checkin[]) => new Map(checkins.map((c) => [`${c.loopId}|${c.kind}`, c]));

function duesOf(hire: HireRow, done: ReadonlyMap<string, Checkin>, now: string): CheckinDue[] {
  return CHECKIN_KINDS.map((kind) => {
    const checkin = done.get(`${hire.loopId}|${kind}`) ?? null;
    return {
      loopId: hire.loopId,
      candidateId: hire.candidateId,
      candidateName: hire.candidateName,
      roleTitle: hire.roleTitle,
      hiredAt: hire.hiredAt,
      kind,
      dueAt: checkinDueAt(hire.hiredAt, kind) ?? hire.hiredAt,
      state: checkinState({ hiredAt: hire.hiredAt, kind, now, done: checkin !== null }),
      managerId: hire.managerId,
      managerName: hire.managerName,
      checkinId: checkin?.id ?? null,
    };
  });
}

/** Check-ins of the hires `managerId` manages (every hire when null), soonest first. */
export function checkinDues(db: ReadableDB, managerId: string | null, now: string): CheckinDue[] {
  const hires = listHires(db, managerId);
  const done = byHireAndKind(listCheckins(db, hires.map((h) => h.loopId)));
  return hires.flatMap((h) => duesOf(h, done, now)).sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.loopId.localeCompare(b.loopId));
}

/** Managers, and founders and admins, see a hire's check-ins; its ratings speak about a colleague's work. */
function mustSeeHire(db: ReadableDB, actor: string, loopId: string): HireWithPrinciples {
  const hire = getHire(db, loopId);
  if (!hire) throw invalidField('loopId', 'This loop is not a hire (its decision is not "hire", or the candidate was erased)');
  const me = getMemberBasics(db, actor);
  if (!me || me.status !== 'active') throw new ApiFailure('FORBIDDEN', "Choose who you are in Settings first: check-ins are for the hire's manager.");
  if (me.id !== hire.managerId && !isAdminOrFounder(me.capabilities)) {
    throw new ApiFailure('FORBIDDEN', "Only the hire's manager, founders and admins may read these check-ins.");
  }
  return hire;
}

export const checkinHandlers: HandlersFor<'checkins'> = {
  'checkins.list': (input, { db, actor, now }): CheckinDue[] => {
    const me = getMemberBasics(db, actor);
    if (!me || me.status !== 'active') return [];
    if (input.all && !isAdminOrFounder(me.capabilities)) {
      throw new ApiFailure('FORBIDDEN', "Only founders and admins may list every hire's check-ins.");
    }
    const dues = checkinDues(db, input.all ? null : me.id, now);
    const state = input.state;
    if (!state) return dues;
    return dues.filter((d) => (state === 'open' ? checkinOpen(d.state) : d.state === state));
  },

  'checkins.get': ({ loopId }, { db, actor, now }): HireCheckins => {
    const hire = mustSeeHire(db, actor, loopId);
    const done = listCheckins(db, [hire.loopId]);
    const duplicates = listCheckins(db, [hire.loopId], 'duplicates');
    return {
      loopId: hire.loopId,
      candidateId: hire.candidateId,
      candidateName: hire.candidateName,
      roleTitle: hire.roleTitle,
      hiredAt: hire.hiredAt,
      managerId: hire.managerId,
      managerName: hire.managerName,
      principles: hirePrinciples(db, hire).map((p) => ({ principleId: p.id, name: p.name, summary: p.summary, anchors: p.anchors, revision: p.revision })),
      checkins: duesOf(hire, byHireAndKind(done), now).map((d) => ({
        ...d,
        checkin: done.find((c) => c.id === d.checkinId) ?? null,
        duplicates: duplicates.filter((c) => c.kind === d.kind),
      })),
    };
  },

  'checkins.record': (input, ctx): Checkin => {
    const me = requireMe(ctx);
    const hire = getHire(ctx.db, input.loopId);
    if (!hire) throw invalidField('loopId', 'This loop is not a hire (its decision is not "hire", or the candidate was erased)');
    // The access table lets the hire's manager through; this is the same fact, read in the write transaction.
    if (hire.managerId !== me.id) throw new ApiFailure('FORBIDDEN', "Only the hire's manager may record a check-in.");
    const done = listCheckins(ctx.db, [hire.loopId]);
    const state = checkinState({ hiredAt: hire.hiredAt, kind: input.kind, now: ctx.now, done: done.some((c) => c.kind === input.kind) });
    if (state === 'done') throw new ApiFailure('CONFLICT', `The ${CHECKIN_LABELS[input.kind]} is already recorded.`);
    if (!checkinOpen(state)) {
      throw invalidField('kind', `The ${CHECKIN_LABELS[input.kind]} opens two weeks before ${checkinDueAt(hire.hiredAt, input.kind)?.slice(0, 10) ?? 'its date'}`);
    }
    const principles = hirePrinciples(ctx.db, hire);
    const issues = checkinIssues(input.ratings, principles.map((p) => p.id));
    const first = issues[0];
    if (first) throw new ApiFailure('VALIDATION', `${first.path}: ${first.message}`, issues);
    const checkin: Checkin = {
      id: newId(),
      loopId: hire.loopId,
      kind: input.kind,
      managerId: me.id,
      ratings: input.ratings,
      note: input.note,
      recordedAt: ctx.now,
    };
    insertCheckin(ctx.db, checkin, Object.fromEntries(principles.map((p) => [p.id, p.revision])));
    // The note and ratings are about a colleague's work: the log, which everyone reads, says only that it happened.
    ctx.log({ entity: 'loop', entityId: hire.loopId, summary: `${me.name} recorded the ${CHECKIN_LABELS[input.kind]}` });
    return checkin;
  },

  'checkins.assignManager': ({ loopId, managerId }, ctx): CheckinDue[] => {
    const hire = getHire(ctx.db, loopId);
    if (!hire) throw invalidField('loopId', 'This loop is not a hire (its decision is not "hire", or the candidate was erased)');
    const manager = getMemberBasics(ctx.db, managerId);
    if (!manager) throw invalidField('managerId', 'No such team member');
    if (manager.status !== 'active') throw invalidField('managerId', `${manager.name} has left the team`);
    setHireManager(ctx.db, loopId, managerId, ctx.now);
    ctx.log({ entity: 'loop', entityId: loopId, summary: `Check-ins of this hire are now for ${manager.name}` });
    const updated = getHire(ctx.db, loopId);
    return updated ? duesOf(updated, byHireAndKind(listCheckins(ctx.db, [loopId])), ctx.now) : [];
  },
};
