// Deterministic generator of a workspace with years of hiring history.
//   npm run bench:seed -- --scale small|large|huge [--seed 1] [--dir path]
// The small reference tables (principles with revisions, questions, team, roles, "me") go through
// workspace.dispatch, exactly as the app writes them. The high-volume history (candidates, loops,
// slots, kits, feedback, debriefs, re-votes, decisions and their activity rows) is written with the
// same db/queries insert functions the handlers call, in large transactions. See bench/README.md.
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ApiResult } from '../core/api/contract/result';
import type { Candidate, CandidateStatus } from '../core/api/contract/candidates';
import type { Decision, FeedbackRecord } from '../core/api/contract/feedback';
import type { Loop, LoopStatus } from '../core/api/contract/loops';
import type { Principle } from '../core/api/contract/principles';
import type { Question } from '../core/api/contract/questions';
import type { Role } from '../core/api/contract/roles';
import type { TeamMember } from '../core/api/contract/team';
import type { Capability } from '../core/rules/planTypes';
import type { Vote } from '../core/rules/feedbackTypes';
import { openWorkspace } from '../core/server/workspace';
import { DATABASE_FILE_NAME, openDatabase } from '../db/open';
import { insertActivity } from '../db/queries/activity';
import { saveCandidate } from '../db/queries/candidates';
import { insertRevote, saveDebrief, saveDecision, saveFeedback, supersedeFeedback } from '../db/queries/feedback';
import { replaceKitEntries, saveLoop } from '../db/queries/loops';

export type Scale = 'small' | 'large' | 'huge';
export const SCALES: Record<Scale, number> = { small: 0.1, large: 1, huge: 4 };

/** `large`: ten years of a 1,500-person company. `small` is a tenth, `huge` four times. */
export function sizes(scale: Scale) {
  const f = SCALES[scale];
  return {
    principles: 16,
    questions: Math.round(3_000 * f),
    members: Math.round(1_500 * f),
    roles: Math.round(300 * f),
    candidates: Math.round(60_000 * f),
    loops: Math.round(40_000 * f),
    slots: Math.round(170_000 * f),
  };
}

export function workspaceDir(scale: Scale, seed = 1): string {
  return join(tmpdir(), `principled-bench-${scale}-seed${seed}`);
}

/** mulberry32: a small, fast, seedable generator, so every run seeds the same company. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;
  return { next, int, pick };
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ren', 'tas', 'vo', 'sha', 'del', 'pri', 'nor', 'ex', 'ul', 'bar', 'ten', 'qui', 'zo', 'fen', 'gar', 'hol', 'is'];
const COMMON = [
  'the', 'team', 'customer', 'deadline', 'launch', 'metric', 'incident', 'migration', 'budget', 'hiring', 'design', 'review',
  'conflict', 'priority', 'data', 'latency', 'outage', 'roadmap', 'tradeoff', 'feedback', 'ownership', 'mentor', 'scope', 'risk',
  'we', 'they', 'she', 'he', 'decided', 'shipped', 'measured', 'escalated', 'simplified', 'rewrote', 'negotiated', 'cut', 'and',
  'with', 'after', 'because', 'so', 'then', 'which', 'improved', 'reduced', 'by', 'percent', 'weeks', 'two', 'three', 'a', 'of',
];

/** A deterministic vocabulary: common words plus invented ones, so full-text search has rare and frequent terms. */
function vocabulary(): string[] {
  const r = rng(7);
  const words = new Set<string>(COMMON);
  while (words.size < 3_000) words.add(Array.from({ length: 2 + r.int(2) }, () => r.pick(SYLLABLES)).join(''));
  return [...words];
}

