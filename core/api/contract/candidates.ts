import { z } from 'zod';
import { LIMITS } from './limits';
import { email as emailField, id, optionalLine, optionalText, requiredLine, revision } from './fields';

export const CANDIDATE_STATUSES = ['active', 'hired', 'rejected', 'withdrawn'] as const;
export type CandidateStatus = (typeof CANDIDATE_STATUSES)[number];

const email = emailField(LIMITS.email);

/**
 * A candidate's personal fields (their columns too): sealed under the candidate's key in team sync, so blank on a
 * device that holds the candidate `sealed`, where an update may not change them. Status and cooldown may.
 */
export const CANDIDATE_PERSONAL_FIELDS = ['name', 'email', 'phone', 'source', 'links', 'notes'] as const;

export const CandidateFields = {
  name: requiredLine('Name', LIMITS.personName),
  email,
  phone: optionalLine('Phone', LIMITS.phone),
  source: optionalLine('Source', LIMITS.shortText),
  links: z
    .array(requiredLine('Link', LIMITS.link), { error: 'links must be a list of texts' })
    .max(LIMITS.links, { error: `At most ${LIMITS.links} links` }),
  notes: optionalText('Notes', LIMITS.notes),
  status: z.enum(CANDIDATE_STATUSES, { error: `status must be one of ${CANDIDATE_STATUSES.join(', ')}` }),
  cooldownUntil: z.iso.date({ error: 'Cooldown date must be YYYY-MM-DD' }).nullable(),
};

export const CandidateCreateInput = z.strictObject({
  name: CandidateFields.name,
  email: CandidateFields.email.default(''),
  phone: CandidateFields.phone.default(''),
  source: CandidateFields.source.default(''),
  links: CandidateFields.links.default([]),
  notes: CandidateFields.notes.default(''),
});

export const CandidateUpdateInput = z.strictObject({
  id: id(),
  revision,
  name: CandidateFields.name.optional(),
  email: CandidateFields.email.optional(),
  phone: CandidateFields.phone.optional(),
  source: CandidateFields.source.optional(),
  links: CandidateFields.links.optional(),
  notes: CandidateFields.notes.optional(),
  status: CandidateFields.status.optional(),
  cooldownUntil: CandidateFields.cooldownUntil.optional(),
  /** Why a running cooldown is cleared or shortened (founders and admins only); kept in the log. */
  cooldownReason: optionalText('Cooldown reason', LIMITS.reason).optional(),
});

export const CandidateListInput = z
  .strictObject({
    search: optionalText('Search', LIMITS.search).default(''),
    status: z.enum([...CANDIDATE_STATUSES, 'all'], { error: 'status must be a candidate status or all' }).default('all'),
    limit: z.number().int().min(1).max(LIMITS.pageSize, { error: `limit must be at most ${LIMITS.pageSize}` }).default(100),
    offset: z.number().int().min(0).default(0),
  })
  .default({ search: '', status: 'all', limit: 100, offset: 0 });

export interface Candidate {
  id: string;
  name: string;
  email: string;
  phone: string;
  source: string;
  links: string[];
  notes: string;
  status: CandidateStatus;
  cooldownUntil: string | null;
  revision: number;
  createdAt: string;
  updatedAt: string;
  /** Set when two devices added this person at once: the candidate holding the same email (merge them by hand). */
  possibleDuplicateOf?: string;
  /**
   * Set when this device holds the candidate without their personal data (team sync: the key it is sealed under
   * has not been granted here yet), so name, email and the rest are blank, not empty. Erasing needs the id typed;
   * an update may change only the status and cooldown (CONFLICT naming any of CANDIDATE_PERSONAL_FIELDS given).
   */
  sealed?: true;
}

export interface CandidatePage {
  items: Candidate[];
  total: number;
}
