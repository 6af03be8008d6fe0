import { describe, expect, it } from 'vitest';
import { lintQuestion } from '../../core/rules/questionLinter';
import { STARTER_PRINCIPLES } from '../../core/rules/starterPrinciples';
import { STARTER_QUESTIONS } from '../../core/rules/starterQuestions';

describe('starter questions', () => {
  it('cover every starter principle with 2–3 questions, and name no other', () => {
    expect(Object.keys(STARTER_QUESTIONS).sort()).toEqual(STARTER_PRINCIPLES.map((p) => p.name).sort());
    for (const p of STARTER_PRINCIPLES) {
      expect(STARTER_QUESTIONS[p.name]?.length, p.name).toBeGreaterThanOrEqual(2);
      expect(STARTER_QUESTIONS[p.name]?.length, p.name).toBeLessThanOrEqual(3);
    }
  });

  it.each(Object.values(STARTER_QUESTIONS).flat())('is lint-clean and behavioural: %s', (text) => {
    // No finding at all: the hypothetical rule is what marks a question as not behavioural.
    expect(lintQuestion(text)).toEqual([]);
  });
});
