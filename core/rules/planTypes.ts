// Plain data the loop-planning rules work on. The API maps database rows into
// these shapes; the rules never see the database, so they run the same in the
// renderer (live checks) and in the API (enforcement).

export const CAPABILITIES = ['founder', 'admin', 'interviewer', 'bar_raiser', 'bar_raiser_in_training', 'hiring_manager'] as const;
export type Capability = (typeof CAPABILITIES)[number];

export interface PlanMember {
  id: string;
  name: string;
  /** The team the person belongs to, e.g. "Engineering"; '' when none. Compared case-insensitively, trimmed. */
  team: string;
  /** Their manager's id: the reporting chain used for bar-raiser independence. */
  managerId: string | null;
  active: boolean;
  capabilities: readonly Capability[];
}

export interface TemplateSlot {
  title: string;
  durationMinutes: number;
  principleIds: readonly string[];
}

export interface PlanRole {
  id: string;
  team: string;
  /** Ordered: the most important focus principle first. */
  focusPrincipleIds: readonly string[];
  template: readonly TemplateSlot[];
}

export interface PlanSlot {
  id: string;
  title: string;
  durationMinutes: number;
  interviewerId: string | null;
  /**
   * A reverse shadow: this interviewer in training leads the interview while `interviewerId` supervises.
   * The supervisor's feedback is the slot's counted feedback; the trainee's is training feedback.
   */
  traineeId?: string | null;
  principleIds: readonly string[];
}

export interface LoopPlan {
  hiringManagerId: string | null;
  barRaiserId: string | null;
  slots: readonly PlanSlot[];
  /** Observers in training: they write training feedback only, never count as interviewers. */
  shadowIds: readonly string[];
}

export interface PlanningContext {
  members: readonly PlanMember[];
  role: PlanRole;
  /** Hires the company has made so far (for the founder rule). */
  hiresMade: number;
  founderRuleThreshold: number;
  /** ISO date (YYYY-MM-DD) until which the candidate may not be reconsidered, or null. */
  candidateCooldownUntil: string | null;
  /** ISO timestamp "now", injected so the rules stay pure. */
  now: string;
  /**
   * Active questions linked to each principle (the pool a kit draws from);
   * a principle missing here has none. Absent when the caller cannot tell,
   * and then no finding is made about it.
   */
  questionsByPrinciple?: Readonly<Record<string, number>>;
}

export type CheckId =
  | 'hiring-manager-missing'
  | 'focus-uncovered'
  | 'principle-repeated'
  | 'slot-principle-count'
  | 'slot-unassigned'
  | 'slot-principle-no-questions'
  | 'bar-raiser-missing'
  | 'bar-raiser-not-certified'
  | 'bar-raiser-not-independent'
  | 'interviewer-repeated'
  | 'interviewer-untrained'
  | 'interviewer-inactive'
  | 'loop-size'
  | 'founder-rule'
  | 'candidate-cooldown'
  | 'reverse-shadow-supervisor'
  | 'reverse-shadow-trainee';

export type CheckKind = 'blocker' | 'warning' | 'info';

export interface CheckFinding {
  check: CheckId;
  kind: CheckKind;
  /** One plain sentence naming the people/principles involved and what to do. */
  message: string;
  slotId?: string;
  principleId?: string;
  memberId?: string;
}

export interface KitCandidateQuestion {
  id: string;
  principleIds: readonly string[];
  kind: 'behavioural' | 'hypothetical';
  lintStatus: 'clean' | 'warning';
  status: 'active' | 'retired';
  lastAskedAt: string | null;
}

export interface KitEntry {
  slotId: string;
  principleId: string;
  questionIds: string[];
}
