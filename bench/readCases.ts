// The screen reads the benchmark measures, each with a hand-written prepared statement for the same data:
// bench/run.ts times them with the rest of the suite; a script of one's own can import them to profile a case.
import type Database from 'better-sqlite3-multiple-ciphers';
import { rng, sizes, type Scale } from './seed';

export interface Case {
  name: string;
  kind: 'screen' | 'aggregate' | 'search';
  api: (i: number) => [string, unknown];
  raw?: (i: number) => unknown;
}

/** How many different arguments each case is called with. */
export const RUNS = 60;

export function readCases(raw: Database.Database, scale: Scale, seed: number) {
  const r = rng(seed + 1000);
  const me = (raw.prepare(`SELECT value FROM settings WHERE key = 'me'`).get() as { value: string }).value.replace(/^"|"$/g, '');
  const col = (sql: string, ...params: unknown[]) => (raw.prepare(sql).all(...params) as { id: string }[]).map((x) => x.id);
  const sample = <T>(xs: readonly T[], k: number) => Array.from({ length: k }, () => r.pick(xs));
  const loopIds = sample(col(`SELECT id FROM loops`), RUNS);
  const startedLoopIds = sample(col(`SELECT id FROM loops WHERE status NOT IN ('draft', 'planned', 'cancelled')`), RUNS);
  const candidateIds = sample(col(`SELECT id FROM candidates`), RUNS);
  const memberIds = sample(col(`SELECT id FROM team_members WHERE status = 'active'`), RUNS);
  const roleIds = sample(col(`SELECT id FROM roles`), RUNS);
  const principleIds = col(`SELECT id FROM principles`);
  const debriefLoopIds = sample(
    col(
      `SELECT f.loop_id AS id FROM feedback f JOIN debriefs d ON d.loop_id = f.loop_id
       WHERE f.author_id = ? AND f.status = 'submitted' AND f.superseded = 0`,
      me,
    ),
    RUNS,
  );
  const words = ['customer', 'deadline', 'migration', 'outage', 'latency', 'mentor', 'roadmap', 'conflict', 'budget', 'incident'];
  const rareWords = (raw.prepare(`SELECT term AS id FROM (SELECT DISTINCT name AS term FROM candidates LIMIT 400)`).all() as { id: string }[])
    .map((x) => x.id.split(' ').at(-1) ?? '')
    .filter(Boolean);
  const STATUSES = ['open', 'all', 'interviewing', 'decided', 'closed'] as const;
  // Evidence search alternates a common word (in most evidence) with a rare one (in ~2 %), taken from the evidence itself.
  const rareEvidenceWords = (raw.prepare(`SELECT action AS id FROM feedback_ratings WHERE rowid IN (11, 5003, 20011, 40009, 80021, 120007, 160001, 200003)`).all() as { id: string }[])
    .map((x) => x.id.split(' ').find((w) => w.length > 4 && !words.includes(w) && /^[a-z]+$/.test(w)) ?? 'kalo');
  const evidenceWords = words.flatMap((w, i) => [w, rareEvidenceWords[i % rareEvidenceWords.length] ?? 'kalo']);


  const p = <T>(sql: string) => raw.prepare(sql) as Database.Statement<unknown[], T>;
  // Hand-written statements: the same rows the screen shows, with no API, validation or JSON-shaping around them.
  const rawQuestionsCount = p(`SELECT count(*) n FROM questions WHERE status = 'active'`);
  // The unary + as in db/queries/questions.ts: the plan a file without statistics would otherwise not take.
  const rawQuestionsPage = p(`SELECT * FROM questions WHERE +status = 'active' ORDER BY id DESC LIMIT 100`);
  const rawQuestionLinks = p(`SELECT * FROM question_principles WHERE question_id IN (SELECT value FROM json_each(?))`);
  const rawQuestionsFts = p(
    `SELECT q.* FROM questions q JOIN questions_fts f ON f.rowid = q.rowid WHERE questions_fts MATCH ? AND q.status = 'active' ORDER BY f.rank LIMIT 100`,
  );
  const rawCandidatesCount = p(`SELECT count(*) n FROM candidates`);
  const rawCandidatesPage = p(`SELECT * FROM candidates ORDER BY id DESC LIMIT 100 OFFSET ?`);
  const rawCandidatesFts = p(
    `SELECT c.* FROM candidates c JOIN candidates_fts f ON f.rowid = c.rowid WHERE candidates_fts MATCH ? ORDER BY f.rank LIMIT 100`,
  );
  // What each row of the list shows, its slots' count and first start included (as for kits and the debrief).
  const rawLoops = p(
    `SELECT l.*, c.name, r.title, (SELECT count(*) FROM loop_slots s WHERE s.loop_id = l.id) AS slots,
       (SELECT min(s.starts_at) FROM loop_slots s WHERE s.loop_id = l.id) AS first_start
     FROM loops l JOIN candidates c ON c.id = l.candidate_id JOIN roles r ON r.id = l.role_id
     WHERE l.status NOT IN ('closed', 'cancelled') ORDER BY l.id DESC LIMIT 500`,
  );
  // What a candidate's history shows: each loop's role, status and last change, the latest changed first.
  const rawLoopsByCandidate = p(
    `SELECT l.id, l.status, r.title, l.updated_at FROM loops l JOIN roles r ON r.id = l.role_id WHERE l.candidate_id = ?
     ORDER BY l.updated_at DESC, l.id DESC`,
  );
  const rawLoop = p(`SELECT * FROM loops WHERE id = ?`);
  const rawSlots = p(`SELECT * FROM loop_slots WHERE loop_id = ? ORDER BY position`);
  const rawMembers = p(`SELECT * FROM team_members WHERE status = 'active' ORDER BY name`);
  // Everything a kit shows: slots with interviewer, candidate and role, the slot's principles with anchors, and questions.
  const rawKit = p(
    `SELECT s.id, s.title, s.duration_minutes, s.starts_at, s.interviewer_id, m.name AS interviewer, c.name AS candidate, r.title AS role,
       sp.value AS principle_id, pr.name, pr.summary, pr.anchors, q.id AS question_id, q.text, q.probes, q.kind
     FROM loops l CROSS JOIN loop_slots s ON s.loop_id = l.id JOIN candidates c ON c.id = l.candidate_id JOIN roles r ON r.id = l.role_id
       LEFT JOIN team_members m ON m.id = s.interviewer_id LEFT JOIN json_each(s.principle_ids) sp LEFT JOIN principles pr ON pr.id = sp.value
       LEFT JOIN kit_questions k ON k.slot_id = s.id AND k.principle_id = sp.value LEFT JOIN questions q ON q.id = k.question_id
     WHERE l.id = ? ORDER BY s.position, sp.key, k.position`,
  );
  const rawFeedback = p(`SELECT * FROM feedback WHERE loop_id = ? AND kind = 'interview' AND status = 'submitted' AND superseded = 0`);
  const rawRatings = p(
    `SELECT fr.* FROM feedback f JOIN feedback_ratings fr ON fr.feedback_id = f.id WHERE f.loop_id = ? AND f.superseded = 0`,
  );
  // The rest of what the debrief shows besides the feedback: its row, re-votes, decision, focus and names.
  const rawShadows = p(`SELECT member_id FROM loop_shadows WHERE loop_id = ? ORDER BY member_id`);
  const rawDebriefRow = p(`SELECT * FROM debriefs WHERE loop_id = ?`);
  const rawRevotes = p(`SELECT * FROM revotes WHERE loop_id = ? ORDER BY id`);
  const rawDecision = p(`SELECT * FROM decisions WHERE loop_id = ? AND superseded = 0`);
  const rawDebriefNames = p(
    `SELECT r.focus_principle_ids,
       (SELECT json_group_array(pr.name) FROM principles pr WHERE pr.id IN (SELECT value FROM json_each(r.focus_principle_ids))) AS principles,
       (SELECT json_group_array(m.name) FROM loop_slots s JOIN team_members m ON m.id = s.interviewer_id WHERE s.loop_id = l.id) AS people
     FROM loops l JOIN roles r ON r.id = l.role_id WHERE l.id = ?`,
  );
  const rawMySlots = p(
    `SELECT s.*, c.name, r.title FROM loop_slots s JOIN loops l ON l.id = s.loop_id JOIN candidates c ON c.id = l.candidate_id JOIN roles r ON r.id = l.role_id
     WHERE s.interviewer_id = ? AND l.status IN ('planned', 'interviewing') ORDER BY s.starts_at LIMIT 50`,
  );
  // What "feedback owed" shows: each of my slots (as interviewer, or as a reverse-shadow trainee) in loops
  // where feedback is open, with candidate and role, and whether I have submitted. Until this was written the
  // raw side read my interviewer slots alone, without names, trainee slots or submissions.
  const rawOwed = p(
    `SELECT d.*, c.name, r.title,
       EXISTS (SELECT 1 FROM feedback f WHERE f.loop_id = d.loop_id AND f.author_id = @m AND f.status = 'submitted'
                 AND f.kind = CASE d.training WHEN 0 THEN 'interview' ELSE 'training' END) AS submitted
     FROM (SELECT s.*, 0 AS training FROM loops l JOIN loop_slots s ON s.loop_id = l.id AND s.interviewer_id = @m
            WHERE l.status IN ('interviewing', 'debrief')
           UNION ALL
           SELECT s.*, 1 FROM loop_slots s JOIN loops l ON l.id = s.loop_id
            WHERE s.trainee_id = @m AND s.interviewer_id IS NOT @m AND l.status IN ('interviewing', 'debrief')) d
       JOIN loops l ON l.id = d.loop_id JOIN candidates c ON c.id = l.candidate_id JOIN roles r ON r.id = l.role_id
     ORDER BY d.starts_at`,
  );
  const rawActivity = p(`SELECT * FROM activity ORDER BY id DESC LIMIT 100`);
  const rawRoles = p(`SELECT * FROM roles ORDER BY status, title`);
  const rawPrinciples = p(`SELECT * FROM principles WHERE status = 'active' ORDER BY position`);
  // The training counts as stored (migration 64 keeps them per member; they were counted from every slot before).
  const rawTeamTraining = p(`SELECT * FROM member_training`);
  const rawCoverage = p(
    `SELECT qp.principle_id, count(*) n FROM question_principles qp JOIN questions q ON q.id = qp.question_id WHERE q.status = 'active' GROUP BY qp.principle_id`,
  );
  // The bare index lookup, blind to nobody: what evidence.search adds to it is who may read what.
  const rawEvidenceFts = p(`SELECT rowid FROM evidence_fts WHERE evidence_fts MATCH ? ORDER BY rowid DESC LIMIT 21`);

  const cases: Case[] = [
    { name: 'home.get', kind: 'screen', api: () => ['home.get', {}], raw: () => [rawMySlots.all(me), rawLoops.all()] },
    { name: 'principles.list', kind: 'screen', api: () => ['principles.list', {}], raw: () => rawPrinciples.all() },
    {
      name: 'questions.list (page 1)',
      kind: 'screen',
      api: () => ['questions.list', {}],
      raw: () => {
        rawQuestionsCount.get();
        const rows = rawQuestionsPage.all() as { id: string }[];
        return rawQuestionLinks.all(JSON.stringify(rows.map((x) => x.id)));
      },
    },
    {
      name: 'questions.list (principle filter)',
      kind: 'screen',
      api: () => ['questions.list', { principleId: r.pick(principleIds) }],
    },
    { name: 'questions.tags', kind: 'screen', api: () => ['questions.tags', {}] },
    { name: 'questions.coverage', kind: 'aggregate', api: () => ['questions.coverage', {}], raw: () => rawCoverage.all() },
    {
      name: 'candidates.list (page, varied offset)',
      kind: 'screen',
      api: (i) => ['candidates.list', { offset: (i * 997) % Math.max(1, sizes(scale).candidates - 100) }],
      raw: (i) => [rawCandidatesCount.get(), rawCandidatesPage.all((i * 997) % Math.max(1, sizes(scale).candidates - 100))],
    },
    { name: 'candidates.list (status filter)', kind: 'screen', api: () => ['candidates.list', { status: r.pick(['active', 'hired', 'rejected'] as const) }] },
    { name: 'candidates.get', kind: 'screen', api: (i) => ['candidates.get', { id: candidateIds[i] }] },
    {
      name: 'loops.list (status filters)',
      kind: 'screen',
      api: (i) => ['loops.list', { status: STATUSES[i % STATUSES.length] }],
      raw: () => rawLoops.all(),
    },
    { name: 'loops.list (role filter)', kind: 'screen', api: (i) => ['loops.list', { status: 'all', roleId: roleIds[i] }] },
    { name: 'loops.list (person filter)', kind: 'screen', api: (i) => ['loops.list', { status: 'all', memberId: memberIds[i] }] },
    {
      name: "candidates.history (a candidate's loops)",
      kind: 'screen',
      api: (i) => ['candidates.history', { id: candidateIds[i] }],
      raw: (i) => rawLoopsByCandidate.all(candidateIds[i]),
    },
    {
      name: 'loops.get (with planning checks)',
      kind: 'screen',
      api: (i) => ['loops.get', { id: loopIds[i] }],
      raw: (i) => [rawLoop.get(loopIds[i]), rawSlots.all(loopIds[i]), rawMembers.all()],
    },
    { name: 'kits.get', kind: 'screen', api: (i) => ['kits.get', { loopId: startedLoopIds[i] }], raw: (i) => rawKit.all(startedLoopIds[i]) },
    { name: 'feedback.status', kind: 'screen', api: (i) => ['feedback.status', { loopId: startedLoopIds[i] }] },
    { name: 'feedback.owed', kind: 'screen', api: () => ['feedback.owed', {}], raw: () => rawOwed.all({ m: me }) },
    {
      name: 'debrief.get',
      kind: 'screen',
      api: (i) => ['debrief.get', { loopId: debriefLoopIds[i] }],
      raw: (i) => {
        const id = debriefLoopIds[i];
        return [rawLoop.get(id), rawSlots.all(id), rawShadows.all(id), rawFeedback.all(id), rawRatings.all(id), rawDebriefRow.get(id), rawRevotes.all(id), rawDecision.get(id), rawDebriefNames.get(id)];
      },
    },
    { name: 'team.list', kind: 'aggregate', api: () => ['team.list', {}], raw: () => [rawMembers.all(), rawTeamTraining.all()] },
    { name: 'roles.list', kind: 'screen', api: () => ['roles.list', {}], raw: () => rawRoles.all() },
    { name: 'activity.list', kind: 'screen', api: () => ['activity.list', {}], raw: () => rawActivity.all() },
    { name: 'activity.list (one loop)', kind: 'screen', api: (i) => ['activity.list', { entityId: loopIds[i] }] },
    { name: 'settings.get', kind: 'screen', api: () => ['settings.get', {}] },
    {
      name: 'search: questions',
      kind: 'search',
      api: (i) => ['questions.list', { search: words[i % words.length] }],
      raw: (i) => rawQuestionsFts.all(`"${words[i % words.length]}"*`),
    },
    {
      name: 'search: candidates',
      kind: 'search',
      api: (i) => ['candidates.list', { search: rareWords[i % rareWords.length] ?? 'ada' }],
      raw: (i) => rawCandidatesFts.all(`"${rareWords[i % rareWords.length] ?? 'ada'}"*`),
    },
    {
      // "Me" repeating searches: what "me" may read is worked out on the first and reused until a write commits.
      name: 'search: evidence (as me, blind)',
      kind: 'search',
      api: (i) => ['evidence.search', { query: evidenceWords[i % evidenceWords.length] }],
      raw: (i) => rawEvidenceFts.all(`"${evidenceWords[i % evidenceWords.length]}"`),
    },
  ];
  return { me, cases, words, evidenceWords };
}
