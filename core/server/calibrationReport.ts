import type { AlphaFigure, Calibration, InterviewerFigure } from '../api/contract/science';
import { alphaEstimateOfPatterns, type AlphaEstimate } from '../rules/science/alphaInterval';
import { interviewerCalibration, type VoteFact } from '../rules/science/interviewerCalibration';
import { patternTableOf } from '../rules/science/krippendorffAlpha';
import { addUnitDeviations, deviationColumns, deviationStats, type DeviationColumns } from '../rules/science/leniency';
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
import { overuseSince, predictsReport, questionFlagsReport, type QuestionRatingCount } from './predictsReport';
import { calibrationNames } from '../../db/queries/science';
import { factsFor, questionRatingRows, questionUseRows, type FactsSource, type FactsToStore } from './calibrationFacts';
import { revoted, type KeptFacts, type LoopFacts } from './calibrationLoopFacts';
import { VOTES } from '../rules/feedbackTypes';

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
// The estimates a report used are stored with its facts, so the first report after the app opens draws only
// the groups written since.
const MAX_KEPT_ESTIMATES = 20_000;
const keptEstimates = new Map<string, AlphaEstimate>();
/** The estimates of the build under way, by key. */
let usedEstimates = new Map<string, AlphaEstimate>();

function estimateOf(codes: readonly number[], histogram: Histogram | undefined): AlphaEstimate {
  const weights = codes.map((c) => histogram?.get(c) ?? 0);
  const key = `${codes.join(',')}/${weights.join(',')}`;
  let e = keptEstimates.get(key);
  if (!e) {
    // A group too small to read gets no interval: its sentence says "not enough data" whatever it would be.
    e = alphaEstimateOfPatterns(patternTableOf(RATING_VALUES, codes.map(countsOf), weights), { minUnits: MIN_UNITS_FOR_ALPHA });
    if (keptEstimates.size >= MAX_KEPT_ESTIMATES) keptEstimates.clear();
    keptEstimates.set(key, e);
  }
  usedEstimates.set(key, e);
  return e;
}

/** Estimates stored with facts read back: taken as kept ones (anything not shaped as an estimate list is ignored). */
function keepStoredEstimates(stored: unknown): void {
  if (!Array.isArray(stored)) return;
  for (const entry of stored) {
    if (Array.isArray(entry) && typeof entry[0] === 'string' && entry[1] !== null && typeof entry[1] === 'object' && keptEstimates.size < MAX_KEPT_ESTIMATES) {
      keptEstimates.set(entry[0], entry[1] as AlphaEstimate);
    }
  }
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

function quarterOf(month: string): string {
  const [year, m] = month.split('-');
  return `${year}-Q${Math.floor((Number(m) - 1) / 3) + 1}`;
}

/** Where `id` is in ids sorted by code unit (a few hundred hires looked up, not a map of every loop made). */
function indexInSorted(ids: readonly string[], id: string): number | undefined {
  let low = 0;
  let high = ids.length - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    if (ids[mid]! < id) low = mid + 1;
    else if (ids[mid]! > id) high = mid - 1;
    else return mid;
  }
  return undefined;
}

/** A loop's kept counts of ratings after each kit question, principles as their index in the names. */
function* questionRatingCounts(facts: KeptFacts, l: LoopFacts, principleOfId: Map<string, number>): Generator<QuestionRatingCount> {
  const pairs = l.cols.questionRatings;
  for (let i = l.questionRatingsAt; i < l.questionRatingsEnd; i += 2) {
    const row = facts.keys.rows[pairs[i]!]!;
    const principle = principleOfId.get(row.principle);
    if (principle !== undefined) yield { question: row.question, principle, rating: row.rating, n: pairs[i + 1]! };
  }
}

/** Position of each row by its row id (-1: none), for lookups by the hundred thousand. */
function indexByRowid(rows: readonly { key: number }[]): Int32Array {
  const at = new Int32Array(rows.reduce((max, r) => Math.max(max, r.key), 0) + 1).fill(-1);
  rows.forEach((r, i) => (at[r.key] = i));
  return at;
}

