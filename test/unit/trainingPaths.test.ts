import { describe, expect, it } from 'vitest';
import {
  barRaiserSignOff,
  barRaiserStage,
  certificationGap,
  DEFAULT_TRAINING_SETTINGS,
  interviewerStage,
  maySupervise,
  plannerTrainingStage,
  type BarRaiserStage,
  type PlannerTrainingStage,
  type InterviewerStage,
  type TrainingCounts,
  type TrainingSettings,
} from '../../core/rules/training/paths';
import type { Capability } from '../../core/rules/planTypes';

const NONE: TrainingCounts = { interviews: 0, shadows: 0, interviewsShadowed: 0, barRaiserShadows: 0, reverseShadows: 0 };
const S: TrainingSettings = { interviewerShadows: 2, interviewerReverseShadows: 2, barRaiserInterviews: 5, barRaiserShadows: 3, barRaiserReverseShadows: 2 };

describe('interviewerStage', () => {
  const cases: { name: string; caps?: Capability[]; counts?: Partial<TrainingCounts>; settings?: Partial<TrainingSettings>; stage: InterviewerStage; needs: string[] }[] = [
    { name: 'a newcomer shadows first', stage: 'shadowing', needs: ['2 more loops to shadow', '2 more interviews to lead with a trained interviewer shadowing'] },
    { name: 'one shadow to go', counts: { shadows: 1 }, stage: 'shadowing', needs: ['1 more loop to shadow', '2 more interviews to lead with a trained interviewer shadowing'] },
    { name: 'shadows done: reverse shadows next', counts: { shadows: 2 }, stage: 'reverse_shadowing', needs: ['2 more interviews to lead with a trained interviewer shadowing'] },
    { name: 'reverse shadows without enough shadows still shadow first', counts: { shadows: 1, interviewsShadowed: 5 }, stage: 'shadowing', needs: ['1 more loop to shadow'] },
    { name: 'interviews nobody trained shadowed do not count', counts: { shadows: 2, interviews: 9, interviewsShadowed: 1 }, stage: 'reverse_shadowing', needs: ['1 more interview to lead with a trained interviewer shadowing'] },
    { name: 'every count met: ready', counts: { shadows: 3, interviewsShadowed: 2 }, stage: 'ready', needs: ['certification by a trained interviewer or bar raiser'] },
    { name: 'zero in the settings skips a step', counts: { shadows: 0 }, settings: { interviewerShadows: 0, interviewerReverseShadows: 0 }, stage: 'ready', needs: ['certification by a trained interviewer or bar raiser'] },
    { name: 'the interviewer capability means trained', caps: ['interviewer'], stage: 'trained', needs: [] },
    { name: 'a bar raiser is a trained interviewer', caps: ['bar_raiser'], stage: 'trained', needs: [] },
    { name: 'a founder without the capability still trains', caps: ['founder'], stage: 'shadowing', needs: ['2 more loops to shadow', '2 more interviews to lead with a trained interviewer shadowing'] },
  ];
  it.each(cases)('$name', ({ caps = [], counts = {}, settings = {}, stage, needs }) => {
    const p = interviewerStage(caps, { ...NONE, ...counts }, { ...S, ...settings });
    expect(p.stage).toBe(stage);
    expect(p.needs).toEqual(needs);
    expect(p.readyToCertify).toBe(stage === 'ready');
    expect(p.path).toBe('interviewer');
  });

  it('shows each step with what is had and needed', () => {
    expect(interviewerStage([], { ...NONE, shadows: 1, interviewsShadowed: 3 }, S).steps).toEqual([
      { id: 'shadows', label: 'Loops shadowed', have: 1, need: 2, done: false },
      { id: 'interviewsShadowed', label: 'Interviews led with a trained interviewer shadowing', have: 3, need: 2, done: true },
    ]);
  });
});

