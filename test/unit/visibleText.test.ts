import { describe, expect, it } from 'vitest';
import { CandidateCreateInput } from '../../core/api/contract/candidates';
import { requiredLine, requiredText } from '../../core/api/contract/fields';

/** Texts that show nothing on screen: required fields refuse them, naming the field. */
const INVISIBLE: [string, string][] = [
  ['zero-width space', '\u200b'],
  ['zero-width joiners', '\u200c\u200d'],
  ['word joiner', '\u2060'],
  ['soft hyphen', '\u00ad'],
  ['byte order mark beside a zero-width space', '\u200b\ufeff\u200b'],
  ['Hangul filler', '\u3164'],
  ['blanks around a zero-width space', '  \u200b  '],
];

/** Texts with something to see, invisible characters beside it included. */
const VISIBLE: [string, string][] = [
  ['plain', 'Ada'],
  ['zero-width space inside', 'Ada\u200bLovelace'],
  ['joiner in an emoji', '👩\u200d💻'],
  ['accent', 'e\u0301'],
  ['one character', 'A'],
];

describe('required texts must show a visible character', () => {
  const line = requiredLine('Name', 100);
  const text = requiredText('Evidence', 100);

  it.each(INVISIBLE)('refuses %s in a one-line and a multi-line field, naming the field', (_, value) => {
    for (const [schema, label] of [[line, 'Name'], [text, 'Evidence']] as const) {
      const r = schema.safeParse(value);
      expect(r.success).toBe(false);
      expect(r.error?.issues.map((i) => i.message)).toEqual([`${label} must contain a visible character`]);
    }
  });

  it.each(VISIBLE)('accepts %s', (_, value) => {
    expect(line.safeParse(value).success).toBe(true);
    expect(text.safeParse(value).success).toBe(true);
  });

  it('an empty text is only "required", not also invisible', () => {
    expect(line.safeParse('').error?.issues.map((i) => i.message)).toEqual(['Name is required']);
  });

  it('a candidate named only by a zero-width space is refused at the name', () => {
    const r = CandidateCreateInput.safeParse({ name: '\u200b', email: 'zw@example.com' });
    expect(r.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['name', 'Name must contain a visible character']]);
  });
});
