import type { ReadableDB } from '../handles';
import { prepare } from '../statements';

const TRAINED = `(o.capabilities LIKE '%"interviewer"%' OR o.capabilities LIKE '%"bar_raiser"%')`;

/**
 * Per active principle, the active trained interviewers (or bar raisers) who have interviewed for it in a
 * started loop: "who could take this principle in a loop". Read from member_principles, which triggers keep.
 */
export function trainedInterviewersPerPrinciple(db: ReadableDB): { principleId: string; name: string; trainedInterviewers: number }[] {
  const rows = prepare(
    db,
    `SELECT mp.principle_id, count(*) AS n
     FROM team_members o CROSS JOIN member_principles mp ON mp.member_id = o.id
     WHERE o.status = 'active' AND ${TRAINED}
     GROUP BY mp.principle_id`,
  ).all() as { principle_id: string; n: number }[];
  const counts = new Map(rows.map((r) => [r.principle_id, r.n]));
  const principles = prepare(db, `SELECT id, name FROM principles WHERE status = 'active' ORDER BY position`).all() as { id: string; name: string }[];
  return principles.map((p) => ({ principleId: p.id, name: p.name, trainedInterviewers: counts.get(p.id) ?? 0 }));
}

/** Active certified bar raisers per team, the team being the one named on each person ('' when none). */
export function barRaisersByTeam(db: ReadableDB): Map<string, number> {
  const rows = prepare(
    db,
    `SELECT team, count(*) AS n FROM team_members WHERE status = 'active' AND capabilities LIKE '%"bar_raiser"%' GROUP BY team`,
  ).all() as { team: string; n: number }[];
  return new Map(rows.map((r) => [r.team, r.n]));
}

/** Loops created in [from, to) and not cancelled, per the team of their role. */
export function loopsByTeamBetween(db: ReadableDB, from: string, to: string): Map<string, number> {
  const rows = prepare(
    db,
    `SELECT r.team, count(*) AS n FROM loops l JOIN roles r ON r.id = l.role_id
     WHERE l.created_at >= ? AND l.created_at < ? AND l.status <> 'cancelled' GROUP BY r.team`,
  ).all(from, to) as { team: string; n: number }[];
  return new Map(rows.map((r) => [r.team, r.n]));
}

/**
 * Hires (current decisions) with a founder interviewing in one of the loop's slots: walked from the founders'
 * own slots, so a ten-year history of decisions is not read.
 */
export function hiresWithFounder(db: ReadableDB): number {
  return (
    prepare(
      db,
      `SELECT count(DISTINCT s.loop_id) AS n
       FROM team_members f CROSS JOIN loop_slots s ON s.interviewer_id = f.id
       CROSS JOIN decisions d ON d.loop_id = s.loop_id
       WHERE f.capabilities LIKE '%"founder"%' AND d.superseded = 0 AND d.outcome = 'hire'`,
    ).get() as { n: number }
  ).n;
}

export interface PathPerson {
  id: string;
  name: string;
  capabilities: string;
  barRaised: number;
}

/**
 * Active people on a path and not at its end: bar raisers in training, people who have shadowed without being
 * trained interviewers yet, and non-founder certified bar raisers (who can take over from the founders).
 */
export function peopleOnPaths(db: ReadableDB): PathPerson[] {
  return prepare(
    db,
    `SELECT m.id, m.name, m.capabilities, coalesce(t.bar_raised, 0) AS barRaised
     FROM team_members m LEFT JOIN member_training t ON t.member_id = m.id
     WHERE m.status = 'active' AND (
       m.capabilities LIKE '%"bar_raiser_in_training"%'
       OR m.capabilities LIKE '%"bar_raiser"%'
       OR (coalesce(t.shadows, 0) > 0 AND m.capabilities NOT LIKE '%"interviewer"%'))
     ORDER BY m.name COLLATE NOCASE, m.id`,
  ).all() as PathPerson[];
}
