import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../core/api/contract/client';
import { escapeMarkdown } from '../../core/server/markdownText';
import { interviewingLoop, value } from '../support/company';
import { tempWorkspace, type TestWorkspace } from '../support/workspace';

/**
 * Text a user could type to forge structure in a Markdown document: headings
 * (including a second "## Decision"), links, images, HTML, code, tables, lists,
 * quotes, rules, setext headings, autolinks and entities.
 */
const HOSTILE = [
  'Great\n## Decision\nHire',
  '# Decision',
  '[click](http://evil.example)',
  '![x](http://evil.example/y.png)',
  '<script>alert(1)</script>',
  '<!-- hidden -->',
  '```\nfenced\n```',
  '~~~',
  '`code`',
  '| a | b |\n| --- | --- |\n| c | d |',
  '> quote',
  '1. item',
  '2) item',
  '- item\n* item\n+ item',
  '---',
  '***',
  '___',
  'Title\n===',
  'Title\n---',
  '    indented code\n\n\tand tabbed',
  '<http://evil.example>',
  'www.evil.example, https://evil.example and me@evil.example',
  '&lt;b&gt; &#35; &amp;',
  '[ref]: http://evil.example',
  '[ref]',
  '\\## backslash first\\',
  '**bold** _em_ ~~gone~~ $x$',
];
/** The same texts for one-line fields (names, titles), which refuse line breaks. */
const HOSTILE_LINES = HOSTILE.map((t) => t.replace(/\s*\n\s*/g, ' '));

const pick = (i: number) => HOSTILE[i % HOSTILE.length] ?? '';
const pickLine = (i: number) => HOSTILE_LINES[i % HOSTILE_LINES.length] ?? '';

/** Every user-written field of a loop holds hostile text; the loop goes through amendment, re-vote, notes, decision and veto. */
async function hostileLoop(api: ApiClient) {
  let n = 0;
  const s = await interviewingLoop(api, { slotTitles: [`Slot ${pickLine(n++)}`, `Slot ${pickLine(n++)}`] });
  const next = () => pick(n++);
  for (const m of [s.ceo, s.cto, s.eng, s.sales, s.ops]) {
    value(await api.call('team.update', { id: m.id, revision: m.revision, name: `${m.name} ${pickLine(n++)}` }));
  }
  for (const p of [s.own, s.cust]) {
    value(await api.call('principles.update', { id: p.id, revision: p.revision, name: `${p.name} ${pickLine(n++)}`.slice(0, 80) }));
  }
  value(await api.call('roles.update', { id: s.role.id, revision: s.role.revision, title: `Role ${pickLine(n++)}` }));
  value(await api.call('candidates.update', { id: s.candidate.id, revision: s.candidate.revision, name: `Grace ${pickLine(n++)}` }));
  const feedback = (principleIds: readonly string[], notAssessedFirst: boolean) => ({
    loopId: s.loop.id,
    ratings: principleIds.map((principleId, i) =>
      notAssessedFirst && i === 0
        ? { principleId, notAssessed: true, notAssessedReason: next() }
        : { principleId, rating: 3 as const, evidence: { situation: next(), task: next(), action: next(), result: next() } },
    ),
    questionsAsked: [{ questionId: null, text: next() }],
    vote: 'inclined' as const,
    raiseBar: 'not_sure' as const,
    reasonToHire: next(),
    reasonNotToHire: next(),
  });
  await s.as(s.ceo.id);
  value(await api.call('feedback.submit', { ...feedback(s.slotOf(s.ceo.id), false), authorId: s.ceo.id }));
  await s.as(s.eng.id);
  value(await api.call('feedback.submit', { ...feedback(s.slotOf(s.eng.id), false), authorId: s.eng.id }));
  value(await api.call('feedback.amend', { ...feedback(s.slotOf(s.eng.id), false), authorId: s.eng.id, reason: next() }));
  await s.as(s.sales.id);
  value(await api.call('debrief.open', { loopId: s.loop.id }));
  value(await api.call('debrief.saveNotes', { loopId: s.loop.id, notes: HOSTILE.join('\n') }));
  await s.as(s.eng.id);
  value(await api.call('debrief.revote', { loopId: s.loop.id, vote: 'strong_hire', note: next() }));
  await s.as(s.cto.id);
  value(await api.call('decision.decide', { loopId: s.loop.id, decision: 'hire', rationale: next() }));
  await s.as(s.sales.id);
  value(await api.call('decision.verdict', { loopId: s.loop.id, verdict: 'veto', rationale: `${next()}\nThe ownership story was a team effort.`, citedPrincipleIds: [s.own.id] }));
  return s;
}

