import { z } from 'zod';
import type { QuestionRuleId } from '../../rules/questionLinter';
import { LIMITS } from './limits';
import { id, optionalText, requiredLine, requiredText, revision } from './fields';

const probe = requiredText('Follow-up probe', LIMITS.probe);
const tag = requiredLine('Tag', LIMITS.tag).transform((t) => t.toLowerCase());

export const QuestionFields = {
  text: requiredText('Question', LIMITS.questionText),
  principleIds: z
    .array(id('Principle'), { error: 'principleIds must be a list of principle ids' })
    .min(1, { error: 'Link the question to at least one principle' })
    .max(LIMITS.principlesPerQuestion, {
      error: `A question can link to at most ${LIMITS.principlesPerQuestion} principles`,
    }),
  probes: z
    .array(probe, { error: 'probes must be a list of texts' })
    .max(LIMITS.probes, { error: `At most ${LIMITS.probes} follow-up probes` }),
  tags: z
    .array(tag, { error: 'tags must be a list of texts' })
    .max(LIMITS.tags, { error: `At most ${LIMITS.tags} tags` }),
  /** Why a hypothetical (situational) question is kept on purpose. */
  hypotheticalReason: optionalText('Reason', LIMITS.reason),
};

export const QuestionCreateInput = z.strictObject({
  text: QuestionFields.text,
  principleIds: QuestionFields.principleIds,
  probes: QuestionFields.probes.default([]),
  tags: QuestionFields.tags.default([]),
  hypotheticalReason: QuestionFields.hypotheticalReason.default(''),
});

export const QuestionUpdateInput = z.strictObject({
  id: id(),
  revision,
  text: QuestionFields.text.optional(),
  principleIds: QuestionFields.principleIds.optional(),
  probes: QuestionFields.probes.optional(),
  tags: QuestionFields.tags.optional(),
  hypotheticalReason: QuestionFields.hypotheticalReason.optional(),
});

export const QUESTION_STATUS_FILTERS = ['active', 'retired', 'all'] as const;
/** clean: no findings; warning: saved with warnings; hypothetical: kept on purpose with a reason. */
export const LINT_FILTERS = ['clean', 'warning', 'hypothetical'] as const;

export const QuestionListInput = z
  .strictObject({
    search: optionalText('Search', LIMITS.search).default(''),
    principleId: id('Principle').optional(),
    tag: optionalText('Tag', LIMITS.tag).optional(),
    lint: z.enum(LINT_FILTERS, { error: `lint must be one of ${LINT_FILTERS.join(', ')}` }).optional(),
    status: z
      .enum(QUESTION_STATUS_FILTERS, { error: `status must be one of ${QUESTION_STATUS_FILTERS.join(', ')}` })
      .default('active'),
    limit: z.number().int().min(1).max(LIMITS.pageSize, { error: `limit must be at most ${LIMITS.pageSize}` }).default(100),
    offset: z.number().int().min(0).default(0),
  })
  .default({ search: '', status: 'active', limit: 100, offset: 0 });

export type QuestionKind = 'behavioural' | 'hypothetical';
export type QuestionStatus = 'active' | 'retired';
export type LintStatus = 'clean' | 'warning';

export interface Question {
  id: string;
  text: string;
  principleIds: string[];
  probes: string[];
  tags: string[];
  kind: QuestionKind;
  hypotheticalReason: string | null;
  lintStatus: LintStatus;
  lintRules: QuestionRuleId[];
  status: QuestionStatus;
  author: string;
  timesAsked: number;
  lastAskedAt: string | null;
  revision: number;
  createdAt: string;
  updatedAt: string;
}

export interface QuestionPage {
  items: Question[];
  total: number;
}

export interface TagCount {
  tag: string;
  count: number;
}

export const COVERAGE_MINIMUM = 3;

export interface PrincipleCoverage {
  principleId: string;
  name: string;
  behavioural: number;
  hypothetical: number;
  /** Fewer than COVERAGE_MINIMUM active behavioural questions. */
  thin: boolean;
}
