import type { Role, RoleSummary } from '../../core/api/contract/roles';
import type { ReadableDB, WritableDB } from '../handles';
import { prepare } from '../statements';
import { jsonColumnLength, parseJsonColumn, StringList, TemplateSlots } from '../jsonColumns';

interface RoleRow {
  id: string;
  title: string;
  team: string;
  level: string;
  hiring_manager_id: string | null;
  status: Role['status'];
  focus_principle_ids: string;
  template: string;
  revision: number;
  created_at: string;
  updated_at: string;
}

/** What a role and its summary share, as stored. */
const roleBase = (r: RoleRow) => ({
  id: r.id,
  title: r.title,
  team: r.team,
  level: r.level,
  hiringManagerId: r.hiring_manager_id,
  status: r.status,
});

function toRole(r: RoleRow): Role {
  return {
    ...roleBase(r),
    focusPrincipleIds: parseJsonColumn(StringList, r.focus_principle_ids, 'roles.focus_principle_ids'),
    template: parseJsonColumn(TemplateSlots, r.template, 'roles.template'),
    revision: r.revision,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function listRoles(db: ReadableDB, status: Role['status'] | 'all'): RoleSummary[] {
  const rows = (
    status === 'all'
      ? prepare(db, `SELECT * FROM roles ORDER BY status = 'closed', title COLLATE NOCASE, id`).all()
      : prepare(db, `SELECT * FROM roles WHERE status = ? ORDER BY title COLLATE NOCASE, id`).all(status)
  ) as RoleRow[];
  return rows.map(toRoleSummary);
}

// Counted in JavaScript: SQLite's json_array_length on every template cost the list more than the query.
const toRoleSummary = (r: RoleRow): RoleSummary => ({
  ...roleBase(r),
  focusPrincipleCount: jsonColumnLength(StringList, r.focus_principle_ids, 'roles.focus_principle_ids'),
  interviewCount: jsonColumnLength(TemplateSlots, r.template, 'roles.template'),
  revision: r.revision,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function getRole(db: ReadableDB, id: string): Role | null {
  const row = prepare(db, 'SELECT * FROM roles WHERE id = ?').get(id) as RoleRow | undefined;
  return row ? toRole(row) : null;
}

export function saveRole(db: WritableDB, r: Role): void {
  prepare(db,
    `INSERT INTO roles (id, title, team, level, hiring_manager_id, status, focus_principle_ids, template, revision, created_at, updated_at)
     VALUES (@id, @title, @team, @level, @hiringManagerId, @status, @focus, @template, @revision, @createdAt, @updatedAt)
     ON CONFLICT(id) DO UPDATE SET title = excluded.title, team = excluded.team, level = excluded.level,
       hiring_manager_id = excluded.hiring_manager_id, status = excluded.status, focus_principle_ids = excluded.focus_principle_ids,
       template = excluded.template, revision = excluded.revision, updated_at = excluded.updated_at`,
  ).run({
    id: r.id,
    title: r.title,
    team: r.team,
    level: r.level,
    hiringManagerId: r.hiringManagerId,
    status: r.status,
    focus: JSON.stringify(r.focusPrincipleIds),
    template: JSON.stringify(r.template),
    revision: r.revision,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  });
}
