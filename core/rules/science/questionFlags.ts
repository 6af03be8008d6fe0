// Two warnings about questions. One that doesn't discriminate: nearly every candidate asked it gets the
// same rating on its principle, so it tells candidates apart no better than not asking. One that is
// over-used: asked far more than the other questions of its principle, so it is likely to have leaked
// (candidates share questions online) and its answers to be rehearsed.

export const NON_DISCRIMINATING_MIN_RATINGS = 10;
/** "Everyone gets the same rating": at least this share of its ratings are one value. */
export const NON_DISCRIMINATING_SHARE = 0.9;
/** Over-used: asked at least this many times in the window… */
export const OVERUSE_MIN_USES = 30;
/** …and at least this many times as often as the median question of its principle. */
export const OVERUSE_FACTOR = 3;

export interface QuestionUse {
  questionId: string;
  principleId: string;
  /** Ratings on that principle in feedback where the question was asked; or (for hundreds of thousands) how many of each. */
  ratings: readonly number[] | ReadonlyMap<number, number>;
  /** Times asked within the window (say, the past year). */
  uses: number;
}

export type QuestionFlag =
  | { flag: 'non-discriminating'; questionId: string; principleId: string; n: number; rating: number; share: number }
  | { flag: 'over-used'; questionId: string; principleId: string; uses: number; typicalUses: number };

export function questionFlags(questions: readonly QuestionUse[]): QuestionFlag[] {
  const flags: QuestionFlag[] = [];
  const usesByPrinciple = new Map<string, number[]>();
  for (const q of questions) {
    const list = usesByPrinciple.get(q.principleId);
    if (list) list.push(q.uses);
    else usesByPrinciple.set(q.principleId, [q.uses]);
  }
  const typical = new Map([...usesByPrinciple].map(([p, uses]) => [p, lowerMedian(uses)]));
  for (const q of questions) {
    const counts = countsOf(q.ratings);
    let n = 0;
    for (const c of counts.values()) n += c;
    if (n >= NON_DISCRIMINATING_MIN_RATINGS) {
      const [rating, count] = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]!;
      const share = count / n;
      if (share >= NON_DISCRIMINATING_SHARE) flags.push({ flag: 'non-discriminating', questionId: q.questionId, principleId: q.principleId, n, rating, share });
    }
    const typicalUses = typical.get(q.principleId) ?? 0;
    if (q.uses >= OVERUSE_MIN_USES && q.uses >= OVERUSE_FACTOR * typicalUses) {
      flags.push({ flag: 'over-used', questionId: q.questionId, principleId: q.principleId, uses: q.uses, typicalUses });
    }
  }
  return flags;
}

function countsOf(ratings: QuestionUse['ratings']): ReadonlyMap<number, number> {
  if (ratings instanceof Map) return ratings as ReadonlyMap<number, number>;
  const counts = new Map<number, number>();
  for (const r of ratings as readonly number[]) counts.set(r, (counts.get(r) ?? 0) + 1);
  return counts;
}

function lowerMedian(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
}
