import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../core/api/contract/client';
import type { MethodName } from '../../core/api/contract/methods';
import { company, failure, value } from '../support/company';
import { snapshot, tempWorkspace, type TestWorkspace } from '../support/workspace';

/** Characters a name or title refuses, with the problem the message must name. */
const REFUSED_IN_ONE_LINE: [string, RegExp][] = [
  ['Ada\nLovelace', /must be one line/],
  ['Ada\rLovelace', /must be one line/],
  ['Ada\u2028Lovelace', /must be one line/],
  ['Ada\u2029Lovelace', /must be one line/],
  ['Ada\tLovelace', /must not contain control characters/],
  ['Ada\u0007Lovelace', /must not contain control characters/],
  ['Ada\u0085Lovelace', /must not contain control characters/],
  ['Ada \u202Eecalevol', /must not contain text-direction control characters/],
  ['Ada \u2066Lovelace\u2069', /must not contain text-direction control characters/],
  ['Ada\u200ELovelace', /must not contain text-direction control characters/],
  ['Ada\u200FLovelace', /must not contain text-direction control characters/],
  ['Ada\u061CLovelace', /must not contain text-direction control characters/],
];

describe('one-line fields refuse line breaks, controls and text-direction controls', () => {
  let t: TestWorkspace;
  let api: ApiClient;
  let c: Awaited<ReturnType<typeof company>>;
  beforeAll(async () => {
    t = tempWorkspace();
    api = t.client;
    c = await company(api);
  });
  afterAll(() => t.close());

  /** Each one-line field of each create method, as [method, field path, input with the text at that field]. */
  const cases = (): [MethodName, string, (text: string) => Record<string, unknown>][] => [
    ['candidates.create', 'name', (name) => ({ name })],
    ['candidates.create', 'email', (email) => ({ name: 'Ada', email: `${email}@example.com` })],
    ['candidates.create', 'phone', (phone) => ({ name: 'Ada', phone })],
    ['candidates.create', 'source', (source) => ({ name: 'Ada', source })],
    ['candidates.create', 'links.0', (link) => ({ name: 'Ada', links: [link] })],
    ['team.create', 'name', (name) => ({ name })],
    ['team.create', 'title', (title) => ({ name: 'Ada', title })],
    ['team.create', 'team', (team) => ({ name: 'Ada', team })],
    ['principles.create', 'name', (name) => ({ name, summary: 'Owns it' })],
    ['principles.create', 'summary', (summary) => ({ name: 'Grit', summary })],
    ['roles.create', 'title', (title) => ({ title })],
    ['roles.create', 'team', (team) => ({ title: 'Engineer', team })],
    ['roles.create', 'level', (level) => ({ title: 'Engineer', level })],
    ['roles.create', 'template.0.title', (title) => ({ title: 'Engineer', template: [{ title, durationMinutes: 45, principleIds: [c.own.id] }] })],
    ['questions.create', 'tags.0', (tag) => ({ text: 'Tell me about a time you failed.', principleIds: [c.own.id], tags: [tag] })],
    ['settings.update', 'companyName', (companyName) => ({ companyName })],
    ['privacy.eraseCandidate', 'confirmName', (confirmName) => ({ id: c.candidate.id, confirmName })],
  ];

  it('every one-line field refuses each of them as VALIDATION naming the field and the problem, writing nothing', async () => {
    const before = snapshot(t.workspace.file);
    for (const [method, field, input] of cases()) {
      for (const [text, message] of REFUSED_IN_ONE_LINE) {
        const error = failure(await api.call(method, input(text) as never));
        expect([method, field, error.code], JSON.stringify(text)).toEqual([method, field, 'VALIDATION']);
        const messages = (error.issues ?? []).filter((i) => i.path === field).map((i) => i.message);
        // An email's own pattern already refuses white space; the rest are named like any one-line field.
        expect(messages.some((m) => message.test(m)) || (field === 'email' && messages.includes('Email must look like name@example.com')), `${method} ${field} ${JSON.stringify(text)}: ${messages.join('; ')}`).toBe(true);
      }
    }
    expect(snapshot(t.workspace.file)).toBe(before);
  });

  it('free text keeps its line breaks but refuses the overrides that reorder what is shown', async () => {
    const p = value(await api.call('principles.create', { name: 'Depth', summary: 'Knows details', description: 'First line\nSecond line' }));
    expect(p.description).toBe('First line\nSecond line');
    for (const bidi of ['\u202E', '\u202A', '\u2066', '\u2069']) {
      const error = failure(await api.call('candidates.create', { name: 'Ada', notes: `fine${bidi}evil` }));
      expect(error.issues?.[0]).toMatchObject({ path: 'notes', message: 'Notes must not contain text-direction control characters' });
    }
  });

  it('imports check each row with the same rule', async () => {
    const content = ['name,email', '"Ada\nLovelace",ada@example.com', 'Grace \u202Eevil,grace2@example.com', 'Alan Turing,alan@example.com'].join('\n');
    const preview = value(await api.call('transfer.preview', { kind: 'candidates', format: 'csv', content }));
    expect(preview.rows.map((r) => [r.status, r.errors.map((e) => `${e.field}: ${e.message}`)])).toEqual([
      ['error', ['name: Name must be one line']],
      ['error', ['name: Name must not contain text-direction control characters']],
      ['new', []],
    ]);
  });
});
