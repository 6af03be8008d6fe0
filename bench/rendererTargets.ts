// Kept apart from renderer.ts so the report can print targets without loading the browser.

/** The targets, by the words of the result's keys; printed beside each number. */
export function rendererTarget(key: string, value: unknown): string {
  if (typeof value !== 'number') return '';
  const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');
  if (key.includes('navigation to rendered')) return `< 100 ms: ${verdict(value < 100)}`;
  if (key.includes('first usable screen')) return `< 500 ms: ${verdict(value < 500)}`;
  if (key.includes('DOM nodes')) return `a few hundred: ${verdict(value < 1000)}`;
  if (key.includes('long tasks')) return `none over 50 ms: ${verdict(value === 0)}`;
  if (key.includes('gzipped')) return `< 400 KB: ${verdict(value < 400)}`;
  return '';
}
