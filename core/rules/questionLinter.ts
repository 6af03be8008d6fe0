/**
 * Question linter: flags interview questions that undermine a structured,
 * behavioural interview (hypothetical, yes/no, leading, double-barrelled,
 * protected-characteristic, vague "culture fit" and over-long questions).
 *
 * Pure and dependency-free: it runs live in the renderer on every keystroke
 * and again in Node on save, so it must stay fast (one linear pass per
 * pattern, no nested unbounded quantifiers) and deterministic.
 *
 * Conventions used throughout:
 * - Matching runs on a copy of the text whose curly apostrophes are replaced
 *   by straight ones. Each replacement is one UTF-16 unit for one, so every
 *   index found in the copy is also an index into the original text.
 * - Word lists are regex fragments joined with `alt()`; they are grouped in
 *   named constants so the vocabulary can be reviewed without reading code.
 */

import { ALWAYS, FAITHS, MENTIONS, POSSESSED, TOPIC, protectedHits, topicPattern, type TopicPhrases } from './protectedTopics';
import { alt, dropOverlaps, spansOf, type Span } from './textSpans';

export type LintSeverity = 'info' | 'warning' | 'error';

export type QuestionRuleId = 'hypothetical' | 'closed' | 'leading' | 'double' | 'protected' | 'vague' | 'length';

export interface LintFinding {
  rule: QuestionRuleId;
  severity: LintSeverity;
  /** One plain sentence for the user: what is wrong and what to do. */
  message: string;
  /** Character span in the input text, [start, end). */
  start: number;
  end: number;
  /** A full rewritten question that replaces the whole text, where one can be offered. */
  suggestion?: string;
}

export const QUESTION_LENGTH_LIMIT = 300;

const RULE_SEVERITY: Readonly<Record<QuestionRuleId, LintSeverity>> = {
  hypothetical: 'warning',
  closed: 'warning',
  leading: 'warning',
  double: 'warning',
  protected: 'error',
  vague: 'warning',
  length: 'warning',
};

export const QUESTION_RULES: ReadonlyArray<{ id: QuestionRuleId; severity: LintSeverity; title: string }> = [
  { id: 'hypothetical', severity: RULE_SEVERITY.hypothetical, title: 'Hypothetical question' },
  { id: 'closed', severity: RULE_SEVERITY.closed, title: 'Yes/no question' },
  { id: 'leading', severity: RULE_SEVERITY.leading, title: 'Leading question' },
  { id: 'double', severity: RULE_SEVERITY.double, title: 'Two questions in one' },
  { id: 'protected', severity: RULE_SEVERITY.protected, title: 'Protected characteristic' },
  { id: 'vague', severity: RULE_SEVERITY.vague, title: 'Vague or personality label' },
  { id: 'length', severity: RULE_SEVERITY.length, title: 'Too long' },
];

const SEVERITY_RANK: Readonly<Record<LintSeverity, number>> = { info: 0, warning: 1, error: 2 };

// ---------------------------------------------------------------------------
// Public entry points
// ---------------------------------------------------------------------------

export function lintQuestion(text: string): LintFinding[] {
  if (text.trim() === '') return [];
  const ctx = createContext(text);

  // Any rewrite of a question about a protected characteristic would still
  // carry that characteristic; the only right fix is to remove it, so other
  // rules then offer no suggestion.
  const protectedFindings = detectProtected(ctx);
  const suggest = protectedFindings.length === 0;

  const findings = [
    ...detectHypothetical(ctx, suggest),
    ...detectClosed(ctx, suggest),
    ...detectLeading(ctx, suggest),
    ...detectDouble(ctx, suggest),
    ...protectedFindings,
    ...detectVague(ctx, suggest),
    ...detectLength(ctx),
  ].filter((f) => f.start >= 0 && f.end > f.start && f.end <= text.length);

  return findings.sort(compareFindings);
}

export function worstSeverity(findings: readonly LintFinding[]): LintSeverity | null {
  let worst: LintSeverity | null = null;
  for (const f of findings) {
    if (worst === null || SEVERITY_RANK[f.severity] > SEVERITY_RANK[worst]) worst = f.severity;
  }
  return worst;
}

function compareFindings(a: LintFinding, b: LintFinding): number {
  if (a.start !== b.start) return a.start - b.start;
  if (a.rule !== b.rule) return a.rule < b.rule ? -1 : 1;
  if (a.end !== b.end) return a.end - b.end;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}

// ---------------------------------------------------------------------------
// Text model: normalised copy, sentences ("segments") and shared helpers
// ---------------------------------------------------------------------------


interface Segment {
  /** First non-space character. */
  start: number;
  /** Just past the terminator (or the last non-space character). */
  end: number;
  /** End of the words, before the terminator and closing quotes. */
  contentEnd: number;
  /** After leading quotes and discourse markers ("So,", "And"). */
  bodyStart: number;
  terminator: '?' | '.' | '!' | '';
}

interface Context {
  readonly original: string;
  /** Same length as `original`, curly apostrophes made straight. */
  readonly text: string;
  readonly segments: readonly Segment[];
  /** The text already asks about a real past event ("Tell me about a time…"). */
  readonly anchored: boolean;
}

