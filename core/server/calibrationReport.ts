import type { AlphaFigure, Calibration, InterviewerFigure } from '../api/contract/science';
import { alphaEstimateOfPatterns, type AlphaEstimate } from '../rules/science/alphaInterval';
import { interviewerCalibration, type SubmitFact, type VoteFact } from '../rules/science/interviewerCalibration';
import { patternTableOf } from '../rules/science/krippendorffAlpha';
import { addUnitDeviations, type DeviationStats } from '../rules/science/leniency';
import {
  alphaReading,
  alphaSentence,
  decisionAgreementSentence,
  MIN_UNITS_FOR_ALPHA,
  leniencySentence,
  revoteSentence,
  timeToSubmitSentence,
} from '../rules/science/scienceWords';
import type { ReadableDB } from '../../db/handles';
import { overuseSince, predictsReport, questionFlagsReport } from './predictsReport';
import { calibrationFeedback, calibrationLoops, calibrationNames, calibrationRatings, calibrationRevotes, questionRatingCounts, questionUses } from '../../db/queries/science';
import type { Vote } from '../rules/feedbackTypes';

// The calibration report (science.calibration): who may read it, and what it counts.
//
// Access: founders and admins (declared in the contract). The report names every interviewer with their
// leniency and how often they sided with the decision: a judgement of colleagues across every loop, not
// something a loop's own participants need.
//
// Blindness: only decided and closed loops count. Until a loop is decided its feedback is blind to whoever
// has not submitted (SPEC §6.1), and figures over its ratings would leak them: an admin who still owes
// feedback on an open loop could watch a colleague's leniency or a principle's alpha move as each
// interviewer submits, and a figure over one loop is its ratings. Once decided, the debrief has been held
// with the panel's feedback open to it and the decision is final, so its ratings can be counted. A reopened
// decision puts the loop back in debrief and out of the figures until it is decided again; cancelled loops
// never count (their panel may never have read each other's feedback). Shadows' training feedback never
// enters a decision and is not counted, nor drafts, nor versions an amendment replaced.
//
// Erased candidates: their loops are left out, although the erasure keeps their anonymous ratings.

export const CALIBRATION_BASIS =
  'Decided and closed loops only — their feedback is no longer blind to anyone — counting the current version of each submitted interview feedback (not training feedback, not drafts, not amended-away versions), and no erased candidate.';

// One collator: localeCompare with a locale or options builds one per call, ~1,500 names' sort at a time.
const collator = new Intl.Collator('en', { sensitivity: 'base' });
const byText = (a: string, b: string) => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);

// Ratings are 1–4 (the schema checks it). A unit's pattern is its count of each, packed into one number
// (6 bits a count: no panel has 64 interviewers), so grouping hundreds of thousands of units is integer work.
const RATING_VALUES = [1, 2, 3, 4];
const BITS = 64;
const patternCode = (counts: readonly number[]) => counts[0]! + BITS * (counts[1]! + BITS * (counts[2]! + BITS * counts[3]!));
const countsOf = (code: number) => RATING_VALUES.map((_, i) => Math.floor(code / BITS ** i) % BITS);

/** Units of one group, counted by pattern. */
type Histogram = Map<number, number>;

// Estimates by group histogram, kept across builds (the background worker lives on between them). An
// estimate is a pure function of the histogram: the bootstrap's generator is seeded the same for every
// group, so a kept one is the very number a new build would draw. A write touches one loop, so it changes
// the histograms of that loop's principles, role and quarter and the overall one; the hundreds of others
// (most roles and quarters) are found here, and their thousand resamples each are not drawn again.
const MAX_KEPT_ESTIMATES = 20_000;
const keptEstimates = new Map<string, AlphaEstimate>();

function estimateOf(codes: readonly number[], histogram: Histogram | undefined): AlphaEstimate {
  const weights = codes.map((c) => histogram?.get(c) ?? 0);
  const key = `${codes.join(',')}/${weights.join(',')}`;
  const kept = keptEstimates.get(key);
  if (kept) return kept;
  // A group too small to read gets no interval: its sentence says "not enough data" whatever it would be.
  const e = alphaEstimateOfPatterns(patternTableOf(RATING_VALUES, codes.map(countsOf), weights), { minUnits: MIN_UNITS_FOR_ALPHA });
  if (keptEstimates.size >= MAX_KEPT_ESTIMATES) keptEstimates.clear();
  keptEstimates.set(key, e);
  return e;
}

/** For tests: forget every kept estimate, so the next build draws every interval afresh. */
export function forgetKeptEstimates(): void {
  keptEstimates.clear();
}

