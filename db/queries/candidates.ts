import type { Candidate, CandidatePage } from '../../core/api/contract/candidates';
import type { ReadableDB, WritableDB } from '../handles';
import { prepare } from '../statements';
import { parseJsonColumn, StringList } from '../jsonColumns';
import { toFtsQuery } from './ftsQuery';

interface CandidateRow {
  id: string;
  name: string;
  email: string;
  phone: string;
  source: string;
  links: string;
  notes: string;
  status: Candidate['status'];
  cooldown_until: string | null;
  revision: number;
  created_at: string;
  updated_at: string;
  duplicate_of: string | null;
}

function toCandidate(r: CandidateRow): Candidate {
  return {
    id: r.id,
    name: r.name,
    email: r.email,
    phone: r.phone,
    source: r.source,
    links: parseJsonColumn(StringList, r.links, 'candidates.links'),
    notes: r.notes,
    status: r.status,
    cooldownUntil: r.cooldown_until,
    revision: r.revision,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    ...(r.duplicate_of ? { possibleDuplicateOf: r.duplicate_of } : {}),
    ...(isHeldBlind(r.name) ? { sealed: true as const } : {}),
  };
}

/**
 * Whether a candidate row is held blind (sync: its personal data sealed under a key not granted here yet). Told
 * from the row alone, with no look at the sync tables: the name is required and never blank otherwise (the API
 * refuses a blank one, an erasure writes its mark), and a blind row holds it blank (candidateKeys.ts).
 */
export const isHeldBlind = (name: string): boolean => name === '';

export function getCandidate(db: ReadableDB, id: string): Candidate | null {
  const row = prepare(db, 'SELECT * FROM candidates WHERE id = ?').get(id) as CandidateRow | undefined;
  return row ? toCandidate(row) : null;
}

// `duplicate_of IS NULL` lets SQLite use the unique email index, which covers only unflagged rows (migration 73):
// the holder of an email is the unflagged one. Without it every lookup read the whole table.
export function findCandidateByEmail(db: ReadableDB, email: string): { id: string; name: string } | null {
  return (
    (prepare(db, `SELECT id, name FROM candidates WHERE email = ? COLLATE NOCASE AND email <> '' AND duplicate_of IS NULL`).get(email) as
      | { id: string; name: string }
      | undefined) ?? null
  );
}

export function listCandidates(
  db: ReadableDB,
  f: { search: string; status: Candidate['status'] | 'all'; limit: number; offset: number },
): CandidatePage {
  const where: string[] = [];
  const params: Record<string, string | number> = {};
  const fts = toFtsQuery(f.search);
  let from = 'candidates c';
  if (fts) {
    from += ' JOIN candidates_fts ON candidates_fts.rowid = c.rowid';
    where.push('candidates_fts MATCH @fts');
    params.fts = fts;
  }
  if (f.status !== 'all') {
    where.push('c.status = @status');
    params.status = f.status;
  }
  const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const order = fts ? 'ORDER BY candidates_fts.rank, c.id' : 'ORDER BY c.id DESC';
  const total = (prepare(db, `SELECT count(*) AS n FROM ${from} ${whereSql}`).get(params) as { n: number }).n;
  const rows = prepare(db, `SELECT c.* FROM ${from} ${whereSql} ${order} LIMIT @limit OFFSET @offset`)
    .all({ ...params, limit: f.limit, offset: f.offset }) as CandidateRow[];
  return { items: rows.map(toCandidate), total };
}

export function saveCandidate(db: WritableDB, c: Candidate): void {
  prepare(db,
    `INSERT INTO candidates (id, name, email, phone, source, links, notes, status, cooldown_until, revision, created_at, updated_at)
     VALUES (@id, @name, @email, @phone, @source, @links, @notes, @status, @cooldownUntil, @revision, @createdAt, @updatedAt)
     ON CONFLICT(id) DO UPDATE SET name = excluded.name, email = excluded.email, phone = excluded.phone, source = excluded.source,
       links = excluded.links, notes = excluded.notes, status = excluded.status, cooldown_until = excluded.cooldown_until,
       revision = excluded.revision, updated_at = excluded.updated_at`,
  ).run({ ...c, links: JSON.stringify(c.links) });
}

/** A person's email changed: whatever the flag said (uniqueMerge.ts) no longer holds. */
export function clearCandidateDuplicate(db: WritableDB, id: string): void {
  prepare(db, 'UPDATE candidates SET duplicate_of = NULL WHERE id = ? AND duplicate_of IS NOT NULL').run(id);
}

export function countHiredCandidates(db: ReadableDB): number {
  return (prepare(db, `SELECT count(*) AS n FROM candidates WHERE status = 'hired'`).get() as { n: number }).n;
}
