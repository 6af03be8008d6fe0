import { prepare } from '../../../db/statements';
import type { WritableDB } from '../../../db/handles';
import type { ChangeValue } from './batch';

/**
 * Unique keys other than the primary key, when two devices inserted clashing rows without having seen each
 * other's (the same principle name, the same revision number of one principle, the same email). Ladders: the
 * earlier by clock (then by id) keeps the value, the later one takes the next free rung of a ladder ("Ownership
 * (2)", revision 6). Arrival order does not matter: a row arriving earlier than the one holding its rung takes
 * the rung and pushes the holder up, so every device ends with the rows in clock order on the ladder.
 * An update that clashes (renaming onto a name another device just took) comes here too, as the row it would
 * make (makeRoomForUpdate in apply.ts).
 */
interface Ladder {
  column: string;
  /** Where a value stands on the ladder: its base and its rung (1 for the bare value). */
  rungOf(value: ChangeValue): { base: ChangeValue; k: number };
  valueAt(base: ChangeValue, k: number): ChangeValue;
  /** The row (other than `exceptId`) holding `value` in the same scope as the row `values`, with its own value. */
  holder(db: WritableDB, values: ReadonlyMap<string, ChangeValue>, value: ChangeValue, exceptId: string): Holder | null;
}

interface Holder {
  id: string;
  value: ChangeValue;
}

const SUFFIX = /^(.*) \((\d+)\)$/s;

const LADDERS: Record<string, Ladder> = {
  // principles_active_name: the later of two active principles of one name shows as "Name (2)".
  principles: {
    column: 'name',
    rungOf(value) {
      const m = SUFFIX.exec(String(value));
      return m ? { base: m[1] ?? '', k: Number(m[2]) } : { base: value, k: 1 };
    },
    valueAt: (base, k) => (k === 1 ? base : `${String(base)} (${k})`),
    holder(db, values, value, exceptId) {
      if (values.get('status') !== 'active') return null;
      return (prepare(db, `SELECT id, name AS value FROM principles WHERE name = ? COLLATE NOCASE AND status = 'active' AND id <> ?`).get(value, exceptId) as
        | Holder
        | undefined) ?? null;
    },
  },
  // principle_revisions (principle_id, revision): two edits of one principle each made revision N; the later
  // becomes N+1 (principles.revision counts both edits, see COUNTER_COLUMNS).
  principle_revisions: {
    column: 'revision',
    rungOf: (value) => ({ base: 0, k: Number(value) }),
    valueAt: (_base, k) => k,
    holder(db, values, value, exceptId) {
      return (prepare(db, 'SELECT id, revision AS value FROM principle_revisions WHERE principle_id = ? AND revision = ? AND id <> ?')
        .get(values.get('principle_id'), value, exceptId) as Holder | undefined) ?? null;
    },
  },
};

