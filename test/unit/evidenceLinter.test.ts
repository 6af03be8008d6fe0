import { describe, expect, it } from 'vitest';
import {
  EVIDENCE_FIELDS,
  EVIDENCE_MIN_WORDS,
  EVIDENCE_RULES,
  evidenceWordCount,
  lintEvidence,
  type EvidenceFinding,
  type EvidenceRuleId,
} from '../../core/rules/evidenceLinter';
import type { Evidence } from '../../core/rules/feedbackTypes';

const ALL_RULES: readonly EvidenceRuleId[] = EVIDENCE_RULES.map((r) => r.id);

/** Clean, rated-quality evidence: no finding at all. Each row patches one or more fields. */
const BASE: Evidence = {
  situation: 'The checkout service was timing out during a seasonal sale and customers were abandoning their carts.',
  task: 'She owned the checkout latency goal for the quarter.',
  action:
    'I profiled the slow queries myself, added a missing index, and I moved the tax call off the hot path after agreeing the change with the payments team.',
  result: 'Checkout p95 latency dropped from 4 seconds to 600 ms and cart abandonment fell by 12% within two weeks.',
};

interface Expect {
  rule: EvidenceRuleId;
  field?: EvidenceFinding['field'];
  /** The exact text the span covers, in that field. */
  text?: string;
}

interface Row {
  name: string;
  patch: Partial<Evidence>;
  /** Defaults to true (a rating is given). */
  rated?: boolean;
  present: readonly Expect[];
  absent: readonly EvidenceRuleId[];
}

const ev = (patch: Partial<Evidence>): Evidence => ({ ...BASE, ...patch });
const words = (n: number): string => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');

