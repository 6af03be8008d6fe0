import type { Loop } from '../api/contract/loops';
import { questionsMetBefore } from '../rules/kitSelection';
import type { ReadableDB } from '../../db/handles';
import { listEarlierLoops } from '../../db/queries/loops';
import { listActiveQuestionTexts } from '../../db/queries/questions';

/** The questions this loop's candidate met in their other loops, which neither a kit nor a swap may offer again. */
export function questionsMetByCandidate(db: ReadableDB, loop: Loop, now: string): Set<string> {
  const earlier = listEarlierLoops(db, loop.candidateId, loop.id);
  // The bank's texts are read only when an interviewer typed a question rather than picking one.
  const typed = earlier.some((l) => l.questionsAsked.some((q) => q.questionId === null));
  return questionsMetBefore(earlier, typed ? listActiveQuestionTexts(db) : [], now);
}
