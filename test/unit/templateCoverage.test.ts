import { describe, expect, it } from 'vitest';
import { slotName, templateCoverage, templateFindings, type CoverageSlot } from '../../core/rules/templateCoverage';

const slot = (title: string, ...principleIds: string[]): CoverageSlot => ({ title, principleIds });

interface Case {
  name: string;
  focus: string[];
  template: CoverageSlot[];
  coverage: [principleId: string, slots: number[]][];
  /** Findings as `kind:check:principleId-or-slot`, in the order they are reported. */
  findings: string[];
}

const CASES: Case[] = [
  { name: 'no focus, no slots', focus: [], template: [], coverage: [], findings: [] },
  {
    name: 'every focus principle in exactly one slot',
    focus: ['a', 'b', 'c'],
    template: [slot('Coding', 'a'), slot('Design', 'b', 'c')],
    coverage: [['a', [0]], ['b', [1]], ['c', [1]]],
    findings: [],
  },
  {
    name: 'focus principles but no slots: each one is a blocker',
    focus: ['a', 'b'],
    template: [],
    coverage: [['a', []], ['b', []]],
    findings: ['blocker:focus-uncovered:a', 'blocker:focus-uncovered:b'],
  },
  {
    name: 'one focus principle left out',
    focus: ['a', 'b'],
    template: [slot('Coding', 'a')],
    coverage: [['a', [0]], ['b', []]],
    findings: ['blocker:focus-uncovered:b'],
  },
  {
    name: 'a slot with no principle is a warning',
    focus: ['a'],
    template: [slot('Coding', 'a'), slot('Lunch')],
    coverage: [['a', [0]]],
    findings: ['warning:slot-principle-count:1'],
  },
  {
    name: 'a slot with four principles is a warning; three is fine',
    focus: ['a', 'b', 'c', 'd'],
    template: [slot('Everything', 'a', 'b', 'c', 'd'), slot('Three', 'e', 'f', 'g')],
    coverage: [['a', [0]], ['b', [0]], ['c', [0]], ['d', [0]]],
    findings: ['warning:slot-principle-count:0'],
  },
  {
    name: 'a principle in two slots is info, with both slots',
    focus: ['a', 'b'],
    template: [slot('One', 'a'), slot('Two', 'a', 'b')],
    coverage: [['a', [0, 1]], ['b', [1]]],
    findings: ['info:principle-repeated:a'],
  },
  {
    name: 'a repeated principle outside the focus is still info',
    focus: ['a'],
    template: [slot('One', 'a', 'x'), slot('Two', 'x')],
    coverage: [['a', [0]]],
    findings: ['info:principle-repeated:x'],
  },
  {
    name: 'a principle listed twice in one slot counts once',
    focus: ['a'],
    template: [slot('One', 'a', 'a')],
    coverage: [['a', [0]]],
    findings: [],
  },
  {
    name: 'a focus principle listed twice appears once, in focus order',
    focus: ['b', 'a', 'b'],
    template: [slot('One', 'a', 'b')],
    coverage: [['b', [0]], ['a', [0]]],
    findings: [],
  },
  {
    name: 'blockers come before warnings, warnings before info',
    focus: ['a', 'b', 'c'],
    template: [slot('One', 'a'), slot('Two', 'a'), slot('Empty')],
    coverage: [['a', [0, 1]], ['b', []], ['c', []]],
    findings: ['blocker:focus-uncovered:b', 'blocker:focus-uncovered:c', 'warning:slot-principle-count:2', 'info:principle-repeated:a'],
  },
  {
    name: 'coverage follows focus order, not slot order',
    focus: ['c', 'a'],
    template: [slot('One', 'a'), slot('Two', 'c'), slot('Three', 'c')],
    coverage: [['c', [1, 2]], ['a', [0]]],
    findings: ['info:principle-repeated:c'],
  },
  {
    name: 'several slots with too many or too few principles, in slot order',
    focus: [],
    template: [slot('Big', 'a', 'b', 'c', 'd', 'e'), slot('Fine', 'a'), slot('Empty')],
    coverage: [],
    findings: ['warning:slot-principle-count:0', 'warning:slot-principle-count:2', 'info:principle-repeated:a'],
  },
];

const describeFinding = (f: ReturnType<typeof templateFindings>[number]) =>
  `${f.kind}:${f.check}:${f.principleId ?? f.slot ?? ''}`;

describe('templateCoverage', () => {
  it.each(CASES)('$name', ({ focus, template, coverage, findings }) => {
    expect(templateCoverage(focus, template)).toEqual(coverage.map(([principleId, slots]) => ({ principleId, slots })));
    expect(templateFindings(focus, template).map(describeFinding)).toEqual(findings);
  });

  it('names principles and slots in its messages', () => {
    const names: Record<string, string> = { a: 'Ownership', b: 'Dive deep' };
    const findings = templateFindings(['a', 'b'], [slot('Coding', 'a'), slot('', 'a'), slot('Values')], (id) => names[id] ?? id);
    const messages = findings.map((f) => f.message);
    expect(messages[0]).toContain('Dive deep is not covered by any slot');
    expect(messages[1]).toContain('Slot 3 (Values) has no principle');
    expect(messages[2]).toContain('Ownership is assessed in 2 slots (Slot 1 (Coding), Slot 2)');
    expect(findings[2]?.slots).toEqual([0, 1]);
  });

  it('is deterministic and does not change its inputs', () => {
    const focus = ['a', 'b'];
    const template = [slot('One', 'b', 'a'), slot('Two', 'b')];
    const before = JSON.stringify({ focus, template });
    expect(templateFindings(focus, template)).toEqual(templateFindings(focus, template));
    expect(JSON.stringify({ focus, template })).toBe(before);
  });

  it('labels slots 1-based, with the title when there is one', () => {
    const template = [slot('  Coding  '), slot('   ')];
    expect(slotName(template, 0)).toBe('Slot 1 (Coding)');
    expect(slotName(template, 1)).toBe('Slot 2');
  });
});
