/**
 * Evidence linter (SPEC §6): warnings on the written evidence for one
 * principle — vague labels instead of behaviour, protected characteristics of
 * the candidate, "we" with no "I", no result, and too little written for a
 * rating. Every finding is a warning; none blocks a submit.
 *
 * Pure and dependency-free: it runs live in the renderer while the
 * interviewer types and again in Node, so it stays linear-ish (one pass per
 * pattern, no nested unbounded quantifiers) and deterministic.
 *
 * Conventions (as in questionLinter.ts):
 * - Matching runs on a copy of each field whose curly apostrophes are made
 *   straight; each replacement is one UTF-16 unit for one, so indices found
 *   in the copy are indices into the original text.
 * - Spans are [start, end) within the field's own text. Findings about the
 *   evidence as a whole use field `all` and the span 0..0; a missing result
 *   uses field `result` and 0..0.
 * - Word lists are regex fragments in named constants, so the vocabulary can
 *   be reviewed without reading code.
 *
 * Judgement calls:
 * - Protected topics are flagged only when aimed at a person: possessives
 *   ("her kids", "his age"), a person as subject ("he is 58 years old",
 *   "she is married") or a subjectless note ("Seems old."). "old codebase",
 *   "parent company", "child process", "race condition" and "accent colour"
 *   stay quiet. Interviewer notes rarely name the candidate by name, so names
 *   as subjects are not recognised.
 * - "we" without "I": third-person singular words ("she", "his", "the
 *   candidate") count as the individual too, since many interviewers write in
 *   the third person ("She said we shipped it; she wrote the migration").
 *   The action field is checked; when it is empty, all fields are.
 */

import type { Evidence } from './feedbackTypes';
import {
  ALWAYS,
  FAITHS,
  MENTIONS,
  NOT_A_PERSON_AFTER,
  PARTNER_AND_CHILD_NOUNS,
  POSSESSED,
  TOPIC,
  protectedHits,
  topicPattern,
  type ProtectedTopic,
  type TopicPhrases,
} from './protectedTopics';
import { alt, dropOverlaps, spansOf, type Span } from './textSpans';

export type EvidenceRuleId = 'vague-label' | 'protected' | 'we-without-i' | 'no-result' | 'too-little-evidence';

export type EvidenceField = 'situation' | 'task' | 'action' | 'result';

export interface EvidenceFinding {
  rule: EvidenceRuleId;
  severity: 'warning';
  /** One plain sentence for the user: what is wrong and what to do. */
  message: string;
  field: EvidenceField | 'all';
  /** Span within that field's text, [start, end); 0..0 for `all` and for an empty field. */
  start: number;
  end: number;
}

/** Fewer words than this across the four fields is thin evidence for a rating. */
export const EVIDENCE_MIN_WORDS = 40;

export const EVIDENCE_FIELDS: readonly EvidenceField[] = ['situation', 'task', 'action', 'result'];

export const EVIDENCE_RULES: ReadonlyArray<{ id: EvidenceRuleId; title: string }> = [
  { id: 'vague-label', title: 'Label instead of evidence' },
  { id: 'protected', title: 'Protected characteristic' },
  { id: 'we-without-i', title: '"We" with no "I"' },
  { id: 'no-result', title: 'No result' },
  { id: 'too-little-evidence', title: 'Too little evidence' },
];

// ---------------------------------------------------------------------------
// Public entry point
// ---------------------------------------------------------------------------

/**
 * Lints the evidence for one principle. `rated` is true when a rating 1–4 is
 * given; only then are a missing result and thin evidence reported.
 */
export function lintEvidence(evidence: Evidence, rated: boolean): EvidenceFinding[] {
  const findings: EvidenceFinding[] = [];
  for (const field of EVIDENCE_FIELDS) {
    const original = evidence[field];
    if (original.trim() === '') continue;
    const text = normalise(original);
    findings.push(...detectVague(field, original, text), ...detectProtected(field, original, text));
  }
  findings.push(...detectWeWithoutI(evidence));
  if (rated) findings.push(...detectNoResult(evidence), ...detectTooLittle(evidence));
  return findings.filter((f) => f.start >= 0 && f.end >= f.start).sort(compareFindings);
}

