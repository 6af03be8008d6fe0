import type { AskedQuestion } from '../../core/api/contract/feedback';
import type { EarlierLoop } from '../../core/rules/kitSelection';
import type { KitEntry } from '../../core/rules/planTypes';
import type { CandidateLoop, Kit, KitPrinciple, KitQuestion, Loop, LoopSlot, LoopStatus, LoopSummary } from '../../core/api/contract/loops';
import type { ReadableDB, WritableDB } from '../handles';
import { prepare, sqlOf } from '../statements';
import { AnchorTexts, parseJsonColumn, StringList } from '../jsonColumns';
import { isHeldBlind } from './candidates';

interface LoopRow {
  id: string;
  candidate_id: string;
  role_id: string;
  status: LoopStatus;
  hiring_manager_id: string | null;
  bar_raiser_id: string | null;
  cancel_reason: string | null;
  override_reason: string | null;
  revision: number;
  created_at: string;
  updated_at: string;
}

interface SlotRow {
  id: string;
  position: number;
  title: string;
  duration_minutes: number;
  interviewer_id: string | null;
  trainee_id: string | null;
  starts_at: string | null;
  principle_ids: string;
}

const toSlot = (r: SlotRow): LoopSlot => ({
  id: r.id,
  position: r.position,
  title: r.title,
  durationMinutes: r.duration_minutes,
  interviewerId: r.interviewer_id,
  traineeId: r.trainee_id,
  startsAt: r.starts_at,
  principleIds: parseJsonColumn(StringList, r.principle_ids, 'loop_slots.principle_ids'),
});

/**
 * One loop with its slots and shadows, in one statement: the slots and the shadows come with the loop's row as
 * JSON lists that SQLite builds from their typed columns (STRICT), not stored JSON texts, so only the slots'
 * stored principle lists are checked. A statement each cost every read of a loop (the debrief, kits, feedback)
 * as much as the row itself (bench/README.md).
 */
