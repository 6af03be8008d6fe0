import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseQuestionText, questionsMetBefore, selectKit, swapKitQuestion, type EarlierLoop } from '../../core/rules/kitSelection';
import type { KitCandidateQuestion, KitEntry } from '../../core/rules/planTypes';
import { question } from './planFixtures';

const NONE: ReadonlySet<string> = new Set();
const ids = (kit: readonly KitEntry[]) => kit.map((e) => e.questionIds);

describe('selectKit: ranking', () => {
  it.each([
    [
      'lint-clean behavioural, then behavioural with warnings, then hypothetical',
      [
        question('h-clean', ['p1'], { kind: 'hypothetical' }),
        question('b-warn', ['p1'], { lintStatus: 'warning' }),
        question('h-warn', ['p1'], { kind: 'hypothetical', lintStatus: 'warning' }),
        question('b-clean', ['p1']),
      ],
      ['b-clean', 'b-warn', 'h-clean', 'h-warn'],
    ],
    [
      'never asked first, then least recently asked',
      [
        question('q1', ['p1'], { lastAskedAt: '2025-01-02T10:00:00.000Z' }),
        question('q2', ['p1'], { lastAskedAt: '2024-06-01T10:00:00.000Z' }),
        question('q3', ['p1'], { lastAskedAt: null }),
        question('q4', ['p1'], { lastAskedAt: '2025-01-02T09:00:00.000Z' }),
      ],
      ['q3', 'q2', 'q4', 'q1'],
    ],
    [
      'ties broken by id',
      [question('qb', ['p1']), question('qc', ['p1']), question('qa', ['p1']), question('qd', ['p1'], { lastAskedAt: '2020-01-01T00:00:00.000Z' })],
      ['qa', 'qb', 'qc', 'qd'],
    ],
    [
      'kind outranks recency',
      [question('old-h', ['p1'], { kind: 'hypothetical' }), question('recent-b', ['p1'], { lastAskedAt: '2025-03-01T00:00:00.000Z' })],
      ['recent-b', 'old-h'],
    ],
  ])('%s', (_name, questions, expected) => {
    const kit = selectKit({ slots: [{ id: 's1', principleIds: ['p1'] }], questions, askedBefore: NONE, perPrinciple: 4 });
    expect(kit).toEqual([{ slotId: 's1', principleId: 'p1', questionIds: expected }]);
  });
});

describe('selectKit: eligibility', () => {
  const slots = [{ id: 's1', principleIds: ['p1'] }];

  it.each([
    ['retired', question('x', ['p1'], { status: 'retired' }), NONE],
    ['linked to another principle', question('x', ['p2']), NONE],
    ['asked to this candidate before', question('x', ['p1']), new Set(['x'])],
  ])('never picks a question that is %s', (_name, excluded, askedBefore) => {
    const kit = selectKit({ slots, questions: [excluded, question('ok', ['p1'])], askedBefore, perPrinciple: 3 });
    expect(ids(kit)).toEqual([['ok']]);
  });

  it('never uses a question twice in one loop, across slots and principles', () => {
    const questions = [question('both', ['p1', 'p2']), question('only1', ['p1']), question('only2', ['p2'])];
    const kit = selectKit({
      slots: [
        { id: 's1', principleIds: ['p1', 'p2'] },
        { id: 's2', principleIds: ['p2', 'p1'] },
      ],
      questions,
      askedBefore: NONE,
    });
    expect(kit).toEqual([
      { slotId: 's1', principleId: 'p1', questionIds: ['both', 'only1'] },
      { slotId: 's1', principleId: 'p2', questionIds: ['only2'] },
      { slotId: 's2', principleId: 'p2', questionIds: [] },
      { slotId: 's2', principleId: 'p1', questionIds: [] },
    ]);
  });

  it('treats a question listed twice in the bank as one', () => {
    const kit = selectKit({ slots, questions: [question('dup', ['p1']), question('dup', ['p1'])], askedBefore: NONE });
    expect(ids(kit)).toEqual([['dup']]);
  });
});