export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** The clock a field of a row was last set at (its own, or its row's insert). */
function clockOf(db: WritableDB, table: string, id: string, column: string): string {
  const pk = JSON.stringify([id]);
  const row = prepare(
    db,
    `SELECT max(coalesce((SELECT hlc FROM sync_clocks WHERE tbl = @t AND pk = @pk AND col = @c), ''),
                coalesce((SELECT hlc FROM sync_rows WHERE tbl = @t AND pk = @pk), '')) AS hlc`,
  ).get({ t: table, pk, c: column }) as { hlc: string };
  return row.hlc;
}

const later = (a: { hlc: string; id: string }, b: { hlc: string; id: string }) => a.hlc > b.hlc || (a.hlc === b.hlc && a.id > b.id);

/**
 * Makes room for an insert into `table` that broke a unique key: sets the incoming row's value, and moves the
 * rows it displaces (not captured: every device makes the same moves). False when this table has no ladder.
 */
export function makeRoom(db: WritableDB, table: string, values: Map<string, ChangeValue>, hlc: string): boolean {
  const id = values.get('id');
  if (typeof id !== 'string') return false;
  if (table === 'candidates' || table === 'team_members') return flagDuplicate(db, table, values, { id, hlc });
  if (table === 'decisions') return supersedeEarlier(db, values, { id, hlc });
  if (table === 'practice_items') return linkEarliest(db, values, { id, hlc });
  if (table === 'hire_checkins') return flagDuplicateCheckin(db, values, { id, hlc });
  const ladder = LADDERS[table];
  if (!ladder) return false;
  const start = ladder.rungOf(values.get(ladder.column) ?? null);
  const moves: [string, ChangeValue][] = [];
  // Each row keeps its own base (a name's own letter case) as it climbs.
  let mover = { id, hlc, base: start.base, incoming: true };
  for (let k = start.k; k < start.k + 10_000; k++) {
    const value = ladder.valueAt(mover.base, k);
    const found = ladder.holder(db, values, value, mover.id);
    const holder = found ? { id: found.id, hlc: clockOf(db, table, found.id, ladder.column), base: ladder.rungOf(found.value).base, incoming: false } : null;
    if (holder && !later(holder, mover)) continue;
    if (mover.incoming) values.set(ladder.column, value);
    else moves.push([mover.id, value]);
    if (!holder) break;
    mover = holder;
  }
  // The last row pushed moves first, into a free rung; each earlier one then into the rung just left.
  const update = prepare(db, `UPDATE ${table} SET ${ladder.column} = ? WHERE id = ?`);
  for (const [rowId, value] of moves.reverse()) update.run(value, rowId);
  return true;
}

/**
 * Two devices adding one person (the same email): a name is not enough to merge two records a user may have
 * filled in differently, so both are kept and every one but the earliest (by the email's clock, then id) is
 * flagged `duplicate_of` the earliest, which alone holds the email in the unique index. The user merges them
 * by hand. An earlier row arriving late takes the email over: the holder and those flagged to it are
 * re-pointed to it, so every device ends the same.
 */
function flagDuplicate(db: WritableDB, table: 'candidates' | 'team_members', values: Map<string, ChangeValue>, incoming: { id: string; hlc: string }): boolean {
  const holder = prepare(db, `SELECT id FROM ${table} WHERE email = ? COLLATE NOCASE AND email <> '' AND duplicate_of IS NULL AND id <> ?`).get(
    values.get('email'),
    incoming.id,
  ) as { id: string } | undefined;
  if (!holder) return false;
  if (later(incoming, { id: holder.id, hlc: clockOf(db, table, holder.id, 'email') })) {
    values.set('duplicate_of', holder.id);
    return true;
  }
  prepare(db, `UPDATE ${table} SET duplicate_of = ? WHERE id = ? OR duplicate_of = ?`).run(incoming.id, holder.id, holder.id);
  return true;
}

/**
 * decisions_current: one loop decided on two devices at once (the hiring manager on a laptop and a desktop, both
 * offline). What a user expects is what deciding again does: the later decision (by clock, then id) is the
 * loop's decision and the earlier one is kept, superseded, in its history. Whichever arrives second, every device
 * ends with the same one current: an incoming earlier decision is written as superseded; an incoming later one
 * supersedes the holder (not captured: every device makes the same move).
 */
function supersedeEarlier(db: WritableDB, values: Map<string, ChangeValue>, incoming: { id: string; hlc: string }): boolean {
  if (values.get('superseded') !== 0) return false;
  const holder = prepare(db, 'SELECT id FROM decisions WHERE loop_id = ? AND superseded = 0 AND id <> ?').get(values.get('loop_id'), incoming.id) as { id: string } | undefined;
  if (!holder) return false;
  if (later(incoming, { id: holder.id, hlc: clockOf(db, 'decisions', holder.id, 'superseded') })) {
    prepare(db, 'UPDATE decisions SET superseded = 1 WHERE id = ?').run(holder.id);
  } else values.set('superseded', 1);
  return true;
}

/**
 * practice_items_by_feedback: one feedback made into a practice item on two devices at once. Both items are kept
 * (each may already have attempts, and their texts may differ if the feedback was scrubbed differently); the
 * earliest (by clock, then id) keeps the link to its feedback, the others become items of their own (no
 * `source_feedback_id`), which a user can delete as duplicates. An earlier item arriving late takes the link.
 */
function linkEarliest(db: WritableDB, values: Map<string, ChangeValue>, incoming: { id: string; hlc: string }): boolean {
  const feedbackId = values.get('source_feedback_id');
  if (feedbackId === null || feedbackId === undefined) return false;
  const holder = prepare(db, 'SELECT id FROM practice_items WHERE source_feedback_id = ? AND id <> ?').get(feedbackId, incoming.id) as { id: string } | undefined;
  if (!holder) return false;
  if (later(incoming, { id: holder.id, hlc: clockOf(db, 'practice_items', holder.id, 'source_feedback_id') })) values.set('source_feedback_id', null);
  else prepare(db, 'UPDATE practice_items SET source_feedback_id = NULL WHERE id = ?').run(holder.id);
  return true;
}

/**
 * hire_checkins_current: one hire's 90-day (or 1-year) check-in recorded on two devices at once (the manager on a
 * laptop and a desktop, or the old and the new manager). Neither is a correction of the other, so both are kept
 * and shown; the earliest (by clock, then id) is the check-in, the others are flagged `duplicate_of` it and count
 * nowhere (what predicts reads one check-in per hire and kind). An earlier one arriving late takes over, as in
 * flagDuplicate.
 */
function flagDuplicateCheckin(db: WritableDB, values: Map<string, ChangeValue>, incoming: { id: string; hlc: string }): boolean {
  if (values.get('duplicate_of') !== null && values.get('duplicate_of') !== undefined) return false;
  const holder = prepare(db, 'SELECT id FROM hire_checkins WHERE loop_id = ? AND kind = ? AND duplicate_of IS NULL AND id <> ?').get(
    values.get('loop_id'),
    values.get('kind'),
    incoming.id,
  ) as { id: string } | undefined;
  if (!holder) return false;
  if (later(incoming, { id: holder.id, hlc: clockOf(db, 'hire_checkins', holder.id, 'kind') })) {
    values.set('duplicate_of', holder.id);
    return true;
  }
  prepare(db, 'UPDATE hire_checkins SET duplicate_of = ? WHERE id = ? OR duplicate_of = ?').run(incoming.id, holder.id, holder.id);
  return true;
}
