import type { TeamMember, TeamMemberName, TrainingRecord } from '../../core/api/contract/team';
import type { Capability, PlanMember } from '../../core/rules/planTypes';
import type { ReadableDB, WritableDB } from '../handles';
import { prepare } from '../statements';
import { CapabilityList, parseJsonColumn } from '../jsonColumns';

interface MemberRow {
  id: string;
  name: string;
  email: string;
  title: string;
  team: string;
  manager_id: string | null;
  status: 'active' | 'left';
  capabilities: string;
  certified_at: string | null;
  revision: number;
  created_at: string;
  updated_at: string;
}

type MemberCore = Omit<TeamMember, 'training'> & { certifiedAt: string | null };

function toCore(r: MemberRow): MemberCore {
  return {
    id: r.id,
    name: r.name,
    email: r.email,
    title: r.title,
    team: r.team,
    managerId: r.manager_id,
    status: r.status,
    capabilities: parseJsonColumn(CapabilityList, r.capabilities, 'team_members.capabilities'),
    certifiedAt: r.certified_at,
    revision: r.revision,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Loops count towards training once interviewing has started, and not when cancelled. */
const STARTED = `('interviewing', 'debrief', 'decided', 'closed')`;
/** The other loop statuses (the CHECK constraint lists all seven), as an IN list so the status index is used. */
const NOT_STARTED = `('draft', 'planned', 'cancelled')`;

/** One member's training counts: correlated subqueries, each an index range over that member's own history. */
const TRAINING_SQL = `
  SELECT m.id AS id,
    (SELECT count(*) FROM loop_slots s JOIN loops l ON l.id = s.loop_id
       WHERE s.interviewer_id = m.id AND l.status IN ${STARTED}) AS interviews,
    (SELECT count(*) FROM loop_shadows sh JOIN loops l ON l.id = sh.loop_id
       WHERE sh.member_id = m.id AND l.status IN ${STARTED}) AS shadows,
    (SELECT count(*) FROM loops l WHERE l.bar_raiser_id = m.id AND l.status IN ${STARTED}) AS barRaised,
    (SELECT count(*) FROM loops l WHERE l.bar_raiser_id = m.id AND l.status IN ${STARTED}
       AND EXISTS (SELECT 1 FROM loop_shadows sh JOIN team_members o ON o.id = sh.member_id
                   WHERE sh.loop_id = l.id AND o.capabilities LIKE '%"bar_raiser"%')) AS reverseShadows
  FROM team_members m`;

/**
 * Everyone's training counts at once: one GROUP BY pass per count instead of four correlated
 * subqueries per member (the team screen at 1,500 people; see bench/README.md).
 */
const TRAINING_ALL_SQL = `
  WITH not_started AS (SELECT id, bar_raiser_id FROM loops WHERE status IN ${NOT_STARTED}),
  -- Counting every slot per interviewer is an ordered pass over an index; the few loops that have not
  -- started (drafts, planned, cancelled) are then subtracted, instead of checking the status of every slot's loop.
  slots_all AS (
    SELECT interviewer_id AS id, count(*) AS n FROM loop_slots WHERE interviewer_id IS NOT NULL GROUP BY interviewer_id),
  slots_not AS (
    SELECT s.interviewer_id AS id, count(*) AS n FROM not_started l CROSS JOIN loop_slots s ON s.loop_id = l.id
    WHERE s.interviewer_id IS NOT NULL GROUP BY s.interviewer_id),
  shadows AS (
    SELECT sh.member_id AS id, count(*) AS n FROM loop_shadows sh JOIN loops l ON l.id = sh.loop_id
    WHERE l.status IN ${STARTED} GROUP BY sh.member_id),
  raised_all AS (SELECT bar_raiser_id AS id, count(*) AS n FROM loops WHERE bar_raiser_id IS NOT NULL GROUP BY bar_raiser_id),
  raised_not AS (SELECT bar_raiser_id AS id, count(*) AS n FROM not_started WHERE bar_raiser_id IS NOT NULL GROUP BY bar_raiser_id),
  reverse AS (
    SELECT l.bar_raiser_id AS id, count(DISTINCT l.id) AS n
    FROM loop_shadows sh JOIN team_members o ON o.id = sh.member_id JOIN loops l ON l.id = sh.loop_id
    WHERE o.capabilities LIKE '%"bar_raiser"%' AND l.status IN ${STARTED} AND l.bar_raiser_id IS NOT NULL
    GROUP BY l.bar_raiser_id)
  SELECT m.id AS id,
    coalesce((SELECT n FROM slots_all WHERE id = m.id), 0) - coalesce((SELECT n FROM slots_not WHERE id = m.id), 0) AS interviews,
    coalesce((SELECT n FROM shadows WHERE id = m.id), 0) AS shadows,
    coalesce((SELECT n FROM raised_all WHERE id = m.id), 0) - coalesce((SELECT n FROM raised_not WHERE id = m.id), 0) AS barRaised,
    coalesce((SELECT n FROM reverse WHERE id = m.id), 0) AS reverseShadows
  FROM team_members m`;

function withTraining(db: ReadableDB, rows: MemberRow[], where: string, params: unknown[], sql = TRAINING_SQL): TeamMember[] {
  const training = new Map(
    (prepare(db, `${sql} ${where}`).all(...params) as (Omit<TrainingRecord, 'certifiedAt'> & { id: string })[]).map((t) => [
      t.id,
      t,
    ]),
  );
  return rows.map((r) => {
    const { certifiedAt, ...core } = toCore(r);
    const t = training.get(r.id);
    return {
      ...core,
      training: {
        interviews: t?.interviews ?? 0,
        shadows: t?.shadows ?? 0,
        reverseShadows: t?.reverseShadows ?? 0,
        barRaised: t?.barRaised ?? 0,
        certifiedAt,
      },
    };
  });
}

export function listMembers(db: ReadableDB, includeLeft: boolean): TeamMember[] {
  const where = includeLeft ? '' : `WHERE m.status = 'active'`;
  const rows = prepare(db, `SELECT * FROM team_members m ${where} ORDER BY m.name COLLATE NOCASE, m.id`).all() as MemberRow[];
  return withTraining(db, rows, where, [], TRAINING_ALL_SQL);
}

/** Names, titles, teams, status and capabilities only: one index-ordered read, none of the training counts' history scan. */
export function listMemberNames(db: ReadableDB, includeLeft: boolean): TeamMemberName[] {
  const where = includeLeft ? '' : `WHERE status = 'active'`;
  const rows = prepare(db, `SELECT id, name, title, team, status, capabilities FROM team_members ${where} ORDER BY name COLLATE NOCASE, id`).all() as Pick<
    MemberRow,
    'id' | 'name' | 'title' | 'team' | 'status' | 'capabilities'
  >[];
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    title: r.title,
    team: r.team,
    status: r.status,
    capabilities: parseJsonColumn(CapabilityList, r.capabilities, 'team_members.capabilities'),
  }));
}