describe('selectKit: shape', () => {
  const questions = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((id) => question(id, ['p1', 'p2', 'p3']));

  it('one entry per (slot, principle), slot order then principle order, two questions each by default', () => {
    const kit = selectKit({
      slots: [
        { id: 's2', principleIds: ['p3', 'p1'] },
        { id: 's1', principleIds: ['p2'] },
      ],
      questions,
      askedBefore: NONE,
    });
    expect(kit).toEqual([
      { slotId: 's2', principleId: 'p3', questionIds: ['a', 'b'] },
      { slotId: 's2', principleId: 'p1', questionIds: ['c', 'd'] },
      { slotId: 's1', principleId: 'p2', questionIds: ['e', 'f'] },
    ]);
  });

  it.each([
    [0, [[], []]],
    [1, [['a'], ['b']]],
    [3, [['a', 'b', 'c'], ['d', 'e', 'f']]],
    [5, [['a', 'b', 'c', 'd', 'e'], ['f', 'g']]],
  ])('perPrinciple %i, running dry when the pool does', (perPrinciple, expected) => {
    const kit = selectKit({ slots: [{ id: 's1', principleIds: ['p1', 'p2'] }], questions, askedBefore: NONE, perPrinciple });
    expect(ids(kit)).toEqual(expected);
  });

  it('repeats of a principle within a slot make one entry; a slot with no principle makes none', () => {
    const kit = selectKit({
      slots: [
        { id: 's1', principleIds: ['p1', 'p1'] },
        { id: 's2', principleIds: [] },
      ],
      questions,
      askedBefore: NONE,
    });
    expect(kit.map((e) => [e.slotId, e.principleId])).toEqual([['s1', 'p1']]);
  });

  it('an empty bank gives empty entries', () => {
    expect(selectKit({ slots: [{ id: 's1', principleIds: ['p1'] }], questions: [], askedBefore: NONE })).toEqual([
      { slotId: 's1', principleId: 'p1', questionIds: [] },
    ]);
  });
});

describe('selectKit: keep', () => {
  const questions = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => question(id, ['p1', 'p2']));
  const slots = [
    { id: 's1', principleIds: ['p1'] },
    { id: 's2', principleIds: ['p2'] },
  ];

  it('keeps a valid entry as it is, and earlier slots cannot take its questions', () => {
    const keep = [{ slotId: 's2', principleId: 'p2', questionIds: ['b', 'a'] }];
    expect(ids(selectKit({ slots, questions, askedBefore: NONE, keep }))).toEqual([
      ['c', 'd'],
      ['b', 'a'],
    ]);
  });

  it('drops kept questions that are no longer eligible and tops the entry up', () => {
    const changed = questions.map((q) => (q.id === 'a' ? { ...q, status: 'retired' as const } : q));
    const keep = [{ slotId: 's2', principleId: 'p2', questionIds: ['e', 'a'] }];
    expect(ids(selectKit({ slots, questions: changed, askedBefore: new Set(['b']), keep }))).toEqual([
      ['c', 'd'],
      ['e', 'f'],
    ]);
  });

  it('ignores kept entries for a principle no longer in the slot', () => {
    const keep = [{ slotId: 's1', principleId: 'p2', questionIds: ['f'] }];
    expect(selectKit({ slots, questions, askedBefore: NONE, keep })).toEqual([
      { slotId: 's1', principleId: 'p1', questionIds: ['a', 'b'] },
      { slotId: 's2', principleId: 'p2', questionIds: ['c', 'd'] },
    ]);
  });

  it('a question kept in two entries stays with the first in kit order', () => {
    const keep = [
      { slotId: 's2', principleId: 'p2', questionIds: ['f'] },
      { slotId: 's1', principleId: 'p1', questionIds: ['f', 'e'] },
    ];
    expect(ids(selectKit({ slots, questions, askedBefore: NONE, keep }))).toEqual([
      ['f', 'e'],
      ['a', 'b'],
    ]);
  });

  it('keeps a manually chosen third question', () => {
    const keep = [{ slotId: 's1', principleId: 'p1', questionIds: ['d', 'e', 'f'] }];
    expect(ids(selectKit({ slots, questions, askedBefore: NONE, keep }))).toEqual([
      ['d', 'e', 'f'],
      ['a', 'b'],
    ]);
  });
});

