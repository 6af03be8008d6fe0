/**
 * The protected-characteristic vocabulary both linters read: the question
 * linter asks it in the second person ("your faith", "Do you pray…?"), the
 * evidence linter in the third ("her faith", "she prays"). Keeping one copy
 * means a phrasing learned for one applies to the other.
 *
 * Three tiers, from strongest to weakest:
 * - `POSSESSED`: nouns that name the characteristic once they belong to the
 *   person. Each linter adds its own possessive ("your", "his/her").
 * - `ALWAYS`: phrases that touch the characteristic whoever they are about
 *   ("pregnant", "sexual orientation", "attends a mosque").
 * - `MENTIONS`: everyday-life words that usually mean the person's own life
 *   ("Ramadan", "sick days", "caring for elderly parents") but are fine in a
 *   sentence about someone else's needs ("…worked around a religious holiday
 *   schedule for your team", "…covered for a colleague on maternity leave").
 *   See `isAboutSomeoneElse`.
 *
 * Fragments are regex source without edges: each linter wraps them in its own
 * word boundaries. They use only bounded repetition so every pattern stays a
 * linear scan.
 */

import { alt, dropOverlaps, type Span } from './textSpans';

export const TOPIC = {
  age: 'age',
  family: 'family or marital status',
  pregnancy: 'pregnancy',
  religion: 'religion',
  origin: 'national origin or citizenship',
  race: 'race or ethnicity',
  health: 'disability or health',
  orientation: 'sexual orientation',
  gender: 'gender',
} as const;

export type ProtectedTopic = (typeof TOPIC)[keyof typeof TOPIC];

export interface TopicPhrases {
  topic: ProtectedTopic;
  phrases: readonly string[];
}

// ---------------------------------------------------------------------------
// Shared word lists
// ---------------------------------------------------------------------------

/** "mass" only at the end of a clause or before a time: "go to mass production" is not worship. */
export const WORSHIP_PLACES = [
  'church', 'mosque', 'synagogue', 'temple', 'gurdwara', 'mandir', 'chapel', 'shul', 'kingdom hall',
  'mass(?=\\s*(?:[.,;!?)]|$)|\\s+(?:on|every|each|regularly|weekly|at)\\b)',
];

export const FAITHS = [
  'christian', 'catholic', 'protestant', 'muslim', 'jewish', 'hindu', 'buddhist', 'sikh', 'jain', 'atheist', 'agnostic',
  'mormon', 'evangelical', 'orthodox', 'pagan',
];

/** Religious days and observances; "Lent" is left out because "lent" is also the verb. */
const OBSERVANCES = [
  'ramadan', 'sabbath', 'shabbat', 'eid', 'diwali', 'passover', 'yom kippur', 'rosh hashanah', 'hanukk?ah', 'chanukah',
  'vaisakhi', 'baisakhi', 'holi', 'navratri', 'good friday', 'kosher', 'halal',
];

/** Partner and children: unambiguous even after "their" ("their children" may be tree nodes, "their kids" may not). */
export const PARTNER_AND_CHILD_NOUNS = [
  'kids?', 'bab(?:y|ies)', 'toddlers?', 'newborns?', 'husband', 'wife', 'spouse', 'boyfriend', 'girlfriend',
  'fianc[e\u00E9]e?', 'marriage', 'divorce', 'wedding', 'childcare', 'child care', 'nanny', 'babysitter',
  'other half', 'significant other', 'stepchildren', 'grandchildren', 'dependents', 'dependants',
];

/** Also family, but with technical meanings too ("child process", "parent company"): each linter guards them. */
export const RELATIVE_NOUNS = [
  'child(?:ren)?', 'sons?', 'daughters?', 'famil(?:y|ies)(?!-)', 'partner', 'mom', 'mum', 'mother', 'dad', 'father',
  'parents?', 'grandparents?', 'in-laws', 'relatives',
];

/** Nouns after "parent", "child", "partner"… that make them things, not people. */
export const NOT_A_PERSON_AFTER =
  '(?!\\s+(?:company|companies|process(?:es)?|nodes?|class(?:es)?|elements?|director(?:y|ies)|folders?|tickets?|issues?|epics?|orgs?|organi[sz]ations?|teams?|entit(?:y|ies)|records?|tables?|components?|spans?|tasks?|windows?|commits?|branch(?:es)?|projects?|pages?|threads?|objects?|rows?|accounts?|brands?|products?|apis?|integrations?|vendors?|firms?|networks?|agency|of (?:services|microservices|products|components|apis|companies)))';

