/**
 * Interview kit selection (SPEC §5.3): per slot and assigned principle,
 * about two questions, chosen so that
 * - they are active and linked to that principle;
 * - lint-clean behavioural questions come first, then behavioural ones with
 *   lint warnings, then hypothetical ones (kept on purpose, but past
 *   behaviour predicts better: RESEARCH "Structured interviews work");
 * - no question appears twice in one loop, in any slot or principle, so each
 *   interviewer gathers different evidence;
 * - none was met by this candidate in an earlier loop (they would have a
 *   rehearsed answer): see `questionsMetBefore` for what counts as met;
 * - the least recently used come first (never asked = first), so the bank
 *   is refreshed, as candidates share questions; then id for determinism.
 */

import type { KitCandidateQuestion, KitEntry } from './planTypes';

export const DEFAULT_QUESTIONS_PER_PRINCIPLE = 2;

export interface KitSlot {
  id: string;
  principleIds: readonly string[];
}

export interface SelectKitInput {
  slots: readonly KitSlot[];
  questions: readonly KitCandidateQuestion[];
  /** Question ids this candidate met in earlier loops (`questionsMetBefore`). */
  askedBefore: ReadonlySet<string>;
  /** Questions wanted per (slot, principle); default 2. */
  perPrinciple?: number;
  /** Entries already chosen (e.g. after a manual swap) that stay as they are if still valid. */
  keep?: readonly KitEntry[];
}

export interface SwapKitInput {
  kit: readonly KitEntry[];
  slotId: string;
  principleId: string;
  /** The question to replace. */
  questionId: string;
  questions: readonly KitCandidateQuestion[];
  askedBefore: ReadonlySet<string>;
  /** A specific replacement the user picked. */
  replacementId?: string;
}

/** What an earlier loop of the same candidate tells about the questions they met. */
export interface EarlierLoop {
  status: 'draft' | 'planned' | 'interviewing' | 'debrief' | 'decided' | 'closed' | 'cancelled';
  /** The loop was moved to interviewing at some point (its status may have moved on since). */
  reachedInterviewing: boolean;
  /** Any feedback, draft or submitted, was written for it. */
  hasFeedback: boolean;
  /** Scheduled start times of its slots. */
  slotStartsAt: readonly string[];
  kitQuestionIds: readonly string[];
  /** "Questions actually asked" from every feedback version of the loop: kit ones, bank ones added by id, free text. */
  questionsAsked: readonly { questionId: string | null; text: string }[];
}

/**
 * The question ids a candidate has met, and so must not meet again:
 * - every question recorded as asked in any feedback of any earlier loop,
 *   whatever the loop's status — by id, or, when the interviewer typed it,
 *   every bank question with the same text once case, spacing and
 *   punctuation are ignored;
 * - the kit of every earlier loop that was planned or went further, since it
 *   is (or was) put to the candidate;
 * - the kit of a cancelled loop only if its interviews may have taken place:
 *   it reached interviewing, feedback exists, or a slot's start time has
 *   passed. A loop cancelled before any interview, and a draft, never reached
 *   the candidate, so their questions stay available.
 */
export function questionsMetBefore(loops: readonly EarlierLoop[], bank: readonly { id: string; text: string }[], now: string): Set<string> {
  const met = new Set<string>();
  let byText: Map<string, string[]> | undefined;
  for (const loop of loops) {
    if (kitReachedCandidate(loop, now)) for (const id of loop.kitQuestionIds) met.add(id);
    for (const asked of loop.questionsAsked) {
      if (asked.questionId !== null) {
        met.add(asked.questionId);
        continue;
      }
      byText ??= textIndex(bank);
      for (const id of byText.get(normaliseQuestionText(asked.text)) ?? []) met.add(id);
    }
  }
  return met;
}