const ROWS: Row[] = [
  // --- vague-label: positives
  { name: 'culture fit', patch: { situation: 'Strong culture fit, he would get on with everyone.' }, present: [{ rule: 'vague-label', field: 'situation', text: 'culture fit' }], absent: ['protected'] },
  { name: '"smart" said of the candidate', patch: { task: 'Honestly he is just really smart.' }, present: [{ rule: 'vague-label', field: 'task', text: 'he is just really smart' }], absent: [] },
  { name: 'nice guy', patch: { situation: 'Nice guy, easy to talk to.' }, present: [{ rule: 'vague-label', text: 'Nice guy' }], absent: [] },
  { name: 'good vibes', patch: { task: 'Good vibes from the whole conversation.' }, present: [{ rule: 'vague-label', field: 'task', text: 'Good vibes' }], absent: [] },
  { name: 'not a fit for the team', patch: { situation: 'Not a fit for the team.' }, present: [{ rule: 'vague-label', text: 'Not a fit' }], absent: [] },
  { name: 'rockstar and genius are two findings', patch: { situation: 'A total rockstar and a genius with databases.' }, present: [{ rule: 'vague-label', text: 'rockstar' }, { rule: 'vague-label', text: 'genius' }], absent: [] },
  { name: 'likeable', patch: { task: 'Very likeable throughout.' }, present: [{ rule: 'vague-label', text: 'likeable' }], absent: [] },
  { name: 'subjectless note "Seemed smart."', patch: { situation: 'Seemed smart.' }, present: [{ rule: 'vague-label', text: 'Seemed smart' }], absent: [] },
  { name: 'gut feeling', patch: { task: 'My gut says yes.' }, present: [{ rule: 'vague-label', text: 'My gut' }], absent: [] },
  { name: 'curly apostrophe in "wasn’t a good fit"', patch: { situation: 'She wasn\u2019t a good fit for the team.' }, present: [{ rule: 'vague-label', text: 'wasn\u2019t a good fit' }], absent: [] },
  { name: 'a label in the action field', patch: { action: 'I asked about the outage. Great personality, I think.' }, present: [{ rule: 'vague-label', field: 'action', text: 'Great personality' }], absent: ['we-without-i'] },

  // --- vague-label: tricky negatives
  { name: 'smart contract and smartphone are not labels', patch: { situation: 'She wrote a smart contract and tested it on her smartphone.' }, present: [], absent: ['vague-label', 'protected'] },
  { name: 'a good fit for the workload is about the work', patch: { task: 'Kafka was a good fit for the workload, so she chose it.' }, present: [], absent: ['vague-label'] },
  { name: 'SMART goals is the acronym', patch: { task: 'She set SMART goals for the quarter.' }, present: [], absent: ['vague-label'] },
  { name: 'cool under pressure is behaviour', patch: { situation: 'He was cool under pressure when the pager went off.' }, present: [], absent: ['vague-label'] },
  { name: 'data that did not fit in memory', patch: { situation: 'The dataset did not fit in memory.' }, present: [], absent: ['vague-label'] },

  // --- protected: positives
  { name: 'she mentioned her kids', patch: { situation: 'She mentioned her kids twice.' }, present: [{ rule: 'protected', text: 'her kids' }], absent: [] },
  { name: 'seems old', patch: { task: 'Seems old.' }, present: [{ rule: 'protected', field: 'task', text: 'Seems old' }], absent: [] },
  { name: 'has an accent', patch: { situation: 'He has an accent.' }, present: [{ rule: 'protected', text: 'has an accent' }], absent: [] },
  { name: 'an age in years', patch: { situation: 'He is 58 years old.' }, present: [{ rule: 'protected', text: 'He is 58 years old' }], absent: [] },
  { name: 'marital status', patch: { situation: 'She is married.' }, present: [{ rule: 'protected', text: 'She is married' }], absent: [] },
  { name: 'pregnancy', patch: { task: 'She is pregnant, so the start date may move.' }, present: [{ rule: 'protected', text: 'pregnant' }], absent: [] },
  { name: 'gender', patch: { situation: 'As a woman, she was assertive with the vendor.' }, present: [{ rule: 'protected', text: 'As a woman' }], absent: [] },
  { name: 'religion', patch: { situation: 'He went to church before the interview.' }, present: [{ rule: 'protected', text: 'went to church' }], absent: [] },
  { name: 'national origin with a curly apostrophe', patch: { situation: 'English isn\u2019t her first language.' }, present: [{ rule: 'protected', text: 'English isn\u2019t her first language' }], absent: [] },
  { name: 'age by decade', patch: { situation: 'He is in his fifties.' }, present: [{ rule: 'protected', text: 'He is in his fifties' }], absent: [] },
  { name: 'possessive with an apostrophe after', patch: { situation: 'Her kid\u2019s school called during the interview.' }, present: [{ rule: 'protected', text: 'Her kid' }], absent: [] },
  { name: 'health', patch: { task: 'He has ADHD.' }, present: [{ rule: 'protected', text: 'He has ADHD' }], absent: [] },
  { name: 'race', patch: { situation: 'A white guy from the platform team.' }, present: [{ rule: 'protected', text: 'white guy' }], absent: [] },
  { name: 'protected and vague together', patch: { situation: 'Nice guy, seems old.' }, present: [{ rule: 'vague-label', text: 'Nice guy' }, { rule: 'protected', text: 'seems old' }], absent: [] },

  // protected vocabulary shared with the question linter (issue 9)
  { name: 'attends a mosque', patch: { situation: 'She attends a mosque near the office.' }, present: [{ rule: 'protected', text: 'attends a mosque' }], absent: [] },
  { name: 'he prays', patch: { task: 'He prays at lunch every day.' }, present: [{ rule: 'protected', text: 'He prays' }], absent: [] },
  { name: 'medication', patch: { situation: 'She takes medication for it.' }, present: [{ rule: 'protected', text: 'medication' }], absent: [] },
  { name: 'high school graduation', patch: { situation: 'He graduated high school in 1985.' }, present: [{ rule: 'protected', text: 'graduated high school' }], absent: [] },
  { name: 'caring for elderly parents', patch: { situation: 'He cares for his elderly parents.' }, present: [{ rule: 'protected', text: 'cares for his elderly parents' }], absent: [] },
  { name: 'lives with his parents', patch: { situation: 'He lives with his parents.' }, present: [{ rule: 'protected', text: 'He lives with his parents' }], absent: [] },
  { name: 'she is expecting', patch: { situation: 'She is expecting.' }, present: [{ rule: 'protected', text: 'She is expecting' }], absent: [] },
  { name: 'sick days', patch: { situation: 'He had a lot of sick days at his last job.' }, present: [{ rule: 'protected', text: 'sick days' }], absent: [] },

  // --- protected: tricky negatives
  { name: "the team's religious holidays", patch: { situation: "She planned the release around the team's religious holidays." }, present: [], absent: ['protected'] },
  { name: 'a colleague off sick', patch: { situation: 'She covered for a colleague off sick for two weeks.' }, present: [], absent: ['protected'] },
  { name: 'mass production', patch: { situation: 'She pushed a mass production fix.' }, present: [], absent: ['protected'] },
  { name: 'a medication-reminder screen', patch: { situation: 'She built the medication-reminder screen.' }, present: [], absent: ['protected'] },
  { name: 'old codebase', patch: { situation: 'The old codebase had no tests.' }, present: [], absent: ['protected'] },
  { name: 'parent company', patch: { situation: 'The parent company owned the repository.' }, present: [], absent: ['protected'] },
  { name: 'child process', patch: { task: 'She restarted the child process after the leak.' }, present: [], absent: ['protected'] },
  { name: 'race condition', patch: { task: 'He fixed a race condition in the scheduler.' }, present: [], absent: ['protected'] },
  { name: 'accent colour', patch: { situation: 'She changed the accent colour of the buttons.' }, present: [], absent: ['protected'] },
  { name: 'the codebase seems old', patch: { situation: 'The codebase seems old and fragile.' }, present: [], absent: ['protected'] },
  { name: 'an API that is slow and looks old', patch: { situation: 'The API is slow and looks old.' }, present: [], absent: ['protected'] },
  { name: 'a colleague on maternity leave', patch: { situation: 'She covered for a colleague on maternity leave.' }, present: [], absent: ['protected'] },
  { name: 'users with disabilities', patch: { task: 'She made the app accessible to users with disabilities.' }, present: [], absent: ['protected'] },
  { name: 'her partner team', patch: { situation: 'She said her partner team pushed back on the plan.' }, present: [], absent: ['protected'] },
  { name: 'figurative blind and sick', patch: { situation: 'They were blind to the risk. He was sick of the flaky tests.' }, present: [], absent: ['protected'] },
  { name: 'religious about code reviews', patch: { situation: 'She was religious about code reviews.' }, present: [], absent: ['protected'] },
  { name: 'health checks', patch: { task: 'She fixed their health checks and the alert routing.' }, present: [], absent: ['protected'] },
  { name: 'a ten-year-old codebase', patch: { situation: 'She led a migration of a 10-year-old codebase.' }, present: [], absent: ['protected'] },

  // --- we-without-i
  { name: 'we in the action, no I', patch: { action: 'We rebuilt the pipeline and we cut build time in half.' }, present: [{ rule: 'we-without-i', field: 'action', text: 'We' }], absent: [] },
  { name: 'we and I', patch: { action: 'We migrated the database; I wrote the migration scripts.' }, present: [], absent: ['we-without-i'] },
  { name: 'curly I’m counts as I', patch: { action: 'We shipped it. I\u2019m proud of the rollout plan.' }, present: [], absent: ['we-without-i'] },
  { name: 'curly I’d counts as I', patch: { action: 'We did it in a week and I\u2019d do it again.' }, present: [], absent: ['we-without-i'] },
  { name: '"my" counts as I', patch: { action: 'Our team owned it; my part was the rollout.' }, present: [], absent: ['we-without-i'] },
  { name: 'third person singular counts as the individual', patch: { action: 'She said we shipped it; she wrote the migration herself.' }, present: [], absent: ['we-without-i'] },
  { name: 'empty action: all fields are checked, span at the first "we"', patch: { situation: 'We had an outage.', task: 'Our team had to fix it.', action: '' }, present: [{ rule: 'we-without-i', field: 'situation', text: 'We' }], absent: [] },
  { name: 'empty action: an I in another field is enough', patch: { situation: 'We had an outage.', task: 'I was on call.', action: '' }, present: [], absent: ['we-without-i'] },
  { name: 'US and us-east-1 are not "us"', patch: { action: 'Deployed to us-east-1 and the US region within a day.' }, present: [], absent: ['we-without-i'] },
  { name: 'I/O is not "I"', patch: { action: 'We moved the workers to I/O-bound queues.' }, present: [{ rule: 'we-without-i', text: 'We' }], absent: [] },
  { name: 'only the action counts when it has text', patch: { situation: 'I was the lead.', action: 'We rolled it out to every region.' }, present: [{ rule: 'we-without-i', field: 'action' }], absent: [] },
  { name: 'lower-case i counts as I', patch: { action: 'we split the service and i wrote the router.' }, present: [], absent: ['we-without-i'] },

  // --- no-result
  { name: 'empty result when rated', patch: { result: '' }, present: [{ rule: 'no-result', field: 'result', text: '' }], absent: [] },
  { name: 'whitespace result when rated', patch: { result: '   \n ' }, present: [{ rule: 'no-result', field: 'result', text: '' }], absent: [] },
  { name: 'a result with no outcome words', patch: { result: '  The team talked about it with the director.  ' }, present: [{ rule: 'no-result', field: 'result', text: 'The team talked about it with the director.' }], absent: [] },
  { name: 'a failure is an outcome', patch: { result: 'It failed, and she learned to test earlier.' }, present: [], absent: ['no-result'] },
  { name: 'a number is an outcome', patch: { result: 'Three weeks later 3 customers renewed.' }, present: [], absent: ['no-result'] },
  { name: 'no result and no rating: not reported', patch: { result: '' }, rated: false, present: [], absent: ['no-result', 'too-little-evidence'] },

  // --- too-little-evidence
  { name: 'short evidence for a rating', patch: { situation: 'Outage.', task: '', action: 'I fixed it.', result: 'Fixed.' }, present: [{ rule: 'too-little-evidence', field: 'all', text: '' }], absent: ['no-result'] },
  { name: 'short evidence, not rated: quiet', patch: { situation: 'Outage.', task: '', action: 'I fixed it.', result: 'Fixed.' }, rated: false, present: [], absent: ALL_RULES },
  { name: `exactly ${EVIDENCE_MIN_WORDS} words is enough`, patch: { situation: words(EVIDENCE_MIN_WORDS - 4), task: '', action: 'I did it.', result: '5' }, present: [], absent: ['too-little-evidence'] },
  { name: `${EVIDENCE_MIN_WORDS - 1} words is too few`, patch: { situation: words(EVIDENCE_MIN_WORDS - 5), task: '', action: 'I did it.', result: '5' }, present: [{ rule: 'too-little-evidence' }], absent: [] },
  { name: 'all empty and rated', patch: { situation: '', task: '', action: '', result: '' }, present: [{ rule: 'no-result' }, { rule: 'too-little-evidence' }], absent: ['vague-label', 'protected', 'we-without-i'] },
];