describe('swapKitQuestion', () => {
  // Ranked a < b < c < d for p1; x is p2's only question.
  const questions = [question('a', ['p1']), question('b', ['p1']), question('c', ['p1']), question('d', ['p1']), question('x', ['p2'])];
  const kit: KitEntry[] = [
    { slotId: 's1', principleId: 'p1', questionIds: ['a', 'b'] },
    { slotId: 's2', principleId: 'p2', questionIds: ['x'] },
  ];
  const swap = (k: readonly KitEntry[], questionId: string, extra: { replacementId?: string; askedBefore?: ReadonlySet<string>; questions?: KitCandidateQuestion[]; principleId?: string; slotId?: string } = {}) =>
    swapKitQuestion({ kit: k, slotId: extra.slotId ?? 's1', principleId: extra.principleId ?? 'p1', questionId, questions: extra.questions ?? questions, askedBefore: extra.askedBefore ?? NONE, ...(extra.replacementId === undefined ? {} : { replacementId: extra.replacementId }) });

  it('replaces the question in place with the next eligible one', () => {
    expect(swap(kit, 'a')).toEqual([
      { slotId: 's1', principleId: 'p1', questionIds: ['c', 'b'] },
      { slotId: 's2', principleId: 'p2', questionIds: ['x'] },
    ]);
  });

  it('moves on through the ranking and wraps around instead of bouncing back', () => {
    const first = swap(kit, 'a');
    if ('error' in first) throw new Error(first.error);
    const second = swap(first, 'c');
    if ('error' in second) throw new Error(second.error);
    expect(second[0]?.questionIds).toEqual(['d', 'b']);
    const third = swap(second, 'd');
    if ('error' in third) throw new Error(third.error);
    expect(third[0]?.questionIds).toEqual(['a', 'b']);
  });

  it('skips questions asked before, retired or used elsewhere in the loop', () => {
    const withC = questions.map((q) => (q.id === 'd' ? { ...q, status: 'retired' as const } : q));
    expect(swap(kit, 'b', { questions: withC, askedBefore: new Set(['c']) })).toEqual({ error: expect.stringMatching(/^No other eligible question/) });
  });

  it('takes a specific eligible replacement', () => {
    expect(swap(kit, 'a', { replacementId: 'd' })).toEqual([
      { slotId: 's1', principleId: 'p1', questionIds: ['d', 'b'] },
      { slotId: 's2', principleId: 'p2', questionIds: ['x'] },
    ]);
  });

  it.each([
    ['unknown', 'zzz', NONE, /not found/],
    ['the same question', 'a', NONE, /one being replaced/],
    ['used elsewhere in the loop', 'b', NONE, /already used elsewhere/],
    ['not linked to the principle', 'x', NONE, /not linked/],
    ['asked before', 'c', new Set(['c']), /earlier loop/],
  ])('refuses a replacement that is %s', (_name, replacementId, askedBefore, message) => {
    const result = swap(kit, 'a', { replacementId, askedBefore });
    expect(result).toEqual({ error: expect.stringMatching(message) });
  });

  it('refuses a retired replacement', () => {
    const retired = questions.map((q) => (q.id === 'c' ? { ...q, status: 'retired' as const } : q));
    expect(swap(kit, 'a', { replacementId: 'c', questions: retired })).toEqual({ error: expect.stringMatching(/retired/) });
  });

  it('says so when no alternative exists', () => {
    expect(swap(kit, 'x', { slotId: 's2', principleId: 'p2' })).toEqual({ error: expect.stringMatching(/^No other eligible question is linked to this principle/) });
  });

  it.each([
    ['an entry that does not exist', 's9', 'p1', 'a', /no kit entry/],
    ['a question not in the entry', 's1', 'p1', 'c', /not in this part of the kit/],
  ])('refuses to swap %s', (_name, slotId, principleId, questionId, message) => {
    expect(swap(kit, questionId, { slotId, principleId })).toEqual({ error: expect.stringMatching(message) });
  });

  it('does not mutate the kit it was given', () => {
    const before = JSON.stringify(kit);
    swap(kit, 'a');
    expect(JSON.stringify(kit)).toBe(before);
  });
});

