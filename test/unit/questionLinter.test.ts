import { describe, expect, it } from 'vitest';
import {
  QUESTION_LENGTH_LIMIT,
  QUESTION_RULES,
  lintQuestion,
  worstSeverity,
  type LintFinding,
  type QuestionRuleId,
} from '../../core/rules/questionLinter';

const ALL_RULES: readonly QuestionRuleId[] = QUESTION_RULES.map((r) => r.id);
/** Rules that should offer a rewritten question (unless a protected topic is present). */
const SUGGESTING_RULES: readonly QuestionRuleId[] = ['hypothetical', 'closed', 'leading', 'double', 'vague'];

const rulesOf = (text: string): QuestionRuleId[] => [...new Set(lintQuestion(text).map((f) => f.rule))];

type Row = [text: string, present: readonly QuestionRuleId[], absent: readonly QuestionRuleId[]];

const POSITIVES: Row[] = [
  // hypothetical
  ['What would you do if a customer was angry?', ['hypothetical'], ['closed', 'double', 'protected']],
  ['How would you handle a difficult stakeholder?', ['hypothetical'], ['closed', 'double']],
  ['Imagine you are leading a team that misses a deadline. What would you do?', ['hypothetical'], ['double']],
  ['Suppose your manager asked you to cut corners. How would you respond?', ['hypothetical'], ['double']],
  ['If you were the CEO, what would you change first?', ['hypothetical'], ['double']],
  ['What would you do differently next time?', ['hypothetical'], ['closed']],
  ["Let's say a release breaks production on Friday evening. What do you do?", ['hypothetical'], []],
  ['Hypothetically, how should a team handle a missed deadline?', ['hypothetical'], []],
  ['Would you lie to a customer to close a deal?', ['hypothetical', 'closed'], []],
  ['What if your best engineer wanted to quit?', ['hypothetical'], ['closed']],
  ['WHAT WOULD YOU DO IF A CUSTOMER WAS ANGRY?', ['hypothetical'], []],
  ['Tell me about a project that failed. What would you do if the client sued?', ['hypothetical'], []],
  ['When would you escalate an incident to your manager?', ['hypothetical'], ['closed']],
  // hypothetical, asked without "what would you do" (issue 9)
  ['How would you handle a teammate who keeps missing deadlines?', ['hypothetical'], ['closed', 'double', 'protected']],
  ['Imagine you joined and the build was broken \u2014 how would you go about it?', ['hypothetical'], ['double']],
  ['Suppose a customer threatens to churn.', ['hypothetical'], []],
  ['If you were the manager, how might you deal with a low performer?', ['hypothetical'], ['double']],
  ["What's your approach if a stakeholder rejects your design?", ['hypothetical'], ['closed']],
  ["What's your approach when a project is behind schedule?", ['hypothetical'], []],
  ['What would your approach be to a missed deadline?', ['hypothetical'], []],
  ["Walk me through how you'd handle a production outage.", ['hypothetical'], ['closed']],
  ['Walk me through how you would handle a security incident.', ['hypothetical'], []],
  ["Talk me through how you'd approach a migration.", ['hypothetical'], []],
  ['Tell me how you would onboard a new hire.', ['hypothetical'], []],
  ['What could you do when a teammate disagrees with you?', ['hypothetical'], []],
  ['What might you do when the build breaks?', ['hypothetical'], []],
  ['How might you approach a conflict between two engineers?', ['hypothetical'], []],
  ['How might one handle an angry customer?', ['hypothetical'], []],
  ["How'd you tackle a legacy codebase with no tests?", ['hypothetical'], []],
  ["How'd you deal with a difficult stakeholder?", ['hypothetical'], []],
  ["What'll you do if the build breaks?", ['hypothetical'], []],
  ["Where'd you start with a legacy codebase?", ['hypothetical'], []],
  ['How are you going to handle an angry customer?', ['hypothetical'], []],
  ['How will you prioritise competing requests from two managers?', ['hypothetical'], []],
  ['How would you go about onboarding a new hire?', ['hypothetical'], []],
  ['How would you navigate a reorganisation?', ['hypothetical'], []],
  ['What steps would you take to fix a flaky test suite?', ['hypothetical'], []],
  ['Which tools might you use to debug a memory leak?', ['hypothetical'], []],
  ["What's the first thing you'd do as our new manager?", ['hypothetical'], []],
  ["What do you think you'd do if your manager disagreed?", ['hypothetical'], []],
  ['How do you think you would approach a failing project?', ['hypothetical'], []],
  ['What do you think would happen if you skipped code review?', ['hypothetical'], []],
  ['What would you say to a teammate who missed a deadline?', ['hypothetical'], []],
  ['Pretend you are the CTO. What is your first move?', ['hypothetical'], []],
  ["Let's pretend you are the manager. What do you do?", ['hypothetical'], []],
  ['Say that a deploy fails at midnight. How do you respond?', ['hypothetical'], []],
  ['Picture yourself as the team lead on launch day.', ['hypothetical'], []],
  ["You're the lead and the release slips. What do you do?", ['hypothetical'], []],
  ["You've just joined a team whose build is broken. Where do you start?", ['hypothetical'], []],
  ['In a situation where your manager is wrong, how do you respond?', ['hypothetical'], []],
  ['Given a team that keeps missing deadlines, how would you turn it around?', ['hypothetical'], []],
  ['If a customer complained on social media, what do you do?', ['hypothetical'], []],
  ['What do you do if a deploy fails at midnight?', ['hypothetical'], []],
  // closed
  ['Have you ever missed a deadline?', ['closed'], ['hypothetical', 'double']],
  ['Do you work well under pressure?', ['closed'], ['hypothetical']],
  ['Did you enjoy your last job?', ['closed'], []],
  ['Is there a time you disagreed with your manager?', ['closed'], []],
  ['Are you comfortable with ambiguity?', ['closed'], []],
  ['Can you code in Python?', ['closed'], []],
  ['Would you describe yourself as a team player?', ['closed', 'vague'], ['hypothetical']],
  ['Tell me about a time you led a project. Did it succeed?', ['closed'], ['double']],
  ['Has your team ever shipped late?', ['closed'], []],
  ['So, have you ever managed a team?', ['closed'], []],
  ['Could you have done anything differently?', ['closed'], []],
  ['Do you have experience with incident management?', ['closed'], []],
  ['have you ever disagreed with a product decision', ['closed'], []],
  // leading
  ["You'd agree that testing matters, right?", ['leading'], ['closed']],
  ["Don't you think code reviews are essential?", ['leading'], []],
  ["Wouldn't you agree that documentation is important?", ['leading'], []],
  ["Isn't it true that deadlines slip because of poor planning?", ['leading'], []],
  ['Surely you tested the release before shipping it?', ['leading'], ['closed']],
  ["Obviously you escalated the issue, didn't you?", ['leading'], []],
  ['You delivered on time, correct?', ['leading'], []],
  ['Tell me about your last launch; of course you planned the rollback first?', ['leading'], []],
  // double
  [
    'Tell me about a time your team missed a deadline: what did you do, and what would you change about your team?',
    ['double'],
    ['hypothetical'],
  ],
  ['Why do you want this job? What are your biggest strengths?', ['double'], []],
  ['What is your biggest weakness and how do you manage your time?', ['double'], []],
  ['Tell me about a time you failed. Why do you want to work here?', ['double'], []],
  ['How did you get into engineering, and what do you know about our product?', ['double'], []],
  ['What did you do, what do you think about remote work?', ['double'], []],
  // protected
  ['How old are your children?', ['protected'], ['closed']],
  ['When did you graduate from high school?', ['protected'], ['closed']],
  ['What year were you born?', ['protected'], []],
  ['Are you married?', ['protected'], []],
  ['Do you plan to start a family soon?', ['protected'], []],
  ['Are you pregnant or planning to be?', ['protected'], []],
  ['What religion do you practise?', ['protected'], []],
  ['Where are you originally from?', ['protected'], []],
  ['Are you a US citizen?', ['protected'], []],
  ['Is English your first language?', ['protected'], []],
  ['Do you have any disabilities we should know about?', ['protected'], []],
  ['How many sick days did you take last year?', ['protected'], []],
  ['What is your sexual orientation?', ['protected'], []],
  ['As a woman, how do you handle conflict with male colleagues?', ['protected'], ['double']],
  ['What is your ethnicity?', ['protected'], []],
  ['Who looks after your kids while you work?', ['protected'], []],
  ['Tell me about a time your health affected your work.', ['protected'], []],
  // protected, asked indirectly through everyday life (issue 9)
  ['Do you go to church on Sundays?', ['protected'], []],
  ['Do you attend a mosque?', ['protected'], []],
  ['Where do you worship?', ['protected'], []],
  ['Do you pray during the work day?', ['protected'], []],
  ['Will you be fasting during Ramadan?', ['protected'], []],
  ['Do you observe the Sabbath?', ['protected'], []],
  ['Which holidays do you celebrate?', ['protected'], []],
  ['Will you need time off for religious holidays?', ['protected'], []],
  ['Do you keep kosher?', ['protected'], []],
  ['Are you religious?', ['protected'], []],
  ['Does your faith stop you working weekends?', ['protected'], []],
  ['What are your childcare arrangements?', ['protected'], []],
  ['Do you plan to start a family?', ['protected'], []],
  ['Are you expecting?', ['protected'], []],
  ['What does your spouse do for a living?', ['protected'], []],
  ["What's your husband\u2019s job?", ['protected'], []],
  ['Do you live with anyone?', ['protected'], []],
  ['Who do you live with?', ['protected'], []],
  ['Are you caring for elderly parents?', ['protected'], []],
  ['Do you have maternity plans?', ['protected'], []],
  ['Are you planning to take paternity leave?', ['protected'], []],
  ['Will your family relocate with you?', ['protected'], []],
  ['How many kids do you have?', ['protected'], []],
  ['Do you have any dependents?', ['protected'], []],
  ['Are you a single parent?', ['protected'], []],
  ['Are you in a relationship?', ['protected'], []],
  ['Is there anything at home that would stop you travelling?', ['protected'], []],
  ['What year did you graduate high school?', ['protected'], []],
  ['When were you born?', ['protected'], []],
  ['How many years until you retire?', ['protected'], []],
  ['How much longer do you plan to work?', ['protected'], []],
  ['Are you a digital native?', ['protected'], []],
  ['How would you feel reporting to someone younger than you?', ['protected'], []],
  ['Where were your parents born?', ['protected'], []],
  ['Is that an accent I hear?', ['protected'], []],
  ['What is your native tongue?', ['protected'], []],
  ['What language do you speak at home?', ['protected'], []],
  ['How long have you been in this country?', ['protected'], []],
  ['Where did you grow up?', ['protected'], []],
  ['Are you on any medication?', ['protected'], []],
  ['Do you have any conditions we should know about?', ['protected'], []],
  ['Do you have a history of mental health issues?', ['protected'], []],
  ['Have you had any surgeries?', ['protected'], []],
  ['Do you have a boyfriend or girlfriend?', ['protected'], []],
  ['Were you born a man?', ['protected'], []],
  ['Is your partner a man or a woman?', ['protected'], []],
  ['What is your racial background?', ['protected'], []],
  ["What's your heritage?", ['protected'], []],
  // vague
  ['Are you a culture fit?', ['vague', 'closed'], []],
  ['How would you fit in with our team?', ['vague'], []],
  ['Describe yourself in three words.', ['vague'], []],
  ['What kind of person are you?', ['vague'], ['closed']],
  ['Are you a team player?', ['vague'], []],
  ['Tell me about your personality.', ['vague'], []],
  ['How would your friends describe you?', ['vague'], ['hypothetical']],
  ['Do you think you are a good cultural fit for us?', ['vague', 'closed'], []],
];

