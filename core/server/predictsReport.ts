import type { CorrelationFigure, Predicts, QuestionFlagFigure } from '../api/contract/science';
import { questionFlags, type QuestionUse } from '../rules/science/questionFlags';
import { MIN_CORRELATION_PAIRS, spearman } from '../rules/science/rankCorrelation';
import { correlationSentence, questionFlagSentence } from '../rules/science/scienceWords';
import type { ReadableDB } from '../../db/handles';
import { predictionCheckins, questionTexts } from '../../db/queries/science';

// What predicts and question flags, beside the calibration report and from the same read transaction.
// Blindness as there: only decided and closed loops, whose feedback is open to everyone who took part.

export const PREDICTS_BASIS =
  "Hires' interview ratings against their manager's check-in on the same principle: the 1-year check-in where there is one, else the 90-day one.";

const OVERUSE_WINDOW_DAYS = 365;

/** Where the window of over-used questions starts. */
export const overuseSince = (now: Date) => new Date(now.getTime() - OVERUSE_WINDOW_DAYS * 86_400_000).toISOString();

type Pair = [number, number];

/** As `localeCompare` without arguments, built once rather than per comparison. */
const byLocale = new Intl.Collator();

function figure(pairs: readonly Pair[], subject: string): CorrelationFigure {
  const c = spearman(pairs);
  return { ...c, words: correlationSentence(c, subject) };
}

function push<K>(map: Map<K, Pair[]>, key: K, pair: Pair): void {
  const list = map.get(key);
  if (list) list.push(pair);
  else map.set(key, [pair]);
}

/** The interview ratings the calibration report gathered: parallel columns, `unit` = loop index × P + principle index. */
export interface GatheredRatings {
  length: number;
  unit: Float64Array;
  author: Float64Array;
  value: Float64Array;
}

interface Names {
  principles: { key: number; id: string; name: string }[];
  members: { key: number; id: string; name: string }[];
}

/** How often each rating followed a kit question in one loop: principle as its index in the names, as units count it. */
export interface QuestionRatingCount {
  question: string;
  principle: number;
  rating: number;
  n: number;
}

export function predictsReport(
  db: ReadableDB,
  names: Names,
  index: { loop: (id: string) => number | undefined; principle: Map<number, number>; P: number },
  ratings: GatheredRatings,
  questionRatings: (loop: number) => Iterable<QuestionRatingCount>,
): Predicts {
  const checkin = new Map<number, number>();
  const hires = new Set<number>();
  for (const c of predictionCheckins(db)) {
    const loop = index.loop(c.loop);
    const principle = index.principle.get(c.principle);
    if (loop === undefined || principle === undefined) continue;
    checkin.set(loop * index.P + principle, c.rating);
    hires.add(loop);
  }

  // Per principle, a loop's panel is one judgement: their mean rating, so a big panel does not count twice.
  const sums = new Map<number, { sum: number; n: number }>();
  const byMember = new Map<number, Pair[]>();
  for (let i = 0; i < ratings.length; i++) {
    const unit = ratings.unit[i]!;
    const outcome = checkin.get(unit);
    if (outcome === undefined) continue;
    const s = sums.get(unit) ?? { sum: 0, n: 0 };
    s.sum += ratings.value[i]!;
    s.n += 1;
    sums.set(unit, s);
    push(byMember, ratings.author[i]!, [ratings.value[i]!, outcome]);
  }
  const byPrinciple = new Map<number, Pair[]>();
  for (const [unit, s] of sums) push(byPrinciple, unit % index.P, [s.sum / s.n, checkin.get(unit)!]);

  // Each rating after a kit question in a hire's loop, from the counts the report keeps per loop.
  const byQuestion = new Map<string, Pair[]>();
  for (const loop of hires) {
    for (const q of questionRatings(loop)) {
      const outcome = checkin.get(loop * index.P + q.principle);
      if (outcome !== undefined) for (let k = 0; k < q.n; k++) push(byQuestion, q.question, [q.rating, outcome]);
    }
  }
  const texts = new Map(questionTexts(db).map((q) => [q.id, q.text]));

  return {
    basis: PREDICTS_BASIS,
    minimum: MIN_CORRELATION_PAIRS,
    hires: hires.size,
    principles: names.principles
      .map((p, i) => ({ p, pairs: byPrinciple.get(i) }))
      .filter((x): x is { p: Names['principles'][number]; pairs: Pair[] } => x.pairs !== undefined)
      .map(({ p, pairs }) => ({ principleId: p.id, name: p.name, ...figure(pairs, `Interview ratings on ${p.name}`) })),
    questions: [...byQuestion]
      .map(([questionId, pairs]) => ({ questionId, text: texts.get(questionId) ?? 'A removed question', ...figure(pairs, 'Ratings after this question') }))
      .sort((a, b) => b.n - a.n || byLocale.compare(a.text, b.text)),
    interviewers: [...byMember]
      .map(([author, pairs]) => {
        const m = names.members[author];
        return { memberId: m?.id ?? String(author), name: m?.name ?? 'Unknown', ...figure(pairs, `${m?.name ?? 'Their'}’s ratings`) };
      })
      .sort((a, b) => byLocale.compare(a.name, b.name)),
  };
}

/** `ratingCounts`: how often each rating followed each kit question on its principle, in a fixed order. */
export function questionFlagsReport(
  db: ReadableDB,
  names: Names,
  ratingCounts: readonly { question: string; principle: string; rating: number; n: number }[],
  /** Times each question was put in a kit on each principle within the window (overuseSince), in a fixed order. */
  questionUses: readonly { question: string; principle: string; uses: number }[],
): QuestionFlagFigure[] {
  const uses = new Map<string, QuestionUse & { ratings: Map<number, number> }>();
  const entry = (question: string, principle: string) => {
    const key = `${question}:${principle}`;
    let u = uses.get(key);
    if (!u) uses.set(key, (u = { questionId: question, principleId: principle, ratings: new Map(), uses: 0 }));
    return u;
  };
  for (const r of ratingCounts) {
    const counts = entry(r.question, r.principle).ratings;
    counts.set(r.rating, (counts.get(r.rating) ?? 0) + r.n);
  }
  for (const u of questionUses) entry(u.question, u.principle).uses = u.uses;
  const texts = new Map(questionTexts(db).map((q) => [q.id, q.text]));
  const principleName = new Map(names.principles.map((p) => [p.id, p.name]));
  return questionFlags([...uses.values()]).map((f) => ({
    flag: f.flag,
    questionId: f.questionId,
    text: texts.get(f.questionId) ?? 'A removed question',
    principleId: f.principleId,
    principleName: principleName.get(f.principleId) ?? 'A removed principle',
    words: questionFlagSentence(f),
  }));
}