/** "health" the thing that runs in production is not the person's health. */
const HEALTH_NOT_SYSTEM = 'health(?!\\s*(?:checks?|endpoints?|status|probes?|scores?|metrics?|dashboards?|monitor\\w*|of (?:the|our|your|a) (?:system|service|codebase|team|project|pipeline)))';

const SICK_TIME = 'sick (?:days?|leave|time|notes?)';

// ---------------------------------------------------------------------------
// Tiers
// ---------------------------------------------------------------------------

/** Nouns that name the characteristic once they belong to the person ("your faith", "her accent"). */
export const POSSESSED: readonly TopicPhrases[] = [
  {
    topic: TOPIC.age,
    phrases: ['age', 'birthday', 'date of birth', 'year of birth', 'birth year', 'retirement(?: (?:age|plans?|date))?', 'graduation year', 'generation'],
  },
  { topic: TOPIC.family, phrases: [...PARTNER_AND_CHILD_NOUNS, `(?:${alt(RELATIVE_NOUNS)})${NOT_A_PERSON_AFTER}`, 'home life', 'personal life', 'marital status', 'relationship status', 'caring (?:responsibilities|duties|commitments)', 'care (?:arrangements|responsibilities)'] },
  { topic: TOPIC.pregnancy, phrases: ['pregnancy', '(?:maternity|paternity|parental|adoption) leave'] },
  {
    topic: TOPIC.religion,
    phrases: [
      'faith(?!\\s+in)', 'religion', 'religious \\w+', 'spiritual \\w+', 'beliefs?(?!\\s+(?:about|on|in|around|regarding|that))',
      `(?:local )?(?:${alt(WORSHIP_PLACES)})`, 'congregation', 'parish', 'pastor', 'priest', 'imam', 'rabbi',
      'prayers?', 'hijab', 'headscarf', 'turban', 'kippah', 'yarmulke', 'denomination',
    ],
  },
  {
    topic: TOPIC.origin,
    phrases: [
      'nationality', 'citizenship', 'home country', 'homeland', 'country of (?:origin|birth)', 'place of birth', 'birthplace',
      'heritage', 'ancestry', 'roots', 'immigration status', 'native (?:language|tongue)', 'mother tongue',
      'first language', '(?:\\w+ )?accent(?!s?\\s*colou?rs?)', '(?:last |family |sur)?name (?:from|come from|originate)',
    ],
  },
  { topic: TOPIC.race, phrases: ['race', 'racial \\w+', 'skin (?:colou?r|tone)', 'complexion', 'ethnicity', 'ethnic \\w+'] },
  {
    topic: TOPIC.health,
    phrases: [
      'disabilit(?:y|ies)', 'illness(?:es)?', 'diagnosis', 'medications?', 'medicines?', 'meds', 'therapy', 'therapist',
      'wheelchair', 'hearing aid', 'mental health', 'depression', 'anxiety', 'adhd', 'autism', 'dyslexia', 'cancer',
      'surger(?:y|ies)', 'injur(?:y|ies)', 'medical (?:condition|conditions|history|leave|records?)', SICK_TIME,
      'stutter', 'limp', HEALTH_NOT_SYSTEM,
    ],
  },
  { topic: TOPIC.orientation, phrases: ['sexual orientation', 'sexuality', 'sexual preference'] },
  { topic: TOPIC.gender, phrases: ['gender(?: identity)?', 'sex', 'birth name', 'deadname', 'dead name'] },
];

