import type {
  Principle,
  PrincipleContent,
  PrincipleRevision,
  PrincipleStatus,
} from '../../core/api/contract/principles';
import type { ReadableDB, WritableDB } from '../handles';
import { prepare } from '../statements';
import { AnchorTexts, parseJsonColumn } from '../jsonColumns';

interface PrincipleRow {
  id: string;
  name: string;
  summary: string;
  description: string;
  anchors: string;
  position: number;
  status: PrincipleStatus;
  is_draft: number;
  revision: number;
  created_at: string;
  updated_at: string;
}

function toPrinciple(row: PrincipleRow): Principle {
  return {
    id: row.id,
    name: row.name,
    summary: row.summary,
    description: row.description,
    anchors: parseJsonColumn(AnchorTexts, row.anchors, 'principles.anchors'),
    position: row.position,
    status: row.status,
    isDraft: row.is_draft === 1,
    revision: row.revision,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function listPrinciples(db: ReadableDB, includeArchived: boolean): Principle[] {
  // Active first in the user's order; archived after, most recently archived first.
  const sql = includeArchived
    ? `SELECT * FROM principles ORDER BY status = 'archived', CASE status WHEN 'active' THEN position END, updated_at DESC`
    : `SELECT * FROM principles WHERE status = 'active' ORDER BY position`;
  return (prepare(db, sql).all() as PrincipleRow[]).map(toPrinciple);
}

export function getPrinciple(db: ReadableDB, id: string): Principle | null {
  const row = prepare(db, 'SELECT * FROM principles WHERE id = ?').get(id) as PrincipleRow | undefined;
  return row ? toPrinciple(row) : null;
}

/** Names of the given principles (archived ones too), in one query. */
export function principleNames(db: ReadableDB, ids: readonly string[]): Map<string, string> {
  const rows = prepare(db, 'SELECT id, name FROM principles WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(ids)) as {
    id: string;
    name: string;
  }[];
  return new Map(rows.map((r) => [r.id, r.name]));
}

export function findActivePrincipleByName(db: ReadableDB, name: string): Principle | null {
  const row = prepare(db, `SELECT * FROM principles WHERE status = 'active' AND name = ? COLLATE NOCASE`)
    .get(name) as PrincipleRow | undefined;
  return row ? toPrinciple(row) : null;
}

export function nextPrinciplePosition(db: ReadableDB): number {
  const row = prepare(db, `SELECT MAX(position) AS max FROM principles WHERE status = 'active'`).get() as {
    max: number | null;
  };
  return (row.max ?? -1) + 1;
}

export function insertPrinciple(db: WritableDB, p: Principle): void {
  prepare(db,
    `INSERT INTO principles (id, name, summary, description, anchors, position, status, is_draft, revision, created_at, updated_at)
     VALUES (@id, @name, @summary, @description, @anchors, @position, @status, @isDraft, @revision, @createdAt, @updatedAt)`,
  ).run({ ...p, anchors: JSON.stringify(p.anchors), isDraft: p.isDraft ? 1 : 0 });
}

export function updatePrinciple(db: WritableDB, p: Principle): void {
  prepare(db,
    `UPDATE principles SET name = @name, summary = @summary, description = @description, anchors = @anchors,
       position = @position, status = @status, is_draft = @isDraft, revision = @revision, updated_at = @updatedAt
     WHERE id = @id`,
  ).run({
    id: p.id,
    name: p.name,
    summary: p.summary,
    description: p.description,
    anchors: JSON.stringify(p.anchors),
    position: p.position,
    status: p.status,
    isDraft: p.isDraft ? 1 : 0,
    revision: p.revision,
    updatedAt: p.updatedAt,
  });
}

export function setPrinciplePositions(db: WritableDB, orderedIds: readonly string[]): void {
  const stmt = prepare(db, 'UPDATE principles SET position = ? WHERE id = ?');
  orderedIds.forEach((id, index) => stmt.run(index, id));
}

export function insertPrincipleRevision(db: WritableDB, r: PrincipleRevision): void {
  prepare(db,
    `INSERT INTO principle_revisions (id, principle_id, revision, at, actor, before, after)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(r.id, r.principleId, r.revision, r.at, r.actor, r.before ? JSON.stringify(r.before) : null, JSON.stringify(r.after));
}

export function listPrincipleRevisions(db: ReadableDB, principleId: string): PrincipleRevision[] {
  const rows = prepare(db,
      `SELECT id, principle_id, revision, at, actor, before, after FROM principle_revisions
       WHERE principle_id = ? ORDER BY revision DESC`,
    )
    .all(principleId) as {
    id: string;
    principle_id: string;
    revision: number;
    at: string;
    actor: string;
    before: string | null;
    after: string;
  }[];
  return rows.map((r) => ({
    id: r.id,
    principleId: r.principle_id,
    revision: r.revision,
    at: r.at,
    actor: r.actor,
    before: r.before ? (JSON.parse(r.before) as PrincipleContent) : null,
    after: JSON.parse(r.after) as PrincipleContent,
  }));
}
