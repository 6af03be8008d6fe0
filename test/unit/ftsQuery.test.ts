import { describe, expect, it } from 'vitest';
import { toEvidenceQuery, toFtsQuery } from '../../db/queries/ftsQuery';

describe('toFtsQuery', () => {
  it.each([
    ['', null],
    ['   ', null],
    ['***', null],
    ['conflict', '"conflict"*'],
    ['Tell me', '"tell" "me"*'],
    ['NOT OR AND', '"not" "or" "and"*'],
    ['"quoted" col:value', '"quoted" "col" "value"*'],
    ['naïve café', '"naïve" "café"*'],
    ['C++ 2024', '"c" "2024"*'],
  ])('%j → %j', (input, expected) => {
    expect(toFtsQuery(input)).toBe(expected);
  });

  it('caps the number of words so a pasted essay cannot build a huge query', () => {
    expect(toFtsQuery('word '.repeat(100))?.split(' ')).toHaveLength(16);
  });
});

describe('toEvidenceQuery', () => {
  it.each([
    ['', null],
    ['"*:', null],
    ['escalated', '"escalated"'],
    ['Customer NOT outage', '"customer" "not" "outage"'],
    ['{situation}:x', '"situation" "x"'],
  ])('%j → %j: whole words, all required, no prefix', (input, expected) => {
    expect(toEvidenceQuery(input)).toBe(expected);
  });
});
