/**
 * Loop-plan checks (SPEC §5.1): the live findings shown while a loop is
 * planned, and the list the API enforces. Blockers are refused unless the
 * caller records an override reason; that is the caller's job, these rules
 * only report.
 *
 * Pure and deterministic: "now" comes in through the context, ties follow
 * input order (slots, focus principles) or id order, never the clock.
 */

import type { CheckFinding, CheckKind, LoopPlan, PlanMember, PlanningContext, PlanSlot } from './planTypes';
import { managersOf } from './reportingChain';
import { isTrainedInterviewer, maySupervise } from './training/paths';

/** Most principles one interviewer can probe properly in one interview. */
export const MAX_PRINCIPLES_PER_SLOT = 3;
/** Beyond this many interviewers a loop costs more time than it adds signal. */
export const MAX_INTERVIEWERS = 6;
/** Teams this small cannot always find an independent bar raiser: say an override is possible. */
export const SMALL_TEAM_SIZE = 5;

const KIND_RANK: Readonly<Record<CheckKind, number>> = { blocker: 0, warning: 1, info: 2 };

// ---------------------------------------------------------------------------
// Public entry points
// ---------------------------------------------------------------------------

export function checkLoopPlan(plan: LoopPlan, ctx: PlanningContext): CheckFinding[] {
  const env = createEnv(plan, ctx);
  const findings = [
    ...checkHiringManager(env),
    ...checkFocusCoverage(env),
    ...checkPrincipleRepeated(env),
    ...checkSlotPrincipleCount(env),
    ...checkSlotQuestions(env),
    ...checkSlotUnassigned(env),
    ...checkBarRaiserMissing(env),
    ...checkBarRaiserCertified(env),
    ...checkBarRaiserIndependent(env),
    ...checkInterviewerRepeated(env),
    ...checkInterviewerInactive(env),
    ...checkInterviewerUntrained(env),
    ...checkReverseShadowSupervisor(env),
    ...checkReverseShadowTrainee(env),
    ...checkLoopSize(env),
    ...checkFounderRule(env),
    ...checkCandidateCooldown(env),
  ];
  return sortFindings(findings, plan.slots);
}

export function hasBlockers(findings: readonly CheckFinding[]): boolean {
  return findings.some((f) => f.kind === 'blocker');
}

export type IndependenceProblem = 'is-hiring-manager' | 'above-hiring-manager' | 'below-hiring-manager' | 'on-role-team';

/**
 * Why `candidateId` could not be an independent bar raiser for a loop with
 * this hiring manager and role team; empty when they could. Shared with the
 * planner so a suggestion and the check can never disagree. (Sitting in a
 * slot is the remaining reason; it depends on the plan, not the person.)
 */
export function independenceProblems(
  candidateId: string,
  hiringManagerId: string | null,
  roleTeam: string,
  members: readonly PlanMember[],
): IndependenceProblem[] {
  const problems: IndependenceProblem[] = [];
  if (hiringManagerId !== null) {
    if (candidateId === hiringManagerId) problems.push('is-hiring-manager');
    else if (managersOf(hiringManagerId, members).includes(candidateId)) problems.push('above-hiring-manager');
    else if (managersOf(candidateId, members).includes(hiringManagerId)) problems.push('below-hiring-manager');
  }
  const candidate = members.find((m) => m.id === candidateId);
  if (candidate && sameTeam(candidate.team, roleTeam)) problems.push('on-role-team');
  return problems;
}

/** Team names are typed by people: compare trimmed and case-insensitively; no team never matches. */
export function sameTeam(a: string, b: string): boolean {
  const x = normaliseTeam(a);
  return x !== '' && x === normaliseTeam(b);
}

/** The part of the ISO "now" timestamp that is a calendar date (YYYY-MM-DD). */
export function isoDateOf(timestamp: string): string {
  return timestamp.slice(0, 10);
}

