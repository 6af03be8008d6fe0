import { describe, expect, it } from 'vitest';
import { attentionSummary } from '../../renderer/components/attentionSummary';

describe('attentionSummary', () => {
  it.each([
    [[], null],
    [['Vote'], '1 field needs attention: Vote'],
    [['Vote', 'Evidence for Ownership'], '2 fields need attention: Vote, Evidence for Ownership'],
  ])('%j → %s', (names, sentence) => {
    expect(attentionSummary(names)).toBe(sentence);
  });
});