const CURLY_APOSTROPHES = /[\u2018\u2019\u02BC\u2032`]/g;
const TERMINATOR_CHARS = '.?!\u2026';
const CLOSING_CHARS = '"\')]\u201D';

/** Spoken openers that do not change what kind of question follows. */
const DISCOURSE_MARKERS = ['so', 'and', 'also', 'okay', 'ok', 'now', 'well', 'but', 'then', 'finally', 'lastly', 'next', 'first', 'secondly', 'great', 'right'];
const LEADING_NOISE = new RegExp(`^[\\s"'(\\[\u201C]*(?:(?:${alt(DISCOURSE_MARKERS)})\\b[,:]?\\s+){0,3}`, 'i');

/** Phrases that tie the question to something that really happened. */
const BEHAVIOURAL_ANCHORS = [
  'tell (?:me|us) about',
  'tell (?:me|us) (?:a|the) (?:time|story)',
  'describe (?:a|an|the|how|what|when)',
  '(?:walk|talk|take|run) (?:me|us) through',
  '(?:give|share|provide)(?: (?:me|us))? (?:an?|one|your|the) (?:example|instance|story)',
  '(?:a|the|one|another) (?:time|occasion|situation|moment|project|case|decision) (?:when|where|that|in which|you)',
  'the last time',
  '(?:recall|remember|think of|think back to) (?:a|an|the)',
  '(?:what|how|why|when) did you',
];
const BEHAVIOURAL_ANCHOR = new RegExp(`\\b(?:${alt(BEHAVIOURAL_ANCHORS)})\\b`, 'i');

function createContext(original: string): Context {
  const text = original.replace(CURLY_APOSTROPHES, "'");
  return {
    original,
    text,
    segments: splitSegments(text),
    anchored: BEHAVIOURAL_ANCHOR.test(text),
  };
}

/**
 * Splits text into sentences. A terminator only ends a sentence when it is
 * followed by whitespace or the end, so "3.5" or "e.g.x" stay whole. Linear:
 * each character is visited once.
 */
function splitSegments(text: string): Segment[] {
  const segments: Segment[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && isSpace(text.charAt(i))) i++;
    if (i >= n) break;
    const start = i;
    let end = -1;
    let contentEnd = -1;
    let terminator: Segment['terminator'] = '';
    while (i < n) {
      if (!TERMINATOR_CHARS.includes(text.charAt(i))) {
        i++;
        continue;
      }
      const runStart = i;
      while (i < n && TERMINATOR_CHARS.includes(text.charAt(i))) i++;
      const run = text.slice(runStart, i);
      while (i < n && CLOSING_CHARS.includes(text.charAt(i))) i++;
      if (i >= n || isSpace(text.charAt(i))) {
        end = i;
        contentEnd = runStart;
        terminator = run.includes('?') ? '?' : run.includes('!') ? '!' : '.';
        break;
      }
    }
    if (end < 0) {
      end = n;
      while (end > start && isSpace(text.charAt(end - 1))) end--;
      contentEnd = end;
    }
    const lead = LEADING_NOISE.exec(text.slice(start, contentEnd));
    const bodyStart = Math.min(start + (lead?.[0].length ?? 0), contentEnd);
    segments.push({ start, end, contentEnd, bodyStart, terminator });
  }
  return segments;
}

function isSpace(c: string): boolean {
  return c === ' ' || c === '\n' || c === '\t' || c === '\r' || c === '\u00A0';
}

/** Case-insensitive pattern for whole words; global (for `matchAll`) unless `test` is wanted. */
function words(fragments: readonly string[], use: 'matchAll' | 'test' = 'matchAll'): RegExp {
  return new RegExp(`\\b(?:${alt(fragments)})\\b`, use === 'matchAll' ? 'gi' : 'i');
}



function body(ctx: Context, seg: Segment): string {
  return ctx.text.slice(seg.bodyStart, seg.contentEnd);
}

function segmentOf(ctx: Context, index: number): Segment | undefined {
  return ctx.segments.find((s) => index >= s.start && index < s.end);
}

/** A sentence that is asked: ends with "?" or has no terminator at all. */
function isAskedAsQuestion(seg: Segment): boolean {
  return seg.terminator === '?' || seg.terminator === '';
}

function makeFinding(rule: QuestionRuleId, span: Span, message: string, suggestion?: string): LintFinding {
  const f: LintFinding = { rule, severity: RULE_SEVERITY[rule], message, start: span.start, end: span.end };
  if (suggestion !== undefined && suggestion !== '') f.suggestion = suggestion;
  return f;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Lower-cases the first letter unless the word looks like "I" or an acronym. */
function decapitalise(s: string): string {
  if (/^(?:I\b|[A-Z]{2})/.test(s)) return s;
  return s.charAt(0).toLowerCase() + s.slice(1);
}

const CLAUSE_EDGE_CHARS = ' ,;:.?!\u2026\u2013\u2014-';

/** Collapses whitespace and strips edge punctuation so the clause can be embedded. */
function cleanClause(s: string): string {
  return trimChars(s.replace(/\s+/g, ' '), CLAUSE_EDGE_CHARS);
}

/**
 * Strips the given characters from both ends. A loop rather than `/[…]+$/`,
 * which backtracks quadratically on a long run of those characters.
 */
function trimChars(s: string, chars: string, ends: 'both' | 'end' = 'both'): string {
  let start = 0;
  let end = s.length;
  while (ends === 'both' && start < end && chars.includes(s.charAt(start))) start++;
  while (end > start && chars.includes(s.charAt(end - 1))) end--;
  return s.slice(start, end);
}

// ---------------------------------------------------------------------------
// Verb helpers for suggestions ("handle" → "handled", "is" → "was")
// ---------------------------------------------------------------------------

const IRREGULAR_PAST = new Map(
  Object.entries({
    be: 'were', become: 'became', begin: 'began', break: 'broke', bring: 'brought', build: 'built', buy: 'bought',
    catch: 'caught', choose: 'chose', come: 'came', cut: 'cut', deal: 'dealt', do: 'did', draw: 'drew', drive: 'drove',
    fall: 'fell', feel: 'felt', fight: 'fought', find: 'found', forget: 'forgot', forgive: 'forgave', get: 'got',
    give: 'gave', go: 'went', grow: 'grew', have: 'had', hear: 'heard', hide: 'hid', hit: 'hit', hold: 'held',
    keep: 'kept', know: 'knew', lead: 'led', leave: 'left', let: 'let', lose: 'lost', make: 'made', mean: 'meant',
    meet: 'met', overcome: 'overcame', oversee: 'oversaw', pay: 'paid', put: 'put', quit: 'quit', read: 'read',
    rebuild: 'rebuilt', rethink: 'rethought', rewrite: 'rewrote', run: 'ran', say: 'said', see: 'saw', sell: 'sold',
    send: 'sent', set: 'set', sit: 'sat', speak: 'spoke', spend: 'spent', stand: 'stood', take: 'took', teach: 'taught',
    tell: 'told', think: 'thought', throw: 'threw', understand: 'understood', undertake: 'undertook', win: 'won',
    write: 'wrote',
  }),
);

/** Past participles whose simple past differs ("Have you ever been…" → "you were…"). */
const PARTICIPLE_TO_PAST = new Map(
  Object.entries({
    been: 'were', done: 'did', gone: 'went', taken: 'took', given: 'gave', written: 'wrote', seen: 'saw',
    chosen: 'chose', spoken: 'spoke', broken: 'broke', forgotten: 'forgot', driven: 'drove', grown: 'grew',
    known: 'knew', shown: 'showed', begun: 'began', fallen: 'fell', hidden: 'hid', gotten: 'got', thrown: 'threw',
    overseen: 'oversaw', undertaken: 'undertook', rewritten: 'rewrote', forgiven: 'forgave', become: 'became',
    come: 'came', run: 'ran', overcome: 'overcame', risen: 'rose', flown: 'flew', drawn: 'drew', mistaken: 'mistook',
  }),
);

/** Short verbs that double their last consonant in the past ("plan" → "planned"). */
const DOUBLED_FINAL = new Set([
  'plan', 'stop', 'commit', 'drop', 'ship', 'scrap', 'admit', 'prefer', 'refer', 'submit', 'regret', 'step', 'slip',
  'map', 'skip', 'chat', 'grab', 'swap', 'tap', 'scan', 'omit', 'control', 'transfer', 'occur', 'permit', 'equip',
]);

function pastTense(verb: string): string {
  const v = verb.toLowerCase();
  const irregular = IRREGULAR_PAST.get(v);
  if (irregular !== undefined) return irregular;
  if (DOUBLED_FINAL.has(v)) return `${v}${v.slice(-1)}ed`;
  if (v.endsWith('e')) return `${v}d`;
  if (/[^aeiou]y$/.test(v)) return `${v.slice(0, -1)}ied`;
  return `${v}ed`;
}

/** Present-tense words to shift into the past when a scenario becomes "a time …". */
const PRESENT_TO_PAST = new Map(
  Object.entries({
    is: 'was', are: 'were', am: 'was', "isn't": "wasn't", "aren't": "weren't", has: 'had', have: 'had',
    "don't": "didn't", "doesn't": "didn't", "can't": "couldn't", can: 'could', will: 'would', "won't": "wouldn't",
    "you're": 'you were', "they're": 'they were', "we're": 'we were', "it's": 'it was', "he's": 'he was',
    "she's": 'she was', "there's": 'there was', "i'm": 'I was', needs: 'needed', wants: 'wanted', gets: 'got',
    goes: 'went', does: 'did', asks: 'asked', says: 'said', refuses: 'refused', misses: 'missed',
    disagrees: 'disagreed', complains: 'complained', quits: 'quit', leaves: 'left', makes: 'made', takes: 'took',
    breaks: 'broke', fails: 'failed', finds: 'found', tells: 'told', thinks: 'thought', feels: 'felt',
    keeps: 'kept', rejects: 'rejected', threatens: 'threatened', slips: 'slipped', joins: 'joined', emails: 'emailed',
    loses: 'lost', runs: 'ran', seems: 'seemed', starts: 'started', stops: 'stopped', comes: 'came', sends: 'sent',
    raises: 'raised', drops: 'dropped', escalates: 'escalated', calls: 'called', tries: 'tried', pushes: 'pushed',
    changes: 'changed', becomes: 'became', ignores: 'ignored', blocks: 'blocked',
  }),
);

function toPastTense(clause: string): string {
  return clause.replace(/[A-Za-z]+(?:['\u2019][A-Za-z]+)?/g, (word) => {
    const past = PRESENT_TO_PAST.get(word.toLowerCase().replace('\u2019', "'"));
    if (past === undefined) return word;
    return /^[A-Z]/.test(word) && word !== 'I' ? capitalise(past) : past;
  });
}

// ---------------------------------------------------------------------------
// Rule: hypothetical
// ---------------------------------------------------------------------------

const HYPOTHETICAL_MESSAGE =
  'This asks what the candidate would do, which invites a rehearsed answer; ask about a real past situation instead.';

const WH = '(?:what|how|why|where|when|which|who)';
const MODAL = '(?:would|will|should|could|might)';

/**
 * Self-assessment or preference, not a scenario: "How would you describe…",
 * "What would you like to ask us?" (the vague rule covers the "describe
 * yourself" variants).
 */
const NOT_SCENARIO_AFTER = '(?!\\s+(?:describe|rate|summari[sz]e|characteri[sz]e|define|say(?!\\s+to\\b)|like|love|prefer)\\b)';

/**
 * Up to three words between the question word and the modal: "What steps
 * would you…", "Which tools might you…". Never a verb, pronoun or
 * conjunction, so "Why did you leave, and would you…" is not bridged.
 */
const WH_GAP = "(?:\\s+(?!(?:did|do|does|is|are|was|were|has|have|had|you|i|we|they|he|she|it|and|or|but|if|when)\\b)[a-z]+){0,3}?";

/**
 * Asked the other way round — "What would you do", "How might you handle",
 * "What'll you do", "How are you going to…", "How might one handle…".
 */
const WH_MODAL_YOU = new RegExp(
  `\\b${WH}${WH_GAP}(?:\\s+${MODAL}\\s+(?:you|one)|'ll\\s+you|\\s+are\\s+you\\s+going\\s+to)\\b${NOT_SCENARIO_AFTER}(?:\\s+do\\b)?`,
  'gi',
);

/**
 * Embedded in a request: "Walk me through how you'd handle…", "Tell me what
 * you would do…", "What do you think you'd do…". Not after a real event
 * ("a time you had to decide how you would split the work", see
 * PAST_EVENT_BEFORE), and not "when/which/who", which in a story are past
 * ("when you would normally ship").
 */
const EMBEDDED_MODAL = new RegExp(
  `\\b(?:how|what|where|why)(?:\\s+do\\s+you\\s+(?:think|reckon|imagine|expect|suppose|believe|feel)(?:\\s+that)?)?\\s+(?:you|one)(?:'d|'ll|\\s+${MODAL}|(?:'re|\\s+are)\\s+going\\s+to)\\b${NOT_SCENARIO_AFTER}`,
  'gi',
);
/** "What do you think would happen if…": the scenario without "you". */
const THINK_WOULD = /\b(?:what|how)\s+do\s+you\s+think\s+(?:would|will|might)\b/gi;

/** A real event earlier in the sentence, which makes a following "how you would…" past-in-the-past. */
const PAST_EVENT_BEFORE = /\b(?:(?:a|an|the|one|another) (?:time|occasion|situation|moment|project|case|decision) (?:when|where|that|in which|you)|the last time|(?:what|how|why|when) did you)\b/i;

/** "How'd you…" is "how would you" or "how did you"; after a real event it is the latter. */
const WH_D_YOU = new RegExp(`\\b${WH}'d\\s+you\\b${NOT_SCENARIO_AFTER}`, 'gi');

/** Scenario markers that are hypothetical wherever they appear. */
const HYPOTHETICAL_ANYWHERE = words([
  'hypothetical(?:ly)?', 'what if',
  `what (?:would|will|'d) be your (?:approach|first step|first move|plan|strategy|response|reaction|priority|priorities)`,
  `what (?:would|will) your (?:approach|first step|first move|plan|strategy|response|reaction|priority|priorities) be`,
  `(?:what's|what is) your (?:approach|plan|strategy|first (?:step|move|priority)|next step|response|reaction|game plan|process) (?:if|when|whenever|should|in case|for when)`,
  `(?:first|next) (?:thing|things|step|steps|move|moves|priority|priorities) (?:you'd|you'll|you ${MODAL})`,
]);

/**
 * Scenario set-ups, only at the start of a sentence: "Imagine…" opens a
 * scenario, but "a time you had to imagine a product" is behavioural, and
 * "decide if you could trust a vendor" uses "if" to mean "whether".
 */
const SCENARIO_OPENERS = [
  'imagine', 'picture (?:this|a|an|yourself)', 'suppose', 'supposing', 'pretend', "let's (?:say|imagine|suppose|assume|pretend)",
  'say (?:that|you|your|a|an|the|someone|something)', 'assume', 'assuming', 'if (?:you|your|a|an|someone|somebody|one of)',
  'consider (?:a|this) scenario', 'in a (?:hypothetical|scenario)', '(?:in|imagine) (?:a|the) (?:situation|scenario|case) (?:where|in which)',
  'given (?:a|an)',
  // Role-play: "You're the lead and the release slips.", "You've just joined a team…"
  "you(?:'re| are) (?:now |suddenly )?(?:the|our|a new|an? (?:new|incoming))", "you(?:'ve| have)? just (?:joined|been|inherited|started|taken over|took over)",
];
const SCENARIO_OPENER = new RegExp(`^(?:${alt(SCENARIO_OPENERS)})\\b`, 'i');
const ROLE_PLAY = /^you(?:'re| are|'ve| have)?\s/i;

/**
 * "What do you do if a deploy fails?": present tense, but the "if" makes it a
 * scenario. "How do you decide if…" (whether) and "What do you do when…"
 * (a habit) are not flagged.
 */
const PRESENT_SCENARIO_OPENER = /^(?:what|how)\s+do\s+you\s+(?:do|handle|deal|approach|respond|react|manage|tackle|prioriti[sz]e|cope|proceed)\b/i;
const CONDITIONAL_IF = /(?<!\b(?:check|see|know|decide|tell|ask|out|wonder|determine|sure|verify|test|judge)\s)\b(?:if|in case|should (?:a|an|the|your|someone|something))\b/i;

/** "Would you…?" that asks about preference or logistics rather than a scenario. */
const WOULD_YOU_NOT_SCENARIO = ['say', 'describe', 'be', 'like', 'prefer', 'mind', 'consider', 'please'];
const WOULD_YOU_OPENER = new RegExp(`^would\\s+you\\b(?!\\s+(?:${alt(WOULD_YOU_NOT_SCENARIO)})\\b)`, 'i');

/**
 * Words that make a "would" question a reflection on the story just told
 * ("What would you do differently?", "Looking back, what would you change?").
 * Asked after a real event, these are good behavioural follow-ups.
 */
const REFLECTION = words(
  [
    'differently', 'again', 'next time', 'hindsight', 'looking back', 'retrospect', 'go back',
    // Verbs only after the modal: "a colleague's change broke the build" is a scenario, not a reflection.
    '(?:would|could|should) you (?:have )?(?:change|changed|improve|improved|do better|done better)',
    'have (?:done|handled|approached|changed)', 'learn', 'learned', 'learnt', 'lessons?',
  ],
  'test',
);

/** Verbs after "How would you…" that rewrite well as "a time you <past> …". */
const HANDLING_VERBS = [
  'handle', 'deal', 'approach', 'respond', 'react', 'manage', 'tackle', 'resolve', 'address', 'prioriti[sz]e', 'fix',
  'solve', 'convince', 'persuade', 'motivate', 'support', 'coach', 'explain', 'negotiate', 'escalate', 'push back',
  'navigate', 'lead', 'run', 'plan', 'organi[sz]e', 'recover', 'communicate', 'mentor', 'onboard', 'debug',
  'troubleshoot', 'investigate', 'diagnose', 'design', 'build', 'help', 'work', 'win over', 'delegate', 'balance',
  'juggle', 'structure', 'scope', 'estimate', 'migrate', 'rescue', 'unblock', 'influence', 'challenge', 'confront',
  'raise', 'give', 'tell', 'break', 'deliver', 'present', 'introduce', 'cope',
];
/** "How would you", "How'd you", "how you'd", "How do you think you would", "How might one". */
const HANDLING_PREFIX = `^(?:how|what)(?:\\s+do\\s+you\\s+(?:think|reckon|imagine|expect|suppose|believe|feel)(?:\\s+that)?)?(?:'d\\s+you|'ll\\s+you|\\s+${MODAL}\\s+(?:you|one)|\\s+(?:you|one)(?:'d|'ll|\\s+${MODAL})|\\s+are\\s+you\\s+going\\s+to)`;
const HANDLING_QUESTION = new RegExp(`${HANDLING_PREFIX}\\s+(${alt(HANDLING_VERBS)})\\s+([^,;:?!.\\u2013\\u2014]+)`, 'i');
/** "How would you go about onboarding a new hire?" → "a time you were onboarding a new hire". */
const GO_ABOUT_QUESTION = new RegExp(`${HANDLING_PREFIX}\\s+go\\s+about\\s+([a-z]+ing\\s+[^,;:?!.\\u2013\\u2014]+)`, 'i');

/**
 * Where the scenario itself starts: "…if a customer was angry", "Imagine your
 * team…". Not when a modal follows ("When would you escalate?" has no scenario).
 */
const SCENARIO_CLAUSE = /(?:^(?:say|imagine|suppose|supposing|pretend|assume|assuming|picture)|\b(?:if|when|whenever|in case|(?:situation|scenario|case) (?:where|in which)|imagine|suppose|supposing|let's say|let's imagine|let's suppose|let's assume|let's pretend))\s+(?:that\s+)?(?!(?:would|will|should|could|might|do|does|did)\b)([^,;:?!.\u2013\u2014]+)/i;

function detectHypothetical(ctx: Context, suggest: boolean): LintFinding[] {
  const hits: Span[] = [
    ...spansOf(WH_MODAL_YOU, ctx.text),
    ...spansOf(HYPOTHETICAL_ANYWHERE, ctx.text),
    ...spansOf(THINK_WOULD, ctx.text),
    ...spansOf(EMBEDDED_MODAL, ctx.text).filter((hit) => !followsPastEvent(ctx, hit)),
    ...(ctx.anchored ? [] : spansOf(WH_D_YOU, ctx.text)),
  ];
  for (const seg of ctx.segments) {
    const b = body(ctx, seg);
    const opener = SCENARIO_OPENER.exec(b) ?? (isPoliteInvitation(b) ? null : WOULD_YOU_OPENER.exec(b));
    if (opener !== null) hits.push({ start: seg.bodyStart, end: seg.bodyStart + opener[0].length });
    const present = PRESENT_SCENARIO_OPENER.exec(b);
    if (present !== null && CONDITIONAL_IF.test(b.slice(present[0].length))) {
      hits.push({ start: seg.bodyStart, end: seg.bodyStart + present[0].length });
    }
  }

  const flagged = dropOverlaps(hits).filter((hit) => !isAnchoredReflection(ctx, hit));
  const first = flagged[0];
  if (first === undefined) return [];
  const suggestion = suggest ? suggestBehavioural(ctx, first) : undefined;
  return flagged.map((hit) => makeFinding('hypothetical', hit, HYPOTHETICAL_MESSAGE, suggestion));
}

function followsPastEvent(ctx: Context, hit: Span): boolean {
  const seg = segmentOf(ctx, hit.start);
  return seg !== undefined && PAST_EVENT_BEFORE.test(ctx.text.slice(seg.start, hit.start));
}

/**
 * Reflection on a real event is behavioural: "Tell me about a project that
 * failed. What would you do differently?" It needs both the anchor (a real
 * event) and a reflection word in the same sentence as the "would".
 * Standalone, "What would you do differently next time?" has no event to
 * reflect on, so it is still flagged.
 */
function isAnchoredReflection(ctx: Context, hit: Span): boolean {
  if (!ctx.anchored) return false;
  const seg = segmentOf(ctx, hit.start);
  if (seg === undefined) return false;
  return REFLECTION.test(ctx.text.slice(seg.start, seg.end));
}

function suggestBehavioural(ctx: Context, hit: Span): string {
  const seg = segmentOf(ctx, hit.start);
  const fallback = 'Tell me about a real situation like this that you handled. What did you do?';
  if (seg === undefined) return fallback;
  const sentence = ctx.text.slice(seg.bodyStart, seg.contentEnd);
  if (REFLECTION.test(sentence) && !SCENARIO_OPENER.test(sentence)) {
    // "What would you do differently next time?" lacks only the real event.
    return `Tell me about a time something you worked on did not go as planned. ${ctx.original.trim()}`;
  }

  // Each match below runs on the normalised text; the words are then taken
  // from the original at the same offsets so curly apostrophes survive.
  const groupText = (m: RegExpExecArray, group: number, base: number): string => {
    const g = m[group] ?? '';
    const at = base + (m.index ?? 0) + m[0].length - g.length;
    return cleanClause(ctx.original.slice(at, at + g.length));
  };

  // A role-play opener is the scenario itself: "You're the lead and the release slips."
  const firstBody = ctx.segments.find((s) => s.start <= hit.start && ROLE_PLAY.test(body(ctx, s)) && SCENARIO_OPENER.test(body(ctx, s)));
  const scenarioSources = firstBody === undefined ? [hit.start, seg.bodyStart] : [hit.start, seg.bodyStart, firstBody.bodyStart];
  for (const base of scenarioSources) {
    const end = base === firstBody?.bodyStart ? firstBody.contentEnd : seg.contentEnd;
    const text = ctx.text.slice(base, end);
    const scenario = SCENARIO_CLAUSE.exec(text) ?? (base === firstBody?.bodyStart ? /^([^,;:?!.\u2013\u2014]+)/.exec(text) : null);
    if (scenario === null) continue;
    const clause = groupText(scenario, 1, base).replace(/^yourself\s+(?:as\s+)?/i, 'you were ');
    if (clause.split(' ').length >= 2) return `Tell me about a time ${decapitalise(toPastTense(clause))}. What did you do?`;
  }

  const fromHit = ctx.text.slice(hit.start, seg.contentEnd);
  const handling = HANDLING_QUESTION.exec(fromHit);
  if (handling?.[1] !== undefined) {
    const [verb = '', ...particle] = handling[1].split(' ');
    const rest = toPastTense(groupText(handling, 2, hit.start));
    return `Tell me about a time you ${[pastTense(verb), ...particle].join(' ')} ${rest}. What did you do?`;
  }
  const goAbout = GO_ABOUT_QUESTION.exec(fromHit);
  if (goAbout !== null) return `Tell me about a time you were ${toPastTense(groupText(goAbout, 1, hit.start))}. What did you do?`;

  const wouldYou = /^would\s+you\s+(?!rather\b)([^,;:?!.]+)/i.exec(fromHit);
  if (wouldYou !== null) return `Tell me about a time you were tempted to ${groupText(wouldYou, 1, hit.start)}. What did you do?`;
  return fallback;
}

// ---------------------------------------------------------------------------
// Rule: closed
// ---------------------------------------------------------------------------

const CLOSED_MESSAGE = 'This can be answered with a simple yes or no; ask the candidate to describe a specific time instead.';

/** Verbs that open a yes/no question when they start the sentence. */
const AUXILIARIES = [
  'do', 'does', 'did', 'have', 'has', 'had', 'am', 'are', 'is', 'was', 'were', 'can', 'could', 'will', 'would',
  'should', 'shall', 'may', 'might', 'must',
  "don't", "doesn't", "didn't", "haven't", "hasn't", "hadn't", "aren't", "isn't", "wasn't", "weren't", "can't",
  "couldn't", "won't", "wouldn't", "shouldn't",
];
const CLOSED_OPENER = new RegExp(`^(${alt(AUXILIARIES)})\\s+([a-z']+)`, 'i');

/** "Do"/"Have" + these is an instruction ("Have a think about…"), not a question. */
const DO_HAVE = new Set(['do', 'does', 'did', 'have', 'has', 'had']);
const IMPERATIVE_FOLLOWERS = new Set(['a', 'an', 'some', 'another', 'me', 'us', 'look', 'think', 'go', 'tell', 'walk', 'describe', 'share', 'give', 'so']);

/**
 * What follows "Can you / Could you / Would you" in a polite request for a
 * story. "describe yourself as…" is excluded: "Would you describe yourself as
 * a leader?" is a yes/no question.
 */
const INVITATION_VERBS = [
  'tell (?:me|us)', 'walk (?:me|us)', 'talk (?:me|us|about)', 'take (?:me|us) through', 'run (?:me|us) through',
  'describe(?!\\s+yourself\\s+as\\b)', 'share', 'give', 'explain', 'outline', 'recall', 'recount', 'remember',
  'think (?:of|back|about)', 'provide', 'elaborate', 'expand', 'summari[sz]e', 'go (?:through|over)',
  'help (?:me|us) understand', 'show (?:me|us)', 'name',
];
const INVITATION_GERUNDS = [
  'telling', 'walking', 'talking', 'taking (?:me|us) through', 'running (?:me|us) through', 'describing', 'sharing',
  'giving', 'explaining', 'outlining',
];
const INVITATION_SOFTENERS = '(?:(?:please|possibly|just|briefly|quickly|kindly|perhaps)\\s+)?';
const POLITE_INVITATIONS: readonly RegExp[] = [
  new RegExp(`^(?:can|could|would|will|might)\\s+(?:you|we)\\s+${INVITATION_SOFTENERS}(?:be\\s+(?:able|willing)\\s+to\\s+)?(?:${alt(INVITATION_VERBS)})\\b`, 'i'),
  new RegExp(`^(?:are|were)\\s+you\\s+(?:able|willing)\\s+to\\s+(?:${alt(INVITATION_VERBS)})\\b`, 'i'),
  new RegExp(`^would\\s+you\\s+mind\\s+(?:${alt(INVITATION_GERUNDS)})\\b`, 'i'),
  new RegExp(`^(?:can|could|may)\\s+i\\s+ask\\s+you\\s+to\\s+(?:${alt(INVITATION_VERBS)})\\b`, 'i'),
];

function isPoliteInvitation(sentenceBody: string): boolean {
  return POLITE_INVITATIONS.some((p) => p.test(sentenceBody));
}

/**
 * Legal work-authorisation screening ("Are you legally authorised to work
 * here?", "Do you require visa sponsorship?") is meant to be a yes/no
 * question, so the closed rule leaves it alone.
 */
const WORK_AUTHORISATION = new RegExp(
  `\\b(?:${alt([
    '(?:legally\\s+)?(?:authori[sz]ed|eligible|entitled|permitted|allowed)\\s+to\\s+work',
    'right\\s+to\\s+work',
    'work\\s+(?:authori[sz]ation|permit|visa)',
    '(?:visa\\s+)?sponsorship',
  ])})\\b`,
  'i',
);

/**
 * Whether the candidate can meet a stated requirement of the role ("Can you
 * work the schedule this role requires?") is a fair yes/no question, asked
 * the same of everyone; it names the requirement rather than probing the
 * candidate's life.
 */
const ROLE_REQUIREMENT = new RegExp(
  `\\b(?:${alt([
    '(?:this|the) (?:role|job|position)(?:\'s)? (?:requires?|needs?|involves?|demands?|calls? for|requirements?)',
    '(?:required|requirements?|needed|expected) (?:for|of|by|in) (?:this|the) (?:role|job|position)',
  ])})\\b`,
  'i',
);

function detectClosed(ctx: Context, suggest: boolean): LintFinding[] {
  const closed: Array<{ seg: Segment; span: Span }> = [];
  for (const seg of ctx.segments) {
    if (!isAskedAsQuestion(seg)) continue;
    const b = body(ctx, seg);
    const m = CLOSED_OPENER.exec(b);
    const aux = m?.[1]?.toLowerCase();
    const next = m?.[2]?.toLowerCase();
    if (m === null || aux === undefined || next === undefined) continue;
    if (DO_HAVE.has(aux) && IMPERATIVE_FOLLOWERS.has(next)) continue;
    if (isPoliteInvitation(b) || WORK_AUTHORISATION.test(b) || ROLE_REQUIREMENT.test(b)) continue;
    closed.push({ seg, span: { start: seg.bodyStart, end: seg.bodyStart + m[0].length } });
  }
  if (closed.length === 0) return [];
  const suggestion = suggest ? suggestOpenQuestion(ctx, closed.map((c) => c.seg)) : undefined;
  return closed.map((c) => makeFinding('closed', c.span, CLOSED_MESSAGE, suggestion));
}

/** Rewrites every yes/no sentence in place, keeping the rest of the text. */
function suggestOpenQuestion(ctx: Context, closedSegments: readonly Segment[]): string {
  const parts: string[] = [];
  let cursor = 0;
  for (const seg of closedSegments) {
    const isFollowUp = seg !== ctx.segments[0] && ctx.anchored;
    parts.push(ctx.original.slice(cursor, seg.start), isFollowUp ? rewriteClosedFollowUp(ctx, seg) : rewriteClosedOpening(ctx, seg));
    cursor = seg.end;
  }
  parts.push(ctx.original.slice(cursor));
  return parts.join('').trim();
}

/** "A time" phrased as a yes/no question: "Is there a time…", "Do you remember a time…". */
const YES_NO_TIME = /^(?:(?:is|was)\s+there\s+(?:ever\s+)?|(?:has|have)\s+there\s+(?:ever\s+)?been\s+|(?:do|did)\s+you\s+(?:have|remember|recall)\s+|have\s+you\s+(?:ever\s+)?had\s+|can\s+you\s+(?:think\s+of|remember|recall)\s+)(?=(?:a|an|one)\s+(?:time|example|occasion|situation|instance|story)\b)/i;

function rewriteClosedOpening(ctx: Context, seg: Segment): string {
  const b = body(ctx, seg);
  const original = ctx.original.slice(seg.bodyStart, seg.contentEnd);
  const restAfter = (m: RegExpExecArray): string => cleanClause(original.slice(m[0].length));

  const time = YES_NO_TIME.exec(b);
  if (time !== null) return `Tell me about ${restAfter(time)}.`;

  const experience = /^(?:do|did)\s+you\s+have\s+(?:any\s+)?experience\s+(?:(?:with|in|of|on)\s+)?/i.exec(b);
  if (experience !== null) return `Tell me about a recent piece of work that involved ${restAfter(experience)}.`;

  const perfect = /^(?:have|has)\s+you\s+(?:ever\s+)?([a-z']+)\s*/i.exec(b);
  if (perfect?.[1] !== undefined) {
    const participle = perfect[1].toLowerCase();
    return `Tell me about the last time you ${PARTICIPLE_TO_PAST.get(participle) ?? participle} ${restAfter(perfect)}.`;
  }

  const simple = /^(?:do|did|can|could)\s+you\s+(?:ever\s+)?(?:really\s+)?(?!have\b|be\b)([a-z]+)\s*/i.exec(b);
  if (simple?.[1] !== undefined) return `Tell me about a time you ${pastTense(simple[1])} ${restAfter(simple)}.`;

  const willing = /^(?:are|were)\s+you\s+(?:able|willing|prepared|ready|happy)\s+to\s+/i.exec(b);
  if (willing !== null) return `Tell me about a time you had to ${restAfter(willing)}.`;

  const trait = /^(?:are|were)\s+you\s+/i.exec(b);
  if (trait !== null) return `Tell me about a time you showed you were ${restAfter(trait)}.`;

  return 'Tell me about a specific time this came up in your work. What did you do?';
}

/** After a story prompt, "Did you…?" becomes "How did you…?" and "Was it…?" asks for the result. */
function rewriteClosedFollowUp(ctx: Context, seg: Segment): string {
  const b = body(ctx, seg);
  const original = ctx.original.slice(seg.bodyStart, seg.contentEnd);
  const did = /^(?:did|do|have|had)\s+you\s+(?:ever\s+)?/i.exec(b);
  if (did !== null) return `How did you ${cleanClause(original.slice(did[0].length))}?`;
  return 'What was the result?';
}

// ---------------------------------------------------------------------------
// Rule: leading
// ---------------------------------------------------------------------------

const LEADING_MESSAGE = 'This phrasing signals the answer you expect; ask for an example without stating your view.';

/**
 * Phrases that presuppose the answer. "obviously" is skipped after a form of
 * "be" because "a bug that was obviously broken" describes, not leads; and
 * "clearly" is left out entirely ("communicate clearly" is a skill).
 */
const LEADING_PHRASES = [
  "don't you (?:think|agree|feel|believe)",
  'do you not (?:think|agree|feel|believe)',
  "wouldn't you (?:agree|say)",
  'would you not (?:agree|say)',
  "(?:you'd|you would|you'll|you will) (?:surely |probably )?agree",
  "isn't it (?:true|fair to say|obvious|clear)",
  'is it not (?:true|fair to say|obvious|clear)',
  "isn't that right",
  'am i right',
  'surely',
  '(?<!\\b(?:was|were|is|are|be|been|being|seemed|seems|looked|looks)\\s)obviously',
  'of course',
  'needless to say',
  'it goes without saying',
  'as we all know',
  'everyone knows',
  "i'm sure you",
  'i assume you',
  'presumably',
];
const LEADING_PHRASE = words(LEADING_PHRASES);

/** Tags that turn a statement into a request for agreement: "…, right?", "…, didn't you?". */
const AGREEMENT_TAGS = [
  'right', 'correct', 'yes', 'no', 'true', 'agreed', 'am i right', "isn't that right",
  "(?:isn't|wasn't|hasn't|doesn't|didn't) (?:it|that|there)",
  "(?:aren't|weren't|don't|didn't|won't|wouldn't|can't|couldn't|haven't|shouldn't) you",
];
/** The tag is group 1; matching from the comma (not a look-behind) keeps the scan linear. */
const AGREEMENT_TAG = new RegExp(`,\\s*(${alt(AGREEMENT_TAGS)})(?=\\s*\\?)`, 'gi');

/** A negative question presupposes "yes": "Isn't it…?", "Didn't you…?". */
const NEGATIVE_OPENER = /^(?:isn't|aren't|wasn't|weren't|don't|doesn't|didn't|haven't|hasn't|won't|wouldn't|can't|couldn't|shouldn't)\s+[a-z']+/i;

/** "X matters" / "X is important" → "a time X changed the outcome of your work". */
const VALUE_CLAIM = /^(.+?)\s+(?:really\s+)?(?:matters|helps|works|pays off|(?:is|are)\s+(?:so\s+|really\s+)?(?:important|key|essential|critical|vital|crucial))$/i;

function detectLeading(ctx: Context, suggest: boolean): LintFinding[] {
  const hits: Span[] = spansOf(LEADING_PHRASE, ctx.text);
  for (const m of ctx.text.matchAll(AGREEMENT_TAG)) {
    const tag = m[1] ?? '';
    const end = (m.index ?? 0) + m[0].length;
    hits.push({ start: end - tag.length, end });
  }
  for (const seg of ctx.segments) {
    if (!isAskedAsQuestion(seg)) continue;
    const m = NEGATIVE_OPENER.exec(body(ctx, seg));
    if (m !== null) hits.push({ start: seg.bodyStart, end: seg.bodyStart + m[0].length });
  }
  const kept = dropOverlaps(hits);
  const first = kept[0];
  if (first === undefined) return [];
  const suggestion = suggest ? suggestNeutral(ctx, first, kept) : undefined;
  return kept.map((hit) => makeFinding('leading', hit, LEADING_MESSAGE, suggestion));
}

/** Strips the leading words from the sentence and asks about the claim itself. */
function suggestNeutral(ctx: Context, first: Span, hits: readonly Span[]): string {
  const fallback = 'Tell me about a specific time this came up in your work. What did you do?';
  const seg = segmentOf(ctx, first.start);
  if (seg === undefined) return fallback;
  let claim = '';
  let cursor = seg.start;
  for (const hit of hits.filter((h) => h.start >= seg.start && h.end <= seg.end)) {
    claim += `${ctx.original.slice(cursor, hit.start)} `;
    cursor = hit.end;
  }
  claim += ctx.original.slice(cursor, seg.contentEnd);
  claim = cleanClause(cleanClause(claim).replace(/ ,/g, ',')).replace(/^that\s+/i, '');
  claim = cleanClause(claim);
  if (claim.split(' ').length < 2) return fallback;
  claim = decapitalise(claim);

  const value = VALUE_CLAIM.exec(claim);
  if (value?.[1] !== undefined) return `Tell me about a time ${value[1]} changed the outcome of your work.`;
  if (/^you\b/i.test(claim)) return `Tell me about the last time ${claim}. What happened?`;
  return `Tell me about a time you had to decide whether ${claim}. What did you do?`;
}

// ---------------------------------------------------------------------------
// Rule: double
// ---------------------------------------------------------------------------

const DOUBLE_MESSAGE = 'This adds a second, separate question; split it so each question gets a full answer.';

const QUESTION_WORDS = ['what', 'how', 'why', 'where', 'when', 'who', 'which', 'whom', 'whose', ...AUXILIARIES];
const QUESTION_START = new RegExp(`^(?:${alt(QUESTION_WORDS)})\\b`, 'i');
const REQUEST_VERBS = ['tell', 'describe', 'walk', 'talk', 'take', 'give', 'share', 'explain', 'outline', 'list', 'name', 'recall', 'think', 'run', 'help'];
const REQUEST_START = new RegExp(`^(?:${alt(REQUEST_VERBS)})\\b`, 'i');

/**
 * A second ask glued on with a conjunction: ", and what…", " or how…",
 * "but why…". "what to"/"how to" are infinitives inside one ask. A bare comma
 * ("What did you do, what…") only joins asks when the part before it is a
 * question itself; otherwise it is an introductory clause ("As a lead, how…").
 */
// Both start right after a non-space character (the look-behind), so a long
// run of spaces is scanned once rather than once per space.
const CONJUNCTION_JOIN = /(?<=\S)(?:\s*[,;]\s*|\s+)(?:and|or|but|plus)\s+(?:also\s+|then\s+)?(?=(?:what|how|why)\b(?!\s+to\b))/gi;
const COMMA_JOIN = /(?<=\S)\s*[,;]\s*(?=(?:what|how|why)\b(?!\s+to\b))/gi;

interface Ask extends Span {
  /** Where a suggestion cuts the text to drop this ask (before its comma or "and"). */
  cut: number;
}

/**
 * Double-barrelled detection, and why STAR follow-ups are exempt:
 * a behavioural question legitimately asks for several parts of ONE story —
 * situation, action, result, reflection ("What did you do and what was the
 * result?"). Those parts are recognised by their shape: past tense about the
 * story ("what did you…", "how did it…", "what happened"), a result noun
 * ("what was the outcome"), or reflection ("what would you do differently").
 * Anything after such an opener must point back into the story (pronouns,
 * "the …", "your approach"); a fresh topic ("…about your team", "…a
 * customer") makes it a separate question.
 */
function detectDouble(ctx: Context, suggest: boolean): LintFinding[] {
  const asks = collectAsks(ctx);
  const offending = asks.slice(1).filter((ask) => !isStoryFollowUp(ctx.text.slice(ask.start, ask.end)));
  const first = offending[0];
  if (first === undefined) return [];
  const suggestion = suggest ? keepFirstQuestion(ctx, first.cut) : undefined;
  return offending.map((ask) => makeFinding('double', ask, DOUBLE_MESSAGE, suggestion));
}

function collectAsks(ctx: Context): Ask[] {
  const asks: Ask[] = [];
  for (const seg of ctx.segments) {
    const b = body(ctx, seg);
    const isQuestion = seg.terminator === '?' || QUESTION_START.test(b);
    if (!isQuestion && !REQUEST_START.test(b)) continue; // context, not an ask

    const candidates: Array<{ cut: number; askStart: number; needsQuestionBefore: boolean }> = [];
    for (const m of b.matchAll(CONJUNCTION_JOIN)) {
      const at = seg.bodyStart + (m.index ?? 0);
      candidates.push({ cut: at, askStart: at + m[0].length, needsQuestionBefore: false });
    }
    for (const m of b.matchAll(COMMA_JOIN)) {
      const at = seg.bodyStart + (m.index ?? 0);
      candidates.push({ cut: at, askStart: at + m[0].length, needsQuestionBefore: true });
    }
    candidates.sort((x, y) => x.cut - y.cut);

    const joins: Array<{ cut: number; askStart: number }> = [];
    let clauseStart = seg.bodyStart;
    for (const c of candidates) {
      if (c.needsQuestionBefore && !QUESTION_START.test(ctx.text.slice(clauseStart, c.cut))) continue;
      joins.push(c);
      clauseStart = c.askStart;
    }

    let start = seg.bodyStart;
    let cut = seg.start;
    for (const join of joins) {
      asks.push({ start, end: join.cut, cut });
      start = join.askStart;
      cut = join.cut;
    }
    asks.push({ start, end: seg.contentEnd, cut });
  }
  return asks.filter((a) => a.end > a.start);
}

/** Result and context nouns of a story: "what was the outcome". */
const STORY_NOUNS = [
  'results?', 'outcomes?', 'impact', 'situation', 'context', 'background', 'challenges?', 'problem', 'goal', 'task',
  'role', 'reasoning', 'takeaways?', 'lessons?', 'feedback', 'reaction', 'response', 'consequences?', 'trade-?offs?',
  'approach', 'thinking', 'decision', 'steps?', 'part', 'effect',
];
const STORY_NOUN_ADJECTIVES = '(?:(?:hardest|biggest|main|final|end|key|immediate|first|next|most difficult)\\s+)?';
const STORY_SUBJECT = '(?:you|they|he|she|it|that|this|things|others|people|everyone|we|the [a-z]+|your [a-z]+)';

/** Openers after which the rest must still point back into the story. */
const STORY_FOLLOW_UP_OPENERS: readonly RegExp[] = [
  /^(?:why(?: not)?|how so|what else|what next|then what|what then)\b/,
  /^what happened\b/,
  new RegExp(`^(?:what|how|why|who|when) did ${STORY_SUBJECT} [a-z']+`),
  // After a story, "How'd you…" is "how did you…".
  new RegExp(`^(?:what|how|why|who|when)'d ${STORY_SUBJECT} [a-z']+`),
  // A yes/no follow-up about the story ("Did it work?") is the closed rule's
  // business, not a second topic.
  new RegExp(`^(?:did|was|were) ${STORY_SUBJECT} [a-z']+`),
  /^(?:what|how) (?:would|could|should) you (?:have )?[a-z']+/,
  new RegExp(`^what (?:was|were) (?:the|your) ${STORY_NOUN_ADJECTIVES}(?:${alt(STORY_NOUNS)})\\b`),
  /^what (?:role|part) did you play\b/,
  /^who (?:else )?(?:was|were) involved\b/,
  /^how (?:long|much time) did (?:it|that|this) take\b/,
];

/** Openers that are always about the story, whatever follows ("what did you learn about leadership"). */
const FREE_STORY_FOLLOW_UP = /^what did you (?:learn|take away)\b/;

/** "what you learned", "how it went": narrative past tense inside a request. */
const EMBEDDED_PAST = new RegExp(`^(?:what|how|why) ${STORY_SUBJECT} ([a-z']+)`);

const STORY_TAIL_WORDS = new Set([
  'about', 'after', 'afterwards', 'again', 'as', 'at', 'away', 'back', 'before', 'better', 'differently', 'during',
  'else', 'end', 'eventually', 'exactly', 'finally', 'first', 'from', 'hindsight', 'if', 'in', 'instead', 'it', 'its',
  'later', 'looking', 'next', 'now', 'of', 'on', 'out', 'over', 'personally', 'really', 'actually', 'result',
  'retrospect', 'so', 'specifically', 'then', 'time', 'to', 'ultimately', 'up', 'with', 'you', 'yourself', 'them',
  'him', 'her', 'there', 'did', 'do', 'done', 'have', 'had', 'go', 'went', 'turn', 'turned', 'work', 'worked',
  'happen', 'happened', 'change', 'changed', 'improve', 'improved', 'handle', 'handled', 'react', 'reacted',
  'respond', 'responded', 'feel', 'felt', 'decide', 'decided', 'learn', 'learned', 'learnt', 'would', 'could',
  'should', 'take', 'took', 'mean', 'that', 'this', 'those', 'these',
]);
/** "the …", "that …": a definite reference back to something already in the story. */
const DEFINITE_DETERMINERS = new Set(['the', 'that', 'this', 'those', 'these']);
const YOUR_STORY_NOUNS = new Set(['approach', 'actions', 'action', 'decision', 'decisions', 'role', 'response', 'reasoning', 'choice', 'choices', 'part', 'thinking', 'plan', 'own']);
const FOLLOW_UP_PREFIX = /^(?:(?:and|or|but|so|then|also|plus|finally|lastly|now|looking back|in hindsight|in retrospect|afterwards|after that)\s+){0,3}(?:(?:(?:can|could|would) you (?:please )?)?(?:tell (?:me|us)(?: about)?|describe|explain|share|(?:walk|talk) (?:me|us) through)\s+)?/;
const PAST_FORMS = new Set([...IRREGULAR_PAST.values(), ...PARTICIPLE_TO_PAST.values(), 'would', 'could', 'should']);

function isStoryFollowUp(clause: string): boolean {
  const normalised = clause
    .toLowerCase()
    .replace(/[^a-z'\s-]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const ask = normalised.replace(FOLLOW_UP_PREFIX, '');
  if (FREE_STORY_FOLLOW_UP.test(ask)) return true;

  const embedded = EMBEDDED_PAST.exec(ask);
  const verb = embedded?.[1];
  if (verb !== undefined && (verb.endsWith('ed') || PAST_FORMS.has(verb))) return true;

  for (const opener of STORY_FOLLOW_UP_OPENERS) {
    const m = opener.exec(ask);
    if (m !== null && pointsBackIntoStory(ask.slice(m[0].length))) return true;
  }
  return false;
}

function pointsBackIntoStory(tail: string): boolean {
  const tokens = tail.split(' ').filter((t) => t !== '');
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? '';
    if (DEFINITE_DETERMINERS.has(token) && i + 1 < tokens.length) {
      i++; // "the conflict": the noun refers back
      continue;
    }
    if (token === 'your' && YOUR_STORY_NOUNS.has(tokens[i + 1] ?? '')) {
      i++;
      continue;
    }
    if (!STORY_TAIL_WORDS.has(token)) return false;
  }
  return true;
}

/** Cuts the text before the first extra ask and closes the sentence. */
function keepFirstQuestion(ctx: Context, cut: number): string {
  const kept = trimChars(ctx.original.slice(0, cut), ' \n\t\r,;:\u2013\u2014-', 'end').replace(/\s(?:and|or|but|plus)$/i, '');
  if (TERMINATOR_CHARS.includes(trimChars(kept, CLOSING_CHARS, 'end').slice(-1))) return kept.trim();
  const lastSeg = ctx.segments.filter((s) => s.start < cut).pop();
  const asked = lastSeg !== undefined && (lastSeg.terminator === '?' || QUESTION_START.test(body(ctx, lastSeg)));
  return `${kept.trim()}${asked ? '?' : '.'}`;
}

// ---------------------------------------------------------------------------
// Rule: protected
// ---------------------------------------------------------------------------

/**
 * Each topic lists phrasings that ask about the candidate, not mere mentions
 * of the word: "an older codebase", "a family of services", "accessible to
 * users with disabilities" and "gender bias in hiring" are all fine.
 * Legal work authorisation is allowed; nationality and citizenship beyond it
 * are not. The vocabulary shared with the evidence linter lives in
 * protectedTopics.ts; the second-person grammar ("Are you…", "Do you…") is
 * here.
 */
const YOU_ARE = "(?:are you|you're|you are|were you)";
const FAMILY_ROLES = '(?:mother|father|mom|mum|dad|parent|grandparent)';

const QUESTION_ASKS: readonly TopicPhrases[] = [
  {
    topic: TOPIC.age,
    phrases: [
      'how old', "(?:what|what's|whats) age", 'at what age', 'age are you', 'what generation',
      '(?:when|what year|which year|what decade) (?:were|was) you born', '(?:date|year) of birth',
      '(?:when|what year|which year|how long ago) did you (?:graduate|finish (?:high )?school|leave school|finish (?:college|university)|start (?:high )?school)',
      'graduation year', 'year (?:of graduation|you graduated)',
      '(?:plan|planning|want|wanting|going|expect|expecting|intend|intending|hope|hoping) to retire', 'retirement plans?',
      '(?:when|how soon) (?:do|will|would|might) you (?:[a-z]+ )?retire',
      'how many (?:more )?years (?:until|till|before|from) (?:you )?retir(?:e|ement|ing)',
      'how (?:long|much longer|many (?:more )?years) (?:do|will|would|can|could) you (?:[a-z]+ ){0,2}(?:work|keep working|continue working|go on working|stay in work)',
      'too (?:old|young)', 'someone (?:much |a lot |a bit |a little )?(?:younger|older) than you',
      '(?:an? )?(?:younger|older) (?:manager|boss|crowd|workforce)', 'keep up with (?:the |a |our )?(?:younger|young)',
    ],
  },
  {
    topic: TOPIC.family,
    phrases: [
      'married', 'marital', 'divorced', 'widowed',
      `${YOU_ARE} (?:single|engaged|dating|seeing (?:anyone|someone|somebody)|in a relationship|an? (?:single |working |new |stay[- ]at[- ]home )?${FAMILY_ROLES})`,
      '(?:have|got) (?:any |young |small |little |grown(?:-up)? |school-age )?(?:kids|children|dependents|dependants|grandchildren|a family(?! of))',
      '(?:kids|children|dependents|dependants|grandchildren) do you have',
      'start(?:ing)? a family',
      '(?:want|wants|plan|planning|intend|intending|hope|hoping) (?:to have )?(?:any |more )?(?:kids|children|a family)',
      `(?:as|being) an? (?:single |working )?${FAMILY_ROLES}`,
      'look(?:s|ing)? after (?:the |your )?(?:kids|children|little ones|baby|family)',
      'live (?:alone|with (?:anyone|someone|somebody|anybody|a partner|(?:your )?(?:parents|family|partner|spouse|roommates?|flatmates?)))',
      '(?:who|whom) (?:do|will|would) you live with',
      '(?:relocate|relocating|move|moving) with you',
      'have an? (?:boyfriend|girlfriend|husband|wife|spouse|fianc[\u00E9e]e?|partner(?=\\s*(?:[?.!,]|$)))',
    ],
  },
  {
    topic: TOPIC.pregnancy,
    phrases: [
      `${YOU_ARE} expecting(?=\\s*(?:[?.!,]|$))`, 'expecting a (?:baby|child)',
      '(?:will|are|do|would|might) you (?:[a-z]+ ){0,3}(?:maternity|paternity|parental) leave',
      '(?:plan|planning|intend|intending|want|going|hope|hoping) to (?:have|take) (?:a |another )?(?:baby|babies|child|children|kids)',
    ],
  },
  {
    topic: TOPIC.religion,
    phrases: [
      `${YOU_ARE} (?:an? )?(?:practi[sc]ing |devout |observant )?(?:${alt(FAITHS)}|religious|devout|observant|spiritual)`,
      '(?:which|what) (?:religious |cultural )?holidays (?:do|will|would|did) you (?:observe|celebrate|keep|take)',
      '(?:which|what) (?:faith|religion|denomination|church)',
      '(?:do|will|would|did) you (?:celebrate|observe|keep|mark) (?:christmas|easter|any (?:religious |cultural )?holidays|(?:the )?(?:sabbath|shabbat|ramadan|passover|eid|diwali))',
      "you (?:fast|pray|worship)(?![-'\\w])", 'keep kosher',
    ],
  },
  {
    topic: TOPIC.origin,
    phrases: [
      'where (?:are|were) you (?:originally )?(?:from|born|raised|brought up)', 'where did you grow up',
      'where (?:is|are|were|was) your (?:family|parents|mother|father|grandparents|folks|ancestors|people) (?:originally )?(?:from|born)',
      'where (?:is|does) your (?:last |family |sur)?name (?:from|come from)',
      '(?:are|were) you an? (?:[a-z.]+ )?citizen', 'what citizenship', 'citizen of (?:which|what)',
      'how long have you (?:been|lived) (?:in )?(?:this|the|our) country',
      'when did you (?:come|move|arrive|immigrate) (?:to|in) (?:this|the|our) country',
      '(?:are|were) you (?:from|born) (?:here|abroad|overseas|around here|in this country)',
      '(?:what|which) languages? do you speak at home', 'languages? did you grow up speaking',
      'is that an? (?:[a-z]+ )?accent', 'native (?:language|tongue|country)', `${YOU_ARE} an? native`,
    ],
  },
  { topic: TOPIC.race, phrases: ['(?:what|which) race', '(?:what|which) ethnic', '(?:what|which) (?:is your )?skin colou?r'] },
  {
    topic: TOPIC.health,
    phrases: [
      'you (?:have|had|got|suffer from|live with) (?:a |any )?(?:disabilit(?:y|ies)|(?:medical|health|mental health|physical) (?:conditions?|issues?|problems?|limitations?)|chronic (?:illness|conditions?)|illness(?:es)?|conditions?)',
      `${YOU_ARE} (?:disabled|sick|ill|healthy|on (?:any )?(?:medication|meds))`,
      'you (?:take|taking|on) (?:any )?(?:medication|medicine|meds|prescriptions?)',
      'conditions? (?:we|i) should know about',
      'history of (?:mental|depression|anxiety|illness|substance|addiction|drug|alcohol)',
      '(?:have|had) you (?:ever )?(?:been )?(?:diagnosed|hospitali[sz]ed|injured|treated for|in hospital|off sick)',
      'you (?:have|had|got) (?:any )?(?:surger(?:y|ies)|operations)',
      'how many sick days', "workers' comp(?:ensation)?",
      'how (?:much|often) do you drink', 'do you drink(?= alcohol|\\s*\\?)',
    ],
  },
  {
    topic: TOPIC.orientation,
    phrases: [
      `${YOU_ARE} (?:queer|straight|gay|bi)`, '(?:boyfriend|girlfriend) or (?:a )?(?:girlfriend|boyfriend)',
      '(?:have|are) you (?:come )?out(?: at work)?(?=\\s*(?:[?.!]|$))',
    ],
  },
  {
    topic: TOPIC.gender,
    phrases: [
      '(?:what|which) gender', `${YOU_ARE} (?:a )?(?:man|woman|male|female|trans|transgender|cis|non-?binary)`,
      'as a (?:woman|man|female|male|girl|guy)', 'have you transitioned', 'what (?:were you called|was your name) (?:before|at birth)',
    ],
  },
];


const PROTECTED_PATTERNS = Object.values(TOPIC).map((topic) => {
  const of = (tier: readonly TopicPhrases[]): string[] => tier.filter((t) => t.topic === topic).flatMap((t) => t.phrases);
  const possessed = of(POSSESSED);
  const strong = [...of(QUESTION_ASKS), ...of(ALWAYS), ...(possessed.length > 0 ? [`your (?:${alt(possessed)})`] : [])];
  return topicPattern(topic, strong, of(MENTIONS), '\\b', '\\b');
});

function detectProtected(ctx: Context): LintFinding[] {
  return protectedHits(PROTECTED_PATTERNS, ctx.text).map((hit) =>
    makeFinding('protected', hit, `This asks about ${hit.topic}, which is a protected characteristic; remove it from the question.`),
  );
}

// ---------------------------------------------------------------------------
// Rule: vague
// ---------------------------------------------------------------------------

/**
 * Labels that let interviewers judge "fit" by gut feel. Each group suggests a
 * behavioural question about the principle the label usually stands for.
 * "a feature that did not fit into the roadmap" and "a difficult personality
 * on your team" are about work, not the candidate, so they are not matched.
 */
const VAGUE_GROUPS: ReadonlyArray<{ phrases: readonly string[]; suggestion: string }> = [
  {
    phrases: [
      'cultur(?:e|al)[\\s-]+fit',
      "you(?:'d|'ll| would| will| can| might)? fit in(?:to)?",
      'fit in(?:to)? (?:here|with (?:us|the team|our team|the culture|our culture|the company|our company)|(?:our|the) (?:culture|team|company))',
    ],
    suggestion: 'Tell me about a time you joined a team whose way of working was new to you. What did you do to work well with them?',
  },
  {
    phrases: ['team[\\s-]player', 'people[\\s-]person', 'self[\\s-]starter', 'go[\\s-]getter'],
    suggestion: "Tell me about a time you put the team's goal ahead of your own. What did you do?",
  },
  {
    phrases: [
      'your personality', 'personality (?:type|traits?)', '(?:what|which) (?:kind|type|sort) of (?:person|personality)',
      'describe yourself', 'how would (?:your (?:friends|colleagues|manager|team|peers|family|former colleagues)|others|people) describe you',
      'introvert(?:ed)?', 'extrovert(?:ed)?',
    ],
    suggestion: 'Tell me about a time you were at your best at work. What did you do?',
  },
];

const VAGUE_PATTERNS = VAGUE_GROUPS.map((g) => ({ pattern: words(g.phrases), suggestion: g.suggestion }));

function detectVague(ctx: Context, suggest: boolean): LintFinding[] {
  const hits: Array<Span & { suggestion: string }> = [];
  for (const { pattern, suggestion } of VAGUE_PATTERNS) {
    for (const span of spansOf(pattern, ctx.text)) hits.push({ ...span, suggestion });
  }
  return dropOverlaps(hits).map((hit) => {
    const phrase = ctx.original.slice(hit.start, hit.end);
    const message = `\u201C${phrase}\u201D is a vague label that invites bias; name the principle you mean and ask for past behaviour that shows it.`;
    return makeFinding('vague', hit, message, suggest ? hit.suggestion : undefined);
  });
}

// ---------------------------------------------------------------------------
// Rule: length
// ---------------------------------------------------------------------------

/** Trailing whitespace does not count; the span is everything past the limit. */
function detectLength(ctx: Context): LintFinding[] {
  const end = ctx.original.trimEnd().length;
  if (end <= QUESTION_LENGTH_LIMIT) return [];
  return [
    makeFinding(
      'length',
      { start: QUESTION_LENGTH_LIMIT, end },
      `This question is longer than ${QUESTION_LENGTH_LIMIT} characters; shorten it so the candidate can keep it in mind.`,
    ),
  ];
}