/** True when the candidate's no-recycle cooldown ends after today. */
export function isInCooldown(ctx: Pick<PlanningContext, 'candidateCooldownUntil' | 'now'>): boolean {
  // ISO dates compare correctly as strings; the cooldown's last day is its "until" date,
  // so on that very day the candidate may be considered again.
  return ctx.candidateCooldownUntil !== null && isoDateOf(ctx.candidateCooldownUntil) > isoDateOf(ctx.now);
}

export function describeIndependenceProblem(problem: IndependenceProblem, roleTeam: string): string {
  switch (problem) {
    case 'is-hiring-manager':
      return 'is the hiring manager';
    case 'above-hiring-manager':
      return 'is above the hiring manager in the reporting chain';
    case 'below-hiring-manager':
      return 'reports to the hiring manager (directly or further down)';
    case 'on-role-team':
      return `is on the role's team (${roleTeam.trim()})`;
  }
}

// ---------------------------------------------------------------------------
// Shared lookups
// ---------------------------------------------------------------------------

interface Env {
  plan: LoopPlan;
  ctx: PlanningContext;
  byId: ReadonlyMap<string, PlanMember>;
  activeCount: number;
}

function createEnv(plan: LoopPlan, ctx: PlanningContext): Env {
  const byId = new Map<string, PlanMember>();
  for (const m of ctx.members) if (!byId.has(m.id)) byId.set(m.id, m);
  let activeCount = 0;
  for (const m of byId.values()) if (m.active) activeCount++;
  return { plan, ctx, byId, activeCount };
}

function nameOf(env: Env, id: string): string {
  const name = env.byId.get(id)?.name.trim();
  return name ? name : id;
}

function slotLabel(slot: PlanSlot, index: number): string {
  const title = slot.title.trim();
  return title ? `"${title}"` : `slot ${index + 1}`;
}

function has(member: PlanMember | undefined, capability: PlanMember['capabilities'][number]): boolean {
  return member !== undefined && member.capabilities.includes(capability);
}

/** Each distinct interviewer with the slots they sit in, in slot order. */
function interviewerSlots(plan: LoopPlan): Map<string, number[]> {
  const result = new Map<string, number[]>();
  plan.slots.forEach((slot, index) => {
    if (slot.interviewerId === null) return;
    const list = result.get(slot.interviewerId);
    if (list) list.push(index);
    else result.set(slot.interviewerId, [index]);
  });
  return result;
}

function normaliseTeam(team: string): string {
  return team.trim().toLowerCase();
}

function isActiveMember(env: Env, id: string): boolean {
  return env.byId.get(id)?.active === true;
}

// ---------------------------------------------------------------------------
// The checks, in SPEC order
// ---------------------------------------------------------------------------

function checkHiringManager(env: Env): CheckFinding[] {
  const id = env.plan.hiringManagerId;
  if (id === null) {
    return [{ check: 'hiring-manager-missing', kind: 'blocker', message: 'The loop has no hiring manager; choose one.' }];
  }
  if (isActiveMember(env, id)) return [];
  const why = env.byId.has(id) ? `${nameOf(env, id)} has left the company` : `"${id}" is not a team member`;
  return [{ check: 'hiring-manager-missing', kind: 'blocker', message: `The hiring manager is missing: ${why}; choose an active hiring manager.`, memberId: id }];
}

function checkFocusCoverage(env: Env): CheckFinding[] {
  const assigned = new Set(env.plan.slots.flatMap((s) => s.principleIds));
  return unique(env.ctx.role.focusPrincipleIds)
    .filter((p) => !assigned.has(p))
    .map((principleId) => ({
      check: 'focus-uncovered' as const,
      kind: 'blocker' as const,
      message: `Focus principle ${principleId} is not assigned to any interview; add it to a slot.`,
      principleId,
    }));
}

