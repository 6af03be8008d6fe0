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
import { calibrationNames } from '../../db/queries/science';
import { factsFor, questionRatingRows, questionUseRows, type FactsSource, type FactsToStore } from './calibrationFacts';
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

/** Position of each row by its row id (-1: none), for lookups by the hundred thousand. */
function indexByRowid(rows: readonly { key: number }[]): Int32Array {
  const at = new Int32Array(rows.reduce((max, r) => Math.max(max, r.key), 0) + 1).fill(-1);
  rows.forEach((r, i) => (at[r.key] = i));
  return at;
}

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
  const loopIndex = new Map(loopIds.map((id, i) => [id, i]));
  const loopQuarter = loopRows.map((l) => (l.month ? quarterOf(l.month) : null));
  const principleIndex = new Map(names.principles.map((p, i) => [p.key, i]));
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
  // Votes counted by (interviewer, vote, outcome, changed) and hours by interviewer, straight from the loops'
  // columns: an object per feedback (~130,000 at ten years) cost more than the counting.
  const VOTE_CELLS = VOTES.length * 2 * 2;
  const voteCounts = new Float64Array(names.members.length * VOTE_CELLS);
  const hoursOf = new Map<number, number[]>();
  for (const l of loopRows) {
    const outcome = l.outcome === 'hire' ? 0 : l.outcome === 'no_hire' ? 1 : -1;
    const { author: authors, vote: votes, hours } = l.feedback;
    for (let f = 0; f < authors.length; f++) {
      const author = memberAt[authors[f]!] ?? -1;
      if (author < 0) continue;
      if (votes[f]! >= 0 && outcome >= 0) voteCounts[author * VOTE_CELLS + votes[f]! * 4 + outcome * 2 + (l.revoters.includes(authors[f]!) ? 1 : 0)]! += 1;
      if (!Number.isNaN(hours[f]!)) {
        let list = hoursOf.get(author);
        if (!list) hoursOf.set(author, (list = []));
        list.push(hours[f]!);
      }
    }
  }
  const votes: VoteFact[] = [];
  voteCounts.forEach((count, cell) => {
    if (count === 0) return;
    const author = Math.floor(cell / VOTE_CELLS);
    const rest = cell % VOTE_CELLS;
    votes.push({ rater: memberId(author), vote: VOTES[Math.floor(rest / 4)]!, outcome: Math.floor(rest / 2) % 2 === 0 ? 'hire' : 'no_hire', changed: rest % 2 === 1, count });
  });
  const submissions: SubmitFact[] = [];
  for (const [author, list] of hoursOf) for (const hours of list) submissions.push({ rater: memberId(author), hours });
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

  const report: Calibration = {
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
  return { report, store };
}