describe('plannerTrainingStage: what "Suggest a plan" may offer, from the same path and settings', () => {
  const cases: { name: string; caps?: Capability[]; active?: boolean; counts?: { shadows?: number; interviewsShadowed?: number }; settings?: Partial<TrainingSettings>; place: PlannerTrainingStage | null }[] = [
    { name: 'a newcomer shadows', place: 'shadow' },
    { name: 'one shadow short of the setting still shadows', counts: { shadows: 1 }, place: 'shadow' },
    { name: 'shadows met: leads under supervision', counts: { shadows: 2 }, place: 'reverse_shadow' },
    { name: 'a larger setting keeps them shadowing', counts: { shadows: 2 }, settings: { interviewerShadows: 4 }, place: 'shadow' },
    { name: 'no shadows required: leads at once', settings: { interviewerShadows: 0 }, place: 'reverse_shadow' },
    { name: 'every count met but not certified: still supervised', counts: { shadows: 2, interviewsShadowed: 2 }, place: 'reverse_shadow' },
    { name: 'a trained interviewer is not offered', caps: ['interviewer'], place: null },
    { name: 'a bar raiser in training is a trained interviewer', caps: ['interviewer', 'bar_raiser_in_training'], place: null },
    { name: 'a bar raiser is not offered', caps: ['bar_raiser'], place: null },
    { name: 'someone who has left is not offered', active: false, place: null },
  ];
  it.each(cases)('$name', ({ caps = [], active = true, counts = {}, settings = {}, place }) => {
    expect(plannerTrainingStage({ active, capabilities: caps }, { shadows: 0, interviewsShadowed: 0, ...counts }, { ...S, ...settings })).toBe(place);
  });

  it.each([
    ['a trained interviewer', ['interviewer'], true, true],
    ['a bar raiser', ['bar_raiser'], true, true],
    ['someone in training', [], true, false],
    ['a founder without interviewer training', ['founder'], true, false],
    ['a trained interviewer who has left', ['interviewer'], false, false],
  ] as [string, Capability[], boolean, boolean][])('maySupervise: %s → %s', (_, caps, active, may) => {
    expect(maySupervise({ active, capabilities: caps })).toBe(may);
  });
});

describe('barRaiserStage', () => {
  const trainee: Capability[] = ['interviewer', 'bar_raiser_in_training'];
  const met: Partial<TrainingCounts> = { interviews: 5, barRaiserShadows: 3, reverseShadows: 2 };
  const cases: {
    name: string;
    caps: Capability[];
    counts?: Partial<TrainingCounts>;
    signOff?: { byBarRaiser: boolean; byFounder: boolean };
    stage: BarRaiserStage;
    needs: string[];
  }[] = [
    {
      name: 'not a trained interviewer yet',
      caps: [],
      stage: 'needs_interviewer',
      needs: [
        'to be certified as an interviewer first',
        '5 more interviews',
        'a founder or admin to make them a bar raiser in training',
        '3 more loops to shadow with a certified bar raiser',
        '2 more loops to raise the bar on with a certified bar raiser shadowing',
        'sign-off by a certified bar raiser',
        'sign-off by a founder',
      ],
    },
    { name: 'trained, too few interviews', caps: ['interviewer'], counts: { interviews: 4 }, stage: 'interviewing', needs: ['1 more interview', 'a founder or admin to make them a bar raiser in training', '3 more loops to shadow with a certified bar raiser', '2 more loops to raise the bar on with a certified bar raiser shadowing', 'sign-off by a certified bar raiser', 'sign-off by a founder'] },
    { name: 'enough interviews: eligible until made a trainee', caps: ['interviewer'], counts: { interviews: 5 }, stage: 'eligible', needs: ['a founder or admin to make them a bar raiser in training', '3 more loops to shadow with a certified bar raiser', '2 more loops to raise the bar on with a certified bar raiser shadowing', 'sign-off by a certified bar raiser', 'sign-off by a founder'] },
    { name: 'in training: shadows certified bar raisers', caps: trainee, counts: { interviews: 5, barRaiserShadows: 2, shadows: 9 }, stage: 'shadowing', needs: ['1 more loop to shadow with a certified bar raiser', '2 more loops to raise the bar on with a certified bar raiser shadowing', 'sign-off by a certified bar raiser', 'sign-off by a founder'] },
    { name: 'shadows done: leads with a certified bar raiser shadowing', caps: trainee, counts: { interviews: 5, barRaiserShadows: 3, reverseShadows: 1 }, stage: 'reverse_shadowing', needs: ['1 more loop to raise the bar on with a certified bar raiser shadowing', 'sign-off by a certified bar raiser', 'sign-off by a founder'] },
    { name: 'every count met: ready, both sign-offs missing', caps: trainee, counts: met, stage: 'ready', needs: ['sign-off by a certified bar raiser', 'sign-off by a founder'] },
    { name: 'ready, the founder has signed', caps: trainee, counts: met, signOff: { byBarRaiser: false, byFounder: true }, stage: 'ready', needs: ['sign-off by a certified bar raiser'] },
    { name: 'ready, the bar raiser has signed', caps: trainee, counts: met, signOff: { byBarRaiser: true, byFounder: false }, stage: 'ready', needs: ['sign-off by a founder'] },
    { name: 'a trainee who is not a trained interviewer starts there', caps: ['bar_raiser_in_training'], counts: met, stage: 'needs_interviewer', needs: ['to be certified as an interviewer first', 'sign-off by a certified bar raiser', 'sign-off by a founder'] },
    { name: 'the bar_raiser capability means certified', caps: ['bar_raiser'], stage: 'certified', needs: [] },
  ];
  it.each(cases)('$name', ({ caps, counts = {}, signOff, stage, needs }) => {
    const p = barRaiserStage(caps, { ...NONE, ...counts }, S, signOff);
    expect(p.stage).toBe(stage);
    expect(p.needs).toEqual(needs);
    expect(p.readyToCertify).toBe(stage === 'ready');
  });
});