const DAY = 86_400_000;
const END = Date.UTC(2026, 10, 1, 9, 0, 0);
const START = END - 10 * 365 * DAY;
const iso = (ms: number) => new Date(ms).toISOString();
const TEAMS = ['Engineering', 'Sales', 'Operations', 'Design', 'Finance', 'Support', 'Marketing', 'People'];
const FIRST = ['Ada', 'Ben', 'Chloe', 'Dev', 'Elif', 'Farah', 'Gus', 'Hana', 'Ivo', 'Jun', 'Kofi', 'Lena', 'Mateo', 'Noor', 'Omar', 'Priya', 'Quinn', 'Rui', 'Sana', 'Tomas'];
const LAST = ['Abbott', 'Baker', 'Castro', 'Diaz', 'Engel', 'Fischer', 'Garcia', 'Haddad', 'Ito', 'Jensen', 'Kim', 'Larsen', 'Moreau', 'Nakamura', 'Okafor', 'Petrov', 'Quist', 'Rossi', 'Singh', 'Tanaka'];
const VOTES: Vote[] = ['strong_hire', 'inclined', 'not_inclined', 'strong_no_hire'];

function value<T>(r: ApiResult<T>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

export interface SeedReport {
  scale: Scale;
  seed: number;
  file: string;
  apiMs: number;
  bulkMs: number;
  totalMs: number;
  counts: Record<string, number>;
  fileBytes: number;
}

export function seedWorkspace(scale: Scale, seed = 1, dir = workspaceDir(scale, seed), log: (s: string) => void = () => {}): SeedReport {
  const n = sizes(scale);
  const r = rng(seed);
  const words = vocabulary();
  const text = (count: number) => {
    let s = '';
    for (let i = 0; i < count; i++) s += (i ? ' ' : '') + (r.next() < 0.6 ? (COMMON[r.int(COMMON.length)] as string) : (words[r.int(words.length)] as string));
    return s;
  };
  if (existsSync(dir)) {
    // The folder is deleted whole before seeding; with --dir pointing anywhere, only a workspace goes.
    const names = readdirSync(dir);
    if (names.length && !names.includes(DATABASE_FILE_NAME)) throw new Error(`${dir} is not empty and holds no workspace; not seeding over it`);
    rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync(dir, { recursive: true });
  const t0 = performance.now();

  // ---- Through the API: the reference data, a few thousand calls. Its clock walks through the first year.
  let clock = START;
  const workspace = openWorkspace(dir, { clock: () => new Date(clock) });
  const call = <T>(method: string, input: unknown): T => {
    clock += 60_000;
    return value(workspace.dispatch(method, input) as ApiResult<T>);
  };
  call('workspace.start', { starter: false });
  const principles: Principle[] = [];
  for (let i = 0; i < n.principles; i++) {
    principles.push(
      call<Principle>('principles.create', {
        name: `Principle ${i + 1} ${words[i] ?? ''}`.trim(),
        summary: `We ${text(8)}.`,
        description: text(40),
        anchors: [text(8), text(8), text(8), text(8)],
      }),
    );
  }
  // Revisions: each principle is edited one to three times over the years.
  for (let i = 0; i < principles.length; i++) {
    let p = principles[i] as Principle;
    for (let k = 0; k < 1 + r.int(3); k++) p = call<Principle>('principles.update', { id: p.id, revision: p.revision, summary: `We ${text(9)}.` });
    principles[i] = p;
  }
  const questions: Question[] = [];
  for (let i = 0; i < n.questions; i++) {
    const count = 1 + (r.next() < 0.3 ? 1 : 0);
    const ids = new Set<string>();
    while (ids.size < count) ids.add(r.pick(principles).id);
    questions.push(
      call<Question>('questions.create', {
        text: `Tell me about a time you had to handle ${text(6)} (${i + 1}).`,
        principleIds: [...ids],
        probes: [`What did you do about the ${text(2)}?`, 'What was the result?'],
        tags: r.next() < 0.5 ? [r.pick(['coding', 'leadership', 'sales', 'design', 'ops', 'people', 'data'])] : [],
      }),
    );
  }
  const members: TeamMember[] = [];
  for (let i = 0; i < n.members; i++) {
    // A reporting tree about six levels deep: each person reports to someone added before them.
    const manager = i === 0 ? null : members[r.int(Math.max(1, Math.min(i, Math.ceil(i / 3))))] ?? null;
    const capabilities: Capability[] = ['interviewer'];
    if (i === 0) capabilities.push('founder');
    if (r.next() < 0.06) capabilities.push('bar_raiser');
    else if (r.next() < 0.03) capabilities.push('bar_raiser_in_training');
    if (r.next() < 0.12 || i < 10) capabilities.push('hiring_manager');
    const first = FIRST[i % FIRST.length] as string;
    const last = LAST[Math.floor(i / FIRST.length) % LAST.length] as string;
    members.push(
      call<TeamMember>('team.create', {
        name: `${first} ${last} ${i}`,
        email: `${first}.${last}.${i}@example.com`.toLowerCase(),
        title: r.pick(['Engineer', 'Manager', 'Designer', 'Analyst', 'Lead']),
        team: TEAMS[i % TEAMS.length],
        managerId: manager?.id ?? null,
        capabilities,
      }),
    );
  }
  // About one in ten people has since left.
  for (const m of members.slice(1)) {
    if (r.next() < 0.1) call('team.update', { id: m.id, revision: m.revision, status: 'left' });
  }
  const managers = members.filter((m) => m.capabilities.includes('hiring_manager'));
  const raisers = members.filter((m) => m.capabilities.includes('bar_raiser'));
  const roles: Role[] = [];
  for (let i = 0; i < n.roles; i++) {
    const focus = [...new Set([r.pick(principles).id, r.pick(principles).id, r.pick(principles).id])];
    const slotsPer = 3 + r.int(3);
    roles.push(
      call<Role>('roles.create', {
        title: `${r.pick(['Senior', 'Staff', 'Junior', 'Lead', 'Principal'])} ${r.pick(['Engineer', 'Designer', 'Account Executive', 'Analyst', 'Recruiter'])} ${i + 1}`,
        team: TEAMS[i % TEAMS.length],
        hiringManagerId: r.pick(managers).id,
        focusPrincipleIds: focus,
        template: Array.from({ length: slotsPer }, (_, k) => ({
          title: `Interview ${k + 1}`,
          durationMinutes: 45,
          principleIds: [...new Set([focus[k % focus.length] as string, r.pick(principles).id])],
        })),
      }),
    );
  }
  // "Me" is a busy interviewer, so home and feedback.owed have something to show.
  const me = members[1] as TeamMember;
  call('settings.setMe', { memberId: me.id });
  workspace.close();
  const apiMs = performance.now() - t0;
  log(`reference data through the API: ${(apiMs / 1000).toFixed(1)} s`);

  // ---- Bulk history through the db/queries insert functions, in big transactions.
  const t1 = performance.now();
  const db = openDatabase(join(dir, DATABASE_FILE_NAME));
  db.pragma('synchronous = OFF');
  let idCounter = 0;
  /** UUIDv7-shaped, time-ordered like newId(), but deterministic. */
  const id = (ms: number) => {
    const hex = Math.floor(ms).toString(16).padStart(12, '0');
    const c = (idCounter++).toString(16).padStart(12, '0');
    const rnd = Math.floor(r.next() * 0xfff).toString(16).padStart(3, '0');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${rnd}-8${c.slice(0, 3)}-${c.slice(3)}000`.slice(0, 36);
  };
  const counts: Record<string, number> = { candidates: 0, loops: 0, slots: 0, kitQuestions: 0, feedback: 0, ratings: 0, debriefs: 0, revotes: 0, decisions: 0, activity: 0 };
  const activity = (at: number, actor: string, method: string, entity: string, entityId: string, summary: string) => {
    insertActivity(db, { id: id(at), at: iso(at), actor, method, entity, entityId, summary });
    counts.activity = (counts.activity ?? 0) + 1;
  };
  const byPrinciple = new Map<string, Question[]>();
  for (const q of questions) for (const p of q.principleIds) byPrinciple.set(p, [...(byPrinciple.get(p) ?? []), q]);
  const activeInterviewers = members.filter((m) => m.status === 'active');

  // Candidates arrive evenly over ten years; each loop belongs to one of them (some candidates have several).
  const candidates: Candidate[] = [];
  const insertCandidates = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const at = START + ((END - START) * i) / n.candidates;
      const first = r.pick(FIRST);
      const last = r.pick(LAST);
      const c: Candidate = {
        id: id(at),
        name: `${first} ${last} ${words[r.int(words.length)]}`,
        email: `${first}.${last}.${i}@mail.example`.toLowerCase(),
        phone: '',
        source: r.pick(['referral', 'inbound', 'agency', 'sourced', 'event']),
        links: [],
        notes: r.next() < 0.3 ? text(20) : '',
        status: 'active',
        cooldownUntil: null,
        revision: 1,
        createdAt: iso(at),
        updatedAt: iso(at),
      };
      saveCandidate(db, c);
      activity(at, me.id, 'candidates.create', 'candidate', c.id, `Added ${c.name}`);
      candidates.push(c);
      counts.candidates = (counts.candidates ?? 0) + 1;
    }
  });
  for (let i = 0; i < n.candidates; i += 5_000) insertCandidates(i, Math.min(n.candidates, i + 5_000));
  log(`candidates: ${((performance.now() - t1) / 1000).toFixed(1)} s`);

  const slotsPerLoop = n.slots / n.loops;
  let slotBudget = n.slots;
  const insertLoops = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      // Loops follow their candidates in time; the newest ~4% are still in flight, in every status.
      const candidate = candidates[Math.min(candidates.length - 1, Math.floor((i / n.loops) * candidates.length))] as Candidate;
      const created = Date.parse(candidate.createdAt) + DAY * (1 + r.int(5));
      const age = (i / n.loops);
      let status: LoopStatus;
      // Older loops are finished: closed after their decision, or cancelled.
      if (age < 0.96) status = r.next() < 0.08 ? 'cancelled' : 'closed';
      else status = r.pick(['draft', 'planned', 'interviewing', 'interviewing', 'debrief', 'decided', 'closed', 'cancelled'] as const);
      const role = r.pick(roles);
      const remainingLoops = n.loops - i;
      const slotCount = Math.max(1, Math.min(8, Math.round(slotBudget / remainingLoops + (r.next() - 0.5) * 2 * Math.min(1, slotsPerLoop - 1))));
      slotBudget -= slotCount;
      const used = new Set<string>();
      const interviewer = () => {
        for (;;) {
          const m = r.next() < 0.004 ? me : r.pick(activeInterviewers); // a busy interviewer: several times the average
          if (!used.has(m.id)) {
            used.add(m.id);
            return m;
          }
        }
      };
      const loopId = id(created);
      const slots = Array.from({ length: slotCount }, (_, k) => {
        const tpl = role.template[k % role.template.length];
        return {
          id: id(created),
          position: k,
          title: tpl?.title ?? `Interview ${k + 1}`,
          durationMinutes: 45,
          interviewerId: status === 'draft' ? null : interviewer().id,
          traineeId: null,
          startsAt: status === 'draft' ? null : iso(created + DAY * (3 + k) + 3_600_000 * k),
          principleIds: tpl?.principleIds ?? [r.pick(principles).id],
        };
      });
      const barRaiser = status === 'draft' ? null : r.pick(raisers);
      const loop: Loop = {
        id: loopId,
        candidateId: candidate.id,
        roleId: role.id,
        status,
        hiringManagerId: role.hiringManagerId,
        barRaiserId: barRaiser?.id ?? null,
        shadowIds: r.next() < 0.1 ? [interviewer().id] : [],
        slots,
        cancelReason: status === 'cancelled' ? 'Candidate withdrew' : null,
        overrideReason: null,
        revision: 1,
        createdAt: iso(created),
        updatedAt: iso(created + DAY * 12),
      };
      saveLoop(db, loop);
      counts.loops = (counts.loops ?? 0) + 1;
      counts.slots = (counts.slots ?? 0) + slots.length;
      activity(created, me.id, 'loops.create', 'loop', loopId, `Created a loop for ${candidate.name} (${role.title})`);
      if (status === 'draft') continue;
      activity(created + 3_600_000, me.id, 'loops.plan', 'loop', loopId, 'Edited the plan');
      activity(created + 7_200_000, me.id, 'loops.transition', 'loop', loopId, 'Planned the loop');
      // Kits: two questions per principle of each slot.
      const kit = slots.flatMap((s) =>
        s.principleIds.flatMap((p) => {
          const pool = byPrinciple.get(p) ?? [];
          const a = pool[r.int(pool.length)];
          const b = pool[r.int(pool.length)];
          return [{ slotId: s.id, principleId: p, questionIds: [...new Set([a, b].filter((q): q is Question => !!q).map((q) => q.id))] }];
        }),
      );
      replaceKitEntries(db, loopId, kit);
      counts.kitQuestions = (counts.kitQuestions ?? 0) + kit.reduce((sum, e) => sum + e.questionIds.length, 0);
      if (status === 'planned') continue;
      activity(created + DAY * 2, me.id, 'loops.transition', 'loop', loopId, 'Started interviewing');
      const votes: { author: string; vote: Vote }[] = [];
      slots.forEach((s, k) => {
        if (status === 'interviewing' && k >= slotCount / 2) return; // the rest is still owed
        if (status === 'cancelled' && k > 0) return;
        const author = s.interviewerId as string;
        const at = Date.parse(s.startsAt as string) + 3_600_000 * (1 + r.int(30));
        const vote = VOTES[Math.min(3, Math.floor(r.next() * r.next() * 4 + r.next() * 1.5))] as Vote;
        const record = (version: number, superseded: boolean): FeedbackRecord => {
          const ratings = s.principleIds.map((p) => {
            const total = 60 + r.int(191); // 60–250 words of evidence per rating
            const part = Math.floor(total / 4);
            return {
              principleId: p,
              rating: (1 + r.int(4)) as 1 | 2 | 3 | 4,
              notAssessed: false,
              notAssessedReason: '',
              evidence: { situation: text(part), task: text(part), action: text(part), result: text(total - 3 * part) },
            };
          });
          return {
            id: id(at),
            loopId,
            slotId: s.id,
            authorId: author,
            kind: 'interview',
            status: 'submitted',
            version,
            amendmentReason: version > 1 ? 'Added detail I had left out' : null,
            vote,
            raiseBar: r.pick(['yes', 'no', 'not_sure'] as const),
            reasonToHire: text(15),
            reasonNotToHire: text(12),
            questionsAsked: kit.filter((e) => e.slotId === s.id).flatMap((e) => e.questionIds.map((q) => ({ questionId: q, text: '' }))),
            principleRevisions: Object.fromEntries(s.principleIds.map((p) => [p, principles.find((x) => x.id === p)?.revision ?? 1])),
            sawOthersBeforeSubmitting: false,
            submittedAt: iso(at + (superseded ? 0 : 60_000 * version)),
            updatedAt: iso(at),
            ratings,
          };
        };
        if (r.next() < 0.03) {
          const first = record(1, true);
          saveFeedback(db, first, iso(at));
          supersedeFeedback(db, first.id);
          counts.feedback = (counts.feedback ?? 0) + 1;
          counts.ratings = (counts.ratings ?? 0) + first.ratings.length;
          activity(at, author, 'feedback.submit', 'feedback', first.id, 'submitted feedback');
          const second = record(2, false);
          saveFeedback(db, second, iso(at));
          counts.feedback = (counts.feedback ?? 0) + 1;
          counts.ratings = (counts.ratings ?? 0) + second.ratings.length;
          activity(at + 60_000, author, 'feedback.amend', 'feedback', second.id, 'amended feedback (version 2): Added detail I had left out');
        } else {
          const f = record(1, false);
          saveFeedback(db, f, iso(at));
          counts.feedback = (counts.feedback ?? 0) + 1;
          counts.ratings = (counts.ratings ?? 0) + f.ratings.length;
          activity(at, author, 'feedback.submit', 'feedback', f.id, 'submitted feedback');
        }
        votes.push({ author, vote });
      });
      if (status === 'interviewing' || status === 'cancelled') continue;
      const debriefAt = created + DAY * 12;
      saveDebrief(db, loopId, { openedAt: iso(debriefAt), earlyReason: null, notes: text(40) }, iso(debriefAt));
      counts.debriefs = (counts.debriefs ?? 0) + 1;
      activity(debriefAt, barRaiser?.id ?? me.id, 'debrief.get', 'loop', loopId, 'opened the debrief');
      if (votes.length && r.next() < 0.15) {
        const v = r.pick(votes);
        const to = VOTES[(VOTES.indexOf(v.vote) + 1) % 4] as Vote;
        insertRevote(db, loopId, { id: id(debriefAt), authorId: v.author, fromVote: v.vote, toVote: to, note: text(12), at: iso(debriefAt + 600_000) });
        counts.revotes = (counts.revotes ?? 0) + 1;
        activity(debriefAt + 600_000, v.author, 'debrief.revote', 'loop', loopId, 're-voted in the debrief');
      }
      if (status === 'debrief') continue;
      const hire = r.next() < 0.25;
      const decidedAt = debriefAt + DAY;
      const decision: Decision = {
        id: id(decidedAt),
        loopId,
        hiringManagerId: role.hiringManagerId as string,
        decision: hire ? 'hire' : 'no_hire',
        rationale: text(25),
        recycle: hire ? null : r.pick(['recycle', 'no_recycle'] as const),
        cooldownUntil: hire ? null : iso(decidedAt + 180 * DAY),
        decidedAt: iso(decidedAt),
        barRaiserId: barRaiser?.id ?? null,
        verdict: 'concur',
        verdictRationale: text(10),
        citedPrincipleIds: [],
        verdictAt: iso(decidedAt + 3_600_000),
        outcome: hire ? 'hire' : 'no_hire',
        reopenedReason: null,
        feedbackIds: null,
      };
      saveDecision(db, decision);
      counts.decisions = (counts.decisions ?? 0) + 1;
      activity(decidedAt, decision.hiringManagerId, 'decision.decide', 'loop', loopId, `decided ${hire ? 'hire' : 'no hire'}`);
      activity(decidedAt + 3_600_000, decision.barRaiserId ?? me.id, 'decision.verdict', 'loop', loopId, 'concurred');
      const candStatus: CandidateStatus = hire ? 'hired' : 'rejected';
      if (status === 'closed' || status === 'decided') {
        db.prepare('UPDATE candidates SET status = ?, cooldown_until = ?, revision = revision + 1, updated_at = ? WHERE id = ?').run(
          candStatus,
          decision.cooldownUntil,
          iso(decidedAt),
          candidate.id,
        );
      }
    }
  });
  for (let i = 0; i < n.loops; i += 1_000) {
    insertLoops(i, Math.min(n.loops, i + 1_000));
    if (i % 10_000 === 0) log(`loops ${i}: ${((performance.now() - t1) / 1000).toFixed(1)} s`);
  }
  db.pragma('synchronous = NORMAL');
  // No ANALYZE: the app never runs it, so users' files hold no planner statistics, and a seeded file that did
  // measured plans (and, with sqlite_stat4, statements prepared again at each call) that users never get.
  db.pragma('wal_checkpoint(TRUNCATE)');
  const fileBytes = (db.prepare('SELECT page_count * page_size AS b FROM pragma_page_count(), pragma_page_size()').get() as { b: number }).b;
  db.close();
  const bulkMs = performance.now() - t1;
  counts.principles = principles.length;
  counts.questions = questions.length;
  counts.members = members.length;
  counts.roles = roles.length;
  return { scale, seed, file: join(dir, DATABASE_FILE_NAME), apiMs, bulkMs, totalMs: performance.now() - t0, counts, fileBytes };
}

/** `--dir` defaults to the scale's folder under the temp folder; every bench script reads the same place. */
export function parseArgs(argv: readonly string[]): { scale: Scale; seed: number; dir: string } {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const scale = (get('scale') ?? 'small') as Scale;
  if (!(scale in SCALES)) throw new Error(`--scale must be small, large or huge (got ${scale})`);
  const seed = Number(get('seed') ?? 1);
  const dir = get('dir');
  if (argv.includes('--dir') && !dir) throw new Error('--dir needs a folder');
  return { scale, seed, dir: dir ? resolve(dir) : workspaceDir(scale, seed) };
}

if (process.argv[1]?.endsWith('seed.ts')) {
  const { scale, seed, dir } = parseArgs(process.argv.slice(2));
  const report = seedWorkspace(scale, seed, dir, (s) => console.log(s));
  writeFileSync(join(dir, 'seed.json'), JSON.stringify(report, null, 2));
  console.log(JSON.stringify(report, null, 2));
}
