import { describe, expect, it } from 'vitest';
import { decodeFacts, encodeFacts } from '../../core/server/calibrationFactsCodec';
import { QuestionKeys, type KeptFacts } from '../../core/server/calibrationLoopFacts';

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
    loops: new Map([
      ['b', { role: 2, outcome: 'hire', month: '2026-01', feedback: { author: Int32Array.from([7, 8]), vote: Int32Array.from([0, -1]), hours: Float64Array.from([3.5, Number.NaN]) }, revoters: Int32Array.from([8]), ratings: Int32Array.from([7, 1, 4, 8, 1, 2]), questionRatings: Int32Array.from([q, 1]) }],
      ['a', { role: 1, outcome: null, month: null, feedback: { author: new Int32Array(0), vote: new Int32Array(0), hours: new Float64Array(0) }, revoters: new Int32Array(0), ratings: new Int32Array(0), questionRatings: new Int32Array(0) }],
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
    expect({ ...b, ratings: [...b.ratings], questionRatings: [...b.questionRatings], revoters: [...b.revoters], feedback: { author: [...b.feedback.author], vote: [...b.feedback.vote], hours: [...b.feedback.hours] } }).toEqual({
      role: 2, outcome: 'hire', month: '2026-01', ratings: [7, 1, 4, 8, 1, 2], questionRatings: [0, 1], revoters: [8], feedback: { author: [7, 8], vote: [0, -1], hours: [3.5, Number.NaN] },
    });
    expect(decoded.facts.loops.get('a')).toMatchObject({ role: 1, outcome: null, month: null });
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
});