/** Each counted rating as numbers: its unit (loop × principle, densely numbered), its author and value. */
interface RatingColumns {
  length: number;
  unit: Float64Array;
  author: Float64Array;
  value: Float64Array;
  /** Whether they came in unit order (kept facts do: loops by id, each loop's ratings by principle). */
  inOrder: boolean;
}

// The hot loops are functions of their own: a new worker runs the first report cold, and V8 optimises a small
// function with a hot loop long before it would the whole build (gathering the ratings of a first report: ~200 → ~45 ms).
function ratingColumns(loopRows: readonly LoopFacts[], memberAt: Int32Array, principleAt: Int32Array, P: number): RatingColumns {
  let most = 0;
  for (const l of loopRows) most += (l.ratingsEnd - l.ratingsAt) / 3;
  const unit = new Float64Array(most);
  const author = new Float64Array(most);
  const value = new Float64Array(most);
  let n = 0;
  let inOrder = true;
  for (let loop = 0; loop < loopRows.length; loop++) {
    const l = loopRows[loop]!;
    const triples = l.cols.ratings;
    for (let t = l.ratingsAt; t < l.ratingsEnd; t += 3) {
      const a = memberAt[triples[t]!] ?? -1;
      const principle = principleAt[triples[t + 1]!] ?? -1;
      const rating = triples[t + 2]!;
      if (principle < 0 || a < 0 || rating < 1 || rating > 4) continue;
      const u = loop * P + principle;
      if (n > 0 && u < unit[n - 1]!) inOrder = false;
      unit[n] = u;
      author[n] = a;
      value[n] = rating;
      n++;
    }
  }
  return { length: n, unit, author, value, inOrder };
}

/** The ratings in unit order: as they came when they came so (kept facts do), else sorted by unit. */
function inUnitOrder(r: RatingColumns): RatingColumns {
  if (r.inOrder) return r;
  const ROW = 2 ** 22; // more ratings than this would need a wider key
  const keys = new Float64Array(r.length);
  for (let i = 0; i < r.length; i++) keys[i] = r.unit[i]! * ROW + i;
  keys.sort();
  const sorted: RatingColumns = { length: r.length, unit: new Float64Array(r.length), author: new Float64Array(r.length), value: new Float64Array(r.length), inOrder: true };
  for (let k = 0; k < r.length; k++) {
    const i = keys[k]! % ROW;
    sorted.unit[k] = r.unit[i]!;
    sorted.author[k] = r.author[i]!;
    sorted.value[k] = r.value[i]!;
  }
  return sorted;
}

interface UnitGroups {
  overall: Histogram;
  byPrinciple: Map<number, Histogram>;
  byRole: Map<number, Histogram>;
  byQuarter: Map<number, Histogram>;
  deviations: DeviationColumns;
  ratedPrinciples: Set<number>;
}

/** A histogram for each group with units, from counts by (group, pattern number). */
function histograms(counts: Float64Array, groups: number, codes: readonly number[]): Map<number, Histogram> {
  const out = new Map<number, Histogram>();
  for (let g = 0; g < groups; g++) {
    let h: Histogram | undefined;
    for (let k = 0; k < codes.length; k++) {
      const n = counts[g * codes.length + k]!;
      if (n === 0) continue;
      if (!h) out.set(g, (h = new Map()));
      h.set(codes[k]!, n);
    }
  }
  return out;
}

/**
 * Each unit with two ratings or more counted by its pattern in its groups (overall, its principle, role and
 * quarter), and every rater's deviations. Patterns are numbered as met (dozens) and counted in dense arrays:
 * ~100,000 units at ten years, four groups each.
 */
