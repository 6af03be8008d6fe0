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

/**
 * Evidence search: whole words in any form (the index stems them: "escalate"
 * finds "escalated"), all of them required, each quoted as in toFtsQuery. No
 * prefix match: evidence is searched on Enter, not as you type, and a prefix
 * would be expanded again for every row the search probes.
 */
export function toEvidenceQuery(search: string): string | null {
  const words = search.toLowerCase().match(/[\p{L}\p{N}]+/gu);
  if (!words) return null;
  return words.slice(0, 16).map((w) => `"${w}"`).join(' ');
}