/** Words across the four fields (letters or digits, with inner apostrophes: "don't" is one). */
export function evidenceWordCount(evidence: Evidence): number {
  return EVIDENCE_FIELDS.reduce((n, field) => n + countWords(evidence[field]), 0);
}

const FIELD_RANK: Readonly<Record<EvidenceFinding['field'], number>> = { situation: 0, task: 1, action: 2, result: 3, all: 4 };
const RULE_RANK: Readonly<Record<EvidenceRuleId, number>> = {
  'vague-label': 0,
  protected: 1,
  'we-without-i': 2,
  'no-result': 3,
  'too-little-evidence': 4,
};

function compareFindings(a: EvidenceFinding, b: EvidenceFinding): number {
  return FIELD_RANK[a.field] - FIELD_RANK[b.field] || a.start - b.start || RULE_RANK[a.rule] - RULE_RANK[b.rule] || a.end - b.end;
}

// ---------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------


const CURLY_APOSTROPHES = /[\u2018\u2019\u02BC\u2032`]/g;

function normalise(text: string): string {
  return text.replace(CURLY_APOSTROPHES, "'");
}


/**
 * Case-insensitive, global pattern for whole phrases. The edges refuse
 * letters, digits and hyphens (and an apostrophe before), so "smart" does
 * not match in "smartphone" or "smart-contract", nor "old" in "old-fashioned";
 * "her kid's school" still matches "her kid".
 */
const PHRASE_BEFORE = "(?<![\\w'-])";
const PHRASE_AFTER = '(?![\\w-])';

function phrases(fragments: readonly string[]): RegExp {
  return new RegExp(`${PHRASE_BEFORE}(?:${alt(fragments)})${PHRASE_AFTER}`, 'gi');
}



const WORD = /[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu;

function countWords(text: string): number {
  return normalise(text).match(WORD)?.length ?? 0;
}

function quote(original: string, span: Span): string {
  return `\u201C${original.slice(span.start, span.end).replace(/\s+/g, ' ')}\u201D`;
}

// ---------------------------------------------------------------------------
// Person phrases shared by the label and protected rules
// ---------------------------------------------------------------------------

/** Who the interviewer writes about. Names are not recognised (see the header). */
const PERSON = '(?:he|she|they|the candidate|candidate|the applicant|applicant|the interviewee|interviewee)';

/** Linking verbs between the person and what is said about them. */
const COPULA_WORDS = [
  'is', 'are', 'was', 'were', 'seems', 'seem', 'seemed', 'looks', 'look', 'looked', 'appears', 'appear', 'appeared',
  'sounds', 'sounded', 'felt', 'feels', 'came across as', 'comes across as', 'come across as', 'must be', 'might be',
  'may be', 'is probably', 'was probably',
];
const COPULA = `(?:'s|'re|\\s+(?:${alt(COPULA_WORDS)}))`;

/** The same verbs without a subject, at the start of a note ("Seems old."). */
const SUBJECTLESS_COPULA = '(?:seems|seemed|looks|looked|appears|appeared|sounds|sounded|came across as|comes across as)';

/**
 * Where a subjectless verb may start: the start of the text, of a sentence or
 * of a terse note ("Nice guy, seems old."), or after "who". Not after "and":
 * "The API is slow and looks old" is about the API. A comma can also end a
 * clause with another subject ("The library, frankly, seems old"); that rare
 * case costs only a warning.
 */
const NOTE_START = "(?<=(?:^|[.!?;:,\\n(\u2022*-]|\\bwho)\\s*)";

/** Softeners between the verb and the word that matters ("seemed a bit old"). */
const DEGREE = `(?:\\s+(?:${alt([
  'a bit', 'a little', 'a lot', 'kind of', 'sort of', 'quite', 'very', 'rather', 'too', 'pretty', 'fairly', 'really',
  'somewhat', 'slightly', 'much', 'way', 'so', 'super', 'clearly', 'definitely', 'obviously', 'probably', 'maybe',
  'also', 'still', 'just', 'extremely', 'incredibly', 'genuinely', 'overall',
])}))*`;

/**
 * A phrase about a person: "she is <predicate>", "the candidate seemed
 * <predicate>", or a subjectless note "Seems <predicate>".
 */
function aboutPerson(predicates: readonly string[]): string {
  // The look-ahead comes first so the look-behind, which scans back over
  // spaces, runs only where a verb starts, not at every space of a long run.
  return `(?:\\b${PERSON}${COPULA}|(?=\\b${SUBJECTLESS_COPULA})${NOTE_START}\\b${SUBJECTLESS_COPULA})${DEGREE}\\s+(?:${alt(predicates)})`;
}

// ---------------------------------------------------------------------------
// Rule: vague-label
// ---------------------------------------------------------------------------

/** Nouns after "smart" that make it a product or technique, not a label. */
const SMART_THINGS = [
  'contracts?', 'phones?', 'pointers?', 'cards?', 'homes?', 'watch(?:es)?', 'meters?', 'grids?', 'tvs?', 'devices?',
  'speakers?', 'locks?', 'bulbs?', 'plugs?', 'thermostats?', 'glasses', 'city', 'cities', 'goals?', 'objectives?',
  'targets?', 'criteria', 'defaults?', 'caching', 'cache', 'retr(?:y|ies)', 'routing', 'search', 'quotes?', 'money',
  'casual', 'sensors?', 'buildings?', 'factory', 'factories', 'manufacturing', 'assistants?', 'folders?', 'playlists?',
  'compose', 'merge', 'batching', 'scheduling', 'rules?', 'alerts?',
];

/** Labels that are only labels when said of a person ("she seemed smart"). */
const PERSON_LABELS = [
  'smart', 'clever', 'bright', 'sharp', 'brilliant', 'intelligent', 'a genius', 'nice', 'friendly', 'pleasant',
  'lovely', 'likeable', 'likable', 'charming', 'charismatic', 'personable', 'arrogant', 'cocky', 'awkward', 'weird',
  'passionate', 'a (?:good|great|nice|lovely|decent|solid|cool) (?:guy|gal|girl|person|fit|hire|egg)',
  'a (?:natural|rock ?star|superstar|ninja|team player|people person|self[\\s-]starter)', 'not a fit',
];

/** Nouns for a person (not job titles: "a great engineer" may be the candidate's own report). */
const PERSON_NOUNS = '(?:guy|gal|girl|boy|lady|gentleman|person|man|woman|fellow|chap|bloke|dude|kid|candidate|applicant|interviewee|individual|human)';

/** People a "fit" can be for; "a good fit for the workload" is about the work. */
const FIT_AUDIENCE = '(?:(?:the|this|our|your|my)\\s+)?(?:team|teams|role|company|culture|job|position|org|organi[sz]ation|us|here|group)\\b';

const VAGUE_PHRASES = [
  // fit
  'cultur(?:e|al)[\\s-]+(?:fit|match)',
  `(?:good|great|strong|poor|bad|perfect|natural|right|excellent|obvious|clear)[\\s-]+fit(?!\\s+(?:for|with)\\s+(?!${FIT_AUDIENCE}))`,
  "(?:not|isn't|wasn't|is not|was not|never)\\s+(?:an?|the)\\s+(?:(?:good|great|right|strong|cultural|culture|natural)\\s+)?fit(?!\\s+(?:for|with)\\s+(?!" +
    FIT_AUDIENCE +
    '))',
  `fit(?:s|ted|ting)? in(?:to)?(?=\\s*(?:[.,;!?)]|$)|\\s+(?:well|here|nicely|great|fine|perfectly|with\\s+(?:us|everyone|${FIT_AUDIENCE})))`,
  // smart and friends
  `smart(?:er|est)?(?!\\s+(?:${alt(SMART_THINGS)})(?![\\w-]))`,
  'smarts',
  'genius(?:es)?',
  'rock[\\s-]?stars?',
  'superstars?',
  'ninjas?',
  '10x(?:\\s+|-)(?:engineer|developer|dev|programmer)s?',
  'an?\\s+a[\\s-]player',
  // nice guy and likeability
  `(?:nice|good|great|lovely|decent|solid|cool|smart|bright|sharp|brilliant|likeable|likable)\\s+${PERSON_NOUNS}s?`,
  'likeable', 'likable', 'personable', 'charismatic', 'charming',
  '(?:liked|disliked|loved|(?:did not|didn\'t) (?:like|love))\\s+(?:him|her)(?=\\s*(?:[.,;!?]|$|\\s+(?:a lot|overall|personally|as a person)))',
  // vibes and gut feel
  '(?:good|great|bad|weird|odd|off|positive|negative|nice|strange|chill|friendly|cool|strong)\\s+vibes?',
  'vibe(?:s)?\\s+(?:check|was|were)',
  'gut\\s+(?:feel(?:ing)?|says|said|tells|told|instinct|reaction|check|call)',
  'my\\s+gut',
  // personality labels
  '(?:great|good|strong|nice|bubbly|big|winning|difficult|abrasive|weak|lovely|warm|cold|magnetic)\\s+personality',
  'team[\\s-]player', 'people[\\s-]person', 'self[\\s-]starter', 'go[\\s-]getter',
  // labels said of a person
  aboutPerson(PERSON_LABELS),
];

const VAGUE_PATTERN = phrases(VAGUE_PHRASES);

function detectVague(field: EvidenceField, original: string, text: string): EvidenceFinding[] {
  const spans = spansOf(VAGUE_PATTERN, text).filter((s) => !isAcronymSmart(original, s));
  return dropOverlaps(spans).map((span) => ({
    rule: 'vague-label',
    severity: 'warning',
    message: `${quote(original, span)} is a label, not evidence; write down what the candidate said or did that made you think so.`,
    field,
    start: span.start,
    end: span.end,
  }));
}

/** "SMART" in capitals is the acronym (SMART goals), unless the whole field is shouted. */
function isAcronymSmart(original: string, span: Span): boolean {
  const word = original.slice(span.start, span.end);
  return word === 'SMART' && original !== original.toUpperCase();
}

// ---------------------------------------------------------------------------
// Rule: protected
// ---------------------------------------------------------------------------

const AGE_PREDICATES = [
  'old(?!\\s+school)', 'older', 'young', 'younger', 'elderly', 'middle[\\s-]aged', 'aged', 'ancient', 'over the hill',
  'past (?:his|her|their) prime', 'too old', 'too young', 'a (?:grandma|grandmother|grandpa|grandfather|grandparent)',
  'in (?:his|her|their) (?:early |mid[\\s-]?|late )?(?:[2-9]0s|twenties|thirties|forties|fifties|sixties|seventies)',
  '(?:about|around|roughly|maybe|probably|only|almost|nearly|over|under|at least|easily)?\\s*\\d{1,3}(?:\\s*-?\\s*years?\\s*-?\\s*old|\\s*yo)',
  'about to retire', 'close to retirement', 'near(?:ing)? retirement', 'retiring soon',
];

/**
 * The third-person grammar of notes about the candidate. The vocabulary the
 * question linter shares (possessed nouns, phrases about anyone, everyday
 * mentions) comes from protectedTopics.ts and is added per topic below.
 */
const EVIDENCE_GRAMMAR: readonly TopicPhrases[] = [
  {
    topic: TOPIC.age,
    phrases: [
      aboutPerson(AGE_PREDICATES),
      `(?:old|older|young|younger|elderly|middle[\\s-]aged)\\s+${PERSON_NOUNS}s?`,
      `${PERSON}\\s+(?:was|were)\\s+born`,
      'in (?:his|her) (?:early |mid[\\s-]?|late )?(?:[2-9]0s|twenties|thirties|forties|fifties|sixties|seventies)',
    ],
  },
  {
    topic: TOPIC.family,
    phrases: [
      aboutPerson([
        'married', 'divorced', 'widowed', 'single(?!\\s+(?:point|threaded|page|source|tenant|sign))', 'engaged to',
        'a (?:single |working |new |stay[\\s-]at[\\s-]home |busy |young )?(?:mom|mum|mother|dad|father|parent)' + NOT_A_PERSON_AFTER,
        'a (?:wife|husband|newlywed|grandparent)', 'a (?:carer|caregiver|primary caregiver)',
      ]),
      `\\b${PERSON}\\s+(?:has|have|had)\\s+(?:(?:two|three|four|five|six|\\d+|young|small|little|a few|several|grown(?:-up)?|no|any)\\s+)?(?:kids|children|dependents|dependants|a (?:baby|newborn|toddler|family|wife|husband))`,
      `\\b${PERSON}\\s+(?:lives|lived)\\s+(?:alone|with (?:his|her|their) (?:parents|partner|family|wife|husband|boyfriend|girlfriend))`,
      '(?:got|getting|just|recently|newly|happily)\\s+(?:married|divorced)',
      '(?:mom|mum|mother|dad|father|parent) of (?:one|two|three|four|five|\\d+)',
      'as a (?:single |working |new |busy )?(?:mom|mum|mother|dad|father|parent)' + NOT_A_PERSON_AFTER,
    ],
  },
  {
    topic: TOPIC.pregnancy,
    phrases: [
      `${PERSON}(?:'s|'ll be|\\s+(?:is|was|will be|plans to (?:go|be)|is going|wants to go|will go))\\s+on\\s+(?:maternity|paternity|parental)\\s+leave`,
      aboutPerson(['expecting(?=\\s*(?:[.,;!?]|$))']),
    ],
  },
  {
    topic: TOPIC.religion,
    phrases: [
      aboutPerson([
        `(?:an? )?(?:devout(?:ly)? |practi[sc]ing |observant )?(?:${alt(FAITHS)})`,
        'devout', 'observant', 'religious(?!\\s+about)',
      ]),
      `\\b${PERSON}\\s+(?:prays|prayed|fasts|fasted|worships|worshipped|keeps kosher|keeps halal|observes)`,
    ],
  },
  {
    topic: TOPIC.origin,
    phrases: [
      "(?:(?:has|had|have|with|his|her|their|an?)\\s+(?:[a-z]+\\s+)?)accent(?!s?\\s*colou?rs?)",
      "english (?:is not|isn't|wasn't|was not) (?:his|her|their) (?:first|native) language",
      'non[\\s-]native (?:speaker|english)',
      `${PERSON}(?:'s|'re|\\s+(?:is|was|are|were|comes|came|grew up))\\s+(?:originally\\s+from|from\\s+(?:abroad|overseas|another country)|(?:abroad|overseas))`,
      '(?:an? )?(?:immigrant|foreigner|expat)', 'citizenship',
    ],
  },
  {
    topic: TOPIC.race,
    phrases: [
      '(?:his|her|their) skin',
      'racial(?:ly)?', 'ethnic',
      `(?:black|white|asian|hispanic|latino|latina|latinx|arab|caucasian)\\s+${PERSON_NOUNS}s?`,
    ],
  },
  {
    topic: TOPIC.health,
    phrases: [
      aboutPerson([
        'disabled', 'handicapped', 'sick(?!\\s+(?:of|and tired))', 'ill', 'unwell', 'deaf(?!\\s+to)', 'hard of hearing',
        'blind(?!\\s+to)', 'autistic',
        'dyslexic', 'on the spectrum', 'in a wheelchair', 'on medication', 'on sick leave', 'mentally ill', 'bipolar',
        'diabetic', 'epileptic',
      ]),
      `\\b${PERSON}\\s+(?:has|had|have)\\s+(?:an?\\s+)?(?:disability|illness|medical condition|chronic \\w+|stutter|limp|adhd|autism|dyslexia)`,
      `\\b${PERSON}\\s+(?:stutters|stuttered|limps|limped)`,
      'autistic', 'dyslexic',
    ],
  },
  {
    topic: TOPIC.gender,
    phrases: [
      'trans (?:man|woman|person)',
      '(?:for|as) an? (?:woman|girl|female|lady|man|guy|male)',
      '(?:woman|female|male|lady|girl)\\s+(?:engineer|developer|programmer|candidate|leader|manager|founder|dev|coder)s?',
      'feminine', 'masculine', 'girly', 'manly', 'effeminate',
    ],
  },
];

/** "their" also means services and teams, so only the unambiguous family nouns and never age ("their age" of a fleet). */
function possessedByCandidate(topic: ProtectedTopic, nouns: readonly string[]): string[] {
  if (nouns.length === 0) return [];
  const theirs = topic === TOPIC.family ? PARTNER_AND_CHILD_NOUNS : topic === TOPIC.age ? [] : nouns;
  return [`(?:his|her) (?:${alt(nouns)})`, ...(theirs.length > 0 ? [`their (?:${alt(theirs)})`] : [])];
}

const PROTECTED_PATTERNS = Object.values(TOPIC).map((topic) => {
  const of = (tier: readonly TopicPhrases[]): string[] => tier.filter((t) => t.topic === topic).flatMap((t) => t.phrases);
  const strong = [...of(EVIDENCE_GRAMMAR), ...of(ALWAYS), ...possessedByCandidate(topic, of(POSSESSED))];
  return topicPattern(topic, strong, of(MENTIONS), PHRASE_BEFORE, PHRASE_AFTER);
});

function detectProtected(field: EvidenceField, original: string, text: string): EvidenceFinding[] {
  return protectedHits(PROTECTED_PATTERNS, text).map((hit) => ({
    rule: 'protected',
    severity: 'warning',
    message: `${quote(original, hit)} refers to ${hit.topic}, a protected characteristic; leave it out and keep to job-related evidence.`,
    field,
    start: hit.start,
    end: hit.end,
  }));
}

// ---------------------------------------------------------------------------
// Rule: we-without-i
// ---------------------------------------------------------------------------

/** First person plural. "US" in capitals is the country; "us-east-1" is a region (the edges refuse hyphens). */
const PLURAL = /(?<![\w'-])(?:we're|we've|we'd|we'll|we|us|our|ours|ourselves|ourself|let's)(?![\w-]|'\w)/gi;

/**
 * The individual: "I" (with "I'm", "I'd", "I've", "I'll"; a lone lower-case
 * "i" too, not "i.e." nor "I/O" nor "type I"), "me", "my", "mine", "myself",
 * and the third person singular used in notes about the candidate.
 */
const SINGULAR = new RegExp(
  [
    "(?<![\\w'/.-])(?<!\\b(?:type|phase|part|stage|level|tier|class|chapter|grade|step|world war|series|article|schedule|appendix|volume|act|section)\\s)[Ii](?![\\w/.-])",
    "(?<![\\w'-])(?:me|my|mine|myself|he|she|him|his|her|hers|himself|herself|the candidate)(?![\\w-])",
  ].join('|'),
  'i',
);

function detectWeWithoutI(evidence: Evidence): EvidenceFinding[] {
  const fields: readonly EvidenceField[] = evidence.action.trim() !== '' ? ['action'] : EVIDENCE_FIELDS;
  let first: { field: EvidenceField; span: Span } | null = null;
  for (const field of fields) {
    const original = evidence[field];
    const text = normalise(original);
    if (SINGULAR.test(text)) return [];
    if (first === null) {
      const span = firstPlural(text, original);
      if (span !== null) first = { field, span };
    }
  }
  if (first === null) return [];
  const scope = fields.length === 1 ? 'The action' : 'This evidence';
  return [
    {
      rule: 'we-without-i',
      severity: 'warning',
      message: `${scope} says \u201Cwe\u201D but never \u201CI\u201D; note what the candidate did themselves.`,
      field: first.field,
      start: first.span.start,
      end: first.span.end,
    },
  ];
}

function firstPlural(text: string, original: string): Span | null {
  for (const m of text.matchAll(PLURAL)) {
    const start = m.index;
    const end = start + m[0].length;
    if (original.slice(start, end) === 'US' && original !== original.toUpperCase()) continue;
    return { start, end };
  }
  return null;
}

// ---------------------------------------------------------------------------
// Rule: no-result
// ---------------------------------------------------------------------------

/**
 * Words that report an outcome, good or bad. Stems match the start of a word
 * ("reduc" → reduced, reduction); fragments ending in `\\b` must be whole
 * words ("won", not "wonder"). Any digit or "%" counts too ("p95 from 800ms
 * to 200ms", "3 customers"). Deliberately generous: a missed outcome only
 * costs a warning, a wrong one nags someone who did write a result.
 */
const OUTCOME_WORDS = [
  // naming the outcome
  'result', 'outcome', 'impact', 'effect', 'consequen', 'in the end', 'ended up', 'end up', 'turned out', 'as a result',
  'led to', 'so that', 'afterwards', 'eventually', 'finally',
  // change
  'reduc', 'increas', 'decreas', 'improv', 'sav(?:e|ed|es|ing|ings)\\b', 'cut\\b', 'cuts\\b', 'grew', 'grow', 'drop',
  'fell\\b', 'fall', 'rose\\b', 'rise', 'rising', 'doubl', 'tripl', 'halv', 'boost', 'rais', 'lower', 'eliminat',
  'faster', 'slower', 'cheaper', 'fewer', 'less\\b', 'more\\b', 'better', 'worse', 'higher', 'shorter', 'longer',
  'went (?:up|down|from)', 'from \\S+ to\\b', 'no longer', 'never again', 'stopped', 'became', 'now\\b',
  // delivery and success
  'ship', 'launch', 'deliver', 'releas', 'deploy', 'went live', 'live\\b', 'complet', 'finish', 'achiev', 'exceed',
  'met\\b', 'hit\\b', 'adopt', 'promot', 'succe', 'accomplish', 'won\\b', 'win(?:s|ning)?\\b', 'fix', 'resolv', 'solv',
  'recover', 'prevent', 'avoid', 'approv', 'accept', 'praised', 'thank', 'on time', 'worked\\b', 'went well',
  'signed\\b', 'closed\\b', 'retain', 'retention',
  // failure is an outcome too
  'fail', 'miss', 'lost\\b', 'los(?:e|es|ing|s)\\b', 'reject', 'cancel', 'abandon', 'revert', 'rolled back', 'late\\b',
  'delay', 'churn', 'outage', 'downtime', 'stuck', 'learn', 'lesson',
  // business measures
  'percent', 'revenue', 'profit', 'cost', 'latency', 'uptime', 'customers? (?:said|stayed|left|renewed)',
];
const OUTCOME = new RegExp(`\\d|%|\\b(?:${alt(OUTCOME_WORDS)})`, 'i');

function detectNoResult(evidence: Evidence): EvidenceFinding[] {
  const original = evidence.result;
  const trimmedEnd = original.trimEnd().length;
  const trimmedStart = original.length - original.trimStart().length;
  if (trimmedEnd === 0) {
    return [noResult('Add the result: what happened in the end, ideally with a number.', 0, 0)];
  }
  if (OUTCOME.test(normalise(original))) return [];
  return [
    noResult('The result does not say what changed; write the outcome, ideally with a number.', trimmedStart, trimmedEnd),
  ];
}

function noResult(message: string, start: number, end: number): EvidenceFinding {
  return { rule: 'no-result', severity: 'warning', message, field: 'result', start, end };
}

// ---------------------------------------------------------------------------
// Rule: too-little-evidence
// ---------------------------------------------------------------------------

function detectTooLittle(evidence: Evidence): EvidenceFinding[] {
  const words = evidenceWordCount(evidence);
  if (words >= EVIDENCE_MIN_WORDS) return [];
  const count = words === 1 ? '1 word' : `${words} words`;
  return [
    {
      rule: 'too-little-evidence',
      severity: 'warning',
      message: `Only ${count} of evidence for a rating; write about ${EVIDENCE_MIN_WORDS} or more so others can check it.`,
      field: 'all',
      start: 0,
      end: 0,
    },
  ];
}
