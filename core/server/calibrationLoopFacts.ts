// The shape of the calibration's kept facts (calibrationFacts.ts keeps them, calibrationFactsCodec.ts stores them).

/**
 * The numbers of many loops, in columns shared by them: tens of thousands of loops read back from the workspace
 * as one buffer (calibrationFactsCodec.ts), where a typed-array view per loop and list cost ~200,000 views and
 * most of the first report's reading time in a new worker. Each loop's facts are ranges of these.
 */
export interface FactColumns {
  /** Ratings as (author, principle, rating) row-id triples, each loop's in principle then feedback order. */
  ratings: Int32Array;
  /** Current interview feedback, in feedback order: author row ids, votes (their place in VOTES, -1 none), hours to submit (NaN: none). */
  author: Int32Array;
  vote: Int32Array;
  hours: Float64Array;
  /** Who changed their vote at the re-vote (author row ids). */
  revoters: Int32Array;
  /** Ratings after each kit question: (key of question, principle and rating; count) pairs. */
  questionRatings: Int32Array;
}

/** What one decided loop adds to the report: its place in its columns, as [start, end) positions. */
export interface LoopFacts {
  role: number;
  outcome: 'hire' | 'no_hire' | 'pending' | null;
  /** The month of its earliest first submission. */
  month: string | null;
  cols: FactColumns;
  ratingsAt: number;
  ratingsEnd: number;
  feedbackAt: number;
  feedbackEnd: number;
  revotersAt: number;
  revotersEnd: number;
  questionRatingsAt: number;
  questionRatingsEnd: number;
}

/** One loop's numbers, as lists: what `inColumns` puts together. */
export interface LoopLists {
  role: number;
  outcome: LoopFacts['outcome'];
  month: string | null;
  ratings: ArrayLike<number>;
  author: ArrayLike<number>;
  vote: ArrayLike<number>;
  hours: ArrayLike<number>;
  revoters: ArrayLike<number>;
  questionRatings: ArrayLike<number>;
}

/** Loops' lists as facts in one set of columns. */
export function inColumns(loops: Iterable<[id: string, lists: LoopLists]>): Map<string, LoopFacts> {
  const all = [...loops];
  const size = (key: 'ratings' | 'author' | 'revoters' | 'questionRatings') => all.reduce((n, [, l]) => n + l[key].length, 0);
  const cols: FactColumns = {
    ratings: new Int32Array(size('ratings')),
    author: new Int32Array(size('author')),
    vote: new Int32Array(size('author')),
    hours: new Float64Array(size('author')),
    revoters: new Int32Array(size('revoters')),
    questionRatings: new Int32Array(size('questionRatings')),
  };
  const facts = new Map<string, LoopFacts>();
  let r = 0, f = 0, v = 0, q = 0;
  for (const [id, l] of all) {
    cols.ratings.set(l.ratings, r);
    cols.author.set(l.author, f);
    cols.vote.set(l.vote, f);
    cols.hours.set(l.hours, f);
    cols.revoters.set(l.revoters, v);
    cols.questionRatings.set(l.questionRatings, q);
    facts.set(id, {
      role: l.role,
      outcome: l.outcome,
      month: l.month,
      cols,
      ratingsAt: r,
      ratingsEnd: (r += l.ratings.length),
      feedbackAt: f,
      feedbackEnd: (f += l.author.length),
      revotersAt: v,
      revotersEnd: (v += l.revoters.length),
      questionRatingsAt: q,
      questionRatingsEnd: (q += l.questionRatings.length),
    });
  }
  return facts;
}

/** Whether `author` changed their vote at the loop's re-vote. */
export function revoted(l: LoopFacts, author: number): boolean {
  for (let i = l.revotersAt; i < l.revotersEnd; i++) if (l.cols.revoters[i] === author) return true;
  return false;
}

/** Question, principle and rating of a kit question's ratings, numbered once per kept state. */
export class QuestionKeys {
  // Nested maps, not one joined string: half a million rows on a first build.
  readonly number = new Map<string, Map<string, number[]>>();
  readonly rows: { question: string; principle: string; rating: number }[] = [];
  of(question: string, principle: string, rating: number): number {
    let byPrinciple = this.number.get(question);
    if (!byPrinciple) this.number.set(question, (byPrinciple = new Map()));
    let byRating = byPrinciple.get(principle);
    if (!byRating) byPrinciple.set(principle, (byRating = []));
    let n = byRating[rating];
    if (n === undefined) {
      n = byRating[rating] = this.rows.length;
      this.rows.push({ question, principle, rating });
    }
    return n;
  }
}

/** Every decided loop's facts, and the kit questions of the year's loops. */
export interface KeptFacts {
  /** Row id → id of every principle ("p1"), role ("r1") and member ("m1") the facts were read with. */
  names: Map<string, string>;
  loops: Map<string, LoopFacts>;
  keys: QuestionKeys;
  /** Kit questions of every loop not cancelled created since `since` (any status: over-use counts all). */
  uses: { since: string; loops: Map<string, { created: string; uses: Int32Array }>; keys: QuestionKeys };
  /** The loops' ids in order, until a loop comes or goes. */
  order: string[] | null;
}