describe('questionsMetBefore', () => {
  const NOW = '2026-03-01T12:00:00.000Z';
  const bank = [
    { id: 'typed', text: 'Tell me about a time you disagreed with your manager.' },
    { id: 'typed-twin', text: 'Tell me about a time you DISAGREED with your manager' },
    { id: 'other', text: 'Tell me about a time you missed a deadline.' },
  ];
  const loop = (over: Partial<EarlierLoop>): EarlierLoop => ({
    status: 'closed',
    reachedInterviewing: false,
    hasFeedback: false,
    slotStartsAt: [],
    kitQuestionIds: ['k1', 'k2'],
    questionsAsked: [],
    ...over,
  });
  const met = (loops: EarlierLoop[]) => [...questionsMetBefore(loops, bank, NOW)].sort();

  it.each<[string, Partial<EarlierLoop>, string[]]>([
    ['a draft never reached the candidate', { status: 'draft' }, []],
    ['a planned loop is about to', { status: 'planned' }, ['k1', 'k2']],
    ['an interviewing loop', { status: 'interviewing' }, ['k1', 'k2']],
    ['a loop in debrief', { status: 'debrief' }, ['k1', 'k2']],
    ['a decided loop', { status: 'decided' }, ['k1', 'k2']],
    ['a closed loop', { status: 'closed' }, ['k1', 'k2']],
    ['a loop cancelled before any interview', { status: 'cancelled' }, []],
    ['a loop cancelled with its slots still ahead', { status: 'cancelled', slotStartsAt: ['2026-03-02T09:00:00.000Z'] }, []],
    ['a loop cancelled after it reached interviewing', { status: 'cancelled', reachedInterviewing: true }, ['k1', 'k2']],
    ['a loop cancelled after feedback was written', { status: 'cancelled', hasFeedback: true }, ['k1', 'k2']],
    ['a loop cancelled after a slot began', { status: 'cancelled', slotStartsAt: ['2026-03-02T09:00:00.000Z', '2026-03-01T11:00:00.000Z'] }, ['k1', 'k2']],
    ['a loop cancelled after a slot began, written with an offset', { status: 'cancelled', slotStartsAt: ['2026-03-01T13:30:00+02:00'] }, ['k1', 'k2']],
  ])('the kit of %s', (_name, over, expected) => {
    expect(met([loop(over)])).toEqual(expected);
  });

  it.each<[string, EarlierLoop['questionsAsked'], string[]]>([
    ['a kit question the interviewer ticked', [{ questionId: 'k1', text: 'Kit question one' }], ['k1']],
    ['a bank question added by id outside the kit', [{ questionId: 'extra', text: 'Anything' }], ['extra']],
    ['typed text, matched ignoring case, spacing and punctuation', [{ questionId: null, text: '  tell me about a time you   disagreed with your manager?! ' }], ['typed', 'typed-twin']],
    ['typed text with no bank question like it', [{ questionId: null, text: 'What is your favourite colour?' }], []],
    ['typed punctuation only', [{ questionId: null, text: '?!' }], []],
  ])('feedback of any loop, even a draft or cancelled one, records %s', (_name, questionsAsked, expected) => {
    for (const status of ['draft', 'cancelled', 'interviewing', 'closed'] as const) {
      const kitIds = status === 'draft' || status === 'cancelled' ? [] : ['k1', 'k2'];
      const got = met([loop({ status, hasFeedback: true, kitQuestionIds: status === 'draft' ? ['never'] : kitIds, questionsAsked })]);
      expect(got).toEqual([...new Set([...kitIds, ...expected])].sort());
    }
  });

  it('gathers across loops, and finds nothing when there are none', () => {
    expect(met([])).toEqual([]);
    expect(
      met([
        loop({ status: 'closed', kitQuestionIds: ['a'] }),
        loop({ status: 'cancelled', reachedInterviewing: true, kitQuestionIds: ['b'] }),
        loop({ status: 'cancelled', kitQuestionIds: ['c'] }),
        loop({ status: 'closed', kitQuestionIds: [], questionsAsked: [{ questionId: null, text: 'Tell me about a time you missed a deadline' }] }),
      ]),
    ).toEqual(['a', 'b', 'other']);
  });

  it.each([
    ['Tell me about a TIME you failed.', 'tell me about a time you failed'],
    ['“Why?”\t—\nwhy not', 'why why not'],
    ['Ｆｕｌｌ width', 'full width'],
    ['Café crème', 'café crème'],
  ])('normalises %j to %j', (text, expected) => {
    expect(normaliseQuestionText(text)).toBe(expected);
  });

  it('a met question is never picked for a kit nor offered in a swap', () => {
    const askedBefore = questionsMetBefore([loop({ status: 'cancelled', reachedInterviewing: true, kitQuestionIds: ['b'], questionsAsked: [{ questionId: null, text: bank[2]?.text ?? '' }] })], bank, NOW);
    const questions = [question('a', ['p1']), question('b', ['p1']), question('other', ['p1']), question('d', ['p1'])];
    const kit = selectKit({ slots: [{ id: 's1', principleIds: ['p1'] }], questions, askedBefore, perPrinciple: 1 });
    expect(ids(kit)).toEqual([['a']]);
    const swapped = swapKitQuestion({ kit, slotId: 's1', principleId: 'p1', questionId: 'a', questions, askedBefore });
    expect('error' in swapped ? swapped : ids(swapped)).toEqual([['d']]);
  });
});

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

