/**
 * Which of the planner's actions is the primary one. One at most, so the page never offers two
 * "do this next" buttons at once. Pure, so the rule is tested as a table.
 */
export type PrimaryAction = 'apply' | 'suggest' | 'save' | 'plan' | null;

export interface PlannerState {
  /** A suggested plan is on screen, waiting to be applied or dismissed. */
  suggesting: boolean;
  /** The loop is a draft (not planned yet). */
  draft: boolean;
  /** "Me" may plan this loop. */
  owner: boolean;
  /** Blockers in the plan as it stands in the form. */
  blockers: number;
  /** The form is shown (a draft, or a planned loop after "Edit plan"). */
  editing: boolean;
  /** The form differs from the saved plan. */
  dirty: boolean;
}

export function primaryAction(s: PlannerState): PrimaryAction {
  if (s.suggesting) return 'apply';
  if (!s.owner) return null;
  // With blockers a suggestion is the way forward; planning anyway ("with override") stays a deliberate, secondary choice.
  if (s.draft && s.blockers > 0) return 'suggest';
  if (s.editing && s.dirty) return 'save';
  if (s.draft) return 'plan';
  return null;
}