function figure(histogram: Histogram | undefined, subject: string): AlphaFigure {
  const codes = [...(histogram ?? new Map<number, number>()).keys()].sort((a, b) => a - b);
  const e = estimateOf(codes, histogram);
  const defined = !Number.isNaN(e.alpha);
  return {
    alpha: defined ? e.alpha : null,
    low: e.interval?.low ?? null,
    high: e.interval?.high ?? null,
    pairable: e.pairable,
    units: e.units,
    reading: alphaReading(e),
    words: alphaSentence(e, subject),
  };
}

function count<K>(map: Map<K, Histogram>, key: K, code: number): void {
  let h = map.get(key);
  if (!h) map.set(key, (h = new Map()));
  h.set(code, (h.get(code) ?? 0) + 1);
}

function quarterOf(month: string): string {
  const [year, m] = month.split('-');
  return `${year}-Q${Math.floor((Number(m) - 1) / 3) + 1}`;
}

/** A growable Float64Array: ~300,000 ratings without an object each. */
class Column {
  data = new Float64Array(1024);
  length = 0;
  push(x: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = x;
  }
}

/** What one decided loop adds to the report, kept by the background worker between builds. */
interface LoopFacts {
  role: number;
  outcome: 'hire' | 'no_hire' | 'pending' | null;
  /** The month of its earliest first submission. */
  month: string | null;
  /** Its ratings as (author, principle, rating) row-id triples, in principle then feedback order. */
  ratings: Int32Array;
  /** Its current interview feedback, in feedback order. */
  feedback: { author: number; vote: string | null; hours: number | null }[];
  /** Who changed their vote at the re-vote. */
  revoters: Set<number>;
  /** Ratings after each kit question: (key of question, principle and rating; count) pairs. */
  questionRatings: Int32Array;
  /** Its votes and times to submit as the interviewer figures take them, made on the first build that counts it. */
  facts?: { votes: VoteFact[]; submissions: SubmitFact[] };
}