const ALL_EMPTY: Evidence = { situation: '', task: '', action: '', result: '' };

describe('lintEvidence: rule table', () => {
  it('has enough rows, including negatives', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(40);
    expect(ROWS.filter((r) => r.present.length === 0).length).toBeGreaterThanOrEqual(20);
  });

  it('the base evidence is clean', () => {
    expect(lintEvidence(BASE, true)).toEqual([]);
    expect(evidenceWordCount(BASE)).toBeGreaterThanOrEqual(EVIDENCE_MIN_WORDS);
  });

  it.each(ROWS)('$name', ({ patch, rated, present, absent }) => {
    const evidence = ev(patch);
    const findings = lintEvidence(evidence, rated ?? true);
    for (const want of present) {
      const matching = findings.filter(
        (f) =>
          f.rule === want.rule &&
          (want.field === undefined || f.field === want.field) &&
          (want.text === undefined || spanText(evidence, f) === want.text),
      );
      expect(matching, `expected ${JSON.stringify(want)} in ${JSON.stringify(findings)}`).not.toHaveLength(0);
    }
    const rules = findings.map((f) => f.rule);
    for (const rule of absent) expect(rules, `did not expect ${rule}: ${JSON.stringify(findings)}`).not.toContain(rule);
  });
});

describe('lintEvidence: properties over every table row', () => {
  it.each(ROWS)('findings are well-formed and sorted for "$name"', ({ patch, rated }) => {
    const evidence = ev(patch);
    const findings = lintEvidence(evidence, rated ?? true);
    for (const f of findings) {
      expect(f.severity).toBe('warning');
      expect(f.message).toMatch(/^\S.*\.$/);
      expect(f.message).not.toContain('\n');
      if (f.field === 'all') {
        expect([f.start, f.end]).toEqual([0, 0]);
      } else {
        expect(f.start).toBeGreaterThanOrEqual(0);
        expect(f.end).toBeGreaterThanOrEqual(f.start);
        expect(f.end).toBeLessThanOrEqual(evidence[f.field].length);
      }
    }
    const order = ['situation', 'task', 'action', 'result', 'all'];
    const keys = findings.map((f) => [order.indexOf(f.field), f.start]);
    expect(keys).toEqual([...keys].sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0) || (a[1] ?? 0) - (b[1] ?? 0)));
    // Deterministic and pure.
    expect(lintEvidence(evidence, rated ?? true)).toEqual(findings);
  });
});