function groupUnits(rated: RatingColumns, P: number, members: number, loopRole: Int32Array, roles: number, loopQuarter: Int32Array, quarters: number): UnitGroups {
  const r = inUnitOrder(rated);
  const deviations = deviationColumns(members);
  const ratedPrinciples = new Set<number>();
  const numberOf = new Map<number, number>();
  const codes: number[] = [];
  const most = Math.floor(r.length / 2);
  const unitPattern = new Int32Array(most);
  const unitPrinciple = new Int32Array(most);
  const unitLoop = new Int32Array(most);
  let units = 0;
  const counts = [0, 0, 0, 0];
  for (let start = 0; start < r.length; ) {
    const unit = r.unit[start]!;
    let end = start + 1;
    while (end < r.length && r.unit[end] === unit) end++;
    const principle = unit % P;
    ratedPrinciples.add(principle);
    if (end - start >= 2) {
      addUnitDeviations(deviations, r.author, r.value, start, end);
      counts.fill(0);
      for (let i = start; i < end; i++) counts[r.value[i]! - 1]! += 1;
      const code = patternCode(counts);
      let k = numberOf.get(code);
      if (k === undefined) numberOf.set(code, (k = codes.push(code) - 1));
      unitPattern[units] = k;
      unitPrinciple[units] = principle;
      unitLoop[units] = (unit - principle) / P;
      units++;
    }
    start = end;
  }
  const K = codes.length;
  const overall = new Float64Array(K);
  const byPrinciple = new Float64Array(P * K);
  const byRole = new Float64Array(roles * K);
  const byQuarter = new Float64Array(quarters * K);
  for (let u = 0; u < units; u++) {
    const k = unitPattern[u]!;
    const loop = unitLoop[u]!;
    overall[k]! += 1;
    byPrinciple[unitPrinciple[u]! * K + k]! += 1;
    if (loopRole[loop]! >= 0) byRole[loopRole[loop]! * K + k]! += 1;
    if (loopQuarter[loop]! >= 0) byQuarter[loopQuarter[loop]! * K + k]! += 1;
  }
  return {
    overall: histograms(overall, 1, codes).get(0) ?? new Map(),
    byPrinciple: histograms(byPrinciple, P, codes),
    byRole: histograms(byRole, roles, codes),
    byQuarter: histograms(byQuarter, quarters, codes),
    deviations,
    ratedPrinciples,
  };
}

/** Votes counted by (interviewer, vote, outcome, changed at the re-vote), and hours to submit by interviewer. */
function votesAndHours(loopRows: readonly LoopFacts[], memberAt: Int32Array, members: number) {
  // Straight from the loops' columns: an object per feedback (~130,000 at ten years) cost more than the counting.
  const voteCounts = new Float64Array(members * VOTE_CELLS);
  const hoursOf = new Map<number, number[]>();
  for (const l of loopRows) {
    const outcome = l.outcome === 'hire' ? 0 : l.outcome === 'no_hire' ? 1 : -1;
    const { author: authors, vote: votes, hours } = l.cols;
    for (let f = l.feedbackAt; f < l.feedbackEnd; f++) {
      const author = memberAt[authors[f]!] ?? -1;
      if (author < 0) continue;
      if (votes[f]! >= 0 && outcome >= 0) voteCounts[author * VOTE_CELLS + votes[f]! * 4 + outcome * 2 + (revoted(l, authors[f]!) ? 1 : 0)]! += 1;
      if (!Number.isNaN(hours[f]!)) {
        let list = hoursOf.get(author);
        if (!list) hoursOf.set(author, (list = []));
        list.push(hours[f]!);
      }
    }
  }
  return { voteCounts, hoursOf };
}

const VOTE_CELLS = VOTES.length * 2 * 2;

/** The whole calibration report, from the rows of one read transaction: every loop is read, nothing is kept. */
export function calibrationReport(db: ReadableDB, now: Date = new Date()): Calibration {
  return build(db, now, undefined).report;
}

/**
 * The report as the background worker builds it, in one read transaction: from the facts it keeps, or those the
 * workspace stores, with the loops written since read again. `store`, when set, gives the facts to store.
 */
export function keptCalibrationReport(db: ReadableDB, now: Date, source: FactsSource): { report: Calibration; store: (() => FactsToStore) | null } {
  return build(db, now, source);
}