/** Question, principle and rating of a kit question's ratings, numbered once per kept state. */
class QuestionKeys {
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

/**
 * The facts of every decided loop, kept in the background worker from one build to the next. A write touches
 * a few loops; the workspace notes which (db/scienceDirtyLoops) and hands them over with a token, and only
 * they are read again. Facts hold principles', roles' and members' row ids, so a row id naming another
 * row now (a delete and a new row) starts afresh, as does a token other than the last build's.
 */
interface KeptFacts {
  token: string;
  names: Map<string, string>;
  loops: Map<string, LoopFacts>;
  keys: QuestionKeys;
  /** Kit questions of every loop not cancelled created since `since` (any status: over-use counts all). */
  uses: { since: string; loops: Map<string, { created: string; uses: Int32Array }>; keys: QuestionKeys };
  /** The loops' ids in order, until a loop comes or goes. */
  order: string[] | null;
}
let keptFacts: KeptFacts | null = null;

/** What changed since the build the background worker did last (`since`); `loops` null: anything may have. */
export interface CalibrationChanges {
  /** Unique to each build, across workspaces (the worker may serve several). */
  since: string | null;
  token: string;
  loops: readonly string[] | null;
}

function loadFacts(db: ReadableDB, facts: Map<string, LoopFacts>, keys: QuestionKeys, only?: readonly string[]): void {
  for (const l of calibrationLoops(db, only)) {
    facts.set(l.id, { role: l.role, outcome: l.outcome, month: null, ratings: new Int32Array(0), feedback: [], revoters: new Set(), questionRatings: new Int32Array(0) });
  }
  const feedback = new Map<string, { feedback: number; author: number; vote: string | null; hours: number | null }[]>();
  for (const f of calibrationFeedback(db, only)) {
    const loop = facts.get(f.loop);
    if (!loop) continue;
    if (f.month && (loop.month === null || f.month < loop.month)) loop.month = f.month;
    const list = feedback.get(f.loop) ?? [];
    list.push({ feedback: f.feedback, author: f.author, vote: f.vote, hours: f.hours });
    feedback.set(f.loop, list);
  }
  for (const [id, list] of feedback) facts.get(id)!.feedback = list.sort((a, b) => a.feedback - b.feedback).map(({ feedback: _, ...f }) => f);
  const ratings = new Map<string, number[]>();
  for (const r of calibrationRatings(db, only)) {
    let list = ratings.get(r.loop);
    if (!list) ratings.set(r.loop, (list = []));
    list.push(r.feedback, r.principle, r.author, r.rating);
  }
  for (const [id, list] of ratings) {
    const loop = facts.get(id);
    if (!loop) continue;
    // By principle, then feedback: a build then meets each unit's ratings together, already in unit order.
    const order = Array.from({ length: list.length / 4 }, (_, i) => i).sort((a, b) => list[a * 4 + 1]! - list[b * 4 + 1]! || list[a * 4]! - list[b * 4]!);
    const triples = new Int32Array(order.length * 3);
    order.forEach((i, j) => {
      triples[j * 3] = list[i * 4 + 2]!;
      triples[j * 3 + 1] = list[i * 4 + 1]!;
      triples[j * 3 + 2] = list[i * 4 + 3]!;
    });
    loop.ratings = triples;
  }
  for (const v of calibrationRevotes(db, only)) facts.get(v.loop)?.revoters.add(v.author);
  const counts = new Map<string, number[]>();
  for (const r of questionRatingCounts(db, only)) {
    let list = counts.get(r.loop);
    if (!list) counts.set(r.loop, (list = []));
    list.push(keys.of(r.question, r.principle, r.rating), r.n);
  }
  for (const [id, list] of counts) {
    const loop = facts.get(id);
    if (loop) loop.questionRatings = Int32Array.from(list);
  }
}

function loadUses(db: ReadableDB, into: KeptFacts['uses'], since: string, only?: readonly string[]): void {
  const lists = new Map<string, { created: string; list: number[] }>();
  for (const u of questionUses(db, since, only)) {
    let l = lists.get(u.loop);
    if (!l) lists.set(u.loop, (l = { created: u.created, list: [] }));
    l.list.push(into.keys.of(u.question, u.principle, 0), u.uses);
  }
  for (const [id, l] of lists) into.loops.set(id, { created: l.created, uses: Int32Array.from(l.list) });
}

/** Row id → id of every principle, role and member: kept facts are good while none names another row. */
function namesKey(names: ReturnType<typeof calibrationNames>): Map<string, string> {
  const key = new Map<string, string>();
  for (const p of names.principles) key.set(`p${p.key}`, p.id);
  for (const r of names.roles) key.set(`r${r.key}`, r.id);
  for (const m of names.members) key.set(`m${m.key}`, m.id);
  return key;
}

/** Every row id kept still names the same row (new rows may have come). */
function sameRows(kept: Map<string, string>, now: Map<string, string>): boolean {
  for (const [key, id] of kept) if (now.get(key) !== id) return false;
  return true;
}

/** The facts this build counts: from scratch, or the kept ones with the loops a write touched read again. */
function factsFor(db: ReadableDB, names: ReturnType<typeof calibrationNames>, since: string, changes: CalibrationChanges | undefined): KeptFacts {
  const key = namesKey(names);
  const kept = keptFacts;
  // Until this build has finished, nothing is kept: a build that fails leaves no half-updated facts.
  if (changes) keptFacts = null;
  if (changes && kept && changes.loops && changes.since !== null && kept.token === changes.since && sameRows(kept.names, key) && kept.uses.since <= since) {
    const had = changes.loops.filter((id) => kept.loops.has(id));
    for (const id of changes.loops) {
      kept.loops.delete(id);
      kept.uses.loops.delete(id);
    }
    if (changes.loops.length > 0) {
      loadFacts(db, kept.loops, kept.keys, changes.loops);
      loadUses(db, kept.uses, since, changes.loops);
    }
    // The order of the loops holds while the same ones are counted (their facts read again, none came or went).
    const has = changes.loops.filter((id) => kept.loops.has(id));
    if (has.length !== had.length || !had.every((id) => kept.loops.has(id))) kept.order = null;
    // Loops created before `since` are no longer counted: those just read again were left out.
    kept.uses.since = since;
    kept.names = key;
    kept.token = changes.token;
    keptFacts = kept;
    return kept;
  }
  const fresh: KeptFacts = {
    token: changes?.token ?? '',
    names: key,
    loops: new Map(),
    keys: new QuestionKeys(),
    uses: { since, loops: new Map(), keys: new QuestionKeys() },
    order: null,
  };
  loadFacts(db, fresh.loops, fresh.keys);
  loadUses(db, fresh.uses, since);
  if (changes) keptFacts = fresh;
  return fresh;
}

/** Position of each row by its row id (-1: none), for lookups by the hundred thousand. */
function indexByRowid(rows: readonly { key: number }[]): Int32Array {
  const at = new Int32Array(rows.reduce((max, r) => Math.max(max, r.key), 0) + 1).fill(-1);
  rows.forEach((r, i) => (at[r.key] = i));
  return at;
}

/** For tests: forget the kept facts, so the next build reads every loop. */
export function forgetKeptFacts(): void {
  keptFacts = null;
}

/**
 * The whole calibration report, from the rows of one read transaction. Without `changes` every loop is read
 * and nothing is kept; the background worker passes what changed since its last build.
 */
export function calibrationReport(db: ReadableDB, now: Date = new Date(), changes?: CalibrationChanges): Calibration {
  const names = calibrationNames(db);
  const since = overuseSince(now);
  const facts = factsFor(db, names, since, changes);
  // Loops in id order: the same order whichever loops were read again.
  const loopIds = (facts.order ??= [...facts.loops.keys()].sort());
  const loopRows = loopIds.map((id) => facts.loops.get(id)!);
  const loopIndex = new Map(loopIds.map((id, i) => [id, i]));
  const loopQuarter = loopRows.map((l) => (l.month ? quarterOf(l.month) : null));
  const principleIndex = new Map(names.principles.map((p, i) => [p.key, i]));
  const memberIndex = new Map(names.members.map((m, i) => [m.key, i]));
  const roleIndex = new Map(names.roles.map((r, i) => [r.key, i]));
  const principleAt = indexByRowid(names.principles);
  const memberAt = indexByRowid(names.members);

  // Each rating as numbers: its unit (loop × principle, densely numbered), its author and value. Sorting by
  // unit then gathers each unit's ratings, with no object or map entry per unit.
  const P = names.principles.length + 1;
  const unitOf = new Column();
  const authorOf = new Column();
  const valueOf = new Column();
  let inOrder = true;
  loopRows.forEach((l, loop) => {
    const triples = l.ratings;
    for (let t = 0; t < triples.length; t += 3) {
      const author = memberAt[triples[t]!] ?? -1;
      const principle = principleAt[triples[t + 1]!] ?? -1;
      const rating = triples[t + 2]!;
      if (principle < 0 || author < 0 || rating < 1 || rating > 4) continue;
      const unit = loop * P + principle;
      if (unitOf.length > 0 && unit < unitOf.data[unitOf.length - 1]!) inOrder = false;
      unitOf.push(unit);
      authorOf.push(author);
      valueOf.push(rating);
    }
  });
  const ratings = valueOf.length;
  const ROW = 2 ** 22; // more ratings than this would need a wider key
  const order = new Float64Array(ratings);
  for (let i = 0; i < ratings; i++) order[i] = unitOf.data[i]! * ROW + i;
  // Kept facts come in unit order (loops by id, ratings by principle): then the sort would change nothing.
  if (!inOrder) order.sort();

  const overall: Histogram = new Map();
  const byPrinciple = new Map<number, Histogram>();
  const byRole = new Map<number, Histogram>();
  const byQuarter = new Map<string, Histogram>();
  const deviations = new Map<number, DeviationStats>();
  const ratedPrinciples = new Set<number>();
  const raters: number[] = [];
  const values: number[] = [];
  for (let start = 0; start < ratings; ) {
    const unit = Math.floor(order[start]! / ROW);
    raters.length = 0;
    values.length = 0;
    let end = start;
    for (; end < ratings && Math.floor(order[end]! / ROW) === unit; end++) {
      const i = order[end]! % ROW;
      raters.push(authorOf.data[i]!);
      values.push(valueOf.data[i]!);
    }
    start = end;
    const principle = unit % P;
    ratedPrinciples.add(principle);
    if (values.length < 2) continue;
    addUnitDeviations(deviations, raters, values);
    const counts = [0, 0, 0, 0];
    for (const v of values) counts[v - 1]! += 1;
    const code = patternCode(counts);
    overall.set(code, (overall.get(code) ?? 0) + 1);
    count(byPrinciple, principle, code);
    const loop = (unit - principle) / P;
    const role = roleIndex.get(loopRows[loop]!.role);
    if (role !== undefined) count(byRole, role, code);
    const quarter = loopQuarter[loop];
    if (quarter) count(byQuarter, quarter, code);
  }

  const principles = names.principles
    .map((p, i) => ({ ...p, i }))
    .filter((p) => ratedPrinciples.has(p.i))
    .sort((a, b) => Number(a.status !== 'active') - Number(b.status !== 'active') || a.position - b.position)
    .map((p) => ({ principleId: p.id, name: p.name, ...figure(byPrinciple.get(p.i), p.name) }));
  const rolesCounted = new Set(loopRows.map((l) => roleIndex.get(l.role)));
  const roles = names.roles
    .map((r, i) => ({ ...r, i }))
    .filter((r) => rolesCounted.has(r.i))
    .sort((a, b) => byText(a.title, b.title))
    .map((r) => ({ roleId: r.id, title: r.title, ...figure(byRole.get(r.i), `the ${r.title} role`) }));
  const quarters = [...new Set(loopQuarter.filter((q): q is string => q !== null))]
    .sort()
    .map((quarter) => ({ quarter, ...figure(byQuarter.get(quarter), quarter) }));

  const memberId = (author: number) => names.members[author]?.id ?? String(author);
  const votes: VoteFact[] = [];
  const submissions: SubmitFact[] = [];
  for (const l of loopRows) {
    if (!l.facts) {
      // Kept with the loop: while kept, its members' row ids name the same people (factsFor checks).
      const mine = { votes: [] as VoteFact[], submissions: [] as SubmitFact[] };
      for (const f of l.feedback) {
        const author = memberIndex.get(f.author);
        if (author === undefined) continue;
        const rater = memberId(author);
        const outcome = l.outcome;
        if (f.vote && (outcome === 'hire' || outcome === 'no_hire')) mine.votes.push({ rater, vote: f.vote as Vote, outcome, changed: l.revoters.has(f.author) });
        if (f.hours !== null) mine.submissions.push({ rater, hours: f.hours });
      }
      l.facts = mine;
    }
    for (const v of l.facts.votes) votes.push(v);
    for (const s of l.facts.submissions) submissions.push(s);
  }
  const byMember = new Map([...deviations].map(([author, stats]) => [memberId(author), stats]));
  const { interviewers, model } = interviewerCalibration({ ratings: byMember, votes, submissions });
  const nameOf = new Map(names.members.map((m) => [m.id, m.name]));
  const people: InterviewerFigure[] = interviewers
    .map((i) => ({
      memberId: i.rater,
      name: nameOf.get(i.rater) ?? i.rater,
      leniency: i.leniency && { n: i.leniency.n, raw: i.leniency.raw, shrunk: i.leniency.shrunk, low: i.leniency.low, high: i.leniency.high, label: i.leniency.label },
      votes: i.votes,
      agreed: i.agreed,
      changed: i.changed,
      medianHoursToSubmit: i.medianHoursToSubmit,
      submissions: i.submissions,
      words: { leniency: leniencySentence(i.leniency), decisions: decisionAgreementSentence(i), revotes: revoteSentence(i), timeToSubmit: timeToSubmitSentence(i) },
    }))
    .sort((a, b) => byText(a.name, b.name));

  return {
    basis: CALIBRATION_BASIS,
    loops: loopRows.length,
    ratings,
    overall: figure(overall, 'all principles together'),
    principles,
    roles,
    quarters,
    interviewers: people,
    leniencyModel: { sigma2: model.sigma2, tau2: model.tau2, priorWeight: Number.isFinite(model.priorWeight) ? model.priorWeight : null },
    predicts: predictsReport(db, names, { loop: loopIndex, principle: principleIndex, P }, { length: ratings, unit: unitOf.data, author: authorOf.data, value: valueOf.data }),
    questionFlags: questionFlagsReport(db, names, questionRatingRows(facts, loopRows), questionUseRows(facts, since)),
  };
}

/** Ratings after each kit question over the counted loops, in (question, principle, rating) order. */
function questionRatingRows(facts: KeptFacts, loops: readonly LoopFacts[]) {
  const n = new Float64Array(facts.keys.rows.length);
  for (const l of loops) for (let i = 0; i < l.questionRatings.length; i += 2) n[l.questionRatings[i]!]! += l.questionRatings[i + 1]!;
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return facts.keys.rows
    .map((row, key) => ({ ...row, n: n[key]! }))
    .filter((row) => row.n > 0)
    .sort((a, b) => cmp(a.question, b.question) || cmp(a.principle, b.principle) || a.rating - b.rating);
}

/** Times each question was put in a kit on each principle since `since`, in (question, principle) order. */
function questionUseRows(facts: KeptFacts, since: string) {
  const n = new Float64Array(facts.uses.keys.rows.length);
  for (const l of facts.uses.loops.values()) {
    if (l.created < since) continue;
    for (let i = 0; i < l.uses.length; i += 2) n[l.uses[i]!]! += l.uses[i + 1]!;
  }
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return facts.uses.keys.rows
    .map((row, key) => ({ question: row.question, principle: row.principle, uses: n[key]! }))
    .filter((row) => row.uses > 0)
    .sort((a, b) => cmp(a.question, b.question) || cmp(a.principle, b.principle));
}
