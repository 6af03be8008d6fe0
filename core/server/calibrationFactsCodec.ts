import { zstdCompressSync, zstdDecompressSync } from 'node:zlib';
import { VOTES } from '../rules/feedbackTypes';
import { QuestionKeys, type FactColumns, type KeptFacts, type LoopFacts } from './calibrationLoopFacts';

// The calibration's kept facts as bytes, to store in the workspace (db/scienceDirtyLoops.ts). Read back when the
// app opens, so in columns: a small JSON head (ids, names of keys, the caller's extra value), then the hours
// to submit as 64-bit floats and everything else as runs of 32-bit integers, the whole zstd-compressed. Tens
// of thousands of loops come back as ranges of one buffer, not as parsed JSON (a JSON form took ~0.3 s to
// parse at `large` and as long again in garbage collection). Only ids and numbers: no name or text.
//
// Anything that does not read back as this version wrote it is no facts at all (the build then reads every
// loop): the bytes are a cache, never a source of truth.

const VERSION = 5;

interface Head {
  v: number;
  names: [string, string][];
  keys: [string, string, number][];
  usesSince: string;
  usesKeys: [string, string][];
  loops: string[];
  months: string[];
  votes: string[];
  uses: [id: string, created: string][];
  /** Length of each integer column, in the order they follow the hours. */
  columns: number[];
  hours: number;
  /** JSON of the caller's extra value, with numbers JSON cannot hold (NaN, ±Infinity) spelled out. */
  extra: string;
}

const OUTCOMES: LoopFacts['outcome'][] = [null, 'hire', 'no_hire', 'pending'];

const NOT_FINITE = '$notFinite';
const keepNotFinite = (_: string, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? { [NOT_FINITE]: String(v) } : v);
const readNotFinite = (_: string, v: unknown) =>
  v !== null && typeof v === 'object' && NOT_FINITE in v ? Number((v as Record<string, string>)[NOT_FINITE]) : v;

/** Numbers for strings, in order of first sight. */
function numbering(): { of(text: string | null): number; list: string[] } {
  const at = new Map<string, number>();
  const list: string[] = [];
  return {
    of(text) {
      if (text === null) return -1;
      let n = at.get(text);
      if (n === undefined) at.set(text, (n = list.push(text) - 1));
      return n;
    },
    list,
  };
}

const padTo8 = (n: number) => n + ((8 - (n % 8)) % 8);

export function encodeFacts(facts: KeptFacts, extra: unknown): Uint8Array {
  // In id order, the order a build counts them in: read back, they need no sort.
  const loops = (facts.order ?? [...facts.loops.keys()].sort()).map((id) => [id, facts.loops.get(id)!] as const);
  const uses = [...facts.uses.loops];
  const months = numbering();
  const role: number[] = [], outcome: number[] = [], month: number[] = [], feedbackN: number[] = [], revotersN: number[] = [];
  const author: number[] = [], vote: number[] = [], hours: number[] = [], revoters: number[] = [];
  for (const [, l] of loops) {
    const { cols } = l;
    role.push(l.role);
    outcome.push(OUTCOMES.indexOf(l.outcome));
    month.push(months.of(l.month));
    feedbackN.push(l.feedbackEnd - l.feedbackAt);
    for (let f = l.feedbackAt; f < l.feedbackEnd; f++) {
      author.push(cols.author[f]!);
      vote.push(cols.vote[f]!);
      hours.push(cols.hours[f]!);
    }
    revotersN.push(l.revotersEnd - l.revotersAt);
    for (let v = l.revotersAt; v < l.revotersEnd; v++) revoters.push(cols.revoters[v]!);
  }
  const ints: ArrayLike<number>[] = [
    role, outcome, month, feedbackN, revotersN, author, vote, revoters,
    loops.map(([, l]) => l.ratingsEnd - l.ratingsAt), loops.map(([, l]) => l.questionRatingsEnd - l.questionRatingsAt), uses.map(([, u]) => u.uses.length),
    ...loops.flatMap(([, l]) => [l.cols.ratings.subarray(l.ratingsAt, l.ratingsEnd), l.cols.questionRatings.subarray(l.questionRatingsAt, l.questionRatingsEnd)]),
    ...uses.map(([, u]) => u.uses),
  ];
  const head: Head = {
    v: VERSION,
    names: [...facts.names],
    keys: facts.keys.rows.map((r) => [r.question, r.principle, r.rating]),
    usesSince: facts.uses.since,
    usesKeys: facts.uses.keys.rows.map((r) => [r.question, r.principle]),
    loops: loops.map(([id]) => id),
    months: months.list,
    votes: [...VOTES],
    uses: uses.map(([id, u]) => [id, u.created]),
    columns: ints.slice(0, 11).map((c) => c.length),
    hours: hours.length,
    extra: JSON.stringify(extra ?? null, keepNotFinite),
  };
  const headBytes = Buffer.from(JSON.stringify(head), 'utf8');
  const hoursAt = padTo8(4 + headBytes.length);
  const intsAt = hoursAt + hours.length * 8;
  const intCount = ints.reduce((n, c) => n + c.length, 0);
  const bytes = new Uint8Array(intsAt + intCount * 4);
  new DataView(bytes.buffer).setUint32(0, headBytes.length, true);
  bytes.set(headBytes, 4);
  new Float64Array(bytes.buffer, hoursAt, hours.length).set(hours);
  const data = new Int32Array(bytes.buffer, intsAt, intCount);
  let at = 0;
  for (const c of ints) {
    data.set(c, at);
    at += c.length;
  }
  // The plain length first: read back in one piece, not grown 16 KB at a time (~7x slower at `large`).
  const packed = zstdCompressSync(bytes);
  const stored = new Uint8Array(4 + packed.length);
  new DataView(stored.buffer).setUint32(0, bytes.length, true);
  stored.set(packed, 4);
  return stored;
}

