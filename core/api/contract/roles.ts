import { z } from 'zod';
import { LIMITS } from './limits';
import { durationMinutes, id, optionalLine, requiredLine, revision } from './fields';

export const ROLE_STATUSES = ['open', 'paused', 'closed'] as const;
export type RoleStatus = (typeof ROLE_STATUSES)[number];

export const TemplateSlotInput = z.strictObject({
  title: requiredLine('Slot title', LIMITS.shortText),
  durationMinutes,
  principleIds: z
    .array(id('Principle'), { error: 'principleIds must be a list of principle ids' })
    .min(1, { error: 'Give each slot at least one principle' })
    .max(3, { error: 'A slot can own at most 3 principles' }),
});

export const RoleFields = {
  title: requiredLine('Title', LIMITS.shortText),
  team: optionalLine('Team', LIMITS.shortText),
  level: optionalLine('Level', LIMITS.shortText),
  hiringManagerId: id('Hiring manager').nullable(),
  status: z.enum(ROLE_STATUSES, { error: `status must be one of ${ROLE_STATUSES.join(', ')}` }),
  focusPrincipleIds: z
    .array(id('Focus principle'), { error: 'focusPrincipleIds must be a list of principle ids' })
    .max(LIMITS.focusPrinciples, { error: `At most ${LIMITS.focusPrinciples} focus principles` }),
  template: z.array(TemplateSlotInput, { error: 'template must be a list of slots' }).max(LIMITS.slots, {
    error: `At most ${LIMITS.slots} slots`,
  }),
};

export const RoleCreateInput = z.strictObject({
  title: RoleFields.title,
  team: RoleFields.team.default(''),
  level: RoleFields.level.default(''),
  hiringManagerId: RoleFields.hiringManagerId.default(null),
  status: RoleFields.status.default('open'),
  focusPrincipleIds: RoleFields.focusPrincipleIds.default([]),
  template: RoleFields.template.default([]),
});

export const RoleUpdateInput = z.strictObject({
  id: id(),
  revision,
  title: RoleFields.title.optional(),
  team: RoleFields.team.optional(),
  level: RoleFields.level.optional(),
  hiringManagerId: RoleFields.hiringManagerId.optional(),
  status: RoleFields.status.optional(),
  focusPrincipleIds: RoleFields.focusPrincipleIds.optional(),
  template: RoleFields.template.optional(),
});

export const RoleListInput = z
  .strictObject({ status: z.enum([...ROLE_STATUSES, 'all'], { error: 'status must be open, paused, closed or all' }).default('all') })
  .default({ status: 'all' });

export interface RoleTemplateSlot {
  title: string;
  durationMinutes: number;
  principleIds: string[];
}

export interface Role {
  id: string;
  title: string;
  team: string;
  level: string;
  hiringManagerId: string | null;
  status: RoleStatus;
  focusPrincipleIds: string[];
  template: RoleTemplateSlot[];
  revision: number;
  createdAt: string;
  updatedAt: string;
}

/**
 * A role as lists show it: its focus principles and interviews counted, not listed. Lists of roles (hundreds at
 * ten years) only show the counts, and reading every template cost the list more than twice its query;
 * `roles.get` gives the whole role.
 */
export interface RoleSummary extends Omit<Role, 'focusPrincipleIds' | 'template'> {
  focusPrincipleCount: number;
  interviewCount: number;
}

export function roleSummary({ focusPrincipleIds, template, ...role }: Role): RoleSummary {
  return { ...role, focusPrincipleCount: focusPrincipleIds.length, interviewCount: template.length };
}