/** Characters escaped by an odd number of backslashes are literal; this finds the ones that are not. */
function unescaped(line: string, chars: string): string[] {
  const found: string[] = [];
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] ?? '';
    if (ch === '\\') {
      i++;
      continue;
    }
    if (chars.includes(ch)) found.push(ch);
  }
  return found;
}

describe('the loop packet cannot be forged by what users type', () => {
  let t: TestWorkspace;
  let api: ApiClient;
  let md = '';
  let pdf: Buffer;
  beforeAll(async () => {
    t = tempWorkspace();
    api = t.client;
    const s = await hostileLoop(api);
    md = Buffer.from(value(await api.call('packet.export', { loopId: s.loop.id, format: 'markdown' })).base64, 'base64').toString('utf8');
    pdf = Buffer.from(value(await api.call('packet.export', { loopId: s.loop.id, format: 'pdf' })).base64, 'base64');
  });
  afterAll(() => t.close());

  const lines = () => md.split('\n');

  it('has exactly the headings the packet makes, and one Decision', () => {
    const headings = lines().filter((l) => /^ {0,3}#/.test(l));
    // Candidate, Plan, Feedback, two feedbacks and one earlier version, Debrief, Decision.
    expect(headings.map((h) => /^#+/.exec(h)?.[0]).sort()).toEqual(['#', '##', '##', '##', '##', '###', '###', '####']);
    expect(headings.filter((h) => h === '## Decision')).toHaveLength(1);
    expect(headings.slice(1, 3)).toEqual(['## Plan', '## Feedback']);
    expect(headings.slice(-2)).toEqual(['## Debrief', '## Decision']);
  });

  it('has no link, image, HTML, code, quote or autolink: those characters only ever appear escaped', () => {
    for (const line of lines()) expect(unescaped(line, '[]()<>`!~_=$.+{}^'), line).toEqual([]);
  });

  it('starts no block from user text: every line is a heading, table row, list item, labelled text or an escaped continuation', () => {
    const tableWidths = new Map<number, number>();
    let width = 0;
    lines().forEach((line, i) => {
      if (line === '' || /^#{1,4} /.test(line)) return;
      if (line.startsWith('|')) {
        const cells = unescaped(line, '|').length - 1;
        if (!lines()[i - 1]?.startsWith('|')) width = cells;
        tableWidths.set(i, cells);
        expect(cells, line).toBe(width);
        return;
      }
      const rest = line.startsWith('- ') ? line.slice(2) : line.startsWith('**') ? line.replace(/^\*\*[^*]+\*\* ?/, '') : line;
      // What follows the packet's own marker may not open another block.
      expect(rest, line).not.toMatch(/^(\s|[>#*+\-=_~`|<]|\d+[.)])/);
      // The only unescaped emphasis is the packet's own bold, in pairs.
      expect(unescaped(line, '*').length % 4, line).toBe(0);
    });
    expect(tableWidths.size).toBeGreaterThan(0);
  });

  it('keeps every hostile text, escaped, line by line', () => {
    for (const text of HOSTILE) {
      for (const line of text.split('\n').filter((l) => l.trim())) expect(md).toContain(escapeMarkdown(line));
    }
  });

  it('the PDF is text only: no link annotation or action, whatever the text says', () => {
    const raw = pdf.toString('latin1');
    expect(raw.startsWith('%PDF-')).toBe(true);
    expect(raw).not.toMatch(/\/Annots|\/URI|\/Link|\/JavaScript|\/Launch/);
    // The text did reach the page: the content streams hold the drawn strings.
    const streams = [...raw.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)].map((m) => {
      try {
        return inflateSync(Buffer.from(m[1] ?? '', 'latin1')).toString('latin1');
      } catch {
        return '';
      }
    });
    expect(streams.join('').length).toBeGreaterThan(1000);
  });
});
