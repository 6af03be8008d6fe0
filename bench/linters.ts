// The linters run as the user types, so their speed matters; it is measured here rather than asserted in the
// unit tests, where a busy machine would make a timed assertion fail for no fault of the code.
// Run alone with `npx tsx bench/linters.ts`, or as part of `npm run bench`.
import { pathToFileURL } from 'node:url';
import { lintEvidence } from '../core/rules/evidenceLinter';
import { lintQuestion } from '../core/rules/questionLinter';
import { summarise, time } from './stats';

export interface LinterMeasure {
  what: string;
  median: number;
  max: number;
  runs: number;
  targetMs: number;
  /** Many runs of a typical input are judged by their median; a pathological input by its slowest run. */
  targetOn: 'median' | 'max';
}

/** A 300-character question that trips most rules: the worst realistic input as the user types. */
export const TYPICAL_QUESTION = (
  "Tell me about a time you disagreed with your manager, and what would you do if they didn't listen? " +
  "Don't you think you'd fit in here, right? How old are your children? Imagine a customer is angry. "
)
  .repeat(2)
  .slice(0, 300);

/** Inputs that would make a careless regular expression backtrack for seconds. */
export const PATHOLOGICAL_QUESTIONS: readonly [string, string][] = [
  ['long run of one letter', 'a'.repeat(20_000)],
  ['many spaces', `what ${' '.repeat(20_000)}would you`],
  ['many commas', `What did you do${', '.repeat(5_000)}and what next?`],
  ['many conjunctions', 'and '.repeat(5_000)],
  ['many apostrophes', "you'd ".repeat(4_000)],
  ['many terminators', '?.!'.repeat(5_000)],
  ['many closed sentences', 'Have you ever failed? '.repeat(2_000)],
  ['many hypothetical sentences', 'What would you do? '.repeat(2_000)],
  ['many comma-joined asks', 'what, '.repeat(5_000)],
  ['trailing punctuation run', `Are you sure${' ,;'.repeat(5_000)}`],
];

/** About 26,000 characters of evidence in one field. */
export const LONG_EVIDENCE_ACTION = 'We worked on it, and then we kept going, and nobody seemed old. '.repeat(400);

export async function linterBenchmark(): Promise<LinterMeasure[]> {
  const measures: LinterMeasure[] = [];
  for (let i = 0; i < 50; i++) lintQuestion(TYPICAL_QUESTION);
  const typical = summarise(await time(500, () => lintQuestion(TYPICAL_QUESTION)));
  measures.push({ what: 'lintQuestion, 300-character question', ...typical, targetMs: 1, targetOn: 'median' });
  for (const [name, text] of PATHOLOGICAL_QUESTIONS) {
    measures.push({ what: `lintQuestion, ${name} (${text.length.toLocaleString('en')} chars)`, ...summarise(await time(5, () => lintQuestion(text))), targetMs: 250, targetOn: 'max' });
  }
  const evidence = { situation: '', task: '', action: LONG_EVIDENCE_ACTION, result: '' };
  measures.push({ what: `lintEvidence, ${LONG_EVIDENCE_ACTION.length.toLocaleString('en')}-character field`, ...summarise(await time(5, () => lintEvidence(evidence, true))), targetMs: 1000, targetOn: 'max' });
  return measures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const m of await linterBenchmark()) {
    console.log(`${m.what}: median ${m.median.toFixed(3)} ms, max ${m.max.toFixed(3)} ms (${m.runs} runs; target: ${m.targetOn} < ${m.targetMs} ms)`);
  }
}