function build(db: ReadableDB, now: Date, source: FactsSource | undefined): { report: Calibration; store: (() => FactsToStore) | null } {
  const names = calibrationNames(db);
  const since = overuseSince(now);
  const used = new Map<string, AlphaEstimate>();
  const { facts, store, storedExtra } = factsFor(db, names, since, source, () => [...used]);
  keepStoredEstimates(storedExtra);
  usedEstimates = used;
  // Loops in id order: the same order whichever loops were read again.
  const loopIds = (facts.order ??= [...facts.loops.keys()].sort());
  const loopRows = loopIds.map((id) => facts.loops.get(id)!);
  // Quarters numbered in order: each month's found once, not once per loop.
  const quarterOfMonth = new Map<string, string>();
  for (const l of loopRows) if (l.month && !quarterOfMonth.has(l.month)) quarterOfMonth.set(l.month, quarterOf(l.month));
  const quarterNames = [...new Set(quarterOfMonth.values())].sort();
  const quarterNumber = new Map(quarterNames.map((q, i) => [q, i]));
  const loopQuarter = Int32Array.from(loopRows, (l) => (l.month ? quarterNumber.get(quarterOfMonth.get(l.month)!)! : -1));
  const principleIndex = new Map(names.principles.map((p, i) => [p.key, i]));
  const principleOfId = new Map(names.principles.map((p, i) => [p.id, i]));
  const roleIndex = new Map(names.roles.map((r, i) => [r.key, i]));
  const principleAt = indexByRowid(names.principles);
  const memberAt = indexByRowid(names.members);

  const P = names.principles.length + 1;
  const rated = ratingColumns(loopRows, memberAt, principleAt, P);
  const ratings = rated.length;
  const loopRole = Int32Array.from(loopRows, (l) => roleIndex.get(l.role) ?? -1);
  const { overall, byPrinciple, byRole, byQuarter, deviations, ratedPrinciples } = groupUnits(rated, P, names.members.length, loopRole, names.roles.length, loopQuarter, quarterNames.length);

  const principles = names.principles
    .map((p, i) => ({ ...p, i }))
    .filter((p) => ratedPrinciples.has(p.i))
    .sort((a, b) => Number(a.status !== 'active') - Number(b.status !== 'active') || a.position - b.position)
    .map((p) => ({ principleId: p.id, name: p.name, ...figure(byPrinciple.get(p.i), p.name) }));
  const rolesCounted = new Set(loopRole);
  const roles = names.roles
    .map((r, i) => ({ ...r, i }))
    .filter((r) => rolesCounted.has(r.i))
    .sort((a, b) => byText(a.title, b.title))
    .map((r) => ({ roleId: r.id, title: r.title, ...figure(byRole.get(r.i), `the ${r.title} role`) }));
  const quarterFigures = quarterNames.map((quarter, i) => ({ quarter, ...figure(byQuarter.get(i), quarter) }));

  const memberId = (author: number) => names.members[author]?.id ?? String(author);
  const { voteCounts, hoursOf } = votesAndHours(loopRows, memberAt, names.members.length);
  const votes: VoteFact[] = [];
  voteCounts.forEach((count, cell) => {
    if (count === 0) return;
    const author = Math.floor(cell / VOTE_CELLS);
    const rest = cell % VOTE_CELLS;
    votes.push({ rater: memberId(author), vote: VOTES[Math.floor(rest / 4)]!, outcome: Math.floor(rest / 2) % 2 === 0 ? 'hire' : 'no_hire', changed: rest % 2 === 1, count });
  });
  const submissions = new Map([...hoursOf].map(([author, list]) => [memberId(author), list]));
  const byMember = deviationStats(deviations, memberId);
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

  const report: Calibration = {
    basis: CALIBRATION_BASIS,
    loops: loopRows.length,
    ratings,
    overall: figure(overall, 'all principles together'),
    principles,
    roles,
    quarters: quarterFigures,
    interviewers: people,
    leniencyModel: { sigma2: model.sigma2, tau2: model.tau2, priorWeight: Number.isFinite(model.priorWeight) ? model.priorWeight : null },
    predicts: predictsReport(db, names, { loop: (id) => indexInSorted(loopIds, id), principle: principleIndex, P }, rated, (loop) =>
      questionRatingCounts(facts, loopRows[loop]!, principleOfId),
    ),
    questionFlags: questionFlagsReport(db, names, questionRatingRows(facts, loopRows), questionUseRows(facts, since)),
  };
  return { report, store };
}
