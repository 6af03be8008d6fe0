import type { Loop, LoopDetail, LoopSlot, SuggestedLoopPlan } from '../../api/contract/loops';
import { LOOP_TRANSITIONS } from '../../api/contract/loops';
import { checkLoopPlan, hasBlockers } from '../../rules/loopChecks';
import type { CheckFinding, LoopPlan, PlanningContext } from '../../rules/planTypes';
import { selectKit } from '../../rules/kitSelection';
import { suggestPlan } from '../../rules/suggestPlan';
import { newId } from '../../../db/ids';
import type { ReadableDB, WritableDB } from '../../../db/handles';
import {
  getLoop,
  getKitEntries,
  listLoops,
  markKitQuestionsUsed,
  recentInterviewLoad,
  recentTrainingSessions,
  replaceKitEntries,
  saveLoop,
} from '../../../db/queries/loops';
import { trainingCounts } from '../../../db/queries/training';
import { isTrainedInterviewer, plannerTrainingStage } from '../../rules/training/paths';
import type { TraineeOnOffer } from '../../rules/suggestPlan';
import { countActiveQuestionsByPrinciple, listKitCandidates } from '../../../db/queries/questions';
import { readPlanningSettings, readTrainingSettings } from '../../../db/queries/settingsValues';
import { listPlanMembers } from '../../../db/queries/team';
import { ApiFailure, invalidField, notFound } from '../apiFailure';
import { questionsMetByCandidate } from '../questionsMet';
import { untilNextCommit } from '../untilNextCommit';
import { assertRevision } from '../revision';
import { candidateWords } from '../candidateWords';
import { mustGetCandidate } from './candidates';
import { mustGetRole } from './roles';
import { mustGetMember } from './team';
import type { HandlersFor } from './types';

export function mustGetLoop(db: ReadableDB, id: string, field = 'id'): Loop {
  const loop = getLoop(db, id);
  if (!loop) throw field === 'id' ? notFound('loop', id) : invalidField(field, 'No such loop');
  return loop;
}

/**
 * The facts of the whole company the planning rules weigh every loop against: everyone who could sit in a
 * seat, the hires made so far and the question pool. Each loop's planner reads them, and they change only
 * with a write, so a read connection keeps them until the next commit.
 */
function companyPlanningFacts(db: ReadableDB): Pick<PlanningContext, 'members' | 'hiresMade' | 'founderRuleThreshold' | 'questionsByPrinciple'> {
  return untilNextCommit(db, 'planningFacts', () => {
    const settings = readPlanningSettings(db);
    return {
      members: listPlanMembers(db),
      hiresMade: settings.hiresMade,
      founderRuleThreshold: settings.founderRuleThreshold,
      questionsByPrinciple: countActiveQuestionsByPrinciple(db),
    };
  });
}

/** The plain data the planning rules need, read once per call. */
export function planningContext(db: ReadableDB, loop: Loop, now: string, role = mustGetRole(db, loop.roleId), candidate = mustGetCandidate(db, loop.candidateId)): PlanningContext {
  return {
    ...companyPlanningFacts(db),
    role: { id: role.id, team: role.team, focusPrincipleIds: role.focusPrincipleIds, template: role.template },
    candidateCooldownUntil: candidate.cooldownUntil,
    now,
  };
}

const toPlan = (loop: Loop): LoopPlan => ({
  hiringManagerId: loop.hiringManagerId,
  barRaiserId: loop.barRaiserId,
  shadowIds: loop.shadowIds,
  slots: loop.slots.map((s) => ({
    id: s.id,
    title: s.title,
    durationMinutes: s.durationMinutes,
    interviewerId: s.interviewerId,
    traineeId: s.traineeId,
    principleIds: s.principleIds,
  })),
});

export function loopChecks(db: ReadableDB, loop: Loop, now: string): CheckFinding[] {
  return checkLoopPlan(toPlan(loop), planningContext(db, loop, now));
}

/** Keeps the saved kit in step with the plan: chosen questions stay, new slots and principles get fresh ones. */
function refreshKit(db: WritableDB, loop: Loop, now: string): void {
  const entries = selectKit({
    slots: loop.slots,
    questions: listKitCandidates(db),
    askedBefore: questionsMetByCandidate(db, loop, now),
    keep: getKitEntries(db, loop.id),
  });
  replaceKitEntries(db, loop.id, entries);
}

