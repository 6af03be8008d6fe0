/**
 * Evidence search results: the full-text index marks each matching token in a
 * field (FTS5 `highlight()`, with two marker characters); this turns the marked
 * text into plain text with highlight offsets, and cuts a snippet around the
 * first match. Pure and deterministic.
 */

export const MATCH_OPEN = '\u0001';
export const MATCH_CLOSE = '\u0002';

export interface Span {
  start: number;
  end: number;
}

export interface Marked {
  text: string;
  highlights: Span[];
}

/**
 * Reads text marked with MATCH_OPEN/MATCH_CLOSE. `original` is the stored text:
 * should it itself contain a marker character, the marks cannot be told apart
 * from it, so the text is returned as stored with no highlights.
 */
export function readMarks(marked: string, original: string): Marked {
  if (original.includes(MATCH_OPEN) || original.includes(MATCH_CLOSE)) return { text: original, highlights: [] };
  let text = '';
  const highlights: Span[] = [];
  let openAt = -1;
  for (const ch of marked) {
    if (ch === MATCH_OPEN) openAt = text.length;
    else if (ch === MATCH_CLOSE) {
      if (openAt >= 0 && text.length > openAt) highlights.push({ start: openAt, end: text.length });
      openAt = -1;
    } else text += ch;
  }
  return text === original ? { text, highlights } : { text: original, highlights: [] };
}

export const ELLIPSIS = '…';

/**
 * About `maxChars` of the text around its first highlight, starting a little
 * before it and cut at spaces, with "…" where text is left out; the highlights
 * are moved to the snippet's offsets and those outside it dropped.
 */
export function snippetAround(marked: Marked, maxChars = 240, lead = 60): Marked {
  const { text, highlights } = marked;
  if (text.length <= maxChars) return marked;
  const first = highlights[0]?.start ?? 0;
  let start = Math.max(0, first - lead);
  if (start > 0) {
    const space = text.indexOf(' ', start);
    // Start after a space, unless that would skip past the match itself.
    start = space >= 0 && space < first ? space + 1 : start;
  }
  // The first match is always whole, even when it is longer than the snippet.
  const mustKeep = highlights[0] ? highlights[0].end : start;
  let end = Math.min(text.length, Math.max(start + maxChars, mustKeep));
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > start && space >= mustKeep) end = space;
  }
  const prefix = start > 0 ? ELLIPSIS : '';
  const suffix = end < text.length ? ELLIPSIS : '';
  const shift = prefix.length - start;
  return {
    text: prefix + text.slice(start, end) + suffix,
    highlights: highlights.filter((h) => h.start >= start && h.end <= end).map((h) => ({ start: h.start + shift, end: h.end + shift })),
  };
}