describe('certificationGap', () => {
  const cases: { name: string; gap: string | null; progress: () => ReturnType<typeof interviewerStage> | ReturnType<typeof barRaiserStage> }[] = [
    { name: 'interviewer ready', gap: null, progress: () => interviewerStage([], { ...NONE, shadows: 2, interviewsShadowed: 2 }, S) },
    { name: 'interviewer short of reverse shadows', gap: 'still needs 1 more interview to lead with a trained interviewer shadowing', progress: () => interviewerStage([], { ...NONE, shadows: 2, interviewsShadowed: 1 }, S) },
    { name: 'already trained', gap: 'is already a trained interviewer', progress: () => interviewerStage(['interviewer'], NONE, S) },
    { name: 'bar raiser ready (sign-offs are what certifying records)', gap: null, progress: () => barRaiserStage(['interviewer', 'bar_raiser_in_training'], { ...NONE, interviews: 5, barRaiserShadows: 3, reverseShadows: 2 }, S) },
    { name: 'bar raiser not in training', gap: 'still needs a founder or admin to make them a bar raiser in training; 3 more loops to shadow with a certified bar raiser; 2 more loops to raise the bar on with a certified bar raiser shadowing', progress: () => barRaiserStage(['interviewer'], { ...NONE, interviews: 5 }, S) },
    { name: 'already certified', gap: 'is already a certified bar raiser', progress: () => barRaiserStage(['bar_raiser'], NONE, S) },
  ];
  it.each(cases)('$name', ({ gap, progress }) => expect(certificationGap(progress())).toBe(gap));

  it('defaults ask for a few real loops at each step', () => {
    expect(Object.values(DEFAULT_TRAINING_SETTINGS).every((n) => n >= 2)).toBe(true);
  });
});

describe('barRaiserSignOff', () => {
  const br = (actorId: string) => ({ actorId, asBarRaiser: true, asFounder: false });
  const founder = (actorId: string) => ({ actorId, asBarRaiser: false, asFounder: true });
  const both = (actorId: string) => ({ actorId, asBarRaiser: true, asFounder: true });
  const cases = [
    { name: 'nobody yet', signers: [], out: { byBarRaiser: false, byFounder: false, complete: false } },
    { name: 'a bar raiser first', signers: [br('a')], out: { byBarRaiser: true, byFounder: false, complete: false } },
    { name: 'a founder first', signers: [founder('f')], out: { byBarRaiser: false, byFounder: true, complete: false } },
    { name: 'bar raiser then founder', signers: [br('a'), founder('f')], out: { byBarRaiser: true, byFounder: true, complete: true } },
    { name: 'founder then bar raiser', signers: [founder('f'), br('a')], out: { byBarRaiser: true, byFounder: true, complete: true } },
    { name: 'one founder who is a bar raiser is not two people', signers: [both('x')], out: { byBarRaiser: true, byFounder: false, complete: false } },
    { name: 'a founder-bar-raiser and a plain bar raiser', signers: [both('x'), br('a')], out: { byBarRaiser: true, byFounder: true, complete: true } },
    { name: 'two bar raisers, no founder', signers: [br('a'), br('b')], out: { byBarRaiser: true, byFounder: false, complete: false } },
    { name: 'two founders, no bar raiser', signers: [founder('f'), founder('g')], out: { byBarRaiser: false, byFounder: true, complete: false } },
  ];
  it.each(cases)('$name', ({ signers, out }) => expect(barRaiserSignOff(signers)).toEqual(out));
});
