import { describe, expect, it } from 'vitest';
import { decodeFacts, encodeFacts } from '../../core/server/calibrationFactsCodec';
import { inColumns, QuestionKeys, revoted, type KeptFacts, type LoopFacts } from '../../core/server/calibrationLoopFacts';

/** A loop's ranges read back as lists. */
const listsOf = (l: LoopFacts) => ({
  role: l.role,
  outcome: l.outcome,
  month: l.month,
  ratings: [...l.cols.ratings.subarray(l.ratingsAt, l.ratingsEnd)],
  author: [...l.cols.author.subarray(l.feedbackAt, l.feedbackEnd)],
  vote: [...l.cols.vote.subarray(l.feedbackAt, l.feedbackEnd)],
  hours: [...l.cols.hours.subarray(l.feedbackAt, l.feedbackEnd)],
  revoters: [...l.cols.revoters.subarray(l.revotersAt, l.revotersEnd)],
  questionRatings: [...l.cols.questionRatings.subarray(l.questionRatingsAt, l.questionRatingsEnd)],
});

function facts(): KeptFacts {
  const keys = new QuestionKeys();
  const usesKeys = new QuestionKeys();
  const q = keys.of('q1', 'p1', 3);
  const u = usesKeys.of('q1', 'p1', 0);
  return {
    names: new Map([['p1', 'principle-1'], ['m7', 'member-7']]),
    keys,
    uses: { since: '2025-11-30', loops: new Map([['b', { created: '2026-01-02', uses: Int32Array.from([u, 2]) }]]), keys: usesKeys },
    order: null,
    loops: inColumns([
      ['b', { role: 2, outcome: 'hire', month: '2026-01', author: [7, 8], vote: [0, -1], hours: [3.5, Number.NaN], revoters: [8], ratings: [7, 1, 4, 8, 1, 2], questionRatings: [q, 1] }],
      ['a', { role: 1, outcome: null, month: null, author: [], vote: [], hours: [], revoters: [], ratings: [], questionRatings: [] }],
    ]),
  };
}

describe('calibration facts as stored bytes', () => {
  it('read back as they were written, loops in id order, with the extra value (NaN kept)', () => {
    const decoded = decodeFacts(encodeFacts(facts(), [['k', { alpha: Number.NaN, interval: null }]]))!;
    expect(decoded.extra).toEqual([['k', { alpha: Number.NaN, interval: null }]]);
    expect(decoded.facts.order).toEqual(['a', 'b']);
    expect([...decoded.facts.names]).toEqual([...facts().names]);
    expect(decoded.facts.keys.rows).toEqual([{ question: 'q1', principle: 'p1', rating: 3 }]);
    expect(decoded.facts.uses.since).toBe('2025-11-30');
    expect([...decoded.facts.uses.loops.get('b')!.uses]).toEqual([0, 2]);
    const b = decoded.facts.loops.get('b')!;
    expect(listsOf(b)).toEqual({
      role: 2, outcome: 'hire', month: '2026-01', ratings: [7, 1, 4, 8, 1, 2], questionRatings: [0, 1], revoters: [8], author: [7, 8], vote: [0, -1], hours: [3.5, Number.NaN],
    });
    expect(listsOf(decoded.facts.loops.get('a')!)).toEqual({ role: 1, outcome: null, month: null, ratings: [], questionRatings: [], revoters: [], author: [], vote: [], hours: [] });
    expect([revoted(b, 8), revoted(b, 7)]).toEqual([true, false]);
  });

  it('anything else reads as no facts: empty, cut short, a wrong length, bytes that are not facts', () => {
    const bytes = encodeFacts(facts(), null);
    expect(decodeFacts(null)).toBeNull();
    expect(decodeFacts(new Uint8Array(0))).toBeNull();
    for (const end of [3, 4, 10, bytes.length - 1]) expect(decodeFacts(bytes.subarray(0, end))).toBeNull();
    const flipped = Uint8Array.from(bytes);
    flipped[0]! ^= 1; // the plain length
    expect(decodeFacts(flipped)).toBeNull();
    expect(decodeFacts(Uint8Array.from([1, 0, 0, 0, 0x28, 0xb5, 0x2f, 0xfd]))).toBeNull();
  });

  it('a loop read back again (inColumns after a decoded one) keeps its own ranges; the others keep theirs', () => {
    const decoded = decodeFacts(encodeFacts(facts(), null))!.facts;
    for (const [id, l] of inColumns([['b', { role: 3, outcome: 'no_hire', month: '2026-02', author: [9], vote: [1], hours: [1], revoters: [], ratings: [9, 1, 3], questionRatings: [] }]])) decoded.loops.set(id, l);
    expect(listsOf(decoded.loops.get('b')!)).toEqual({ role: 3, outcome: 'no_hire', month: '2026-02', ratings: [9, 1, 3], questionRatings: [], revoters: [], author: [9], vote: [1], hours: [1] });
    const again = decodeFacts(encodeFacts(decoded, null))!.facts;
    expect(listsOf(again.loops.get('b')!).ratings).toEqual([9, 1, 3]);
    expect(listsOf(again.loops.get('a')!).ratings).toEqual([]);
  });
});