function checkPrincipleRepeated(env: Env): CheckFinding[] {
  const slotsByPrinciple = new Map<string, number[]>();
  env.plan.slots.forEach((slot, index) => {
    for (const p of unique(slot.principleIds)) {
      const list = slotsByPrinciple.get(p);
      if (list) list.push(index);
      else slotsByPrinciple.set(p, [index]);
    }
  });
  const findings: CheckFinding[] = [];
  for (const [principleId, indexes] of slotsByPrinciple) {
    if (indexes.length < 2) continue;
    const labels = indexes.map((i) => slotLabel(env.plan.slots[i] as PlanSlot, i)).join(', ');
    findings.push({
      check: 'principle-repeated',
      kind: 'info',
      message: `Principle ${principleId} is assessed in ${indexes.length} interviews (${labels}); fine if intended, otherwise give each interviewer different principles.`,
      principleId,
    });
  }
  return findings;
}

function checkSlotPrincipleCount(env: Env): CheckFinding[] {
  const findings: CheckFinding[] = [];
  env.plan.slots.forEach((slot, index) => {
    const count = unique(slot.principleIds).length;
    if (count >= 1 && count <= MAX_PRINCIPLES_PER_SLOT) return;
    const message =
      count === 0
        ? `Interview ${slotLabel(slot, index)} has no principle to assess; assign 1–3.`
        : `Interview ${slotLabel(slot, index)} has ${count} principles; one interviewer can probe at most ${MAX_PRINCIPLES_PER_SLOT} well.`;
    findings.push({ check: 'slot-principle-count', kind: 'warning', message, slotId: slot.id });
  });
  return findings;
}

/** A principle with no active question leaves a hole in the interviewer's kit. */
function checkSlotQuestions(env: Env): CheckFinding[] {
  const counts = env.ctx.questionsByPrinciple;
  if (!counts) return [];
  return env.plan.slots.flatMap((slot, index) => {
    const bare = unique(slot.principleIds).filter((id) => (counts[id] ?? 0) === 0).length;
    if (bare === 0) return [];
    const what = bare === 1 ? 'a principle' : `${bare} principles`;
    return [
      {
        check: 'slot-principle-no-questions' as const,
        kind: 'warning' as const,
        message: `Interview ${slotLabel(slot, index)} assesses ${what} with no question in the bank, so its kit has none to ask; add one in the question bank.`,
        slotId: slot.id,
      },
    ];
  });
}

function checkSlotUnassigned(env: Env): CheckFinding[] {
  return env.plan.slots.flatMap((slot, index) =>
    slot.interviewerId === null
      ? [{ check: 'slot-unassigned' as const, kind: 'blocker' as const, message: `Interview ${slotLabel(slot, index)} has no interviewer; assign one.`, slotId: slot.id }]
      : [],
  );
}

function checkBarRaiserMissing(env: Env): CheckFinding[] {
  if (env.plan.barRaiserId !== null) return [];
  return [{ check: 'bar-raiser-missing', kind: 'blocker', message: 'The loop has no bar raiser; choose a certified bar raiser from outside the hiring team.' }];
}

function checkBarRaiserCertified(env: Env): CheckFinding[] {
  const id = env.plan.barRaiserId;
  if (id === null) return [];
  const member = env.byId.get(id);
  const name = nameOf(env, id);
  let why: string | null = null;
  if (!member) why = `"${id}" is not a team member`;
  else if (!member.active) why = `${name} has left the company`;
  else if (!has(member, 'bar_raiser')) {
    why = has(member, 'bar_raiser_in_training')
      ? `${name} is still a bar raiser in training (they can shadow this loop instead)`
      : `${name} is not a certified bar raiser`;
  }
  if (why === null) return [];
  return [{ check: 'bar-raiser-not-certified', kind: 'blocker', message: `The bar raiser is not certified: ${why}; choose an active certified bar raiser.`, memberId: id }];
}