/** Phrases that touch the characteristic whoever they are about. */
export const ALWAYS: readonly TopicPhrases[] = [
  { topic: TOPIC.age, phrases: ['digital native', 'boomers?', 'millennials?', 'gen[\\s-]?z', 'generation [xyz]'] },
  {
    topic: TOPIC.family,
    phrases: [
      'marital status', 'relationship status', 'maiden name', 'daycare', 'day care', 'school run', 'childcare', 'child care',
      'child-care', 'childminder', 'babysitter', 'nanny', 'single (?:mom|mum|mother|dad|father|parent)',
      'family (?:commitments|obligations|responsibilities|situation|plans|planning|reasons|emergency|status|circumstances)',
      '(?:commitments|responsibilities|obligations|ties|situation|circumstances) at home', 'home (?:life|situation|circumstances)',
      'anything (?:at home|in your personal life|outside (?:of )?work) that (?:would|might|could|will) (?:stop|prevent|keep|affect|limit|get in the way)',
    ],
  },
  {
    topic: TOPIC.pregnancy,
    phrases: ['pregnan(?:t|cy|cies)', 'expecting (?:a|another|your (?:first|second|third)) (?:baby|child)', '(?:maternity|paternity|parental) plans'],
  },
  {
    topic: TOPIC.religion,
    phrases: [
      `(?:go|goes|going|gone|went|attend|attends|attended|attending)\\s+(?:to\\s+)?(?:a\\s+|the\\s+|(?:his|her|their|your)\\s+)?(?:local\\s+)?(?:${alt(WORSHIP_PLACES)})\\b`,
      'place of worship', '(?:wears|wore|wearing|wear)\\s+(?:an?\\s+|his\\s+|her\\s+|their\\s+|your\\s+)?(?:hijab|headscarf|head scarf|turban|kippah|yarmulke|burqa|niqab|crucifix)',
    ],
  },
  {
    topic: TOPIC.origin,
    phrases: ['nationality', 'national origin', 'citizenship status', 'immigration status', 'immigrant', 'immigrated', 'country of (?:origin|birth)', 'place of birth', 'birthplace', 'mother tongue', 'native tongue'],
  },
  { topic: TOPIC.race, phrases: ['ethnicity', 'ethnic (?:background|origin|group|heritage)', 'racial (?:background|identity|heritage|origin)', 'skin colou?r', 'mixed[\\s-]race'] },
  { topic: TOPIC.orientation, phrases: ['sexual orientation', 'sexuality', 'gay', 'lesbian', 'bisexual', 'homosexual', 'heterosexual', 'asexual', 'pansexual', 'queer', 'same[\\s-]sex', 'lgbtq?(?:ia)?'] },
  {
    topic: TOPIC.gender,
    phrases: [
      'gender identity', 'transgender', 'non[\\s-]?binary', 'assigned (?:male|female) at birth', 'sex (?:assigned )?at birth',
      'biological sex', 'born (?:as )?(?:a )?(?:man|woman|male|female|boy|girl)', 'birth name', 'deadname',
      '(?:a )?man or (?:a )?woman', 'male or female',
    ],
  },
];

/**
 * Everyday-life words that usually mean the person's own life. Excused in a
 * sentence about someone else (see `isAboutSomeoneElse`).
 */
export const MENTIONS: readonly TopicPhrases[] = [
  {
    topic: TOPIC.age,
    phrases: [
      '(?:graduat(?:e|ed|ing|ion)|finish(?:ed)?|leav(?:e|ing)|left) (?:from )?high school', 'high school graduation',
      '(?:until|till|before|when|after|once) you retire', 'years? (?:until|till|before|from) retirement',
      '(?:near(?:ing)?|close to|approaching) retirement', 'retirement age',
    ],
  },
  {
    topic: TOPIC.family,
    phrases: [
      `(?:caring|care|cares|cared|looking after|look after|looks after|responsible) for (?:an? |your |his |her |their |my )?(?:elderly|ageing|aging|sick|ill|disabled|young|little|small|own)? ?(?:${alt([...PARTNER_AND_CHILD_NOUNS, 'child(?:ren)?', 'parents?', 'mother', 'father', 'mum', 'mom', 'dad', 'relatives?', 'grandparents?', 'famil(?:y|ies)'])})`,
      '(?:elderly|ageing|aging) (?:parents?|relatives?|mother|father|mum|mom|dad)', 'primary care-?giver', 'caregiv(?:er|ers|ing)', 'carers?',
      'single parent', 'working (?:mom|mum|mother|dad|father|parent)',
    ],
  },
  { topic: TOPIC.pregnancy, phrases: ['(?:maternity|paternity|parental|adoption) leave'] },
  {
    topic: TOPIC.religion,
    phrases: [
      // "pray the deploy works" is a figure of speech.
      'religion', 'religious(?!\\s+about)', 'pray(?:s|ed|ing|er|ers)?(?!\\s+(?:the|that|it|this)\\b)', 'worship(?:s|ped|ping)?', 'fasting', ...OBSERVANCES,
    ],
  },
  { topic: TOPIC.origin, phrases: ['native (?:\\w+ )?speaker', '(?:speak|spoken|speaks) at home'] },
  {
    topic: TOPIC.health,
    phrases: [
      SICK_TIME, 'off sick', 'called in sick', 'days? off (?:sick|ill)', 'medications?', 'on (?:any )?meds', 'mental health',
      'mental illness', 'psychiatric', 'depression', 'chronic (?:illness|conditions?|pain)', 'surger(?:y|ies)',
      '(?:medical|health|physical|mental(?: health)?|pre-existing|long-term) (?:conditions?|issues?|problems?|limitations?|impairments?|history)',
      'disabilit(?:y|ies)', 'workers\' comp(?:ensation)?',
    ],
  },
];