export function getMember(db: ReadableDB, id: string): TeamMember | null {
  const row = prepare(db, 'SELECT * FROM team_members WHERE id = ?').get(id) as MemberRow | undefined;
  return row ? (withTraining(db, [row], 'WHERE m.id = ?', [id])[0] ?? null) : null;
}

/** A member without the training counts: for names, capabilities and status, which is what most screens need. */
/** False in a new workspace, before its first person is added. */
export function hasAnyMember(db: ReadableDB): boolean {
  return prepare(db, 'SELECT 1 FROM team_members LIMIT 1').get() !== undefined;
}

export function getMemberBasics(db: ReadableDB, id: string): Omit<TeamMember, 'training'> | null {
  const row = prepare(db, 'SELECT * FROM team_members WHERE id = ?').get(id) as MemberRow | undefined;
  if (!row) return null;
  const { certifiedAt: _certifiedAt, ...core } = toCore(row);
  return core;
}

export function findMemberByEmail(db: ReadableDB, email: string): { id: string; name: string } | null {
  return (
    (prepare(db, `SELECT id, name FROM team_members WHERE email = ? COLLATE NOCASE AND email <> ''`).get(email) as
      | { id: string; name: string }
      | undefined) ?? null
  );
}

export function insertMember(db: WritableDB, m: TeamMember): void {
  prepare(db,
    `INSERT INTO team_members (id, name, email, title, team, manager_id, status, capabilities, certified_at, revision, created_at, updated_at)
     VALUES (@id, @name, @email, @title, @team, @managerId, @status, @capabilities, @certifiedAt, @revision, @createdAt, @updatedAt)`,
  ).run(memberParams(m));
}

export function updateMember(db: WritableDB, m: TeamMember): void {
  prepare(db,
    `UPDATE team_members SET name = @name, email = @email, title = @title, team = @team, manager_id = @managerId,
       status = @status, capabilities = @capabilities, certified_at = @certifiedAt, revision = @revision, updated_at = @updatedAt
     WHERE id = @id`,
  ).run(memberParams(m));
}

function memberParams(m: TeamMember) {
  return {
    id: m.id,
    name: m.name,
    email: m.email,
    title: m.title,
    team: m.team,
    managerId: m.managerId,
    status: m.status,
    capabilities: JSON.stringify(m.capabilities),
    certifiedAt: m.training.certifiedAt,
    revision: m.revision,
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
  };
}

/** The raw reporting edges, for cycle checks and chain walks without loading whole members. */
export function managerEdges(db: ReadableDB): Map<string, string | null> {
  const rows = prepare(db, 'SELECT id, manager_id FROM team_members').all() as { id: string; manager_id: string | null }[];
  return new Map(rows.map((r) => [r.id, r.manager_id]));
}

export function countActiveMembers(db: ReadableDB): number {
  return (prepare(db, `SELECT count(*) AS n FROM team_members WHERE status = 'active'`).get() as { n: number }).n;
}

/** Just what the planning rules need, without the training counts: the planner reads every member on each call. */
export function listPlanMembers(db: ReadableDB): PlanMember[] {
  const rows = prepare(db, 'SELECT id, name, team, manager_id, status, capabilities FROM team_members ORDER BY id').all() as Pick<
    MemberRow,
    'id' | 'name' | 'team' | 'manager_id' | 'status' | 'capabilities'
  >[];
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    team: r.team,
    managerId: r.manager_id,
    active: r.status === 'active',
    capabilities: JSON.parse(r.capabilities) as Capability[],
  }));
}