/** Text as compared for "the same question": Unicode-normalised, lower case, words only. */
export function normaliseQuestionText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function kitReachedCandidate(loop: EarlierLoop, now: string): boolean {
  if (loop.status === 'draft') return false;
  if (loop.status !== 'cancelled') return true;
  const nowMs = Date.parse(now);
  return loop.reachedInterviewing || loop.hasFeedback || loop.slotStartsAt.some((t) => Date.parse(t) <= nowMs);
}

function textIndex(bank: readonly { id: string; text: string }[]): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const q of bank) {
    const key = normaliseQuestionText(q.text);
    if (key === '') continue;
    index.set(key, [...(index.get(key) ?? []), q.id]);
  }
  return index;
}

// ---------------------------------------------------------------------------
// Public entry points
// ---------------------------------------------------------------------------

/**
 * One entry per (slot, principle), in slot order and then each slot's
 * principle order; an entry holds fewer questions than asked for when the
 * pool runs dry.
 *
 * Kept entries are honoured first, across the whole loop, so a fresh pick in
 * an earlier slot can never take a question the user chose for a later one.
 * A kept question stays while it is still eligible; invalid ones are dropped
 * and the entry is topped up to `perPrinciple` from the pool.
 */
export function selectKit(input: SelectKitInput): KitEntry[] {
  const perPrinciple = Math.max(0, Math.floor(input.perPrinciple ?? DEFAULT_QUESTIONS_PER_PRINCIPLE));
  const pairs = entryKeys(input.slots);
  const byId = questionIndex(input.questions);
  const used = new Set<string>();

  const keepByKey = new Map<string, KitEntry>();
  for (const entry of input.keep ?? []) {
    const key = pairKey(entry.slotId, entry.principleId);
    if (!keepByKey.has(key)) keepByKey.set(key, entry);
  }
  // Claim kept questions in kit order, so a question kept twice stays with its first entry.
  const kept = new Map<string, string[]>();
  for (const { key, principleId } of pairs) {
    const entry = keepByKey.get(key);
    if (!entry) continue;
    const stay = entry.questionIds.filter((id) => {
      const q = byId.get(id);
      if (!q || !isEligible(q, principleId, input.askedBefore, used)) return false;
      used.add(id);
      return true;
    });
    kept.set(key, stay);
  }

  return pairs.map(({ key, slotId, principleId }) => {
    const questionIds = [...(kept.get(key) ?? [])];
    for (const q of rankedCandidates(input.questions, principleId, input.askedBefore, used)) {
      if (questionIds.length >= perPrinciple) break;
      questionIds.push(q.id);
      used.add(q.id);
    }
    return { slotId, principleId, questionIds };
  });
}

/**
 * Replaces one question of one entry. Without a `replacementId` it takes the
 * next eligible question after the current one in ranking order, wrapping
 * around, so swapping again moves on instead of bouncing back to the
 * question just swapped out.
 */
export function swapKitQuestion(input: SwapKitInput): KitEntry[] | { error: string } {
  const entryIndex = input.kit.findIndex((e) => e.slotId === input.slotId && e.principleId === input.principleId);
  const entry = input.kit[entryIndex];
  if (!entry) return { error: 'That interview has no kit entry for this principle; rebuild the kit first.' };
  const position = entry.questionIds.indexOf(input.questionId);
  if (position < 0) return { error: 'That question is not in this part of the kit; refresh the kit and try again.' };

  // Everything in the loop is taken, including the question being swapped out.
  const used = new Set(input.kit.flatMap((e) => e.questionIds));
  const chosen =
    input.replacementId === undefined
      ? nextCandidate(input, used)
      : checkReplacement(input, input.replacementId, used);
  if ('error' in chosen) return chosen;

  return input.kit.map((e, i) => {
    const questionIds = [...e.questionIds];
    if (i === entryIndex) questionIds[position] = chosen.id;
    return { slotId: e.slotId, principleId: e.principleId, questionIds };
  });
}

// ---------------------------------------------------------------------------
// Ranking and eligibility
// ---------------------------------------------------------------------------