// ---------------------------------------------------------------------------
// Someone else's needs
// ---------------------------------------------------------------------------

/**
 * People other than the candidate. A sentence that names one of them is about
 * how the candidate supported others, so mere mentions there are fine.
 * "your team" counts; "you" alone never does.
 */
const OTHERS = new RegExp(
  `\\b(?:${alt([
    'colleagues?', 'co-?workers?', 'teammates?', 'team[\\s-]?members?', '(?:direct )?reports', 'employees?', 'staff',
    'peers?', 'customers?', 'users?', 'clients?', 'stakeholders?', 'someone else', 'others', 'other people',
    '(?:your|the|a|our|their|my) (?:\\w+ )?teams?', 'people on', 'a (?:report|manager|candidate|contractor|new hire|member)',
  ])})\\b`,
  'i',
);

export function isAboutSomeoneElse(sentence: string): boolean {
  return OTHERS.test(sentence);
}

/**
 * Returns a function that tells, for a span, whether its sentence (between
 * terminators or line breaks) is about someone else. Sentence breaks are
 * found once and looked up by binary search, and each sentence is tested
 * once, so many hits in a long text stay linear.
 */
export function someoneElseLookup(text: string): (index: number) => boolean {
  const breaks: number[] = [];
  for (let i = 0; i < text.length; i++) if ('.?!\n'.includes(text.charAt(i))) breaks.push(i);
  const cache = new Map<number, boolean>();
  return (index) => {
    let lo = 0;
    let hi = breaks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((breaks[mid] ?? 0) < index) lo = mid + 1;
      else hi = mid;
    }
    const from = lo === 0 ? 0 : (breaks[lo - 1] ?? 0) + 1;
    const to = breaks[lo] ?? text.length;
    let about = cache.get(from);
    if (about === undefined) {
      about = isAboutSomeoneElse(text.slice(from, to));
      cache.set(from, about);
    }
    return about;
  };
}

// ---------------------------------------------------------------------------
// Matching
// ---------------------------------------------------------------------------

export interface TopicPattern {
  topic: ProtectedTopic;
  pattern: RegExp;
}

/**
 * One global pattern per topic, so each topic costs one scan: the strong
 * phrases first, then the everyday mentions as the only capture group.
 * `before`/`after` are each linter's word edges.
 */
export function topicPattern(topic: ProtectedTopic, strong: readonly string[], mentions: readonly string[], before: string, after: string): TopicPattern {
  const parts = [...(strong.length > 0 ? [alt(strong)] : []), ...(mentions.length > 0 ? [`(${alt(mentions)})`] : [])];
  return { topic, pattern: new RegExp(`${before}(?:${parts.join('|')})${after}`, 'gi') };
}

/** Every protected phrase in the text, mentions excused in sentences about someone else, overlaps dropped. */
export function protectedHits(patterns: readonly TopicPattern[], text: string): Array<Span & { topic: ProtectedTopic }> {
  const hits: Array<Span & { topic: ProtectedTopic }> = [];
  let aboutSomeoneElse: ((index: number) => boolean) | undefined;
  for (const { topic, pattern } of patterns) {
    for (const m of text.matchAll(pattern)) {
      if (m[0].length === 0) continue;
      const start = m.index;
      if (m[1] !== undefined) {
        aboutSomeoneElse ??= someoneElseLookup(text);
        if (aboutSomeoneElse(start)) continue;
      }
      hits.push({ start, end: start + m[0].length, topic });
    }
  }
  return dropOverlaps(hits);
}
