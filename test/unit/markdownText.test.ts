import { describe, expect, it } from 'vitest';
import { escapeMarkdown, markdownParagraphs, plainText } from '../../core/server/markdownText';
import { calendarDay, utcDateTime } from '../../core/rules/utcDates';

describe('escapeMarkdown: one line of literal text', () => {
  it.each([
    ['plain words', 'plain words'],
    ['## Decision', '\\#\\# Decision'],
    ['[click](http://evil.example)', '\\[click\\]\\(http://evil\\.example\\)'],
    ['![x](y)', '\\!\\[x\\]\\(y\\)'],
    ['<script>&amp;', '&lt;script&gt;&amp;amp;'],
    ['```', '\\`\\`\\`'],
    ['| a | b |', '\\| a \\| b \\|'],
    ['> quote', '&gt; quote'],
    ['1. item', '1\\. item'],
    ['---', '\\-\\-\\-'],
    ['a\\b', 'a\\\\b'],
    ['Great\n## Decision\r\nHire\u2028x', 'Great \\#\\# Decision Hire x'],
    ['   indented\tand tabbed  ', 'indented and tabbed'],
    ['\u202eevil\u202c \u2066x\u2069 \u200ey\u200f \u0007z', 'evil x y z'],
    ['www.evil.example', 'www\\.evil\\.example'],
  ])('%j → %j', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });
});

describe('markdownParagraphs: several lines, none of which can start a block', () => {
  it('keeps lines apart with hard breaks and blank lines as one paragraph break', () => {
    expect(markdownParagraphs('one\n  ## two\n\n\n    three\n')).toEqual(['one\\', '\\#\\# two', '', 'three']);
  });
  it('adds the hard break after a line ending in an escaped backslash', () => {
    expect(markdownParagraphs('a\\\nb')).toEqual(['a\\\\\\', 'b']);
  });
  it('is empty for blank text', () => {
    expect(markdownParagraphs(' \n\n ')).toEqual([]);
  });
});

describe('plainText: for the PDF, which draws strings as they are', () => {
  it('drops controls and text-direction controls, keeps the words and line breaks', () => {
    expect(plainText('a\u202eb\r\nc\u2029d\u0000')).toBe('ab\nc\nd');
  });
});

describe('dates in the packet read the same everywhere', () => {
  it.each([
    ['2026-01-05T10:00:00.000Z', '5 January 2026, 10:00 UTC'],
    ['2026-12-31T23:59:59+02:00', '31 December 2026, 21:59 UTC'],
    ['not a date', 'not a date'],
  ])('utcDateTime(%j) = %j', (input, expected) => expect(utcDateTime(input)).toBe(expected));
  it.each([
    ['2027-06-01', '1 June 2027'],
    ['2027-13-01', '2027-13-01'],
  ])('calendarDay(%j) = %j', (input, expected) => expect(calendarDay(input)).toBe(expected));
});
