import type { Checkin, CheckinRating, HireCheckins } from '../../core/api/contract/checkins';
import type { CheckinKind } from '../../core/rules/hireCheckins';
import type { ReadableDB, WritableDB } from '../handles';
import { prepare } from '../statements';

/** A hire: a loop whose current decision is "hire", of a candidate not erased, with who manages them. */
export type HireRow = Omit<HireCheckins, 'principles' | 'checkins'>;

/** One hire with what its check-ins rate: every slot's principle ids, as a JSON list of JSON lists. */
export interface HireWithPrinciples extends HireRow {
  slotPrincipleIds: string;
}

// The manager is the one chosen for the hire, else the loop's hiring manager. A list of hires (home's and the
// check-ins screen's dues) leaves out the slots' principles, which only one hire's check-in form rates.
const hires = (extra: string) => `
  SELECT l.id AS loopId, l.candidate_id AS candidateId, c.name AS candidateName, r.title AS roleTitle,
    coalesce(d.verdict_at, d.decided_at) AS hiredAt,
    coalesce(hm.manager_id, l.hiring_manager_id) AS managerId, coalesce(m.name, 'Unknown') AS managerName${extra}
  FROM loops l
  JOIN decisions d ON d.loop_id = l.id AND d.superseded = 0
  JOIN candidates c ON c.id = l.candidate_id
  JOIN roles r ON r.id = l.role_id
  LEFT JOIN hire_managers hm ON hm.loop_id = l.id
  LEFT JOIN team_members m ON m.id = coalesce(hm.manager_id, l.hiring_manager_id)
  WHERE d.outcome = 'hire' AND NOT EXISTS (SELECT 1 FROM erased_candidates e WHERE e.id = l.candidate_id)`;
const HIRES = hires('');
const HIRE_WITH_PRINCIPLES = hires(`,
    (SELECT json_group_array(s.principle_ids) FROM loop_slots s WHERE s.loop_id = l.id) AS slotPrincipleIds`);

export function listHires(db: ReadableDB, managerId: string | null): HireRow[] {
  if (managerId === null) return prepare(db, `${HIRES} ORDER BY hiredAt DESC, l.id`).all() as HireRow[];
  // Two index lookups (loops by hiring manager, hires by chosen manager) rather than a test of every hire.
  return prepare(db,
    `${HIRES} AND l.id IN (
       SELECT id FROM loops WHERE hiring_manager_id = @m AND id NOT IN (SELECT loop_id FROM hire_managers)
       UNION SELECT loop_id FROM hire_managers WHERE manager_id = @m)
     ORDER BY hiredAt DESC, l.id`,
  ).all({ m: managerId }) as HireRow[];
}

export function getHire(db: ReadableDB, loopId: string): HireWithPrinciples | null {
  return (prepare(db, `${HIRE_WITH_PRINCIPLES} AND l.id = ?`).get(loopId) as HireWithPrinciples | undefined) ?? null;
}

/** The manager of a hire as the access rules see it (chosen, else the hiring manager); null if the loop is no hire. */
export function hireManagerId(db: ReadableDB, loopId: string): string | null {
  return getHire(db, loopId)?.managerId ?? null;
}

export function setHireManager(db: WritableDB, loopId: string, managerId: string, at: string): void {
  prepare(db,
    `INSERT INTO hire_managers (loop_id, manager_id, assigned_at) VALUES (?, ?, ?)
     ON CONFLICT(loop_id) DO UPDATE SET manager_id = excluded.manager_id, assigned_at = excluded.assigned_at`,
  ).run(loopId, managerId, at);
}

interface CheckinRow {
  id: string;
  loop_id: string;
  kind: CheckinKind;
  manager_id: string;
  note: string;
  recorded_at: string;
}

/**
 * The check-ins recorded for these hires (loop ids), with their ratings in the order they were given: one per
 * hire and kind, or with `duplicates`, only those another device recorded at the same time (flagged by sync).
 */
export function listCheckins(db: ReadableDB, loopIds: readonly string[], which: 'current' | 'duplicates' = 'current'): Checkin[] {
  if (loopIds.length === 0) return [];
  const flag = which === 'current' ? 'duplicate_of IS NULL' : 'duplicate_of IS NOT NULL';
  const rows = prepare(db, `SELECT * FROM hire_checkins WHERE loop_id IN (SELECT value FROM json_each(?)) AND ${flag} ORDER BY loop_id, kind, recorded_at, id`)
    .all(JSON.stringify(loopIds)) as CheckinRow[];
  if (rows.length === 0) return [];
  const ratings = prepare(db,
      `SELECT checkin_id AS checkinId, principle_id AS principleId, rating FROM hire_checkin_ratings
       WHERE checkin_id IN (SELECT value FROM json_each(?)) ORDER BY checkin_id, position`,
    )
    .all(JSON.stringify(rows.map((r) => r.id))) as (CheckinRating & { checkinId: string })[];
  const byCheckin = new Map<string, CheckinRating[]>();
  for (const { checkinId, ...rating } of ratings) {
    const list = byCheckin.get(checkinId) ?? [];
    list.push(rating);
    byCheckin.set(checkinId, list);
  }
  return rows.map((r) => ({
    id: r.id,
    loopId: r.loop_id,
    kind: r.kind,
    managerId: r.manager_id,
    ratings: byCheckin.get(r.id) ?? [],
    note: r.note,
    recordedAt: r.recorded_at,
  }));
}

export function insertCheckin(db: WritableDB, c: Checkin, revisions: Readonly<Record<string, number>>): void {
  prepare(db, 'INSERT INTO hire_checkins (id, loop_id, kind, manager_id, note, recorded_at) VALUES (?, ?, ?, ?, ?, ?)').run(
    c.id,
    c.loopId,
    c.kind,
    c.managerId,
    c.note,
    c.recordedAt,
  );
  const insert = prepare(db,
    'INSERT INTO hire_checkin_ratings (checkin_id, principle_id, principle_revision, position, rating) VALUES (?, ?, ?, ?, ?)',
  );
  c.ratings.forEach((r, position) => insert.run(c.id, r.principleId, revisions[r.principleId] ?? 1, position, r.rating));
}
