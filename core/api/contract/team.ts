import { z } from 'zod';
import { CAPABILITIES, type Capability } from '../../rules/planTypes';
import { LIMITS } from './limits';
import { email as emailField, id, optionalLine, requiredLine, revision } from './fields';

export const CAPABILITY_LABELS: Record<Capability, string> = {
  founder: 'Founder',
  admin: 'Admin',
  interviewer: 'Trained interviewer',
  bar_raiser: 'Bar raiser',
  bar_raiser_in_training: 'Bar raiser in training',
  hiring_manager: 'Hiring manager',
};

const email = emailField(LIMITS.email);

const isoDate = z.iso.date({ error: 'Date must be YYYY-MM-DD' });

export const MemberFields = {
  name: requiredLine('Name', LIMITS.personName),
  email,
  title: optionalLine('Title', LIMITS.shortText),
  team: optionalLine('Team', LIMITS.shortText),
  managerId: id('Manager').nullable(),
  capabilities: z
    .array(z.enum(CAPABILITIES, { error: `Capability must be one of ${CAPABILITIES.join(', ')}` }))
    .max(CAPABILITIES.length),
  certifiedAt: isoDate.nullable(),
};

export const MemberCreateInput = z.strictObject({
  name: MemberFields.name,
  email: MemberFields.email.default(''),
  title: MemberFields.title.default(''),
  team: MemberFields.team.default(''),
  managerId: MemberFields.managerId.default(null),
  capabilities: MemberFields.capabilities.default([]),
  certifiedAt: MemberFields.certifiedAt.default(null),
});

export const MemberUpdateInput = z.strictObject({
  id: id(),
  revision,
  name: MemberFields.name.optional(),
  email: MemberFields.email.optional(),
  title: MemberFields.title.optional(),
  team: MemberFields.team.optional(),
  managerId: MemberFields.managerId.optional(),
  capabilities: MemberFields.capabilities.optional(),
  certifiedAt: MemberFields.certifiedAt.optional(),
  status: z.enum(['active', 'left'], { error: 'status must be active or left' }).optional(),
});

export const MemberListInput = z
  .strictObject({ includeLeft: z.boolean({ error: 'includeLeft must be true or false' }).default(false) })
  .default({ includeLeft: false });

export interface TrainingRecord {
  /** Interviews given in loops that have started. */
  interviews: number;
  shadows: number;
  /** Loops this person bar-raised while a certified bar raiser shadowed them. */
  reverseShadows: number;
  barRaised: number;
  certifiedAt: string | null;
}

/**
 * What screens that only name people need (pickers, labels, who may do what): no training counts.
 * Title and team come along because pickers tell namesakes apart by title and suggest team names.
 */
export interface TeamMemberName {
  id: string;
  name: string;
  title: string;
  team: string;
  status: 'active' | 'left';
  capabilities: Capability[];
}

export interface TeamMember {
  id: string;
  name: string;
  email: string;
  title: string;
  team: string;
  managerId: string | null;
  status: 'active' | 'left';
  capabilities: Capability[];
  training: TrainingRecord;
  revision: number;
  createdAt: string;
  updatedAt: string;
  /** Set when two devices added this person at once: the member holding the same email (merge them by hand). */
  possibleDuplicateOf?: string;
}