export function decodeFacts(stored: Uint8Array | null): { facts: KeptFacts; extra: unknown } | null {
  if (!stored || stored.length === 0) return null;
  try {
    const plainLength = new DataView(stored.buffer, stored.byteOffset, 4).getUint32(0, true);
    const raw = zstdDecompressSync(stored.subarray(4), { chunkSize: Math.max(plainLength, 64) });
    if (raw.length !== plainLength) return null;
    // Columns must start on 8-byte boundaries: copied only if the buffer does not (a slice of a pool).
    const bytes = raw.byteOffset % 8 === 0 ? new Uint8Array(raw.buffer, raw.byteOffset, raw.length) : Uint8Array.from(raw);
    const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
    const head = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + 4, length).toString('utf8')) as Head;
    // Votes are stored as their place in VOTES: the list must be the one they were stored with.
    if (head.v !== VERSION || head.votes.join() !== VOTES.join()) return null;
    const hoursAt = padTo8(4 + length);
    const intsAt = hoursAt + head.hours * 8;
    const hours = new Float64Array(bytes.buffer, bytes.byteOffset + hoursAt, head.hours);
    const data = new Int32Array(bytes.buffer, bytes.byteOffset + intsAt, (bytes.length - intsAt) / 4);
    let at = 0;
    const take = (n: number) => data.subarray(at, (at += n));
    const [role, outcome, month, feedbackN, revotersN, author, vote, revoters, ratingsN, questionRatingsN, usesN] = head.columns.map(take) as Int32Array[];
    const keys = new QuestionKeys();
    for (const [q, p, r] of head.keys) keys.of(q, p, r);
    const usesKeys = new QuestionKeys();
    for (const [q, p] of head.usesKeys) usesKeys.of(q, p, 0);
    // Each loop's ratings, then its kit questions' ratings, follow the columns: the loops are ranges of `data`.
    const cols: FactColumns = { ratings: data, author: author!, vote: vote!, hours, revoters: revoters!, questionRatings: data };
    const loops = new Map<string, LoopFacts>();
    let f = 0;
    let v = 0;
    for (let i = 0; i < head.loops.length; i++) {
      const ratingsAt = at;
      const questionRatingsAt = (at += ratingsN![i]!);
      at += questionRatingsN![i]!;
      loops.set(head.loops[i]!, {
        role: role![i]!,
        outcome: OUTCOMES[outcome![i]!] ?? null,
        month: month![i]! < 0 ? null : head.months[month![i]!]!,
        cols,
        ratingsAt,
        ratingsEnd: questionRatingsAt,
        feedbackAt: f,
        feedbackEnd: (f += feedbackN![i]!),
        revotersAt: v,
        revotersEnd: (v += revotersN![i]!),
        questionRatingsAt,
        questionRatingsEnd: at,
      });
    }
    if (f !== author!.length || f !== hours.length || v !== revoters!.length || at > data.length) return null;
    const uses = new Map<string, { created: string; uses: Int32Array }>();
    head.uses.forEach(([id, created], u) => uses.set(id, { created, uses: take(usesN![u]!) }));
    if (at !== data.length) return null;
    return {
      facts: { names: new Map(head.names), loops, keys, uses: { since: head.usesSince, loops: uses, keys: usesKeys }, order: head.loops },
      extra: JSON.parse(head.extra, readNotFinite),
    };
  } catch {
    return null;
  }
}
