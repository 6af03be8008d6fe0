// The shape of the calibration's kept facts (calibrationFacts.ts keeps them, calibrationFactsCodec.ts stores them).

/** What one decided loop adds to the report. */
export interface LoopFacts {
  role: number;
  outcome: 'hire' | 'no_hire' | 'pending' | null;
  /** The month of its earliest first submission. */
  month: string | null;
  /** Its ratings as (author, principle, rating) row-id triples, in principle then feedback order. */
  ratings: Int32Array;
  /**
   * Its current interview feedback, in feedback order, as columns (tens of thousands of loops: an object per
   * feedback cost more in garbage collection than reading them): author row ids, votes (their place in VOTES, -1
   * none), and hours to submit (NaN: none).
   */
  feedback: { author: Int32Array; vote: Int32Array; hours: Float64Array };
  /** Who changed their vote at the re-vote (author row ids). */
  revoters: Int32Array;
  /** Ratings after each kit question: (key of question, principle and rating; count) pairs. */
  questionRatings: Int32Array;
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