/** Negatives: behavioural questions and near-misses that must stay quiet. */
const NEGATIVES: Row[] = [
  ['Tell me about a time you had to imagine a product from scratch.', [], ALL_RULES],
  // Legal work authorisation is allowed, and is meant to be yes/no, so closed stays quiet too.
  ['Are you legally authorised to work in this country?', [], ALL_RULES],
  ['Do you require visa sponsorship to work here?', [], ALL_RULES],
  ['Tell me about a project that failed. What would you do differently?', [], ALL_RULES],
  ['Describe a time you would have done things differently.', [], ALL_RULES],
  ['Tell me about a time you were under pressure. Looking back, what would you change?', [], ALL_RULES],
  ['What did you learn from your last project, and what would you do differently?', [], ALL_RULES],
  ['Tell me about a time you worked with an older codebase.', [], ALL_RULES],
  ['Tell me about a time you had to deal with a family of services.', [], ALL_RULES],
  ['Tell me about a time you mentored a younger colleague.', [], ALL_RULES],
  ['Tell me about a time you disagreed with your manager. What did you do?', [], ALL_RULES],
  ['Walk me through how you handled the outage last quarter.', [], ALL_RULES],
  ['Walk me through how you handled...', [], ALL_RULES],
  ['Can you tell me about a time you missed a deadline?', [], ALL_RULES],
  ['Could you walk me through your last launch?', [], ALL_RULES],
  ['Would you describe a time you changed your mind?', [], ALL_RULES],
  ['Can we talk about a time you handled a tough trade-off?', [], ALL_RULES],
  ['Would you mind telling me about a time you pushed back on a deadline?', [], ALL_RULES],
  ['What did you do and what was the result?', [], ALL_RULES],
  ['Tell me about a time you failed and what you learned from it.', [], ALL_RULES],
  ['Give me an example of a time you improved a process. How did you measure the impact?', [], ALL_RULES],
  ['Tell me about a time you had a conflict with a colleague. How did you resolve the conflict?', [], ALL_RULES],
  ['What was the hardest decision you made last year? Why?', [], ALL_RULES],
  ['Tell me about a time you handled an angry customer. What happened next?', [], ALL_RULES],
  ['Tell me about a time you had to explain what to do and how to do it to a new hire.', [], ALL_RULES],
  ['What was your first programming language, and what did you build with it?', [], ALL_RULES],
  ['Tell me about a time the answer seemed obvious but was wrong.', [], ALL_RULES],
  ['Tell me about a time a bug was obviously broken in production but nobody acted.', [], ALL_RULES],
  ['Tell me about a time you had to communicate clearly under pressure.', [], ALL_RULES],
  ['Tell me about a time you had to correct a colleague, right after a release.', [], ALL_RULES],
  ['Tell me about a time you did the right thing when nobody was watching.', [], ALL_RULES],
  ['Tell me about a time you were in a race against the clock.', [], ALL_RULES],
  ['Tell me about a time you made a product accessible to users with disabilities.', [], ALL_RULES],
  ['Tell me about a time you addressed gender bias in a hiring process.', [], ALL_RULES],
  ['Tell me about a time you disagreed with your partner team.', [], ALL_RULES],
  ['Tell me about a time you covered for a colleague on maternity leave.', [], ALL_RULES],
  ['Tell me about a time you worked with a team across several countries.', [], ALL_RULES],
  ['Tell me about the last time you celebrated a team win.', [], ALL_RULES],
  ['Tell me about a time a new feature did not fit into the roadmap.', [], ALL_RULES],
  ['Tell me about a time you dealt with a difficult personality on your team.', [], ALL_RULES],
  ['Describe a situation where you had to push back on a senior leader.', [], ALL_RULES],
  ['Tell me about a time you had to decide if you could trust a vendor.', [], ALL_RULES],
  ['Have a think about a time you led a change, then walk me through it.', [], ALL_RULES],
  ['Would love to hear about a time you changed a team’s direction.', [], ALL_RULES],
  ['Describe a time when you had to learn a new technology quickly.', [], ALL_RULES],
  ['Tell me about the first time you led an incident review.', [], ALL_RULES],
  ['Tell me about a time you worked with sales and how you aligned on goals.', [], ALL_RULES],
  ['How did you decide what to cut when the scope grew?', [], ALL_RULES],
  ['Think of a time you had to give difficult feedback. How did the other person react?', [], ALL_RULES],
  // issue 9: past-tense behavioural questions stay clean next to the broader hypothetical rule
  ['Tell me about a time you handled a teammate who missed deadlines. How did you handle it?', [], ALL_RULES],
  ['How did you approach the migration?', [], ALL_RULES],
  ['Describe how you dealt with a difficult stakeholder.', [], ALL_RULES],
  ['How did you go about prioritising the backlog last quarter?', [], ALL_RULES],
  ['What was your approach when the project slipped?', [], ALL_RULES],
  ['Describe the approach you took on your last migration.', [], ALL_RULES],
  ['What did you do when a teammate kept missing deadlines?', [], ALL_RULES],
  ['Tell me about a time you had to decide how you would split the work.', [], ALL_RULES],
  ['How did you decide what you would cut?', [], ALL_RULES],
  ['What did you do when you realised you would miss the deadline?', [], ALL_RULES],
  ['Describe a time you had to work out what you would say to an upset customer.', [], ALL_RULES],
  ["Tell me about a time you led a migration. How'd you approach it?", [], ALL_RULES],
  ['Tell me about a time you navigated a reorganisation.', [], ALL_RULES],
  ['Tell me about a time you were the new person on a team.', [], ALL_RULES],
  ['What would you like to ask us?', [], ALL_RULES],
  ['How do you decide if a feature is ready to ship?', [], ALL_RULES],
  ['Say more about the trade-offs you made in your last project.', [], ALL_RULES],
  // issue 9: everyday words near protected topics, about work or about someone else
  ['Tell me about a time you worked around a religious holiday schedule for your team.', [], ALL_RULES],
  ['Can you work the schedule this role requires (on-call one week in six)?', [], ALL_RULES],
  ['Are you able to work weekends during launches, as this role requires?', [], ALL_RULES],
  ['Tell me about a time you helped build a family-like culture on your team.', [], ALL_RULES],
  ['Tell me about a time you supported a colleague who was caring for a sick parent.', [], ALL_RULES],
  ['Tell me about a time you covered for a colleague on parental leave.', [], ALL_RULES],
  ['Tell me about a time you had to learn a new language quickly.', [], ALL_RULES],
  ['Tell me about a time you retired a legacy service.', [], ALL_RULES],
  ['Tell me about a time you dealt with a family of microservices.', [], ALL_RULES],
  ['Tell me about a time you had to plan around a public holiday release freeze.', [], ALL_RULES],
  ["Tell me about a time you improved your team's on-call health.", [], ALL_RULES],
  ["Tell me about a time you handled a sensitive conversation about a colleague's health with care.", [], ALL_RULES],
  ["Tell me about a time you were born into a role you weren't ready for.", [], ALL_RULES],
  ['Tell me about a time you had to fast-track a release.', [], ALL_RULES],
  ['Tell me about a time you worked with a partner organisation.', [], ALL_RULES],
  ['Tell me about a time you had to relocate a service to a new region.', [], ALL_RULES],
  ['Tell me about a time you adapted your communication for a non-native English speaker on your team.', [], ALL_RULES],
  ['Tell me about a time you had to pray the deploy worked.', [], ALL_RULES],
  ['Tell me about a time you built an app for parents.', [], ALL_RULES],
  ['Tell me about a time you shipped a mass migration of user accounts.', [], ALL_RULES],
];

