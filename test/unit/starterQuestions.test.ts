import { describe, expect, it } from 'vitest';
import { COVERAGE_MINIMUM } from '../../core/api/contract/questions';
import { lintQuestion } from '../../core/rules/questionLinter';
import { STARTER_PRINCIPLES } from '../../core/rules/starterPrinciples';
import { STARTER_QUESTIONS } from '../../core/rules/starterQuestions';

describe('starter questions', () => {
  it('cover every starter principle with the coverage minimum (3), and name no other', () => {
    expect(COVERAGE_MINIMUM).toBe(3);
    expect(Object.keys(STARTER_QUESTIONS).sort()).toEqual(STARTER_PRINCIPLES.map((p) => p.name).sort());
    for (const p of STARTER_PRINCIPLES) {
      // Exactly the minimum: a new workspace starts with full coverage, and the bank stays the user's to grow.
      expect(STARTER_QUESTIONS[p.name]?.length, p.name).toBe(COVERAGE_MINIMUM);
    }
  });

  it('repeat no question', () => {
    const all = Object.values(STARTER_QUESTIONS).flat();
    expect(new Set(all).size).toBe(all.length);
  });

  it.each(Object.values(STARTER_QUESTIONS).flat())('is lint-clean and behavioural: %s', (text) => {
    // No finding at all: the hypothetical rule is what marks a question as not behavioural.
    expect(lintQuestion(text)).toEqual([]);
  });
});
