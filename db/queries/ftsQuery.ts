/**
 * Turns what a person types into a safe FTS5 query: every word is quoted (so
 * `NOT`, `*`, `"` or `col:` typed by the user are words, not syntax), words are
 * ANDed, and the last word matches as a prefix so results follow the typing.
 * Returns null when nothing searchable was typed.
 */
export function toFtsQuery(search: string): string | null {
  const words = search.toLowerCase().match(/[\p{L}\p{N}]+/gu);
  if (!words) return null;
  const quoted = words.slice(0, 16).map((w) => `"${w}"`);
  quoted[quoted.length - 1] += '*';
  return quoted.join(' ');
}