const PRINCIPLES = ['p1', 'p2', 'p3', 'p4', 'p5'];

const bankArb: fc.Arbitrary<KitCandidateQuestion[]> = fc
  .array(
    fc.record({
      principleIds: fc.subarray(PRINCIPLES, { minLength: 1 }),
      kind: fc.constantFrom('behavioural' as const, 'hypothetical' as const),
      lintStatus: fc.constantFrom('clean' as const, 'warning' as const),
      status: fc.constantFrom('active' as const, 'active' as const, 'retired' as const),
      lastAskedAt: fc.option(fc.constantFrom('2024-01-01T00:00:00.000Z', '2024-06-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z'), { nil: null }),
    }),
    { maxLength: 30 },
  )
  .map((rows) => rows.map((r, i) => ({ id: `q${String(i).padStart(2, '0')}`, ...r })));

const kitScenarioArb = fc.record({
  questions: bankArb,
  slots: fc.array(fc.subarray(PRINCIPLES, { maxLength: 3 }), { minLength: 1, maxLength: 6 }).map((rows) => rows.map((principleIds, i) => ({ id: `s${i + 1}`, principleIds }))),
  askedMask: fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }),
  perPrinciple: fc.integer({ min: 1, max: 3 }),
});

type KitScenario = { questions: KitCandidateQuestion[]; slots: { id: string; principleIds: string[] }[]; askedMask: boolean[]; perPrinciple: number };

const askedOf = (s: KitScenario) => new Set(s.questions.filter((_, i) => s.askedMask[i]).map((q) => q.id));

function expectValidKit(kit: readonly KitEntry[], s: KitScenario, askedBefore: ReadonlySet<string>): void {
  const all = kit.flatMap((e) => e.questionIds);
  expect(new Set(all).size).toBe(all.length);
  const byId = new Map(s.questions.map((q) => [q.id, q]));
  for (const entry of kit) {
    for (const id of entry.questionIds) {
      const q = byId.get(id);
      expect(q).toBeDefined();
      expect(q?.status).toBe('active');
      expect(q?.principleIds).toContain(entry.principleId);
      expect(askedBefore.has(id)).toBe(false);
    }
  }
}