export function getLoop(db: ReadableDB, id: string): Loop | null {
  const row = prepare(db,
    `SELECT l.*, (SELECT json_group_array(s.member_id ORDER BY s.member_id) FROM loop_shadows s WHERE s.loop_id = l.id) AS shadow_ids,
       (SELECT json_group_array(json_object('id', s.id, 'position', s.position, 'title', s.title, 'duration_minutes', s.duration_minutes,
          'interviewer_id', s.interviewer_id, 'trainee_id', s.trainee_id, 'starts_at', s.starts_at, 'principle_ids', s.principle_ids)
          ORDER BY s.position) FROM loop_slots s WHERE s.loop_id = l.id) AS slots
     FROM loops l WHERE l.id = ?`,
  ).get(id) as (LoopRow & { shadow_ids: string; slots: string }) | undefined;
  if (!row) return null;
  const slots = (JSON.parse(row.slots) as SlotRow[]).map(toSlot);
  const shadowIds = parseJsonColumn(StringList, row.shadow_ids, 'loop_shadows.member_id');
  return {
    id: row.id,
    candidateId: row.candidate_id,
    roleId: row.role_id,
    status: row.status,
    hiringManagerId: row.hiring_manager_id,
    barRaiserId: row.bar_raiser_id,
    shadowIds,
    slots,
    cancelReason: row.cancel_reason,
    overrideReason: row.override_reason,
    revision: row.revision,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Writes the loop row, its slots (kept by id, so their kits survive an edit) and its shadows. */
export function saveLoop(db: WritableDB, loop: Loop): void {
  prepare(db,
    `INSERT INTO loops (id, candidate_id, role_id, status, hiring_manager_id, bar_raiser_id, cancel_reason, override_reason, revision, created_at, updated_at)
     VALUES (@id, @candidateId, @roleId, @status, @hiringManagerId, @barRaiserId, @cancelReason, @overrideReason, @revision, @createdAt, @updatedAt)
     ON CONFLICT(id) DO UPDATE SET status = excluded.status, hiring_manager_id = excluded.hiring_manager_id,
       bar_raiser_id = excluded.bar_raiser_id, cancel_reason = excluded.cancel_reason, override_reason = excluded.override_reason,
       revision = excluded.revision, updated_at = excluded.updated_at`,
  ).run({
    id: loop.id,
    candidateId: loop.candidateId,
    roleId: loop.roleId,
    status: loop.status,
    hiringManagerId: loop.hiringManagerId,
    barRaiserId: loop.barRaiserId,
    cancelReason: loop.cancelReason,
    overrideReason: loop.overrideReason,
    revision: loop.revision,
    createdAt: loop.createdAt,
    updatedAt: loop.updatedAt,
  });
  prepare(db, `DELETE FROM loop_slots WHERE loop_id = ? AND id NOT IN (SELECT value FROM json_each(?))`).run(
    loop.id,
    JSON.stringify(loop.slots.map((s) => s.id)),
  );
  const upsertSlot = prepare(db,
    `INSERT INTO loop_slots (id, loop_id, position, title, duration_minutes, interviewer_id, trainee_id, starts_at, principle_ids)
     VALUES (@id, @loopId, @position, @title, @durationMinutes, @interviewerId, @traineeId, @startsAt, @principleIds)
     ON CONFLICT(id) DO UPDATE SET position = excluded.position, title = excluded.title, duration_minutes = excluded.duration_minutes,
       interviewer_id = excluded.interviewer_id, trainee_id = excluded.trainee_id, starts_at = excluded.starts_at, principle_ids = excluded.principle_ids`,
  );
  const dropStaleKit = prepare(db,
    `DELETE FROM kit_questions WHERE slot_id = ? AND principle_id NOT IN (SELECT value FROM json_each(?))`,
  );
  for (const s of loop.slots) {
    const principleIds = JSON.stringify(s.principleIds);
    upsertSlot.run({ ...s, loopId: loop.id, principleIds });
    dropStaleKit.run(s.id, principleIds);
  }
  // Only the shadows that changed are written: in a team every row written travels to other devices as a change
  // of the calling method, and a status change (debrief.open, decision.decide) may not change shadows there.
  const shadowIds = [...new Set(loop.shadowIds)];
  prepare(db, 'DELETE FROM loop_shadows WHERE loop_id = ? AND member_id NOT IN (SELECT value FROM json_each(?))').run(loop.id, JSON.stringify(shadowIds));
  const shadow = prepare(db, 'INSERT OR IGNORE INTO loop_shadows (loop_id, member_id) VALUES (?, ?)');
  for (const m of shadowIds) shadow.run(loop.id, m);
}

export interface LoopFilter {
  status: LoopStatus | 'all' | 'open';
  roleId?: string | undefined;
  memberId?: string | undefined;
  candidateId?: string | undefined;
}

export function listLoops(db: ReadableDB, f: LoopFilter): LoopSummary[] {
  const params: Record<string, string> = {};
  if (f.status !== 'all' && f.status !== 'open') params.status = f.status;
  if (f.roleId) params.roleId = f.roleId;
  if (f.candidateId) params.candidateId = f.candidateId;
  if (f.memberId) params.memberId = f.memberId;
  const kind = f.status === 'all' || f.status === 'open' ? f.status : 'one';
  const shape = `${kind} ${f.roleId ? 'r' : ''}${f.candidateId ? 'c' : ''}${f.memberId ? (fewLoops(f) ? 'M' : 'm') : ''}`;
  return (prepare(db, sqlOf(`loops.list ${shape}`, () => loopListSql(f))).all(params) as LoopListRow[]).map(toLoopSummary);
}

type LoopListRow = Omit<LoopSummary, 'slotCount' | 'firstStartsAt'> & { slots: string };

/** `slots` is "<count> <first start>", one look at a loop's slots where two separate ones cost a fifth more. */
function toLoopSummary(r: LoopListRow): LoopSummary {
  const space = r.slots.indexOf(' ');
  return {
    id: r.id,
    status: r.status,
    candidateId: r.candidateId,
    candidateName: r.candidateName,
    ...(isHeldBlind(r.candidateName) ? { candidateSealed: true as const } : {}),
    roleId: r.roleId,
    roleTitle: r.roleTitle,
    hiringManagerId: r.hiringManagerId,
    barRaiserId: r.barRaiserId,
    updatedAt: r.updatedAt,
    slotCount: Number(r.slots.slice(0, space)),
    firstStartsAt: space + 1 < r.slots.length ? r.slots.slice(space + 1) : null,
  };
}

// The open statuses hold a few percent of ten years of loops: walk them and test the person on each.
const fewLoops = (f: LoopFilter) => f.status !== 'all' && f.status !== 'closed' && f.status !== 'cancelled';

function loopListSql(f: LoopFilter): string {
  const where: string[] = [];
  // Listed as an IN so the status index is used: most of ten years of loops are closed.
  if (f.status === 'open') where.push(`l.status IN ('draft', 'planned', 'interviewing', 'debrief', 'decided')`);
  else if (f.status !== 'all') where.push('l.status = @status');
  if (f.roleId) where.push('l.role_id = @roleId');
  if (f.candidateId) where.push('l.candidate_id = @candidateId');
  if (f.memberId && fewLoops(f)) {
    // Two index probes per open loop (~1 ms at large), where the union below would look up every loop the
    // person ever took part in (a busy interviewer: ~1,000) to find the dozen still open (~7 ms).
    where.push(`(l.hiring_manager_id = @memberId OR l.bar_raiser_id = @memberId
      OR EXISTS (SELECT 1 FROM loop_slots s WHERE s.loop_id = l.id AND s.interviewer_id = @memberId)
      OR EXISTS (SELECT 1 FROM loop_shadows sh WHERE sh.loop_id = l.id AND sh.member_id = @memberId))`);
  } else if (f.memberId) {
    // A union of four index lookups, rather than an OR that made SQLite test every loop.
    where.push(`l.id IN (SELECT id FROM loops WHERE hiring_manager_id = @memberId
      UNION SELECT id FROM loops WHERE bar_raiser_id = @memberId
      UNION SELECT loop_id FROM loop_slots WHERE interviewer_id = @memberId
      UNION SELECT loop_id FROM loop_slots WHERE trainee_id = @memberId
      UNION SELECT loop_id FROM loop_shadows WHERE member_id = @memberId)`);
  }
  const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  // Without the hint SQLite walks every loop newest first to satisfy ORDER BY ... LIMIT.
  const from = f.memberId && fewLoops(f) ? 'loops l INDEXED BY loops_by_status' : 'loops l';
  const columns = `l.id, l.status, l.candidate_id AS candidateId, c.name AS candidateName, l.role_id AS roleId, r.title AS roleTitle,
         l.hiring_manager_id AS hiringManagerId, l.bar_raiser_id AS barRaiserId, l.updated_at AS updatedAt,
         (SELECT count(*) || ' ' || ifnull(min(s.starts_at), '') FROM loop_slots s WHERE s.loop_id = l.id) AS slots`;
  // A candidate's loops are few: one flat query, whose plan is a fifth cheaper than the one below.
  if (f.candidateId && !f.memberId) {
    return `SELECT ${columns} FROM loops l JOIN candidates c ON c.id = l.candidate_id JOIN roles r ON r.id = l.role_id
       ${whereSql} ORDER BY l.id DESC LIMIT 500`;
  }
  // The 500 newest matching loops first, then the joins and per-loop counts for those only: SQLite works out
  // every column of every matching row before sorting a flat query.
  return `SELECT ${columns}
       FROM (SELECT * FROM ${from} ${whereSql} ORDER BY l.id DESC LIMIT 500) l
         JOIN candidates c ON c.id = l.candidate_id JOIN roles r ON r.id = l.role_id
       ORDER BY l.id DESC`;
}

/** A candidate's loops as their history shows them, the latest changed first: a few rows off the candidate index. */
export function listCandidateLoops(db: ReadableDB, candidateId: string): CandidateLoop[] {
  return prepare(db,
    `SELECT l.id, l.status, r.title AS roleTitle, l.updated_at AS updatedAt
     FROM loops l JOIN roles r ON r.id = l.role_id WHERE l.candidate_id = ? ORDER BY l.updated_at DESC, l.id DESC`,
  ).all(candidateId) as CandidateLoop[];
}

export function getKitEntries(db: ReadableDB, loopId: string): KitEntry[] {
  const rows = prepare(db,
      `SELECT k.slot_id AS slotId, k.principle_id AS principleId, k.question_id AS questionId
       FROM kit_questions k JOIN loop_slots s ON s.id = k.slot_id
       WHERE s.loop_id = ? ORDER BY s.position, k.principle_id, k.position`,
    )
    .all(loopId) as { slotId: string; principleId: string; questionId: string }[];
  const entries = new Map<string, KitEntry>();
  for (const r of rows) {
    const key = `${r.slotId}|${r.principleId}`;
    const entry = entries.get(key) ?? { slotId: r.slotId, principleId: r.principleId, questionIds: [] };
    entry.questionIds.push(r.questionId);
    entries.set(key, entry);
  }
  return [...entries.values()];
}

export function loopExists(db: ReadableDB, loopId: string): boolean {
  return prepare(db, 'SELECT 1 FROM loops WHERE id = ?').get(loopId) !== undefined;
}

/** One row per kit principle (or one for a kit without any), flat: the handler groups them into kits. */
interface KitRow extends Omit<Kit, 'loopId' | 'principles'> {
  principleIndex: number | null;
  principleId: string | null;
  name: string | null;
  summary: string | null;
  anchors: string | null;
  questionId: string | null;
  text: string | null;
  probes: string | null;
  kind: KitQuestion['kind'] | null;
}

const NO_ANCHORS = '["","","",""]';

/**
 * The kits of a loop (or one slot) as interviewers read them, from one statement: a row per slot, principle
 * (in the slot's order) and question (in kit order), with the interviewer's name, the candidate's and the
 * role's. Reading the loop, candidate, role, questions with their links, each principle and each interviewer
 * one by one cost ~4× these rows (see bench/README.md).
 */
export function listLoopKits(db: ReadableDB, loopId: string, slotId: string | null): Kit[] {
  const rows = prepare(db,
    `SELECT s.id AS slotId, s.title AS slotTitle, s.duration_minutes AS durationMinutes, s.starts_at AS startsAt,
       s.interviewer_id AS interviewerId, m.name AS interviewerName, c.name AS candidateName, r.title AS roleTitle,
       sp.key AS principleIndex, sp.value AS principleId, p.name, p.summary, p.anchors, q.id AS questionId, q.text, q.probes, q.kind
     FROM loops l CROSS JOIN loop_slots s ON s.loop_id = l.id
       JOIN candidates c ON c.id = l.candidate_id JOIN roles r ON r.id = l.role_id
       LEFT JOIN team_members m ON m.id = s.interviewer_id
       LEFT JOIN json_each(s.principle_ids) sp
       LEFT JOIN principles p ON p.id = sp.value
       LEFT JOIN kit_questions k ON k.slot_id = s.id AND k.principle_id = sp.value
       LEFT JOIN questions q ON q.id = k.question_id
     WHERE l.id = @loopId AND (@slotId IS NULL OR s.id = @slotId)
     ORDER BY s.position, sp.key, k.position`,
  ).all({ loopId, slotId }) as KitRow[];
  const kits: Kit[] = [];
  let kit: Kit | undefined;
  let principle: KitPrinciple | undefined;
  let principleIndex: number | null = null;
  for (const r of rows) {
    if (kit?.slotId !== r.slotId) {
      kit = {
        loopId,
        slotId: r.slotId,
        slotTitle: r.slotTitle,
        durationMinutes: r.durationMinutes,
        startsAt: r.startsAt,
        interviewerId: r.interviewerId,
        interviewerName: r.interviewerName,
        candidateName: r.candidateName,
        roleTitle: r.roleTitle,
        principles: [],
      };
      kits.push(kit);
      principleIndex = null;
    }
    if (r.principleIndex === null || r.principleId === null) continue;
    if (!principle || principleIndex !== r.principleIndex) {
      principleIndex = r.principleIndex;
      principle = {
        principleId: r.principleId,
        name: r.name ?? 'Unknown principle',
        summary: r.summary ?? '',
        anchors: parseJsonColumn(AnchorTexts, r.anchors ?? NO_ANCHORS, 'principles.anchors'),
        questions: [],
      };
      kit.principles.push(principle);
    }
    if (r.questionId !== null && r.text !== null && r.kind !== null) {
      principle.questions.push({ id: r.questionId, text: r.text, probes: parseJsonColumn(StringList, r.probes ?? '[]', 'questions.probes'), kind: r.kind });
    }
  }
  return kits;
}

export function replaceKitEntries(db: WritableDB, loopId: string, entries: readonly KitEntry[]): void {
  prepare(db, 'DELETE FROM kit_questions WHERE slot_id IN (SELECT id FROM loop_slots WHERE loop_id = ?)').run(loopId);
  const insert = prepare(db, 'INSERT INTO kit_questions (slot_id, principle_id, question_id, position) VALUES (?, ?, ?, ?)');
  for (const e of entries) e.questionIds.forEach((q, i) => insert.run(e.slotId, e.principleId, q, i));
}

/**
 * The candidate's other loops with what shows which questions they met: the kit, every
 * "questions actually asked" of every feedback version, and whether interviews took place.
 * "Reached interviewing" is read from the activity log, the only record of a loop's past
 * statuses; the summary is the one `loops.transition` writes ("Moved the loop from X to Y").
 */
export function listEarlierLoops(db: ReadableDB, candidateId: string, exceptLoopId: string): EarlierLoop[] {
  const rows = prepare(db,
      `SELECT l.status,
         EXISTS (SELECT 1 FROM activity a WHERE a.entity_id = l.id AND a.method = 'loops.transition'
           AND a.summary LIKE 'Moved the loop from % to interviewing%') AS reachedInterviewing,
         EXISTS (SELECT 1 FROM feedback f WHERE f.loop_id = l.id) AS hasFeedback,
         (SELECT json_group_array(s.starts_at) FROM loop_slots s WHERE s.loop_id = l.id AND s.starts_at IS NOT NULL) AS slotStartsAt,
         (SELECT json_group_array(k.question_id) FROM loop_slots s JOIN kit_questions k ON k.slot_id = s.id WHERE s.loop_id = l.id) AS kitQuestionIds,
         (SELECT json_group_array(json(f.questions_asked)) FROM feedback f WHERE f.loop_id = l.id) AS questionsAsked
       FROM loops l WHERE l.candidate_id = ? AND l.id <> ?`,
    )
    .all(candidateId, exceptLoopId) as {
    status: EarlierLoop['status'];
    reachedInterviewing: number;
    hasFeedback: number;
    slotStartsAt: string;
    kitQuestionIds: string;
    questionsAsked: string;
  }[];
  return rows.map((r) => ({
    status: r.status,
    reachedInterviewing: r.reachedInterviewing === 1,
    hasFeedback: r.hasFeedback === 1,
    slotStartsAt: JSON.parse(r.slotStartsAt) as string[],
    kitQuestionIds: JSON.parse(r.kitQuestionIds) as string[],
    questionsAsked: (JSON.parse(r.questionsAsked) as AskedQuestion[][]).flat(),
  }));
}

/** Interviews per person in loops that are not cancelled, updated in the last 60 days: the planner's "recent load". */
export function recentInterviewLoad(db: ReadableDB, since: string): Record<string, number> {
  const rows = prepare(db,
      `SELECT s.interviewer_id AS id, count(*) AS n FROM loop_slots s JOIN loops l ON l.id = s.loop_id
       WHERE s.interviewer_id IS NOT NULL AND l.status <> 'cancelled' AND l.updated_at >= ?
       GROUP BY s.interviewer_id`,
    )
    .all(since) as { id: string; n: number }[];
  return Object.fromEntries(rows.map((r) => [r.id, r.n]));
}

/** Training sessions (loops shadowed, reverse shadows led) per member in loops touched since `since`. */
export function recentTrainingSessions(db: ReadableDB, since: string): Record<string, number> {
  const rows = prepare(db,
      `SELECT id, count(*) AS n FROM (
         SELECT sh.member_id AS id FROM loop_shadows sh JOIN loops l ON l.id = sh.loop_id WHERE l.status <> 'cancelled' AND l.updated_at >= @since
         UNION ALL
         SELECT s.trainee_id FROM loop_slots s JOIN loops l ON l.id = s.loop_id
          WHERE s.trainee_id IS NOT NULL AND l.status <> 'cancelled' AND l.updated_at >= @since)
       GROUP BY id`,
    )
    .all({ since }) as { id: string; n: number }[];
  return Object.fromEntries(rows.map((r) => [r.id, r.n]));
}

/** Marks the kit questions of a loop as asked when it is planned, so kits rotate least recently used first. */
export function markKitQuestionsUsed(db: WritableDB, loopId: string, at: string): void {
  prepare(db,
    `UPDATE questions SET times_asked = times_asked + 1, last_asked_at = ?
     WHERE id IN (SELECT k.question_id FROM kit_questions k JOIN loop_slots s ON s.id = k.slot_id WHERE s.loop_id = ?)`,
  ).run(at, loopId);
}

/**
 * My next interviews (as interviewer, or as a reverse-shadow trainee) in loops still planned or interviewing. My
 * slots in those loops are found first and only those are joined to their candidate and role: one statement with
 * the names joined in the same WHERE walked every open loop and looked up its candidate and role before asking
 * whether I was in it (1.1 → 0.4 ms at `large`, bench/README.md). A compound subquery is never flattened into the
 * outer join, so that order holds whatever the planner's statistics.
 */
export function listMySlots(db: ReadableDB, memberId: string) {
  return prepare(db,
      `SELECT m.loopId, m.slotId, m.slotTitle, m.startsAt, c.name AS candidateName, r.title AS roleTitle
       FROM (
         SELECT s.loop_id AS loopId, s.id AS slotId, s.title AS slotTitle, s.starts_at AS startsAt, l.candidate_id, l.role_id
           FROM loop_slots s JOIN loops l ON l.id = s.loop_id WHERE s.interviewer_id = @m AND l.status IN ('planned', 'interviewing')
         UNION
         SELECT s.loop_id, s.id, s.title, s.starts_at, l.candidate_id, l.role_id
           FROM loop_slots s JOIN loops l ON l.id = s.loop_id WHERE s.trainee_id = @m AND l.status IN ('planned', 'interviewing')
       ) m JOIN candidates c ON c.id = m.candidate_id JOIN roles r ON r.id = m.role_id
       ORDER BY m.startsAt IS NULL, m.startsAt, m.slotId LIMIT 50`,
    )
    .all({ m: memberId }) as { loopId: string; slotId: string; slotTitle: string; startsAt: string | null; candidateName: string; roleTitle: string }[];
}

export function loopsShadowedBy(db: ReadableDB, memberId: string): Set<string> {
  const rows = prepare(db, 'SELECT loop_id AS id FROM loop_shadows WHERE member_id = ?').all(memberId) as { id: string }[];
  return new Set(rows.map((r) => r.id));
}
