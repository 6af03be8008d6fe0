import type { PracticeItem, PracticeSummary, PracticeView } from '../../api/contract/practice';
import type { Candidate } from '../../api/contract/candidates';
import type { FeedbackRecord } from '../../api/contract/feedback';
import { candidateRedactor, type Redact } from '../../rules/redaction';
import { ERASED_MARK } from '../../api/contract/privacy';
import { comparePractice, type PracticeAnswers } from '../../rules/training/practiceComparison';
import { newId } from '../../../db/ids';
import type { ReadableDB } from '../../../db/handles';
import { getCandidate } from '../../../db/queries/candidates';
import { getCurrentDecision, listSubmittedFeedback } from '../../../db/queries/feedback';
import {
  getPracticeAttempt,
  getPracticeItem,
  insertPracticeAttempt,
  insertPracticeItem,
  listPracticeItems,
  practiceFromFeedbackExists,
  ratedPracticeIds,
  type PracticeItemRow,
  type PracticeWriteUp,
} from '../../../db/queries/practice';
import { principleNames } from '../../../db/queries/principles';
import { getRole } from '../../../db/queries/roles';
import { ApiFailure, invalidField, notFound } from '../apiFailure';
import { mustGetLoop } from './loops';
import { requireMe } from './participation';
import type { HandlersFor } from './types';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Everything of the candidate's that could be typed into a write-up: the name and its parts and the email
 * (as an erasure removes them), and the phone number and links of their profile.
 */
function candidateScrubber(c: Candidate): Redact {
  const { all } = candidateRedactor(c.name, c.email);
  const literals = [c.phone, ...c.links].map((t) => t.trim()).filter((t) => t.length >= 4);
  const extra = literals.length ? new RegExp(literals.map(escapeRegExp).join('|'), 'giu') : null;
  return (text) => {
    const named = all(text);
    return extra ? named.replace(extra, ERASED_MARK) : named;
  };
}

function toItem(db: ReadableDB, row: PracticeItemRow): PracticeItem {
  const names = principleNames(db, row.writeUp.principles.map((p) => p.principleId));
  return {
    id: row.id,
    source: row.source,
    title: row.title,
    principles: row.writeUp.principles.map((p) => ({ ...p, name: names.get(p.principleId) ?? 'Archived principle' })),
    reasonToHire: row.writeUp.reasonToHire,
    reasonNotToHire: row.writeUp.reasonNotToHire,
    createdAt: row.createdAt,
  };
}

function viewOf(db: ReadableDB, row: PracticeItemRow, memberId: string | null): PracticeView {
  const attempt = memberId ? getPracticeAttempt(db, row.id, memberId) : null;
  // Blind until rated: the answers would anchor the trainee's own reading of the evidence.
  return {
    item: toItem(db, row),
    attempt,
    answers: attempt ? row.answers : null,
    comparison: attempt ? comparePractice(attempt, row.answers) : null,
  };
}

const ratingsOf = (f: FeedbackRecord) => f.ratings.filter((r) => !r.notAssessed).map((r) => ({ principleId: r.principleId, rating: r.rating }));