describe('kit properties', () => {
  it('never repeats a question, never picks one asked before or retired, and links each to its principle', () => {
    fc.assert(
      fc.property(kitScenarioArb, (s) => {
        const askedBefore = askedOf(s);
        const kit = selectKit({ slots: s.slots, questions: s.questions, askedBefore, perPrinciple: s.perPrinciple });
        expectValidKit(kit, s, askedBefore);
        // One entry per distinct (slot, principle), in order.
        const expectedKeys = s.slots.flatMap((slot) => [...new Set(slot.principleIds)].map((p) => `${slot.id}/${p}`));
        expect(kit.map((e) => `${e.slotId}/${e.principleId}`)).toEqual(expectedKeys);
        // Short only when the pool ran dry.
        const used = new Set(kit.flatMap((e) => e.questionIds));
        for (const entry of kit) {
          expect(entry.questionIds.length).toBeLessThanOrEqual(s.perPrinciple);
          if (entry.questionIds.length < s.perPrinciple) {
            const spare = s.questions.filter((q) => q.status === 'active' && q.principleIds.includes(entry.principleId) && !askedBefore.has(q.id) && !used.has(q.id));
            expect(spare).toEqual([]);
          }
        }
        // Deterministic.
        expect(selectKit({ slots: s.slots, questions: [...s.questions].reverse(), askedBefore, perPrinciple: s.perPrinciple })).toEqual(kit);
      }),
      { numRuns: 300 },
    );
  });

  it('stays valid when rebuilt around kept entries, and keeps what is still valid', () => {
    fc.assert(
      fc.property(kitScenarioArb, fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }), (s, newlyAsked) => {
        const first = selectKit({ slots: s.slots, questions: s.questions, askedBefore: askedOf(s), perPrinciple: s.perPrinciple });
        // Later some questions were asked to the candidate after all: rebuild keeping the old kit.
        const askedLater = new Set([...askedOf(s), ...s.questions.filter((_, i) => newlyAsked[i]).map((q) => q.id)]);
        const rebuilt = selectKit({ slots: s.slots, questions: s.questions, askedBefore: askedLater, perPrinciple: s.perPrinciple, keep: first });
        expectValidKit(rebuilt, s, askedLater);
        first.forEach((entry, i) => {
          const stillValid = entry.questionIds.filter((id) => !askedLater.has(id));
          expect(rebuilt[i]?.questionIds.slice(0, stillValid.length)).toEqual(stillValid);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('a swap keeps the kit valid, or errs only when no alternative exists', () => {
    fc.assert(
      fc.property(kitScenarioArb, fc.nat(), (s, pick) => {
        const askedBefore = askedOf(s);
        const kit = selectKit({ slots: s.slots, questions: s.questions, askedBefore, perPrinciple: s.perPrinciple });
        const slots = kit.filter((e) => e.questionIds.length > 0);
        const entry = slots[pick % Math.max(1, slots.length)];
        if (!entry) return;
        const questionId = entry.questionIds[pick % entry.questionIds.length] as string;
        const result = swapKitQuestion({ kit, slotId: entry.slotId, principleId: entry.principleId, questionId, questions: s.questions, askedBefore });
        const used = new Set(kit.flatMap((e) => e.questionIds));
        const alternatives = s.questions.filter((q) => q.status === 'active' && q.principleIds.includes(entry.principleId) && !askedBefore.has(q.id) && !used.has(q.id));
        if ('error' in result) {
          expect(alternatives).toEqual([]);
          return;
        }
        expectValidKit(result, s, askedBefore);
        const before = kit.flatMap((e) => e.questionIds);
        const after = result.flatMap((e) => e.questionIds);
        expect(after.filter((id) => !before.includes(id))).toHaveLength(1);
        expect(after).not.toContain(questionId);
      }),
      { numRuns: 300 },
    );
  });
});
