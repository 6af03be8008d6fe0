import type { TeamMember, TeamMemberName } from '../../core/api/contract/team';
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
  duplicate_of: string | null;
}

/** A member's row as the API shows it, without the training counts: one object, built in one go. */
function basics(r: MemberRow): Omit<TeamMember, 'training'> {
  const member: Omit<TeamMember, 'training'> = {
    id: r.id,
    name: r.name,
    email: r.email,
    title: r.title,
    team: r.team,
    managerId: r.manager_id,
    status: r.status,
    capabilities: parseJsonColumn(CapabilityList, r.capabilities, 'team_members.capabilities'),
    revision: r.revision,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
  if (r.duplicate_of) member.possibleDuplicateOf = r.duplicate_of;
  return member;
}

type TrainingCounts = Pick<TrainedRow, 'interviews' | 'shadows' | 'bar_raised' | 'reverse_shadows'>;

/** The row and its counts as a member, the training added to the same object (a copy per member cost the list a fifth). */
function memberOf(r: MemberRow, t: TrainingCounts): TeamMember {
  const member = basics(r) as TeamMember;
  member.training = { interviews: t.interviews, shadows: t.shadows, reverseShadows: t.reverse_shadows, barRaised: t.bar_raised, certifiedAt: r.certified_at };
  return member;
}

/**
 * The training counts come from `member_training`, which triggers keep (migration 64): counting them from the
 * loops on every read cost the team screen ~80 ms of SQLite time at 1,500 people (see bench/README.md).
 */
const WITH_TRAINING = `SELECT m.*, coalesce(t.interviews, 0) AS interviews, coalesce(t.shadows, 0) AS shadows,
    coalesce(t.bar_raised, 0) AS bar_raised, coalesce(t.reverse_shadows, 0) AS reverse_shadows
  FROM team_members m LEFT JOIN member_training t ON t.member_id = m.id`;

interface TrainedRow extends MemberRow {
  interviews: number;
  shadows: number;
  bar_raised: number;
  reverse_shadows: number;
}

type TrainingRow = TrainingCounts & { member_id: string };

const NO_TRAINING = { interviews: 0, shadows: 0, bar_raised: 0, reverse_shadows: 0 };

/**
 * Everyone, with their training counts. The counts are read whole and matched here: joined in SQL they were one
 * primary-key probe per member, which cost the list a fifth more than a read of the counts' table
 * (bench/README.md).
 */
export function listMembers(db: ReadableDB, includeLeft: boolean): TeamMember[] {
  const where = includeLeft ? '' : `WHERE status = 'active'`;
  const rows = prepare(db, `SELECT * FROM team_members ${where} ORDER BY name COLLATE NOCASE, id`).all() as MemberRow[];
  const training = new Map<string, TrainingRow>();
  for (const t of prepare(db, 'SELECT member_id, interviews, shadows, bar_raised, reverse_shadows FROM member_training').all() as TrainingRow[]) {
    training.set(t.member_id, t);
  }
  return rows.map((r) => memberOf(r, training.get(r.id) ?? NO_TRAINING));
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
  const row = prepare(db, `${WITH_TRAINING} WHERE m.id = ?`).get(id) as TrainedRow | undefined;
  return row ? memberOf(row, row) : null;
}

/** False in a new workspace, before its first person is added. */
export function hasAnyMember(db: ReadableDB): boolean {
  return prepare(db, 'SELECT 1 FROM team_members LIMIT 1').get() !== undefined;
}

/** A member without the training counts: for names, capabilities and status, which is what most screens need. */
export function getMemberBasics(db: ReadableDB, id: string): Omit<TeamMember, 'training'> | null {
  const row = prepare(db, 'SELECT * FROM team_members WHERE id = ?').get(id) as MemberRow | undefined;
  return row ? basics(row) : null;
}

/**
 * The "me" setting and that person's member row (null when none is chosen or the row is gone), in one statement:
 * every read open to members asks for both, and two lookups cost a small read more than one.
 */
export function getMeAndMember(db: ReadableDB): { me: string | null; member: Omit<TeamMember, 'training'> | null } {
  const row = prepare(db, `SELECT s.value AS me, m.* FROM settings s LEFT JOIN team_members m ON m.id = s.value WHERE s.key = 'me'`).get() as
    | (MemberRow & { me: string })
    | (Record<keyof MemberRow, null> & { me: string })
    | undefined;
  if (!row) return { me: null, member: null };
  return { me: row.me, member: row.id === null ? null : basics(row as MemberRow) };
}

/** Every member's status and capabilities, in one query (who may read what, for many loops at once). */
export function memberAccess(db: ReadableDB): Pick<TeamMember, 'id' | 'status' | 'capabilities'>[] {
  return (prepare(db, 'SELECT id, status, capabilities FROM team_members').all() as Pick<MemberRow, 'id' | 'status' | 'capabilities'>[]).map((r) => ({
    id: r.id,
    status: r.status,
    capabilities: parseJsonColumn(CapabilityList, r.capabilities, 'team_members.capabilities'),
  }));
}

/** Names of the given people, in one query. */
export function memberNames(db: ReadableDB, ids: readonly string[]): Map<string, string> {
  const rows = prepare(db, 'SELECT id, name FROM team_members WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(ids)) as {
    id: string;
    name: string;
  }[];
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** A person's email changed: whatever the flag said (uniqueMerge.ts) no longer holds. */
export function clearMemberDuplicate(db: WritableDB, id: string): void {
  prepare(db, 'UPDATE team_members SET duplicate_of = NULL WHERE id = ? AND duplicate_of IS NOT NULL').run(id);
}

// `duplicate_of IS NULL` lets SQLite use the unique email index, which covers only unflagged rows (migration 73):
// the holder of an email is the unflagged one. Without it every lookup read the whole table.
export function findMemberByEmail(db: ReadableDB, email: string): { id: string; name: string } | null {
  return (
    (prepare(db, `SELECT id, name FROM team_members WHERE email = ? COLLATE NOCASE AND email <> '' AND duplicate_of IS NULL`).get(email) as
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
