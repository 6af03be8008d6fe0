/**
 * Live coverage check of a role's loop template (SPEC §4, §5.1): which slots
 * own each focus principle, and what a loop planned from this template would
 * be told. The same three checks as the loop planner, applied to the template
 * so the role's author sees them before any loop exists:
 *
 * - a focus principle that no slot owns                 → blocker
 * - a slot with no principle, or more than 3             → warning
 * - a principle owned by more than one slot              → info
 *
 * Pure and deterministic: findings follow slot order and focus order. Slot
 * numbers in the results are 0-based indexes into the template; people see
 * them 1-based ("Slot 1").
 */

import { MAX_PRINCIPLES_PER_SLOT } from './loopChecks';
import type { CheckKind, TemplateSlot } from './planTypes';

export interface PrincipleCoverageRow {
  principleId: string;
  /** 0-based indexes of the slots that own this principle, in template order. */
  slots: number[];
}

export type TemplateCheckId = 'focus-uncovered' | 'slot-principle-count' | 'principle-repeated';

export interface TemplateFinding {
  check: TemplateCheckId;
  kind: CheckKind;
  /** One plain sentence naming the slot or principle and what to do. */
  message: string;
  principleId?: string;
  /** 0-based slot index, for findings about one slot. */
  slot?: number;
  /** 0-based slot indexes, for a principle owned by several slots. */
  slots?: number[];
}

/** The slot fields the coverage check reads; titles name slots in messages. */
export type CoverageSlot = Pick<TemplateSlot, 'principleIds'> & { title?: string };

const KIND_RANK: Readonly<Record<CheckKind, number>> = { blocker: 0, warning: 1, info: 2 };

const unique = <T>(items: readonly T[]): T[] => [...new Set(items)];

/** Each focus principle (once, in focus order) with the slots that own it. */
export function templateCoverage(focusPrincipleIds: readonly string[], template: readonly CoverageSlot[]): PrincipleCoverageRow[] {
  return unique(focusPrincipleIds).map((principleId) => ({
    principleId,
    slots: template.flatMap((slot, index) => (slot.principleIds.includes(principleId) ? [index] : [])),
  }));
}

/** "Slot 2 (Coding)", or "Slot 2" while the slot has no title. */
export function slotName(template: readonly CoverageSlot[], index: number): string {
  const title = template[index]?.title?.trim();
  return title ? `Slot ${index + 1} (${title})` : `Slot ${index + 1}`;
}

/**
 * The findings for a template, blockers first, then warnings, then info; within
 * a kind, in focus order or slot order. `nameOf` turns a principle id into the
 * name people know it by.
 */
export function templateFindings(
  focusPrincipleIds: readonly string[],
  template: readonly CoverageSlot[],
  nameOf: (principleId: string) => string = (id) => id,
): TemplateFinding[] {
  const findings: TemplateFinding[] = [];

  for (const row of templateCoverage(focusPrincipleIds, template)) {
    if (row.slots.length > 0) continue;
    findings.push({
      check: 'focus-uncovered',
      kind: 'blocker',
      principleId: row.principleId,
      message: `${nameOf(row.principleId)} is not covered by any slot; add it to a slot, or loops for this role will be blocked.`,
    });
  }

  template.forEach((slot, index) => {
    const count = unique(slot.principleIds).length;
    if (count >= 1 && count <= MAX_PRINCIPLES_PER_SLOT) return;
    findings.push({
      check: 'slot-principle-count',
      kind: 'warning',
      slot: index,
      message:
        count === 0
          ? `${slotName(template, index)} has no principle to assess; give it 1–${MAX_PRINCIPLES_PER_SLOT}.`
          : `${slotName(template, index)} has ${count} principles; one interviewer can probe at most ${MAX_PRINCIPLES_PER_SLOT} well.`,
    });
  });

  const slotsByPrinciple = new Map<string, number[]>();
  template.forEach((slot, index) => {
    for (const principleId of unique(slot.principleIds)) {
      const list = slotsByPrinciple.get(principleId);
      if (list) list.push(index);
      else slotsByPrinciple.set(principleId, [index]);
    }
  });
  for (const [principleId, slots] of slotsByPrinciple) {
    if (slots.length < 2) continue;
    findings.push({
      check: 'principle-repeated',
      kind: 'info',
      principleId,
      slots,
      message: `${nameOf(principleId)} is assessed in ${slots.length} slots (${slots.map((i) => slotName(template, i)).join(', ')}); fine if intended, otherwise give each interviewer different principles.`,
    });
  }

  // Stable sort: order within a kind is the order the findings were made in.
  return findings.sort((a, b) => KIND_RANK[a.kind] - KIND_RANK[b.kind]);
}