function checkBarRaiserIndependent(env: Env): CheckFinding[] {
  const id = env.plan.barRaiserId;
  if (id === null) return [];
  const { plan, ctx } = env;
  const reasons = independenceProblems(id, plan.hiringManagerId, ctx.role.team, ctx.members).map((p) =>
    describeIndependenceProblem(p, ctx.role.team),
  );
  const slots = interviewerSlots(plan).get(id);
  if (slots) reasons.push(`also interviews in ${slots.map((i) => slotLabel(plan.slots[i] as PlanSlot, i)).join(', ')}`);
  if (reasons.length === 0) return [];
  const hint = env.activeCount <= SMALL_TEAM_SIZE ? ' Small teams can record an override reason.' : '';
  return [
    {
      check: 'bar-raiser-not-independent',
      kind: 'blocker',
      message: `Bar raiser ${nameOf(env, id)} ${joinReasons(reasons)}, so is not independent; choose someone from outside the hiring team and its reporting chain.${hint}`,
      memberId: id,
    },
  ];
}

function checkInterviewerRepeated(env: Env): CheckFinding[] {
  const findings: CheckFinding[] = [];
  for (const [memberId, indexes] of interviewerSlots(env.plan)) {
    if (indexes.length < 2) continue;
    const labels = indexes.map((i) => slotLabel(env.plan.slots[i] as PlanSlot, i)).join(', ');
    // Point at the second slot: the first one is legitimately theirs.
    const second = env.plan.slots[indexes[1] as number] as PlanSlot;
    findings.push({
      check: 'interviewer-repeated',
      kind: 'blocker',
      message: `${nameOf(env, memberId)} interviews in ${indexes.length} slots (${labels}); give each slot a different interviewer.`,
      slotId: second.id,
      memberId,
    });
  }
  return findings;
}

function checkInterviewerInactive(env: Env): CheckFinding[] {
  const findings: CheckFinding[] = [];
  const reported = new Set<string>();
  for (const [memberId, indexes] of interviewerSlots(env.plan)) {
    if (isActiveMember(env, memberId)) continue;
    reported.add(memberId);
    const index = indexes[0] as number;
    const slot = env.plan.slots[index] as PlanSlot;
    findings.push({
      check: 'interviewer-inactive',
      kind: 'blocker',
      message: `${describeAbsence(env, memberId)}, yet interviews in ${slotLabel(slot, index)}; choose an active interviewer.`,
      slotId: slot.id,
      memberId,
    });
  }
  env.plan.slots.forEach((slot, index) => {
    const memberId = slot.traineeId;
    if (!memberId || reported.has(memberId) || isActiveMember(env, memberId)) return;
    reported.add(memberId);
    findings.push({
      check: 'interviewer-inactive',
      kind: 'blocker',
      message: `${describeAbsence(env, memberId)}, yet leads ${slotLabel(slot, index)} as a reverse shadow; remove them.`,
      slotId: slot.id,
      memberId,
    });
  });
  for (const memberId of unique(env.plan.shadowIds)) {
    if (reported.has(memberId) || isActiveMember(env, memberId)) continue;
    reported.add(memberId);
    findings.push({
      check: 'interviewer-inactive',
      kind: 'blocker',
      message: `${describeAbsence(env, memberId)}, yet shadows this loop; remove them.`,
      memberId,
    });
  }
  return findings;
}

function describeAbsence(env: Env, id: string): string {
  return env.byId.has(id) ? `${nameOf(env, id)} has left the company` : `"${id}" is not a team member`;
}

function checkInterviewerUntrained(env: Env): CheckFinding[] {
  const findings: CheckFinding[] = [];
  for (const [memberId, indexes] of interviewerSlots(env.plan)) {
    const member = env.byId.get(memberId);
    // Unknown or departed people are already blockers; training is moot for them. A supervisor of a
    // reverse shadow has its own, stronger check.
    if (!member || !member.active || isTrainedInterviewer(member.capabilities)) continue;
    if (indexes.some((i) => env.plan.slots[i]?.traineeId)) continue;
    const index = indexes[0] as number;
    const slot = env.plan.slots[index] as PlanSlot;
    findings.push({
      check: 'interviewer-untrained',
      kind: 'warning',
      message: `${nameOf(env, memberId)} is not a trained interviewer; consider making them a shadow on this loop and giving ${slotLabel(slot, index)} to a trained interviewer.`,
      slotId: slot.id,
      memberId,
    });
  }
  return findings;
}