function refuseBlockers(blockers: CheckFinding[], what: string): never {
  const list = blockers.map((b) => b.message).join(' ');
  throw new ApiFailure('VALIDATION', `overrideReason: ${what} is blocked: ${list} Fix the plan, or record an override reason.`, [
    { path: 'overrideReason', message: `Blocked: ${list}` },
  ]);
}

function assertMembers(
  db: ReadableDB,
  input: { hiringManagerId?: string | null; barRaiserId?: string | null; shadowIds?: string[]; slots?: { interviewerId: string | null; traineeId?: string | null | undefined }[] },
) {
  if (input.hiringManagerId) mustGetMember(db, input.hiringManagerId, 'hiringManagerId');
  if (input.barRaiserId) mustGetMember(db, input.barRaiserId, 'barRaiserId');
  input.shadowIds?.forEach((id, i) => mustGetMember(db, id, `shadowIds.${i}`));
  input.slots?.forEach((s, i) => {
    if (s.interviewerId) mustGetMember(db, s.interviewerId, `slots.${i}.interviewerId`);
    if (s.traineeId) mustGetMember(db, s.traineeId, `slots.${i}.traineeId`);
  });
}

/** Every active interviewer in training, at their stage on the interviewer path, with their recent training sessions. */
function traineesOnOffer(db: ReadableDB, ctx: PlanningContext, since: string): TraineeOnOffer[] {
  const settings = readTrainingSettings(db);
  // Counted only for those in training: the counts cost each person's history, and the trained need none.
  const counts = trainingCounts(db, ctx.members.filter((m) => m.active && !isTrainedInterviewer(m.capabilities)).map((m) => m.id));
  const recent = recentTrainingSessions(db, since);
  return ctx.members.flatMap((m) => {
    const c = counts.get(m.id);
    const stage = c ? plannerTrainingStage(m, c, settings) : null;
    return stage ? [{ memberId: m.id, stage, recentSessions: recent[m.id] ?? 0 }] : [];
  });
}

const EDITABLE = new Set<Loop['status']>(['draft', 'planned']);

