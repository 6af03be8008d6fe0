import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// pdfkit and its fonts cost the background worker a third of its start (it imports the handlers, which make
// PDFs): a process that makes no PDF must not load it. Checked in a fresh process, where nothing else loaded it.
const loadedAfter = (code: string): boolean => {
  // Every module resolved, by import or require, is seen by the hook.
  const watch = `let seen = false;\n(await import('node:module')).registerHooks({ resolve(specifier, context, next) { const r = next(specifier, context); if (r.url.includes('/node_modules/pdfkit/')) seen = true; return r; } });`;
  const script = `${watch}\n${code}\nconsole.log(JSON.stringify(seen));`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: process.cwd(), encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as boolean;
};

describe('pdfkit is loaded on the first PDF only', () => {
  it('the background worker’s tasks import no pdfkit; making a PDF loads it', () => {
    expect(loadedAfter(`await import('./core/server/backgroundTasks.ts');`)).toBe(false);
    expect(
      loadedAfter(
        `const { newPdfDocument, pdfBytes } = await import('./core/server/pdfBytes.ts');\nif (pdfBytes(newPdfDocument({ size: 'A4' })).subarray(0, 5).toString() !== '%PDF-') throw new Error('not a PDF');`,
      ),
    ).toBe(true);
  }, 60_000);
});
