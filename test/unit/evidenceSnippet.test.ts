import { describe, expect, it } from 'vitest';
import { ELLIPSIS, MATCH_CLOSE as C, MATCH_OPEN as O, readMarks, snippetAround } from '../../core/rules/evidenceSnippet';

const spans = (text: string, highlights: { start: number; end: number }[]) => highlights.map((h) => text.slice(h.start, h.end));

describe('readMarks', () => {
  it.each<[string, string, string, string[]]>([
    ['one match', `I ${O}escalated${C} it`, 'I escalated it', ['escalated']],
    ['two matches', `${O}Customers${C} asked; the ${O}customer${C} won`, 'Customers asked; the customer won', ['Customers', 'customer']],
    ['no match in this field', 'plain text', 'plain text', []],
    ['offsets count UTF-16 units after an emoji', `😀 ${O}naïve${C}`, '😀 naïve', ['naïve']],
  ])('%s', (_name, marked, original, want) => {
    const r = readMarks(marked, original);
    expect(r.text).toBe(original);
    expect(spans(r.text, r.highlights)).toEqual(want);
  });

  it('gives the stored text without highlights when the text itself holds a marker character', () => {
    const original = `a ${O} b`;
    expect(readMarks(`a ${O} ${O}b${C}`, original)).toEqual({ text: original, highlights: [] });
  });

  it('gives the stored text without highlights when the marked text does not read back to it', () => {
    expect(readMarks(`${O}other${C}`, 'stored')).toEqual({ text: 'stored', highlights: [] });
  });
});

describe('snippetAround', () => {
  const words = Array.from({ length: 200 }, (_, i) => `w${i}`).join(' ');
  const at = (word: string) => ({ start: words.indexOf(` ${word} `) + 1, end: words.indexOf(` ${word} `) + 1 + word.length });

  it('keeps a short text whole', () => {
    const marked = { text: 'short text', highlights: [{ start: 0, end: 5 }] };
    expect(snippetAround(marked)).toEqual(marked);
  });

  it('cuts around the first match at spaces, marks both cuts and moves the highlights with the text', () => {
    const r = snippetAround({ text: words, highlights: [at('w100'), at('w103')] }, 80, 20);
    expect(r.text.startsWith(ELLIPSIS)).toBe(true);
    expect(r.text.endsWith(ELLIPSIS)).toBe(true);
    expect(r.text.length).toBeLessThanOrEqual(82);
    expect(r.text.slice(1, -1)).toMatch(/^w\d+( w\d+)*$/);
    expect(spans(r.text, r.highlights)).toEqual(['w100', 'w103']);
  });

  it('starts at the beginning when the match is near it, and drops highlights the snippet leaves out', () => {
    const r = snippetAround({ text: words, highlights: [at('w1'), at('w190')] }, 60, 20);
    expect(r.text.startsWith('w0 w1')).toBe(true);
    expect(spans(r.text, r.highlights)).toEqual(['w1']);
  });

  it('keeps the match whole when a word is longer than the snippet', () => {
    const text = `${'x'.repeat(50)} ${'y'.repeat(100)} tail`;
    const r = snippetAround({ text, highlights: [{ start: 51, end: 151 }] }, 40, 10);
    expect(spans(r.text, r.highlights)).toEqual(['y'.repeat(100)]);
  });
});