/**
 * A reverse-shadow slot's counted feedback is its supervisor's, so the supervisor must be someone whose
 * feedback may count on its own: a trained interviewer, not the trainee. (The bar raiser in a slot is
 * already a blocker of independence.)
 */
function checkReverseShadowSupervisor(env: Env): CheckFinding[] {
  return env.plan.slots.flatMap((slot, index) => {
    const traineeId = slot.traineeId;
    const supervisorId = slot.interviewerId;
    // No supervisor is "slot-unassigned"; a departed one "interviewer-inactive".
    if (!traineeId || supervisorId === null || !isActiveMember(env, supervisorId)) return [];
    let why: string | null = null;
    if (supervisorId === traineeId) why = `${nameOf(env, traineeId)} cannot supervise their own reverse shadow`;
    else if (!maySupervise(env.byId.get(supervisorId))) why = `${nameOf(env, supervisorId)} is not a trained interviewer, so cannot supervise a trainee`;
    if (why === null) return [];
    return [
      {
        check: 'reverse-shadow-supervisor' as const,
        kind: 'blocker' as const,
        message: `In ${slotLabel(slot, index)} ${why}; give the slot a trained interviewer to supervise.`,
        slotId: slot.id,
        memberId: supervisorId,
      },
    ];
  });
}

/**
 * The trainee of a reverse shadow writes training feedback only; in any other part of the loop their
 * feedback would count (a panelist), decide (hiring manager, bar raiser) or be written twice (a shadow).
 */
function checkReverseShadowTrainee(env: Env): CheckFinding[] {
  const { plan } = env;
  const panel = interviewerSlots(plan);
  const led = new Map<string, number>();
  return plan.slots.flatMap((slot, index) => {
    const traineeId = slot.traineeId;
    if (!traineeId || traineeId === slot.interviewerId || !isActiveMember(env, traineeId)) return [];
    const reasons: string[] = [];
    const panelSlots = panel.get(traineeId);
    if (panelSlots) reasons.push(`also interviews in ${panelSlots.map((i) => slotLabel(plan.slots[i] as PlanSlot, i)).join(', ')}`);
    if (traineeId === plan.barRaiserId) reasons.push('is the bar raiser');
    if (traineeId === plan.hiringManagerId) reasons.push('is the hiring manager');
    if (plan.shadowIds.includes(traineeId)) reasons.push('also shadows the loop');
    const earlier = led.get(traineeId);
    if (earlier !== undefined) reasons.push(`already leads ${slotLabel(plan.slots[earlier] as PlanSlot, earlier)}`);
    else led.set(traineeId, index);
    if (reasons.length === 0) return [];
    return [
      {
        check: 'reverse-shadow-trainee' as const,
        kind: 'blocker' as const,
        message: `${nameOf(env, traineeId)} leads ${slotLabel(slot, index)} as a trainee but ${joinReasons(reasons)}; a trainee's feedback must stay training feedback, so give them one part only.`,
        slotId: slot.id,
        memberId: traineeId,
      },
    ];
  });
}

/**
 * Loop size against team size (SPEC §5.1, RESEARCH "fit the process to the team"). Exact reading:
 * - interviewers = distinct people in slots, minus the bar raiser; shadows never count;
 * - team size = active members;
 * - team ≤ 5: everyone available interviews, so expected = active members minus the bar raiser
 *   (when the bar raiser is one of them); warn when there are fewer interviewers than that;
 * - team 6–40: warn outside 3–4 interviewers;
 * - team > 40: warn outside 4–6 interviewers;
 * - any team: warn when there are more than 6 interviewers.
 * One finding at most.
 */
function checkLoopSize(env: Env): CheckFinding[] {
  const { plan } = env;
  const interviewers = [...interviewerSlots(plan).keys()].filter((id) => id !== plan.barRaiserId).length;
  const message = loopSizeMessage(interviewers, env.activeCount, plan.barRaiserId !== null && isActiveMember(env, plan.barRaiserId));
  return message === null ? [] : [{ check: 'loop-size', kind: 'warning', message }];
}

