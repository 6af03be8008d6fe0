import { z } from 'zod';
import { RAISE_BAR_ANSWERS, VOTES, type DebriefFlag, type FeedbackContent, type Rating, type RaiseBar, type Vote } from '../../rules/feedbackTypes';
import type { Anchors } from './principles';
import { LIMITS } from './limits';
import { id, optionalText, requiredText } from './fields';
import { decideIssues, verdictIssues } from '../../rules/decisionOutcome';
import type { FieldIssue } from './result';

const evidenceText = (label: string) => optionalText(label, LIMITS.evidence);

/** The day a cooldown is measured from: the caller's UTC day, the same in the form and in the API. */
const utcToday = () => new Date().toISOString().slice(0, 10);

const addIssues = (ctx: z.RefinementCtx, issues: readonly FieldIssue[]) => {
  for (const { path, message } of issues) ctx.addIssue({ code: 'custom', path: path.split('.'), message });
};

export const EvidenceInput = z.strictObject({
  situation: evidenceText('Situation').default(''),
  task: evidenceText('Task').default(''),
  action: evidenceText('Action').default(''),
  result: evidenceText('Result').default(''),
});

export const RatingInput = z.strictObject({
  principleId: id('Principle'),
  rating: z
    .union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)], { error: 'Rating must be 1, 2, 3 or 4' })
    .nullable()
    .default(null),
  notAssessed: z.boolean({ error: 'notAssessed must be true or false' }).default(false),
  notAssessedReason: optionalText('Reason', LIMITS.reason).default(''),
  evidence: EvidenceInput.default({ situation: '', task: '', action: '', result: '' }),
});

export const AskedQuestionInput = z.strictObject({
  questionId: id('Question').nullable().default(null),
  text: requiredText('Question asked', LIMITS.questionText),
});

/** Everything an interviewer writes; drafts may be partial, submission checks completeness. */
export const FeedbackContentInput = {
  ratings: z.array(RatingInput).max(LIMITS.focusPrinciples, { error: 'Too many ratings' }).default([]),
  questionsAsked: z.array(AskedQuestionInput).max(LIMITS.questionsAsked, { error: 'Too many questions' }).default([]),
  vote: z.enum(VOTES, { error: `vote must be one of ${VOTES.join(', ')}` }).nullable().default(null),
  raiseBar: z.enum(RAISE_BAR_ANSWERS, { error: 'raiseBar must be yes, no or not_sure' }).nullable().default(null),
  reasonToHire: optionalText('Top reason to hire', LIMITS.reason).default(''),
  reasonNotToHire: optionalText('Top reason not to hire', LIMITS.reason).default(''),
};

/**
 * Who the form was opened as (`MyFeedback.authorId`). "Me" can change under an open form (another
 * browser tab, say); a write whose author is no longer me is refused rather than saved as someone else.
 */
const authorId = id('Author');

export const FeedbackWriteInput = z.strictObject({ loopId: id('Loop'), authorId, ...FeedbackContentInput });
export const FeedbackAmendInput = z.strictObject({
  loopId: id('Loop'),
  authorId,
  reason: requiredText('Reason for the amendment', LIMITS.reason),
  ...FeedbackContentInput,
});
export const ByLoop = z.strictObject({ loopId: id('Loop') });
export const FeedbackListInput = z.strictObject({
  loopId: id('Loop'),
  /**
   * An admin reading before submitting their own must say why; `feedback.recordView` logs the reason and
   * records the early look, and only then does `feedback.list` show the feedback early.
   */
  earlyAccessReason: optionalText('Reason', LIMITS.reason).default(''),
});

export const RevoteInput = z.strictObject({
  loopId: id('Loop'),
  vote: z.enum(VOTES, { error: 'Choose your new vote.' }),
  note: requiredText('Note', LIMITS.reason),
});
export const DebriefNotesInput = z.strictObject({ loopId: id('Loop'), notes: optionalText('Discussion notes', LIMITS.notes) });
export const DebriefOpenInput = z.strictObject({
  loopId: id('Loop'),
  /** The bar raiser may open the debrief before all feedback is in, with a reason. */
  earlyReason: optionalText('Reason', LIMITS.reason).default(''),
});

export const DecideInput = z
  .strictObject({
    loopId: id('Loop'),
    decision: z.enum(['hire', 'no_hire'], { error: 'Choose hire or no hire.' }),
    rationale: requiredText('Rationale', LIMITS.reason),
    recycle: z.enum(['recycle', 'no_recycle'], { error: 'Choose recycle or no recycle.' }).nullable().default(null),
    cooldownUntil: z.iso.date({ error: 'Cooldown date must be YYYY-MM-DD' }).nullable().default(null),
  })
  // The cross-field rules live here once: the API refuses with them and the form checks them before the round trip.
  .superRefine((input, ctx) => addIssues(ctx, decideIssues(input, utcToday())));