export const loopHandlers: HandlersFor<'loops'> = {
  'loops.list': (filter, { db }) => listLoops(db, filter),

  'loops.get': ({ id }, { db, now }): LoopDetail => {
    const loop = mustGetLoop(db, id);
    const candidate = mustGetCandidate(db, loop.candidateId);
    const role = mustGetRole(db, loop.roleId);
    const context = planningContext(db, loop, now, role, candidate);
    return { loop, candidate, role, checks: checkLoopPlan(toPlan(loop), context), context };
  },

  'loops.create': ({ candidateId, roleId }, ctx) => {
    const candidate = mustGetCandidate(ctx.db, candidateId, 'candidateId');
    const role = mustGetRole(ctx.db, roleId, 'roleId');
    if (role.status === 'closed') throw invalidField('roleId', `"${role.title}" is closed; reopen it to plan a loop`);
    const slots: LoopSlot[] = role.template.map((t, position) => ({
      id: newId(),
      position,
      title: t.title,
      durationMinutes: t.durationMinutes,
      interviewerId: null,
      traineeId: null,
      startsAt: null,
      principleIds: [...t.principleIds],
    }));
    const loop: Loop = {
      id: newId(),
      candidateId,
      roleId,
      status: 'draft',
      hiringManagerId: role.hiringManagerId,
      barRaiserId: null,
      shadowIds: [],
      slots,
      cancelReason: null,
      overrideReason: null,
      revision: 1,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    };
    saveLoop(ctx.db, loop);
    refreshKit(ctx.db, loop, ctx.now);
    ctx.log({ entity: 'loop', entityId: loop.id, summary: `Created a loop for ${candidateWords(candidate)} (${role.title})` });
    return loop;
  },

  'loops.plan': (input, ctx) => {
    const current = mustGetLoop(ctx.db, input.id);
    assertRevision('loop', current.revision, input.revision);
    if (!EDITABLE.has(current.status)) {
      throw new ApiFailure('CONFLICT', `This loop is ${current.status}; its plan can no longer change`);
    }
    assertMembers(ctx.db, input);
    const updated: Loop = {
      ...current,
      hiringManagerId: input.hiringManagerId === undefined ? current.hiringManagerId : input.hiringManagerId,
      barRaiserId: input.barRaiserId === undefined ? current.barRaiserId : input.barRaiserId,
      shadowIds: input.shadowIds ?? current.shadowIds,
      slots: input.slots
        ? input.slots.map((s, position) => ({
            id: s.id && current.slots.some((c) => c.id === s.id) ? s.id : newId(),
            position,
            title: s.title,
            durationMinutes: s.durationMinutes,
            interviewerId: s.interviewerId,
            traineeId: s.traineeId ?? null,
            startsAt: s.startsAt,
            principleIds: [...new Set(s.principleIds)],
          }))
        : current.slots,
      revision: current.revision + 1,
      updatedAt: ctx.now,
    };
    // A planned loop stays within the rules: an edit that breaks one needs the same override as planning did.
    if (current.status === 'planned') {
      const blockers = loopChecks(ctx.db, updated, ctx.now).filter((f) => f.kind === 'blocker');
      if (blockers.length && !input.overrideReason) refuseBlockers(blockers, 'This change to a planned loop');
      if (blockers.length) updated.overrideReason = input.overrideReason ?? null;
    }
    saveLoop(ctx.db, updated);
    refreshKit(ctx.db, updated, ctx.now);
    ctx.log({
      entity: 'loop',
      entityId: current.id,
      summary: `Edited the plan${input.overrideReason && current.status === 'planned' ? ` (override: ${input.overrideReason})` : ''}`,
    });
    return updated;
  },

  'loops.transition': ({ id, revision, to, reason, overrideReason }, ctx) => {
    const loop = mustGetLoop(ctx.db, id);
    assertRevision('loop', loop.revision, revision);
    if (!LOOP_TRANSITIONS[loop.status].includes(to)) {
      throw new ApiFailure('CONFLICT', `A ${loop.status} loop cannot move to ${to}`);
    }
    // These two steps have their own doors, which check who may take them.
    if (to === 'debrief') throw new ApiFailure('CONFLICT', 'Open the debrief instead: it checks that the feedback is in.');
    if (to === 'decided') throw new ApiFailure('CONFLICT', 'Record the decision in the debrief instead.');
    if (to === 'cancelled' && !reason) throw invalidField('reason', 'Say why the loop is cancelled');
    let summary = `Moved the loop from ${loop.status} to ${to}`;
    const next: Loop = { ...loop, status: to, revision: loop.revision + 1, updatedAt: ctx.now };
    if (to === 'cancelled') {
      next.cancelReason = reason;
      summary = `Cancelled the loop: ${reason}`;
    }
    if (loop.status === 'draft' && to === 'planned') {
      const checks = loopChecks(ctx.db, loop, ctx.now);
      const blockers = checks.filter((f) => f.kind === 'blocker');
      if (hasBlockers(checks) && !overrideReason) refuseBlockers(blockers, 'Planning this loop');
      if (blockers.length) {
        next.overrideReason = overrideReason;
        summary += ` with an override: "${overrideReason}" (blockers: ${blockers.map((b) => b.message).join(' ')})`;
      }
    }
    saveLoop(ctx.db, next);
    if (to === 'planned') {
      refreshKit(ctx.db, next, ctx.now);
      markKitQuestionsUsed(ctx.db, next.id, ctx.now);
    }
    ctx.log({ entity: 'loop', entityId: loop.id, summary });
    return next;
  },

  'loops.suggest': ({ id }, { db, now }): SuggestedLoopPlan => {
    const loop = mustGetLoop(db, id);
    const ctx = planningContext(db, loop, now);
    const slotIds = [...loop.slots.map((s) => s.id)];
    while (slotIds.length < Math.max(ctx.role.template.length, ctx.role.focusPrincipleIds.length, 1)) slotIds.push(newId());
    const since = new Date(Date.parse(now) - 60 * 24 * 3600 * 1000).toISOString();
    const suggestion = suggestPlan({
      ctx,
      hiringManagerId: loop.hiringManagerId,
      recentLoad: recentInterviewLoad(db, since),
      slotIds,
      trainees: traineesOnOffer(db, ctx, since),
    });
    return {
      ...suggestion.plan,
      shadowIds: [...suggestion.plan.shadowIds],
      slots: suggestion.plan.slots.map((s) => ({ ...s, principleIds: [...s.principleIds] })),
      explanations: suggestion.explanations,
      unresolved: suggestion.unresolved,
    };
  },
};
