/**
 * "Suggest a plan" (SPEC §5.2): fills a loop from the role's template, picks
 * an independent bar raiser, interviewers and a shadow, and explains each
 * choice in one sentence naming the person.
 *
 * The order of the steps matters:
 * 1. slots from the template, then every focus principle covered;
 * 2. the bar raiser first, because they may sit in no slot and so shrink the
 *    interviewer pool (any bar raiser removes exactly one person from it, so
 *    the choice never decides whether the slots can be filled);
 * 3. interviewers slot by slot, then the founder rule, then a shadow;
 * 4. interviewers in training last, only into places left over: a shadow at
 *    the shadow stage, a reverse-shadow slot (the trainee leads, the slot's
 *    trained interviewer supervises) at the next stage, so a trainee never
 *    takes a place whose feedback counts.
 * A blocker that no plan can fix (no independent bar raiser, too few people,
 * a candidate cooldown, no hiring manager) is explained in `unresolved`
 * instead of being papered over.
 *
 * Deterministic: every choice is ordered by recent load, then id (plain
 * string compare, never locale-dependent).
 */

import type { LoopPlan, PlanMember, PlanningContext, PlanSlot } from './planTypes';
import { isTrainedInterviewer, maySupervise, type PlannerTrainingStage } from './training/paths';
import {
  MAX_PRINCIPLES_PER_SLOT,
  SMALL_TEAM_SIZE,
  describeIndependenceProblem,
  independenceProblems,
  isInCooldown,
  isoDateOf,
} from './loopChecks';

export interface SuggestInput {
  ctx: PlanningContext;
  hiringManagerId: string | null;
  /** Interviews each member did recently; lower is preferred. */
  recentLoad: Readonly<Record<string, number>>;
  /**
   * Ids to give the slots, one per template slot, in order. With no template,
   * one slot is made per up to three focus principles (at least one slot), and
   * each needs an id, so pass at least that many.
   */
  slotIds: readonly string[];
  /**
   * Interviewers in training the caller offers for this loop, with their stage and how many training
   * sessions (shadows, reverse shadows) they had recently; fewest first, to spread the load.
   */
  trainees?: readonly TraineeOnOffer[];
}

export interface TraineeOnOffer {
  memberId: string;
  stage: PlannerTrainingStage;
  recentSessions: number;
}

export interface SuggestedPlan {
  plan: LoopPlan;
  explanations: string[];
  /** Why a blocker remains when no passing plan exists, e.g. "A three-person company has no independent bar raiser…". */
  unresolved: string[];
}

/** Length given to slots made without a template; a common length for one behavioural interview. */
export const DEFAULT_SLOT_MINUTES = 60;

export function suggestPlan(input: SuggestInput): SuggestedPlan {
  const env = createEnv(input);
  const notes: Notes = { explanations: [], unresolved: [] };

  const slots = buildSlots(env, notes);
  coverFocusPrinciples(env, slots, notes);
  noteHiringManager(env, notes);
  const barRaiserId = pickBarRaiser(env, notes);
  // One sentence per slot, kept aside so the founder rule can rewrite the one it changes.
  const slotSentences = assignInterviewers(env, slots, barRaiserId, notes);
  const founderNote = applyFounderRule(env, slots, barRaiserId, slotSentences);
  for (const sentence of slotSentences) if (sentence !== undefined) notes.explanations.push(sentence);
  if (founderNote !== null) notes.explanations.push(founderNote);
  const shadowIds = pickShadow(env, slots, barRaiserId, notes);
  placeTrainees(env, slots, barRaiserId, shadowIds, notes);
  noteCooldown(env, notes);

  const plan: LoopPlan = {
    hiringManagerId: input.hiringManagerId,
    barRaiserId,
    slots: slots.map(({ traineeId, ...s }): PlanSlot => ({ ...s, principleIds: [...s.principleIds], ...(traineeId ? { traineeId } : {}) })),
    shadowIds,
  };
  return { plan, explanations: notes.explanations, unresolved: notes.unresolved };
}

// ---------------------------------------------------------------------------
// Shared lookups
// ---------------------------------------------------------------------------