export function expectedInterviewers(teamSize: number, barRaiserIsActiveMember: boolean): { min: number; max: number } {
  if (teamSize <= SMALL_TEAM_SIZE) {
    const everyone = Math.max(0, teamSize - (barRaiserIsActiveMember ? 1 : 0));
    return { min: everyone, max: everyone };
  }
  if (teamSize <= 40) return { min: 3, max: 4 };
  return { min: 4, max: MAX_INTERVIEWERS };
}

function loopSizeMessage(interviewers: number, teamSize: number, barRaiserIsActiveMember: boolean): string | null {
  const { min, max } = expectedInterviewers(teamSize, barRaiserIsActiveMember);
  const count = `this loop has ${interviewers} interviewer${interviewers === 1 ? '' : 's'}`;
  if (interviewers > MAX_INTERVIEWERS) {
    return `More than ${MAX_INTERVIEWERS} interviewers add time without adding much signal: ${count}; aim for ${min === max ? min : `${min}–${max}`}.`;
  }
  if (teamSize <= SMALL_TEAM_SIZE) {
    if (interviewers >= min) return null;
    return `With ${teamSize} active people everyone available should interview (${min} besides the bar raiser), but ${count}.`;
  }
  if (interviewers >= min && interviewers <= max) return null;
  return `A team of ${teamSize} active people should run ${min}–${max} interviewers; ${count}.`;
}

function checkFounderRule(env: Env): CheckFinding[] {
  const { plan, ctx } = env;
  if (ctx.hiresMade >= ctx.founderRuleThreshold) return [];
  const founders = [...env.byId.values()].filter((m) => m.active && has(m, 'founder'));
  const rule = `until the company has made ${ctx.founderRuleThreshold} hires (${ctx.hiresMade} so far) a founder should be on every loop`;
  if (founders.length === 0) {
    return [{ check: 'founder-rule', kind: 'warning', message: `No active founder is recorded, but ${rule}; mark the founders in People.` }];
  }
  const onLoop = new Set<string>([...interviewerSlots(plan).keys()]);
  if (plan.barRaiserId !== null) onLoop.add(plan.barRaiserId);
  if (plan.hiringManagerId !== null) onLoop.add(plan.hiringManagerId);
  if (founders.some((f) => onLoop.has(f.id))) return [];
  const names = founders.map((f) => nameOf(env, f.id)).join(', ');
  return [{ check: 'founder-rule', kind: 'warning', message: `No founder is on this loop, but ${rule}; add ${names} as an interviewer.` }];
}

function checkCandidateCooldown(env: Env): CheckFinding[] {
  const { ctx } = env;
  if (!isInCooldown(ctx)) return [];
  return [
    {
      check: 'candidate-cooldown',
      kind: 'blocker',
      message: `The candidate is in a no-recycle cooldown until ${isoDateOf(ctx.candidateCooldownUntil ?? '')}; wait until then or record an override reason.`,
    },
  ];
}

// ---------------------------------------------------------------------------
// Ordering and small helpers
// ---------------------------------------------------------------------------

/** Blockers, then warnings, then info; within a kind, loop-wide findings first, then slot order. */
function sortFindings(findings: CheckFinding[], slots: readonly PlanSlot[]): CheckFinding[] {
  const slotIndex = new Map<string, number>();
  slots.forEach((s, i) => {
    if (!slotIndex.has(s.id)) slotIndex.set(s.id, i);
  });
  const position = (f: CheckFinding): number => (f.slotId === undefined ? -1 : (slotIndex.get(f.slotId) ?? -1));
  // Array.prototype.sort is stable, so equal keys keep the check order above.
  return findings.sort((a, b) => KIND_RANK[a.kind] - KIND_RANK[b.kind] || position(a) - position(b));
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

function joinReasons(reasons: readonly string[]): string {
  if (reasons.length <= 1) return reasons.join('');
  return `${reasons.slice(0, -1).join(', ')} and ${reasons[reasons.length - 1] as string}`;
}
