import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { methods } from '../../core/api/contract/methods';
import { API_DOC_PATH, renderApiDoc } from '../../scripts/apiDocs';

describe('docs/api.md', () => {
  it('is what the schemas generate (run `npm run docs:api` when this fails)', () => {
    expect(readFileSync(API_DOC_PATH, 'utf8')).toBe(renderApiDoc());
  });

  it('lists every method with its input fields', () => {
    const doc = renderApiDoc();
    for (const name of Object.keys(methods)) expect(doc).toContain(`## \`${name}\``);
    expect(doc).toContain('| `name` | string (min 1, max 80 chars) | yes |');
  });
});
