/** The sentence announced after a refused submit, naming the fields in the order they appear. */
export function attentionSummary(names: readonly string[]): string | null {
  if (names.length === 0) return null;
  const list = names.join(', ');
  return names.length === 1 ? `1 field needs attention: ${list}` : `${names.length} fields need attention: ${list}`;
}
