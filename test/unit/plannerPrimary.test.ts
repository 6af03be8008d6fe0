import { describe, expect, it } from 'vitest';
import { primaryAction, type PlannerState, type PrimaryAction } from '../../renderer/features/loops/plannerPrimary';

const base: PlannerState = { suggesting: false, draft: true, owner: true, blockers: 0, editing: true, dirty: false };

// Issue 10: with blockers the planner's one primary action is "Suggest a plan"; never two at once.
describe('the loop planner has one primary action at most', () => {
  const rows: { name: string; state: Partial<PlannerState>; expected: PrimaryAction }[] = [
    { name: 'a fresh draft with blockers: suggest a plan', state: { blockers: 2 }, expected: 'suggest' },
    { name: 'a draft with blockers and unsaved edits: still suggest', state: { blockers: 1, dirty: true }, expected: 'suggest' },
    { name: 'a suggestion on screen: apply it', state: { blockers: 2, suggesting: true }, expected: 'apply' },
    { name: 'a suggestion applied, blockers gone, unsaved: save', state: { dirty: true }, expected: 'save' },
    { name: 'a saved draft with no blockers: plan it', state: {}, expected: 'plan' },
    { name: 'a planned loop, read-only: none', state: { draft: false, editing: false }, expected: null },
    { name: 'a planned loop being edited, unsaved: save', state: { draft: false, dirty: true }, expected: 'save' },
    { name: 'a planned loop being edited, nothing changed: none', state: { draft: false }, expected: null },
    { name: 'a planned loop with blockers being edited: save, not suggest', state: { draft: false, dirty: true, blockers: 1 }, expected: 'save' },
    { name: 'someone who may not plan: none', state: { owner: false, blockers: 2 }, expected: null },
  ];
  it.each(rows)('$name', ({ state, expected }) => {
    expect(primaryAction({ ...base, ...state })).toBe(expected);
  });
});
