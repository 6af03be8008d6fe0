import { randomUUID } from 'node:crypto';
import { VOTES, type Vote } from '../rules/feedbackTypes';
import type { ReadableDB } from '../../db/handles';
import { calibrationFeedback, calibrationLoops, type calibrationNames, calibrationRatings, calibrationRevotes, questionRatingCounts, questionUses } from '../../db/queries/science';
import { scienceDirtyLoops, scienceFactsState, storedScienceFacts } from '../../db/scienceDirtyLoops';
import { decodeFacts, encodeFacts } from './calibrationFactsCodec';
import { inColumns, QuestionKeys, type KeptFacts, type LoopFacts, type LoopLists } from './calibrationLoopFacts';

// What the calibration report counts, loop by loop, kept from one build to the next: in the background worker
// while the app runs, and in the workspace file between runs (db/scienceDirtyLoops.ts), so the first report after
// the app opens reads only the loops written since the last one was built. Row ids stand for principles, roles
// and members; while every kept one names the same row (`sameRows`), the facts hold.

/** Which workspace a build is for: the file, and the read connection (a restore opens another, on other rows). */
export interface FactsSource {
  file: string;
  reader: string;
}

/** Facts to store in the workspace once the report is out (the API thread writes them: db/scienceDirtyLoops.ts). */
export interface FactsToStore {
  generation: string;
  /** The generation stored when this build read: stored only if it is still there. */
  expected: string | null;
  covered: number;
  blob: Uint8Array;
}

/** The worker's facts: those stored as `generation`, with every note up to `covered` read in. */
let kept: { source: FactsSource; generation: string; covered: number; facts: KeptFacts } | null = null;

/** For tests: forget the facts kept in memory (those stored in the workspace stay). */
export function forgetKeptFacts(): void {
  kept = null;
}

