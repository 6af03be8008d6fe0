// Small text tools the linters share: spans of matches, overlaps, and the
// apostrophe folding that lets one pattern read ’ and ' alike.

export interface Span {
  start: number;
  end: number;
}

/** Joins regex fragments into an alternation. */
export function alt(fragments: readonly string[]): string {
  return fragments.join('|');
}

/** Every non-empty match of a global pattern, as spans shifted by `offset`. */
export function spansOf(pattern: RegExp, text: string, offset = 0): Span[] {
  const spans: Span[] = [];
  for (const m of text.matchAll(pattern)) {
    if (m[0].length === 0) continue;
    const start = offset + (m.index ?? 0);
    spans.push({ start, end: start + m[0].length });
  }
  return spans;
}

/** Keeps the earliest (then longest) of overlapping spans. */
export function dropOverlaps<T extends Span>(spans: readonly T[]): T[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: T[] = [];
  for (const s of sorted) {
    const last = kept[kept.length - 1];
    if (last === undefined || s.start >= last.end) kept.push(s);
  }
  return kept;
}