function isEligible(q: KitCandidateQuestion, principleId: string, askedBefore: ReadonlySet<string>, used: ReadonlySet<string>): boolean {
  return q.status === 'active' && q.principleIds.includes(principleId) && !askedBefore.has(q.id) && !used.has(q.id);
}

/** 0 lint-clean behavioural, 1 behavioural with lint warnings, 2 hypothetical. */
function tier(q: KitCandidateQuestion): number {
  if (q.kind === 'hypothetical') return 2;
  return q.lintStatus === 'clean' ? 0 : 1;
}

function compareQuestions(a: KitCandidateQuestion, b: KitCandidateQuestion): number {
  return tier(a) - tier(b) || compareLastAsked(a.lastAskedAt, b.lastAskedAt) || compareStrings(a.id, b.id);
}

/** Never asked first; otherwise older first. ISO-8601 UTC timestamps order correctly as strings. */
function compareLastAsked(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return compareStrings(a, b);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function rankedCandidates(
  questions: readonly KitCandidateQuestion[],
  principleId: string,
  askedBefore: ReadonlySet<string>,
  used: ReadonlySet<string>,
): KitCandidateQuestion[] {
  return uniqueQuestions(questions)
    .filter((q) => isEligible(q, principleId, askedBefore, used))
    .sort(compareQuestions);
}

function nextCandidate(input: SwapKitInput, used: ReadonlySet<string>): KitCandidateQuestion | { error: string } {
  const ranked = rankedCandidates(input.questions, input.principleId, input.askedBefore, used);
  if (ranked.length === 0) {
    return { error: 'No other eligible question is linked to this principle: every one is retired, already in this loop or was asked to this candidate before; add a question to the bank.' };
  }
  const current = questionIndex(input.questions).get(input.questionId);
  const after = current ? ranked.find((q) => compareQuestions(q, current) > 0) : undefined;
  return after ?? (ranked[0] as KitCandidateQuestion);
}

function checkReplacement(input: SwapKitInput, replacementId: string, used: ReadonlySet<string>): KitCandidateQuestion | { error: string } {
  const q = questionIndex(input.questions).get(replacementId);
  if (!q) return { error: 'The chosen question was not found; it may have been deleted.' };
  if (replacementId === input.questionId) return { error: 'The chosen question is the one being replaced; pick a different one.' };
  if (q.status !== 'active') return { error: 'The chosen question is retired; pick an active one.' };
  if (!q.principleIds.includes(input.principleId)) return { error: 'The chosen question is not linked to this principle; pick one that is.' };
  if (input.askedBefore.has(q.id)) return { error: 'The chosen question was asked to this candidate in an earlier loop; pick another.' };
  if (used.has(q.id)) return { error: 'The chosen question is already used elsewhere in this loop; pick another.' };
  return q;
}

// ---------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------

interface PairKey {
  key: string;
  slotId: string;
  principleId: string;
}

function entryKeys(slots: readonly KitSlot[]): PairKey[] {
  const seen = new Set<string>();
  const keys: PairKey[] = [];
  for (const slot of slots) {
    for (const principleId of slot.principleIds) {
      const key = pairKey(slot.id, principleId);
      if (seen.has(key)) continue;
      seen.add(key);
      keys.push({ key, slotId: slot.id, principleId });
    }
  }
  return keys;
}

/** JSON keeps the key unambiguous whatever characters the ids contain. */
function pairKey(slotId: string, principleId: string): string {
  return JSON.stringify([slotId, principleId]);
}

/** First row wins when an id repeats, so a duplicate cannot enter a kit twice. */
function questionIndex(questions: readonly KitCandidateQuestion[]): Map<string, KitCandidateQuestion> {
  const index = new Map<string, KitCandidateQuestion>();
  for (const q of questions) if (!index.has(q.id)) index.set(q.id, q);
  return index;
}

function uniqueQuestions(questions: readonly KitCandidateQuestion[]): KitCandidateQuestion[] {
  return [...questionIndex(questions).values()];
}