function loadFacts(db: ReadableDB, facts: Map<string, LoopFacts>, keys: QuestionKeys, only?: readonly string[]): void {
  const lists = new Map<string, LoopLists>();
  for (const l of calibrationLoops(db, only)) {
    lists.set(l.id, { role: l.role, outcome: l.outcome, month: null, ratings: [], author: [], vote: [], hours: [], revoters: [], questionRatings: [] });
  }
  const feedback = new Map<string, { feedback: number; author: number; vote: Vote | null; hours: number | null }[]>();
  for (const f of calibrationFeedback(db, only)) {
    const loop = lists.get(f.loop);
    if (!loop) continue;
    if (f.month && (loop.month === null || f.month < loop.month)) loop.month = f.month;
    const list = feedback.get(f.loop) ?? [];
    list.push({ feedback: f.feedback, author: f.author, vote: f.vote, hours: f.hours });
    feedback.set(f.loop, list);
  }
  for (const [id, list] of feedback) {
    list.sort((a, b) => a.feedback - b.feedback);
    const loop = lists.get(id)!;
    loop.author = list.map((f) => f.author);
    loop.vote = list.map((f) => (f.vote === null ? -1 : VOTES.indexOf(f.vote)));
    loop.hours = list.map((f) => f.hours ?? Number.NaN);
  }
  const ratings = new Map<string, number[]>();
  for (const r of calibrationRatings(db, only)) {
    let list = ratings.get(r.loop);
    if (!list) ratings.set(r.loop, (list = []));
    list.push(r.feedback, r.principle, r.author, r.rating);
  }
  for (const [id, list] of ratings) {
    const loop = lists.get(id);
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
  for (const v of calibrationRevotes(db, only)) {
    const loop = lists.get(v.loop);
    if (loop) (loop.revoters as number[]).push(v.author);
  }
  for (const r of questionRatingCounts(db, only)) {
    const loop = lists.get(r.loop);
    if (loop) (loop.questionRatings as number[]).push(keys.of(r.question, r.principle, r.rating), r.n);
  }
  for (const [id, loop] of inColumns(lists)) facts.set(id, loop);
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

/** Row id → id of every principle, role and member. */
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

/** Kept facts brought up to date: the loops noted since read again (`loops`), the rest as they were. */
function refresh(db: ReadableDB, facts: KeptFacts, key: Map<string, string>, since: string, loops: readonly string[]): KeptFacts {
  const had = loops.filter((id) => facts.loops.has(id));
  for (const id of loops) {
    facts.loops.delete(id);
    facts.uses.loops.delete(id);
  }
  if (loops.length > 0) {
    loadFacts(db, facts.loops, facts.keys, loops);
    loadUses(db, facts.uses, since, loops);
  }
  // The order of the loops holds while the same ones are counted (their facts read again, none came or went).
  const has = loops.filter((id) => facts.loops.has(id));
  if (has.length !== had.length || !had.every((id) => facts.loops.has(id))) facts.order = null;
  // Loops created before `since` are no longer counted: those just read again were left out.
  facts.uses.since = since;
  facts.names = key;
  return facts;
}

function fromScratch(db: ReadableDB, key: Map<string, string>, since: string): KeptFacts {
  const facts: KeptFacts = { names: key, loops: new Map(), keys: new QuestionKeys(), uses: { since, loops: new Map(), keys: new QuestionKeys() }, order: null };
  loadFacts(db, facts.loops, facts.keys);
  loadUses(db, facts.uses, since);
  return facts;
}

/**
 * The facts a build counts, in the read transaction it runs in. Without a source: every loop, nothing kept. With
 * one: the worker's kept facts if they are still what the workspace stores, else the stored ones, with the loops
 * noted since read again; else every loop. `store` is set when the workspace should store the result.
 */
export function factsFor(
  db: ReadableDB,
  names: ReturnType<typeof calibrationNames>,
  since: string,
  source: FactsSource | undefined,
  extra: () => unknown,
): { facts: KeptFacts; store: (() => FactsToStore) | null; storedExtra: unknown } {
  const key = namesKey(names);
  if (!source) return { facts: fromScratch(db, key, since), store: null, storedExtra: undefined };
  const { stored, lastNote } = scienceFactsState(db);
  const mine = kept;
  // Until this build has finished, nothing is kept: a build that fails leaves no half-updated facts.
  kept = null;
  let base: { generation: string; covered: number; facts: KeptFacts } | null = null;
  let storedExtra: unknown;
  if (mine && mine.source.file === source.file && mine.source.reader === source.reader && stored && mine.generation === stored.generation) base = mine;
  else if (stored) {
    const decoded = decodeFacts(storedScienceFacts(db));
    if (decoded) {
      base = { generation: stored.generation, covered: stored.covered, facts: decoded.facts };
      storedExtra = decoded.extra;
    }
  }
  let facts: KeptFacts;
  let changed: boolean;
  if (base && sameRows(base.facts.names, key) && base.facts.uses.since <= since) {
    const loops = scienceDirtyLoops(db, base.covered);
    facts = refresh(db, base.facts, key, since, loops);
    changed = loops.length > 0;
  } else {
    facts = fromScratch(db, key, since);
    changed = true;
  }
  const generation = changed ? randomUUID() : base!.generation;
  kept = { source, generation, covered: lastNote, facts };
  return {
    facts,
    store: changed ? () => ({ generation, expected: stored?.generation ?? null, covered: lastNote, blob: encodeFacts(facts, extra()) }) : null,
    storedExtra,
  };
}

/** Ratings after each kit question over the counted loops, in (question, principle, rating) order. */
export function questionRatingRows(facts: KeptFacts, loops: readonly LoopFacts[]) {
  const n = new Float64Array(facts.keys.rows.length);
  for (const l of loops) {
    const pairs = l.cols.questionRatings;
    for (let i = l.questionRatingsAt; i < l.questionRatingsEnd; i += 2) n[pairs[i]!]! += pairs[i + 1]!;
  }
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return facts.keys.rows
    .map((row, key) => ({ ...row, n: n[key]! }))
    .filter((row) => row.n > 0)
    .sort((a, b) => cmp(a.question, b.question) || cmp(a.principle, b.principle) || a.rating - b.rating);
}

/** Times each question was put in a kit on each principle since `since`, in (question, principle) order. */
export function questionUseRows(facts: KeptFacts, since: string) {
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