const ROWS: Row[] = [...POSITIVES, ...NEGATIVES];

describe('lintQuestion: rule table', () => {
  it('has enough rows, including negatives', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(60);
    expect(NEGATIVES.length).toBeGreaterThanOrEqual(20);
  });

  it.each(ROWS)('%j → present %j, absent %j', (text, present, absent) => {
    const rules = rulesOf(text);
    for (const rule of present) expect(rules, `expected ${rule}`).toContain(rule);
    for (const rule of absent) expect(rules, `did not expect ${rule}`).not.toContain(rule);
  });
});

describe('lintQuestion: properties over every table row', () => {
  it.each(ROWS)('spans, order, severity and messages are well-formed for %j', (text) => {
    const findings = lintQuestion(text);
    for (const f of findings) {
      expect(f.start).toBeGreaterThanOrEqual(0);
      expect(f.end).toBeGreaterThan(f.start);
      expect(f.end).toBeLessThanOrEqual(text.length);
      expect(f.severity).toBe(QUESTION_RULES.find((r) => r.id === f.rule)?.severity);
      expect(f.message).toMatch(/^\S.*\.$/);
      expect(f.message).not.toContain('\n');
    }
    const sorted = [...findings].sort((a, b) => a.start - b.start || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
    expect(findings.map((f) => [f.start, f.rule])).toEqual(sorted.map((f) => [f.start, f.rule]));
  });

  it.each(ROWS)('suggestions are offered and do not repeat the problem for %j', (text) => {
    const findings = lintQuestion(text);
    const hasProtected = findings.some((f) => f.rule === 'protected');
    for (const f of findings) {
      if (f.rule === 'protected' || f.rule === 'length' || hasProtected) {
        expect(f.suggestion).toBeUndefined();
        continue;
      }
      expect(SUGGESTING_RULES).toContain(f.rule);
      expect(f.suggestion, `${f.rule} should suggest`).toBeTypeOf('string');
      const suggestion = f.suggestion ?? '';
      expect(suggestion.trim()).not.toBe('');
      expect(suggestion).not.toBe(text);
      expect(rulesOf(suggestion), `suggestion "${suggestion}" still ${f.rule}`).not.toContain(f.rule);
    }
  });
});

describe('lintQuestion: spans point at the trigger words', () => {
  it.each<[string, QuestionRuleId, string]>([
    ['What would you do if a customer was angry?', 'hypothetical', 'What would you do'],
    ['Imagine the build is red on release day. What now?', 'hypothetical', 'Imagine'],
    ['Have you ever missed a deadline?', 'closed', 'Have you'],
    ['So, did you ever lead a team?', 'closed', 'did you'],
    ["You'd agree that testing matters, right?", 'leading', "You'd agree"],
    ["You'd agree that testing matters, right?", 'leading', 'right'],
    ['Surely you tested it first?', 'leading', 'Surely'],
    [
      'Tell me about a time your team missed a deadline: what did you do, and what would you change about your team?',
      'double',
      'what would you change about your team',
    ],
    ['Why do you want this job? What are your biggest strengths?', 'double', 'What are your biggest strengths'],
    ['How old are your children?', 'protected', 'How old'],
    ['How old are your children?', 'protected', 'your children'],
    ['When did you graduate from high school?', 'protected', 'When did you graduate'],
    ['Are you a culture fit?', 'vague', 'culture fit'],
    ['Are you a team player?', 'vague', 'team player'],
    ["Walk me through how you'd handle a production outage.", 'hypothetical', "how you'd"],
    ["What's your approach if a stakeholder rejects your design?", 'hypothetical', "What's your approach if"],
    ["How'd you tackle a legacy codebase with no tests?", 'hypothetical', "How'd you"],
    ['What steps would you take to fix a flaky test suite?', 'hypothetical', 'What steps would you'],
    ['Do you attend a mosque?', 'protected', 'attend a mosque'],
    ['Who looks after your kids?', 'protected', 'looks after your kids'],
    ['Will you be fasting during Ramadan?', 'protected', 'Ramadan'],
    ['Where were your parents born?', 'protected', 'Where were your parents born'],
  ])('%j: %s covers %j', (text, rule, phrase) => {
    const spans = lintQuestion(text)
      .filter((f) => f.rule === rule)
      .map((f) => text.slice(f.start, f.end));
    expect(spans).toContain(phrase);
  });
});

describe('lintQuestion: suggestions', () => {
  it.each<[string, QuestionRuleId, string]>([
    ['What would you do if a customer was angry?', 'hypothetical', 'Tell me about a time a customer was angry. What did you do?'],
    ['How would you handle a difficult stakeholder?', 'hypothetical', 'Tell me about a time you handled a difficult stakeholder. What did you do?'],
    [
      'What would you do differently next time?',
      'hypothetical',
      'Tell me about a time something you worked on did not go as planned. What would you do differently next time?',
    ],
    ['Have you ever missed a deadline?', 'closed', 'Tell me about the last time you missed a deadline.'],
    ['Did you ever lead a team?', 'closed', 'Tell me about a time you led a team.'],
    ['Is there a time you disagreed with your manager?', 'closed', 'Tell me about a time you disagreed with your manager.'],
    ['Tell me about a time you led a project. Did it succeed?', 'closed', 'Tell me about a time you led a project. What was the result?'],
    ["You'd agree that testing matters, right?", 'leading', 'Tell me about a time testing changed the outcome of your work.'],
    [
      'Tell me about a time your team missed a deadline: what did you do, and what would you change about your team?',
      'double',
      'Tell me about a time your team missed a deadline: what did you do?',
    ],
    ['Why do you want this job? What are your biggest strengths?', 'double', 'Why do you want this job?'],
    ['What is your biggest weakness and how do you manage your time?', 'double', 'What is your biggest weakness?'],
    [
      'How would you handle a teammate who keeps missing deadlines?',
      'hypothetical',
      'Tell me about a time you handled a teammate who kept missing deadlines. What did you do?',
    ],
    ["Walk me through how you'd handle a production outage.", 'hypothetical', 'Tell me about a time you handled a production outage. What did you do?'],
    ['How might one handle an angry customer?', 'hypothetical', 'Tell me about a time you handled an angry customer. What did you do?'],
    [
      "What's your approach if a stakeholder rejects your design?",
      'hypothetical',
      'Tell me about a time a stakeholder rejected your design. What did you do?',
    ],
    ['How would you go about onboarding a new hire?', 'hypothetical', 'Tell me about a time you were onboarding a new hire. What did you do?'],
    [
      "You're the lead and the release slips. What do you do?",
      'hypothetical',
      'Tell me about a time you were the lead and the release slipped. What did you do?',
    ],
    ['Picture yourself as the team lead on launch day.', 'hypothetical', 'Tell me about a time you were the team lead on launch day. What did you do?'],
    [
      'Are you a team player?',
      'vague',
      "Tell me about a time you put the team's goal ahead of your own. What did you do?",
    ],
  ])('%j → %s suggests %j', (text, rule, expected) => {
    const finding = lintQuestion(text).find((f) => f.rule === rule);
    expect(finding?.suggestion).toBe(expected);
  });

  it('keeps curly apostrophes from the original text in a rewrite', () => {
    const finding = lintQuestion('What would you do if a colleague’s change broke the build?').find((f) => f.rule === 'hypothetical');
    expect(finding?.suggestion).toBe('Tell me about a time a colleague’s change broke the build. What did you do?');
  });

  it('offers no rewrite at all when the question touches a protected characteristic', () => {
    const findings = lintQuestion('Are you married?');
    expect(findings.map((f) => f.rule).sort()).toEqual(['closed', 'protected']);
    expect(findings.every((f) => f.suggestion === undefined)).toBe(true);
  });
});

describe('lintQuestion: protected', () => {
  it.each(['How old are your children?', 'Are you pregnant?', 'What is your nationality?', 'What is your gender?'])(
    '%j is an error',
    (text) => {
      const findings = lintQuestion(text).filter((f) => f.rule === 'protected');
      expect(findings.length).toBeGreaterThan(0);
      expect(findings.every((f) => f.severity === 'error')).toBe(true);
      expect(findings[0]?.message).toMatch(/protected characteristic; remove it/);
    },
  );

  it('names the characteristic in the message', () => {
    const [finding] = lintQuestion('When did you graduate from high school?');
    expect(finding?.message).toContain('age');
  });

  it.each<[string, string]>([
    ['Do you pray during the work day?', 'religion'],
    ['Where were your parents born?', 'national origin'],
    ['Are you caring for elderly parents?', 'family or marital status'],
    ['How many years until you retire?', 'age'],
    ['Are you on any medication?', 'disability or health'],
    ['Were you born a man?', 'gender'],
  ])('%j names %j', (text, topic) => {
    const finding = lintQuestion(text).find((f) => f.rule === 'protected');
    expect(finding?.message).toContain(topic);
  });

  it('excuses an everyday mention only in a sentence about someone else', () => {
    expect(rulesOf('Tell me about a time you covered for a colleague on maternity leave.')).not.toContain('protected');
    expect(rulesOf('Will you take maternity leave?')).toContain('protected');
    // The excuse does not reach a possessive: "your" is always the candidate.
    expect(rulesOf('Tell me about a time your religious holidays clashed with your team\u2019s release.')).toContain('protected');
  });
});

describe('lintQuestion: curly and straight apostrophes behave the same', () => {
  it.each([
    ["You'd agree that testing matters, right?", 'You’d agree that testing matters, right?'],
    ["Don't you think pairing helps?", 'Don’t you think pairing helps?'],
    ["Let's say a deploy fails at midnight. What do you do?", 'Let’s say a deploy fails at midnight. What do you do?'],
    ["What's your age?", 'What’s your age?'],
    ["Walk me through how you'd handle a production outage.", 'Walk me through how you’d handle a production outage.'],
    ["How'd you tackle a legacy codebase?", 'How’d you tackle a legacy codebase?'],
    ["Isn't it true that estimates are always wrong?", 'Isn’t it true that estimates are always wrong?'],
    ["Tell me about a time you and a teammate's plans clashed. What did you do?", 'Tell me about a time you and a teammate’s plans clashed. What did you do?'],
  ])('%j ≡ %j', (straight, curly) => {
    const a = lintQuestion(straight).map((f) => [f.rule, f.start, f.end]);
    const b = lintQuestion(curly).map((f) => [f.rule, f.start, f.end]);
    expect(b).toEqual(a);
    for (const f of lintQuestion(curly)) expect(curly.slice(f.start, f.end).replace(/’/g, "'")).toBe(straight.slice(f.start, f.end));
  });

  it('highlights the original curly text', () => {
    const text = 'You’d agree that testing matters, right?';
    const spans = lintQuestion(text).map((f) => text.slice(f.start, f.end));
    expect(spans).toEqual(['You’d agree', 'right']);
  });
});

describe('lintQuestion: length', () => {
  const sentence = 'Tell me about a time you led a team through a hard change. ';
  const ofLength = (n: number): string => sentence.repeat(Math.ceil(n / sentence.length)).slice(0, n - 1) + '.';

  it('exposes the limit', () => {
    expect(QUESTION_LENGTH_LIMIT).toBe(300);
  });

  it('allows exactly 300 characters', () => {
    const text = ofLength(300);
    expect(text).toHaveLength(300);
    expect(rulesOf(text)).not.toContain('length');
  });

  it('flags 301 characters with a span over the last character', () => {
    const text = ofLength(301);
    const finding = lintQuestion(text).find((f) => f.rule === 'length');
    expect(finding).toMatchObject({ rule: 'length', severity: 'warning', start: 300, end: 301 });
    expect(finding?.suggestion).toBeUndefined();
  });

  it('spans everything past the limit', () => {
    const text = ofLength(420);
    const finding = lintQuestion(text).find((f) => f.rule === 'length');
    expect(finding && text.slice(finding.start, finding.end)).toBe(text.slice(300));
  });

  it('ignores trailing whitespace', () => {
    expect(rulesOf(`${ofLength(300)}      \n`)).not.toContain('length');
  });
});

describe('lintQuestion: edge cases', () => {
  it.each(['', ' ', '\n\t  ', '\u00A0'])('%j → no findings', (text) => {
    expect(lintQuestion(text)).toEqual([]);
  });

  it('is deterministic', () => {
    const text = "Don't you think you'd fit in here? How old are you, and what would you do if you got the job?";
    expect(lintQuestion(text)).toEqual(lintQuestion(text));
  });

  it('sorts by start, then rule id', () => {
    const findings = lintQuestion('Are you a culture fit, and how old are you?');
    const keys = findings.map((f) => `${String(f.start).padStart(4, '0')}:${f.rule}`);
    expect(keys).toEqual([...keys].sort());
    expect(findings.map((f) => f.rule)).toEqual(['closed', 'vague', 'double', 'protected']);
  });
});

describe('worstSeverity', () => {
  const finding = (severity: LintFinding['severity']): LintFinding => ({
    rule: 'closed',
    severity,
    message: 'x.',
    start: 0,
    end: 1,
  });

  it.each<[LintFinding['severity'][], LintFinding['severity'] | null]>([
    [[], null],
    [['info'], 'info'],
    [['info', 'warning'], 'warning'],
    [['warning', 'error', 'info'], 'error'],
    [['error', 'warning'], 'error'],
  ])('%j → %j', (severities, expected) => {
    expect(worstSeverity(severities.map(finding))).toBe(expected);
  });

  it('works on real findings', () => {
    expect(worstSeverity(lintQuestion('Tell me about a time you disagreed with your manager. What did you do?'))).toBeNull();
    expect(worstSeverity(lintQuestion('Have you ever missed a deadline?'))).toBe('warning');
    expect(worstSeverity(lintQuestion('Have you ever missed a deadline because of your kids?'))).toBe('error');
  });
});

describe('QUESTION_RULES', () => {
  it('lists every rule once with its severity', () => {
    expect(QUESTION_RULES.map((r) => r.id)).toEqual(['hypothetical', 'closed', 'leading', 'double', 'protected', 'vague', 'length']);
    expect(QUESTION_RULES.filter((r) => r.severity === 'error').map((r) => r.id)).toEqual(['protected']);
    for (const r of QUESTION_RULES) expect(r.title.length).toBeGreaterThan(0);
  });
});

// How fast these run is measured in bench/linters.ts (npm run bench), never asserted here.
describe('lintQuestion: long and pathological input', () => {
  const withinText = (text: string) => (f: LintFinding) => f.start >= 0 && f.start <= f.end && f.end <= text.length;

  it('a 300-character question full of problems gets each rule, with spans inside the text', () => {
    const text = (
      "Tell me about a time you disagreed with your manager, and what would you do if they didn't listen? " +
      "Don't you think you'd fit in here, right? How old are your children? Imagine a customer is angry. "
    )
      .repeat(2)
      .slice(0, 300);
    expect(text).toHaveLength(300);
    const findings = lintQuestion(text);
    expect(new Set(findings.map((f) => f.rule))).toEqual(new Set(['hypothetical', 'closed', 'leading', 'double', 'vague', 'protected']));
    expect(findings.every(withinText(text))).toBe(true);
    expect(lintQuestion(text)).toEqual(findings);
  });

  it.each([
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
  ])('finishes on %s, flagging the length, with spans inside the text', (_name, text) => {
    const findings = lintQuestion(text);
    expect(findings.map((f) => f.rule)).toContain('length');
    expect(findings.every(withinText(text))).toBe(true);
  });
});