export const VerdictInput = z
  .strictObject({
    loopId: id('Loop'),
    verdict: z.enum(['concur', 'veto'], { error: 'Choose concur or veto.' }),
    rationale: optionalText('Rationale', LIMITS.reason).default(''),
    citedPrincipleIds: z.array(id('Cited principle')).max(LIMITS.focusPrinciples).default([]),
  })
  .superRefine((input, ctx) => addIssues(ctx, verdictIssues(input.verdict, input.rationale, input.citedPrincipleIds)));
export const ReopenInput = z.strictObject({ loopId: id('Loop'), reason: requiredText('Reason for reopening', LIMITS.reason) });
export const PacketInput = z.strictObject({
  loopId: id('Loop'),
  format: z.enum(['markdown', 'pdf'], { error: 'format must be markdown or pdf' }),
});

export interface AskedQuestion {
  questionId: string | null;
  text: string;
}

export interface FeedbackRecord extends FeedbackContent {
  id: string;
  loopId: string;
  slotId: string | null;
  authorId: string;
  kind: 'interview' | 'training';
  status: 'draft' | 'submitted';
  version: number;
  amendmentReason: string | null;
  questionsAsked: AskedQuestion[];
  /** Principle revision each rating was written against. */
  principleRevisions: Record<string, number>;
  sawOthersBeforeSubmitting: boolean;
  submittedAt: string | null;
  updatedAt: string;
}

export interface AssignedPrinciple {
  principleId: string;
  name: string;
  summary: string;
  anchors: Anchors;
  revision: number;
}

/** What the feedback form needs: my assignment, my current feedback and its earlier versions. */
export interface MyFeedback {
  loopId: string;
  /** Who "me" was when this was read: the form writes as this person, and only while they are still me. */
  authorId: string;
  kind: 'interview' | 'training';
  slotId: string | null;
  slotTitle: string;
  candidateName: string;
  roleTitle: string;
  principles: AssignedPrinciple[];
  kitQuestions: { questionId: string; principleId: string; text: string; probes: string[] }[];
  current: FeedbackRecord | null;
  /** Earlier submitted versions, newest first, kept visible after an amendment. */
  history: FeedbackRecord[];
  dueAt: string | null;
  editable: boolean;
}

export interface FeedbackList {
  visibility: 'full' | 'counts';
  reason: string;
  submitted: number;
  expected: number;
  /** Present only with full visibility: every submitted interview feedback with its earlier versions. */
  items: FeedbackRecord[];
  history: FeedbackRecord[];
  /** Shadows' training feedback, kept apart; never in the debrief matrix or the decision. */
  training: FeedbackRecord[];
}

/** `not-needed`: not submitted, but the loop is decided, closed or cancelled, so nobody owes it. */
export type FeedbackState = 'submitted' | 'owed' | 'overdue' | 'not-due-yet' | 'not-needed';

export interface ParticipantStatus {
  memberId: string;
  name: string;
  /** A trainee leads a reverse-shadow slot and, like a shadow, owes training feedback, which never counts. */
  part: 'interviewer' | 'trainee' | 'shadow';
  slotTitle: string | null;
  state: FeedbackState;
  dueAt: string | null;
}

export interface OwedFeedback {
  loopId: string;
  slotId: string | null;
  slotTitle: string;
  candidateName: string;
  roleTitle: string;
  dueAt: string | null;
  state: FeedbackState;
  /** Training feedback (a reverse shadow I lead): owed like any, counted in no decision. */
  training: boolean;
}

export interface Revote {
  id: string;
  authorId: string;
  fromVote: Vote;
  toVote: Vote;
  note: string;
  at: string;
}

export interface Decision {
  id: string;
  loopId: string;
  hiringManagerId: string;
  decision: 'hire' | 'no_hire';
  rationale: string;
  recycle: 'recycle' | 'no_recycle' | null;
  cooldownUntil: string | null;
  decidedAt: string;
  barRaiserId: string | null;
  verdict: 'concur' | 'veto' | null;
  verdictRationale: string;
  citedPrincipleIds: string[];
  verdictAt: string | null;
  outcome: 'hire' | 'no_hire' | 'pending';
  reopenedReason: string | null;
  /** The submitted interview feedback (current versions) the decision was made on; null when decided before this was recorded. */
  feedbackIds: string[] | null;
}

/** Feedback submitted (or amended) after the decision, so not part of it: shown in words, never counted into it. */
export interface LateFeedback {
  feedbackId: string;
  authorId: string;
  version: number;
  /** The version of this author's feedback the decision used, when it used one. */
  usedVersion: number | null;
  text: string;
}

export interface MatrixRow {
  principleId: string;
  name: string;
  focus: boolean;
  cells: { authorId: string; rating: Rating | null; notAssessed: boolean }[];
}

export interface Debrief {
  loopId: string;
  openedEarly: boolean;
  earlyReason: string | null;
  interviewers: { memberId: string; name: string; vote: Vote | null; currentVote: Vote | null; raiseBar: RaiseBar | null }[];
  matrix: MatrixRow[];
  feedback: FeedbackRecord[];
  flags: DebriefFlag[];
  revotes: Revote[];
  notes: string;
  decision: Decision | null;
  lateFeedback: LateFeedback[];
}