interface Env {
  input: SuggestInput;
  ctx: PlanningContext;
  hiringManagerId: string | null;
  /** Members by id, first row winning if an id repeats. */
  byId: ReadonlyMap<string, PlanMember>;
  /** Active members, each once, in id order. */
  active: readonly PlanMember[];
  focus: readonly string[];
}

interface Notes {
  explanations: string[];
  unresolved: string[];
}

interface DraftSlot {
  id: string;
  title: string;
  durationMinutes: number;
  interviewerId: string | null;
  principleIds: string[];
  traineeId?: string;
}

function createEnv(input: SuggestInput): Env {
  const byId = new Map<string, PlanMember>();
  for (const m of input.ctx.members) if (!byId.has(m.id)) byId.set(m.id, m);
  const active = [...byId.values()].filter((m) => m.active).sort((a, b) => compareIds(a.id, b.id));
  return {
    input,
    ctx: input.ctx,
    hiringManagerId: input.hiringManagerId,
    byId,
    active,
    focus: [...new Set(input.ctx.role.focusPrincipleIds)],
  };
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function loadOf(env: Env, id: string): number {
  const load = env.input.recentLoad;
  // hasOwn: an id such as "constructor" must not read Object.prototype.
  const value = Object.hasOwn(load, id) ? load[id] : undefined;
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** Lowest recent load first, then id. */
function byLoadThenId(env: Env): (a: PlanMember, b: PlanMember) => number {
  return (a, b) => loadOf(env, a.id) - loadOf(env, b.id) || compareIds(a.id, b.id);
}

function nameOf(env: Env, id: string): string {
  const name = env.byId.get(id)?.name.trim();
  return name ? name : id;
}

function interviews(n: number): string {
  return `${n} recent interview${n === 1 ? '' : 's'}`;
}

function slotLabel(slot: DraftSlot, index: number): string {
  const title = slot.title.trim();
  return title ? `"${title}"` : `slot ${index + 1}`;
}

function has(member: PlanMember, capability: PlanMember['capabilities'][number]): boolean {
  return member.capabilities.includes(capability);
}

function distinctCount(items: readonly string[]): number {
  return new Set(items).size;
}

// ---------------------------------------------------------------------------
// 1. Slots and principles
// ---------------------------------------------------------------------------

function buildSlots(env: Env, notes: Notes): DraftSlot[] {
  const ids = env.input.slotIds;
  if (ids.length === 0) {
    notes.unresolved.push('No slot ids were given, so no interview could be planned; this is a bug in the caller.');
    return [];
  }
  const template = env.ctx.role.template;
  if (template.length > 0) return slotsFromTemplate(env, notes);
  return slotsFromFocus(env, notes);
}

function slotsFromTemplate(env: Env, notes: Notes): DraftSlot[] {
  const { template } = env.ctx.role;
  const ids = env.input.slotIds;
  const count = Math.min(template.length, ids.length);
  if (count < template.length) {
    notes.explanations.push(`Only ${count} of the template's ${template.length} interviews were made, because only ${count} slot ids were given.`);
  }
  return template.slice(0, count).map((t, i) => ({
    id: ids[i] as string,
    title: t.title,
    durationMinutes: t.durationMinutes,
    interviewerId: null,
    principleIds: [...t.principleIds],
  }));
}

/** No template: one interview per up to three focus principles, sizes as even as possible, focus order kept. */
function slotsFromFocus(env: Env, notes: Notes): DraftSlot[] {
  const ids = env.input.slotIds;
  const needed = Math.max(1, Math.ceil(env.focus.length / MAX_PRINCIPLES_PER_SLOT));
  const count = Math.min(needed, ids.length);
  const slots: DraftSlot[] = [];
  let next = 0;
  for (let i = 0; i < count; i++) {
    // Even split: the first (length % count) slots take one extra principle.
    const size = Math.floor(env.focus.length / count) + (i < env.focus.length % count ? 1 : 0);
    slots.push({
      id: ids[i] as string,
      title: `Interview ${i + 1}`,
      durationMinutes: DEFAULT_SLOT_MINUTES,
      interviewerId: null,
      principleIds: env.focus.slice(next, next + size),
    });
    next += size;
  }
  const shortBy = needed - count;
  notes.explanations.push(
    `The role has no loop template, so ${count} interview${count === 1 ? ' was' : 's were'} made from its focus principles` +
      (shortBy > 0 ? `; ${shortBy} more would keep each to ${MAX_PRINCIPLES_PER_SLOT} principles but no slot ids were left for them.` : '.'),
  );
  return slots;
}

/**
 * Adds each uncovered focus principle (most important first) to the slot
 * with the fewest principles, earlier slots winning ties, so the load stays
 * balanced. A slot already at three is used only when every slot is: an
 * overfull interview is a warning, an uncovered focus principle a blocker.
 */
function coverFocusPrinciples(env: Env, slots: DraftSlot[], notes: Notes): void {
  if (slots.length === 0) return;
  const covered = new Set(slots.flatMap((s) => s.principleIds));
  for (const principleId of env.focus) {
    if (covered.has(principleId)) continue;
    const index = leastLoadedSlot(slots);
    const slot = slots[index] as DraftSlot;
    slot.principleIds.push(principleId);
    covered.add(principleId);
    const count = distinctCount(slot.principleIds);
    notes.explanations.push(
      count > MAX_PRINCIPLES_PER_SLOT
        ? `Focus principle ${principleId} was added to ${slotLabel(slot, index)}, which now has ${count} principles, because every interview already had ${MAX_PRINCIPLES_PER_SLOT}.`
        : `Focus principle ${principleId} was added to ${slotLabel(slot, index)} so every focus principle is assessed.`,
    );
  }
}

function leastLoadedSlot(slots: readonly DraftSlot[]): number {
  let best = 0;
  let bestKey = Number.POSITIVE_INFINITY;
  slots.forEach((slot, index) => {
    const count = distinctCount(slot.principleIds);
    // Full slots sort after every slot with room; strict "<" keeps the earliest on ties.
    const key = (count >= MAX_PRINCIPLES_PER_SLOT ? 1_000_000 : 0) + count;
    if (key < bestKey) {
      best = index;
      bestKey = key;
    }
  });
  return best;
}

// ---------------------------------------------------------------------------
// 2. Hiring manager and bar raiser
// ---------------------------------------------------------------------------

function noteHiringManager(env: Env, notes: Notes): void {
  const id = env.hiringManagerId;
  if (id === null) {
    notes.unresolved.push('No hiring manager was chosen; pick one, and the bar raiser is then checked against their reporting chain.');
    return;
  }
  const member = env.byId.get(id);
  if (!member) notes.unresolved.push(`The hiring manager "${id}" is not a team member; choose an active hiring manager.`);
  else if (!member.active) notes.unresolved.push(`The hiring manager ${nameOf(env, id)} has left the company; choose an active hiring manager.`);
}

function pickBarRaiser(env: Env, notes: Notes): string | null {
  const certified = env.active.filter((m) => has(m, 'bar_raiser')).sort(byLoadThenId(env));
  const rejected: string[] = [];
  for (const candidate of certified) {
    const problems = independenceProblems(candidate.id, env.hiringManagerId, env.ctx.role.team, env.ctx.members);
    if (problems.length === 0) {
      notes.explanations.push(
        `${nameOf(env, candidate.id)} is the bar raiser: certified, outside the hiring manager's reporting chain and the role's team, ` +
          `and the least loaded such bar raiser (${interviews(loadOf(env, candidate.id))}).`,
      );
      return candidate.id;
    }
    const reasons = problems.map((p) => describeIndependenceProblem(p, env.ctx.role.team));
    rejected.push(`${nameOf(env, candidate.id)} ${reasons.join(' and ')}`);
  }
  notes.unresolved.push(noBarRaiserReason(env, rejected));
  return null;
}

function noBarRaiserReason(env: Env, rejected: readonly string[]): string {
  const teamSize = env.active.length;
  const small = teamSize <= SMALL_TEAM_SIZE ? ` A company of ${teamSize} active people often has nobody independent; record an override reason.` : '';
  if (rejected.length === 0) {
    return `No active team member holds the bar-raiser capability (a bar raiser in training is not enough), so the loop has no bar raiser; certify one or record an override reason.${small}`;
  }
  return `No certified bar raiser is independent of this loop: ${rejected.join('; ')}.${small || ' Certify a bar raiser from another team or record an override reason.'}`;
}

// ---------------------------------------------------------------------------
// 3. Interviewers, founder rule, shadow
// ---------------------------------------------------------------------------

/**
 * Everyone who may interview, best first: anyone but the hiring manager
 * before the hiring manager (they already judge the candidate; an
 * interview of their own adds little independent evidence), trained before
 * untrained, then lowest recent load, then id.
 */
function interviewerPool(env: Env, barRaiserId: string | null): PlanMember[] {
  const rank = (m: PlanMember): number => (m.id === env.hiringManagerId ? 2 : 0) + (isTrainedInterviewer(m.capabilities) ? 0 : 1);
  const tie = byLoadThenId(env);
  return env.active.filter((m) => m.id !== barRaiserId).sort((a, b) => rank(a) - rank(b) || tie(a, b));
}

function assignInterviewers(env: Env, slots: DraftSlot[], barRaiserId: string | null, notes: Notes): (string | undefined)[] {
  const pool = interviewerPool(env, barRaiserId);
  const sentences = slots.map((slot, index) => {
    const person = pool[index];
    if (!person) return undefined;
    slot.interviewerId = person.id;
    return interviewerSentence(env, person, slot, index);
  });
  if (pool.length < slots.length) {
    const besides = barRaiserId === null ? '' : ' besides the bar raiser';
    notes.unresolved.push(
      `Not enough active people to fill ${slots.length} interviews without repeating someone: only ${pool.length} ${pool.length === 1 ? 'is' : 'are'} available${besides}; remove ${slots.length - pool.length} interview${slots.length - pool.length === 1 ? '' : 's'} or record an override reason.`,
    );
  }
  return sentences;
}

function interviewerSentence(env: Env, person: PlanMember, slot: DraftSlot, index: number): string {
  const name = nameOf(env, person.id);
  const where = slotLabel(slot, index);
  const load = interviews(loadOf(env, person.id));
  if (person.id === env.hiringManagerId) {
    return `Hiring manager ${name} interviews in ${where} because nobody else was available.`;
  }
  if (!isTrainedInterviewer(person.capabilities)) {
    return `${name} interviews in ${where} (${load}) although not a trained interviewer, because no trained interviewer was free; consider making them a shadow instead.`;
  }
  return `${name} interviews in ${where}: a trained interviewer with ${load}, the fewest among trained interviewers still free.`;
}

/**
 * Founder rule: while the company is young, a founder should be on every
 * loop. If none is, the least-loaded active founder takes the last slot (an
 * empty one if any remain), so the earlier slots keep the interviewers best
 * matched by training and load.
 */
function applyFounderRule(
  env: Env,
  slots: DraftSlot[],
  barRaiserId: string | null,
  slotSentences: (string | undefined)[],
): string | null {
  const { ctx } = env;
  if (ctx.hiresMade >= ctx.founderRuleThreshold) return null;
  const founders = env.active.filter((m) => has(m, 'founder')).sort(byLoadThenId(env));
  const why = `the company has made fewer than ${ctx.founderRuleThreshold} hires`;
  if (founders.length === 0) return `No active founder is recorded, so no founder could be put on this loop although ${why}.`;
  const onLoop = new Set<string>(slots.flatMap((s) => (s.interviewerId === null ? [] : [s.interviewerId])));
  if (barRaiserId !== null) onLoop.add(barRaiserId);
  if (env.hiringManagerId !== null) onLoop.add(env.hiringManagerId);
  if (founders.some((f) => onLoop.has(f.id))) return null;
  const founder = founders.find((f) => f.id !== barRaiserId);
  const index = lastOpenSlot(slots);
  if (!founder || index === null) return null;
  const slot = slots[index] as DraftSlot;
  const replaced = slot.interviewerId;
  slot.interviewerId = founder.id;
  const instead = replaced === null ? '' : ` instead of ${nameOf(env, replaced)}`;
  slotSentences[index] = `Founder ${nameOf(env, founder.id)} interviews in ${slotLabel(slot, index)}${instead} because ${why}, so a founder should be on every loop.`;
  return null;
}

function lastOpenSlot(slots: readonly DraftSlot[]): number | null {
  for (let i = slots.length - 1; i >= 0; i--) if (slots[i]?.interviewerId === null) return i;
  return slots.length > 0 ? slots.length - 1 : null;
}

function pickShadow(env: Env, slots: readonly DraftSlot[], barRaiserId: string | null, notes: Notes): string[] {
  const onLoop = new Set<string>(slots.flatMap((s) => (s.interviewerId === null ? [] : [s.interviewerId])));
  const shadow = env.active
    .filter((m) => has(m, 'bar_raiser_in_training') && m.id !== barRaiserId && m.id !== env.hiringManagerId && !onLoop.has(m.id))
    .sort(byLoadThenId(env))[0];
  if (!shadow) return [];
  notes.explanations.push(`${nameOf(env, shadow.id)} shadows the loop as a bar raiser in training (${interviews(loadOf(env, shadow.id))}).`);
  return [shadow.id];
}

function sessions(n: number): string {
  return `${n} recent training session${n === 1 ? '' : 's'}`;
}

/**
 * At most one interviewer in training shadows and one leads a reverse shadow per loop: a candidate meets
 * the team, not a classroom. Only people with no other part in the loop qualify, so a trainee's feedback
 * is always training feedback.
 */
function placeTrainees(env: Env, slots: DraftSlot[], barRaiserId: string | null, shadowIds: string[], notes: Notes): void {
  const offered = env.input.trainees ?? [];
  if (offered.length === 0) return;
  const taken = new Set<string>(shadowIds);
  for (const s of slots) if (s.interviewerId !== null) taken.add(s.interviewerId);
  if (barRaiserId !== null) taken.add(barRaiserId);
  if (env.hiringManagerId !== null) taken.add(env.hiringManagerId);
  const seen = new Set<string>();
  const free = offered
    .filter((t) => {
      if (seen.has(t.memberId)) return false;
      seen.add(t.memberId);
      return env.byId.get(t.memberId)?.active === true && !taken.has(t.memberId);
    })
    .map((t) => ({ ...t, recentSessions: Number.isFinite(t.recentSessions) ? t.recentSessions : 0 }))
    .sort((a, b) => a.recentSessions - b.recentSessions || compareIds(a.memberId, b.memberId));

  const shadow = free.find((t) => t.stage === 'shadow');
  if (shadow) {
    shadowIds.push(shadow.memberId);
    notes.explanations.push(
      `${nameOf(env, shadow.memberId)} shadows the loop as an interviewer in training (${sessions(shadow.recentSessions)}, the fewest among those at the shadow stage).`,
    );
  }

  const leader = free.find((t) => t.stage === 'reverse_shadow');
  if (!leader) return;
  const index = supervisedSlot(env, slots);
  if (index === null) {
    notes.explanations.push(`${nameOf(env, leader.memberId)} is ready to lead an interview as a reverse shadow, but no interview here has a trained interviewer to supervise.`);
    return;
  }
  const slot = slots[index] as DraftSlot;
  slot.traineeId = leader.memberId;
  notes.explanations.push(
    `${nameOf(env, leader.memberId)} leads ${slotLabel(slot, index)} as a reverse shadow (${sessions(leader.recentSessions)}, the fewest among those ready to lead), ` +
      `supervised by ${nameOf(env, slot.interviewerId as string)}, whose feedback is the one that counts.`,
  );
}

/** The slot whose trained interviewer has the lightest recent load, earlier slots winning ties. */
function supervisedSlot(env: Env, slots: readonly DraftSlot[]): number | null {
  let best: number | null = null;
  slots.forEach((slot, index) => {
    if (slot.interviewerId === null || !maySupervise(env.byId.get(slot.interviewerId))) return;
    if (best === null || loadOf(env, slot.interviewerId) < loadOf(env, (slots[best] as DraftSlot).interviewerId as string)) best = index;
  });
  return best;
}

function noteCooldown(env: Env, notes: Notes): void {
  const { ctx } = env;
  if (!isInCooldown(ctx)) return;
  notes.unresolved.push(
    `The candidate is in a no-recycle cooldown until ${isoDateOf(ctx.candidateCooldownUntil ?? '')}; no plan can change that, so wait or record an override reason.`,
  );
}