export const practiceHandlers: HandlersFor<'practice'> = {
  'practice.fromLoop': ({ loopId, feedbackId }, ctx): PracticeItem => {
    const me = requireMe(ctx);
    const loop = mustGetLoop(ctx.db, loopId, 'loopId');
    const decision = getCurrentDecision(ctx.db, loop.id);
    if (!decision || decision.outcome === 'pending') throw new ApiFailure('CONFLICT', 'Practice comes from decided loops only: this loop has no final decision yet.');
    const panel = listSubmittedFeedback(ctx.db, loop.id, 'interview');
    const source = panel.find((f) => f.id === feedbackId);
    if (!source || source.vote === null) throw invalidField('feedbackId', "Choose one of the loop's submitted interview feedback");
    if (practiceFromFeedbackExists(ctx.db, source.id)) throw new ApiFailure('CONFLICT', 'This feedback is already in the practice library.');
    const candidate = getCandidate(ctx.db, loop.candidateId);
    if (!candidate) throw new Error('The loop has no candidate');
    const scrub = candidateScrubber(candidate);
    const rated = source.ratings.filter((r) => !r.notAssessed && r.rating !== null);
    if (rated.length === 0) throw invalidField('feedbackId', 'This feedback rates no principle: there is nothing to practise on');
    const writeUp: PracticeWriteUp = {
      principles: rated.map((r) => ({
        principleId: r.principleId,
        evidence: { situation: scrub(r.evidence.situation), task: scrub(r.evidence.task), action: scrub(r.evidence.action), result: scrub(r.evidence.result) },
      })),
      reasonToHire: scrub(source.reasonToHire),
      reasonNotToHire: scrub(source.reasonNotToHire),
    };
    // Ratings and votes only: who wrote them and when stays with the loop.
    const answers: PracticeAnswers = {
      writer: { ratings: ratingsOf(source), vote: source.vote },
      panel: panel.filter((f) => f.id !== source.id && f.vote !== null).map((f) => ({ ratings: ratingsOf(f), vote: f.vote ?? 'not_inclined' })),
      decision: decision.outcome,
    };
    const row: PracticeItemRow = {
      id: newId(),
      source: 'loop',
      title: scrub(getRole(ctx.db, loop.roleId)?.title ?? 'A decided loop'),
      writeUp,
      answers,
      createdAt: ctx.now,
    };
    insertPracticeItem(ctx.db, { ...row, sourceLoopId: loop.id, sourceFeedbackId: source.id, createdBy: me.id });
    // Logged on the practice item, not the loop: the log names no candidate.
    ctx.log({ entity: 'practice', entityId: row.id, summary: `${me.name} added a practice write-up (${row.title}) from a decided loop` });
    return toItem(ctx.db, row);
  },

  'practice.write': (input, ctx): PracticeItem => {
    const me = requireMe(ctx);
    const names = principleNames(ctx.db, input.principles.map((p) => p.principleId));
    input.principles.forEach((p, i) => {
      if (!names.has(p.principleId)) throw invalidField(`principles.${i}.principleId`, 'No such principle');
      if (input.principles.findIndex((q) => q.principleId === p.principleId) !== i) throw invalidField(`principles.${i}.principleId`, 'Each principle once');
      if (!Object.values(p.evidence).some((t) => t.trim())) throw invalidField(`principles.${i}.evidence`, 'Write the evidence behind this rating.');
    });
    const row: PracticeItemRow = {
      id: newId(),
      source: 'written',
      title: input.title,
      writeUp: { principles: input.principles.map((p) => ({ principleId: p.principleId, evidence: p.evidence })), reasonToHire: input.reasonToHire, reasonNotToHire: input.reasonNotToHire },
      answers: { writer: { ratings: input.principles.map((p) => ({ principleId: p.principleId, rating: p.rating })), vote: input.vote }, panel: [], decision: null },
      createdAt: ctx.now,
    };
    insertPracticeItem(ctx.db, { ...row, sourceLoopId: null, sourceFeedbackId: null, createdBy: me.id });
    ctx.log({ entity: 'practice', entityId: row.id, summary: `${me.name} wrote a practice write-up: ${row.title}` });
    return toItem(ctx.db, row);
  },

  'practice.list': (_input, { db, actor }): PracticeSummary[] =>
    listPracticeItems(db, actor).map((row) => {
      const item = toItem(db, row);
      return { id: item.id, source: item.source, title: item.title, principleNames: item.principles.map((p) => p.name), createdAt: item.createdAt, rated: row.rated };
    }),

  'practice.get': ({ id }, { db, actor }): PracticeView => {
    const row = getPracticeItem(db, id);
    if (!row) throw notFound('practice write-up', id);
    return viewOf(db, row, actor);
  },

  'practice.rate': ({ id, ratings, vote }, ctx): PracticeView => {
    const me = requireMe(ctx);
    const row = getPracticeItem(ctx.db, id);
    if (!row) throw notFound('practice write-up', id);
    if (getPracticeAttempt(ctx.db, row.id, me.id)) throw new ApiFailure('CONFLICT', 'You have rated this write-up already; your first, blind reading is the one kept.');
    const wanted = row.writeUp.principles.map((p) => p.principleId);
    ratings.forEach((r, i) => {
      if (!wanted.includes(r.principleId)) throw invalidField(`ratings.${i}.principleId`, 'This principle is not in the write-up');
      if (ratings.findIndex((q) => q.principleId === r.principleId) !== i) throw invalidField(`ratings.${i}.principleId`, 'Rate each principle once');
    });
    const missing = wanted.find((p) => !ratings.some((r) => r.principleId === p));
    if (missing) throw invalidField(`ratings.${missing}`, 'Rate every principle of the write-up.');
    // Kept in the write-up's order, so the comparison reads in the order the evidence does.
    const ordered = wanted.map((p) => ratings.find((r) => r.principleId === p)).filter((r) => r !== undefined);
    insertPracticeAttempt(ctx.db, row.id, me.id, { ratings: ordered, vote, ratedAt: ctx.now });
    // The log says that it happened; the rating itself is the trainee's own.
    ctx.log({ entity: 'practice', entityId: row.id, summary: `${me.name} rated a practice write-up (${row.title})` });
    return viewOf(ctx.db, row, me.id);
  },

  'practice.results': (_input, { db, actor }): PracticeView[] =>
    ratedPracticeIds(db, actor).flatMap((id) => {
      const row = getPracticeItem(db, id);
      return row ? [viewOf(db, row, actor)] : [];
    }),
};
