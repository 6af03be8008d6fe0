import { z } from 'zod';
import { LIMITS } from './limits';
import { id, optionalText, requiredLine, revision } from './fields';

export const RATING_LEVELS = [1, 2, 3, 4] as const;
export const RATING_LABELS: Record<(typeof RATING_LEVELS)[number], string> = {
  1: 'Strong no',
  2: 'No',
  3: 'Yes',
  4: 'Strong yes',
};

const anchor = optionalText('Rating anchor', LIMITS.anchor);
/** One short description per rating level 1–4; an empty string means "not written yet". */
export const Anchors = z.tuple([anchor, anchor, anchor, anchor], {
  error: 'anchors must be a list of four texts, for levels 1 to 4',
});
export type Anchors = z.infer<typeof Anchors>;

export const PrincipleFields = {
  name: requiredLine('Name', LIMITS.principleName),
  summary: requiredLine('Summary', LIMITS.principleSummary),
  description: optionalText('Description', LIMITS.principleDescription),
  anchors: Anchors,
};

export const PrincipleCreateInput = z.strictObject({
  name: PrincipleFields.name,
  summary: PrincipleFields.summary,
  description: PrincipleFields.description.default(''),
  anchors: PrincipleFields.anchors.default(['', '', '', '']),
});

export const PrincipleUpdateInput = z.strictObject({
  id: id(),
  /** The revision the edit was made against; a stale one is a CONFLICT, not a silent overwrite. */
  revision,
  name: PrincipleFields.name.optional(),
  summary: PrincipleFields.summary.optional(),
  description: PrincipleFields.description.optional(),
  anchors: PrincipleFields.anchors.optional(),
});

export const PrincipleListInput = z
  .strictObject({ includeArchived: z.boolean({ error: 'includeArchived must be true or false' }).default(false) })
  .default({ includeArchived: false });

export const PrincipleReorderInput = z.strictObject({
  ids: z.array(id('ids'), { error: 'ids must be a list of principle ids' }).max(1_000),
});

export type PrincipleStatus = 'active' | 'archived';

export interface PrincipleContent {
  name: string;
  summary: string;
  description: string;
  anchors: Anchors;
}

export interface Principle extends PrincipleContent {
  id: string;
  position: number;
  status: PrincipleStatus;
  /** From the starter set and not yet adapted in the company's own words. */
  isDraft: boolean;
  revision: number;
  createdAt: string;
  updatedAt: string;
}

export interface PrincipleRevision {
  id: string;
  principleId: string;
  revision: number;
  at: string;
  actor: string;
  before: PrincipleContent | null;
  after: PrincipleContent;
}
