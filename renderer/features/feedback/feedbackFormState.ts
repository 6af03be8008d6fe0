import { FeedbackAmendInput, FeedbackWriteInput, type FeedbackRecord, type MyFeedback } from '../../../core/api/contract/feedback';
import type { ApiError } from '../../../core/api/contract/result';
import { feedbackIssues } from '../../../core/rules/feedbackCompleteness';
import type { Evidence, FeedbackContent, RaiseBar, Rating, Vote } from '../../../core/rules/feedbackTypes';
import { fieldErrorsFromSchema, type FieldErrors } from '../../api/fieldErrors';

// The feedback form's own state, its mapping to and from the API's content, and its check before submitting.

export interface RatingForm {
  rating: Rating | null;
  notAssessed: boolean;
  notAssessedReason: string;
  evidence: Evidence;
}

export interface FeedbackFormState {
  /** Keyed by principle, as the API's field paths are (`ratings.<principleId>.evidence`). */
  ratings: Record<string, RatingForm>;
  /** Kit questions ticked as asked. */
  askedIds: string[];
  /** Questions asked that were not in the kit. */
  added: string[];
  vote: Vote | null;
  raiseBar: RaiseBar | null;
  reasonToHire: string;
  reasonNotToHire: string;
  /** Why an amendment changes submitted feedback; unused while writing. Absent in drafts buffered before it was kept. */
  reason?: string;
  /** When this device last changed the form: the local copy wins over an older server draft. */
  editedAt: string;
}

export type FeedbackFormContent = FeedbackContent & { questionsAsked: { questionId: string | null; text: string }[] };

export const blankRating = (): RatingForm => ({
  rating: null,
  notAssessed: false,
  notAssessedReason: '',
  evidence: { situation: '', task: '', action: '', result: '' },
});

export function formFrom(mine: MyFeedback, record: FeedbackRecord | null): FeedbackFormState {
  const kitIds = new Set(mine.kitQuestions.map((q) => q.questionId));
  const ratings: Record<string, RatingForm> = {};
  for (const p of mine.principles) {
    const r = record?.ratings.find((x) => x.principleId === p.principleId);
    ratings[p.principleId] = r
      ? { rating: r.rating, notAssessed: r.notAssessed, notAssessedReason: r.notAssessedReason, evidence: { ...r.evidence } }
      : blankRating();
  }
  const asked = record?.questionsAsked ?? [];
  return {
    ratings,
    askedIds: asked.flatMap((q) => (q.questionId && kitIds.has(q.questionId) ? [q.questionId] : [])),
    added: asked.flatMap((q) => (q.questionId && kitIds.has(q.questionId) ? [] : [q.text])),
    vote: record?.vote ?? null,
    raiseBar: record?.raiseBar ?? null,
    reasonToHire: record?.reasonToHire ?? '',
    reasonNotToHire: record?.reasonNotToHire ?? '',
    reason: '',
    editedAt: record?.updatedAt ?? '',
  };
}

export function contentOf(form: FeedbackFormState, mine: MyFeedback): FeedbackFormContent {
  return {
    ratings: mine.principles.map((p) => ({ principleId: p.principleId, ...(form.ratings[p.principleId] ?? blankRating()) })),
    questionsAsked: [
      ...mine.kitQuestions.filter((q) => form.askedIds.includes(q.questionId)).map((q) => ({ questionId: q.questionId, text: q.text })),
      ...form.added.filter((t) => t.trim() !== '').map((text) => ({ questionId: null, text })),
    ],
    vote: form.vote,
    raiseBar: form.raiseBar,
    reasonToHire: form.reasonToHire,
    reasonNotToHire: form.reasonNotToHire,
  };
}

/** What `feedback.saveDraft` and `feedback.submit` receive for this form. */
export const writeInput = (form: FeedbackFormState, mine: MyFeedback) => ({ loopId: mine.loopId, authorId: mine.authorId, ...contentOf(form, mine) });

/** What `feedback.amend` receives. */
export const amendInput = (form: FeedbackFormState, mine: MyFeedback) => ({ ...writeInput(form, mine), reason: form.reason ?? '' });

/**
 * The check the API makes, before the round trip: the same input schema, then completeness against the
 * principles assigned. Both name a rating's fields by its principle, so they land on the same fields.
 */
export function feedbackFormErrors(form: FeedbackFormState, mine: MyFeedback, mode: 'write' | 'amend'): FieldErrors {
  const input = mode === 'amend' ? amendInput(form, mine) : writeInput(form, mine);
  const errors = fieldErrorsFromSchema(mode === 'amend' ? FeedbackAmendInput : FeedbackWriteInput, input);
  for (const issue of feedbackIssues(input, mine.principles.map((p) => p.principleId))) errors[issue.path] ??= issue.message;
  return errors;
}

export const attentionCount = (errors: FieldErrors) => {
  const count = Object.keys(errors).length;
  return `${count === 1 ? 'One thing needs' : `${count} things need`} your attention before you submit.`;
};

/** "Me" is no longer the person the form was opened as: nothing is saved until they are again. */
export const isAuthorConflict = (error: ApiError) => error.code === 'CONFLICT' && error.issues?.some((i) => i.path === 'authorId') === true;
