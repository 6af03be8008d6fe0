import type { z } from 'zod';
import { COVERAGE_MINIMUM, type Question, type QuestionCreateInput } from '../../api/contract/questions';
import { lintQuestion } from '../../rules/questionLinter';
import { newId } from '../../../db/ids';
import { getPrinciple } from '../../../db/queries/principles';
import {
  getQuestion,
  insertQuestion,
  listQuestions,
  listTags,
  questionCoverage,
  updateQuestion,
} from '../../../db/queries/questions';
import type { ReadableDB } from '../../../db/handles';
import { ApiFailure, invalidField, notFound } from '../apiFailure';
import type { WriteContext } from '../context';
import { assertRevision } from '../revision';
import type { HandlersFor } from './types';

function mustGet(db: ReadableDB, id: string): Question {
  const q = getQuestion(db, id);
  if (!q) throw notFound('question', id);
  return q;
}

function assertPrinciplesActive(db: ReadableDB, ids: readonly string[]): void {
  ids.forEach((id, index) => {
    const p = getPrinciple(db, id);
    if (!p) throw invalidField(`principleIds.${index}`, 'No such principle');
    if (p.status !== 'active') throw invalidField(`principleIds.${index}`, `"${p.name}" is archived; restore it first`);
  });
}

/**
 * The linter's verdict is taken on the server, never from the renderer: errors
 * (protected characteristics) refuse the save, and a hypothetical is kept only
 * with a recorded reason.
 */
function judge(text: string, reason: string): Pick<Question, 'kind' | 'hypotheticalReason' | 'lintStatus' | 'lintRules'> {
  const findings = lintQuestion(text);
  const error = findings.find((f) => f.severity === 'error');
  if (error) throw invalidField('text', error.message);
  const hypothetical = findings.some((f) => f.rule === 'hypothetical');
  if (hypothetical && !reason) {
    throw invalidField(
      'hypotheticalReason',
      'This asks what the candidate would do. Rewrite it about past behaviour, or record why you keep it.',
    );
  }
  return {
    kind: hypothetical ? 'hypothetical' : 'behavioural',
    hypotheticalReason: hypothetical ? reason : null,
    lintStatus: findings.length ? 'warning' : 'clean',
    lintRules: [...new Set(findings.map((f) => f.rule))],
  };
}

const short = (text: string) => (text.length > 60 ? `${text.slice(0, 57)}…` : text);

/** The one way a question is written: linted, judged behavioural or hypothetical, with fresh usage counts. */
export function addQuestion(ctx: WriteContext, input: z.output<typeof QuestionCreateInput>): Question {
  assertPrinciplesActive(ctx.db, input.principleIds);
  const question: Question = {
    id: newId(),
    text: input.text,
    principleIds: [...new Set(input.principleIds)],
    probes: input.probes,
    tags: [...new Set(input.tags)],
    ...judge(input.text, input.hypotheticalReason),
    status: 'active',
    author: ctx.actor,
    timesAsked: 0,
    lastAskedAt: null,
    revision: 1,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
  insertQuestion(ctx.db, question);
  ctx.log({ entity: 'question', entityId: question.id, summary: `Added question "${short(question.text)}"` });
  return question;
}

export const questionHandlers: HandlersFor<'questions'> = {
  'questions.list': (filter, { db }) => listQuestions(db, filter),

  'questions.get': ({ id }, { db }) => mustGet(db, id),

  'questions.create': (input, ctx) => addQuestion(ctx, input),

  'questions.update': (input, ctx) => {
    const current = mustGet(ctx.db, input.id);
    assertRevision('question', current.revision, input.revision);
    if (input.principleIds) assertPrinciplesActive(ctx.db, input.principleIds);
    const text = input.text ?? current.text;
    const updated: Question = {
      ...current,
      text,
      principleIds: input.principleIds ? [...new Set(input.principleIds)] : current.principleIds,
      probes: input.probes ?? current.probes,
      tags: input.tags ? [...new Set(input.tags)] : current.tags,
      ...judge(text, input.hypotheticalReason ?? current.hypotheticalReason ?? ''),
      revision: current.revision + 1,
      updatedAt: ctx.now,
    };
    updateQuestion(ctx.db, updated);
    ctx.log({ entity: 'question', entityId: current.id, summary: `Edited question "${short(updated.text)}"` });
    return updated;
  },

  'questions.retire': ({ id }, ctx) => setStatus(ctx, mustGet(ctx.db, id), 'retired'),
  'questions.restore': ({ id }, ctx) => setStatus(ctx, mustGet(ctx.db, id), 'active'),

  'questions.tags': (_input, { db }) => listTags(db),

  'questions.coverage': (_input, { db }) => questionCoverage(db, COVERAGE_MINIMUM),
};

function setStatus(ctx: WriteContext, q: Question, status: Question['status']): Question {
  if (q.status === status) throw new ApiFailure('CONFLICT', `This question is already ${status}`);
  const updated: Question = { ...q, status, updatedAt: ctx.now };
  updateQuestion(ctx.db, updated);
  ctx.log({
    entity: 'question',
    entityId: q.id,
    summary: `${status === 'retired' ? 'Retired' : 'Restored'} question "${short(q.text)}"`,
  });
  return updated;
}