describe('lintEvidence: edge cases', () => {
  it('nothing written and not rated: no findings at all', () => {
    expect(lintEvidence(ALL_EMPTY, false)).toEqual([]);
  });

  it('only the spans with text are reported for a label (not the whole field)', () => {
    const evidence = ev({ situation: 'During the incident review she stayed calm. Good vibes.' });
    const [finding] = lintEvidence(evidence, true);
    expect(finding?.rule).toBe('vague-label');
    expect(spanText(evidence, finding)).toBe('Good vibes');
  });

  it('the word count names the number of words', () => {
    const evidence = { ...ALL_EMPTY, action: 'I fixed it.', result: 'It worked.' };
    const finding = lintEvidence(evidence, true).find((f) => f.rule === 'too-little-evidence');
    expect(finding?.message).toContain('Only 5 words');
    expect(evidenceWordCount({ ...ALL_EMPTY, action: "I don\u2019t know, it's 3.5x faster" })).toBe(7);
  });

  it('EVIDENCE_MIN_WORDS is about forty', () => {
    expect(EVIDENCE_MIN_WORDS).toBe(40);
    expect(EVIDENCE_FIELDS).toEqual(['situation', 'task', 'action', 'result']);
  });

  // Its speed is measured in bench/linters.ts (npm run bench), never asserted here.
  it('lints a 26,000-character field, flagging "we" once at its first use', () => {
    const long = { ...ALL_EMPTY, action: 'We worked on it, and then we kept going, and nobody seemed old. '.repeat(400) };
    expect(lintEvidence(long, true).map((f) => [f.rule, f.field, f.start, f.end])).toEqual([
      ['we-without-i', 'action', 0, 2],
      ['no-result', 'result', 0, 0],
    ]);
  });
});

function spanText(evidence: Evidence, f: EvidenceFinding | undefined): string | undefined {
  if (f === undefined) return undefined;
  return f.field === 'all' ? '' : evidence[f.field].slice(f.start, f.end);
}
