import type { WritableDB } from './handles';

// The loops whose calibration facts (feedback, ratings, re-votes, kit questions, slot times, decision, status,
// erasure) a write on this connection may have changed, so the background worker reads only those again.
// TEMP triggers: they belong to this one connection and live in its temp schema, so nothing is added to the
// workspace file (nothing for sync, export or erasure to know about) and a rolled-back write leaves no mark.
// Writes on any other connection (the worker's imports, a restored file) are not seen here; the caller
// treats those as touching every loop (keptAcrossCommits counts them).

const watched = new WeakSet<WritableDB>();

// Not INSERT OR IGNORE: a conflict clause of the statement that fired the trigger (an upsert) overrides the
// trigger's own, so a loop already noted is left out by the query instead.
const mark = (loops: string) =>
  `INSERT INTO temp.science_dirty_loops (loop_id) SELECT DISTINCT loop FROM (${loops}) WHERE loop NOT IN (SELECT loop_id FROM temp.science_dirty_loops);`;

const ON: [table: string, loopOf: (row: 'NEW' | 'OLD') => string][] = [
  ['loops', (r) => `SELECT ${r}.id AS loop`],
  ['decisions', (r) => `SELECT ${r}.loop_id AS loop`],
  ['feedback', (r) => `SELECT ${r}.loop_id AS loop`],
  ['revotes', (r) => `SELECT ${r}.loop_id AS loop`],
  ['loop_slots', (r) => `SELECT ${r}.loop_id AS loop`],
  ['feedback_ratings', (r) => `SELECT loop_id AS loop FROM main.feedback WHERE id = ${r}.feedback_id`],
  ['kit_questions', (r) => `SELECT loop_id AS loop FROM main.loop_slots WHERE id = ${r}.slot_id`],
  ['erased_candidates', (r) => `SELECT id AS loop FROM main.loops WHERE candidate_id = ${r}.id`],
];

/** Starts noting, on this connection, the loops its writes touch (once per connection). */
export function watchScienceLoops(db: WritableDB): void {
  if (watched.has(db)) return;
  const triggers = ON.flatMap(([table, loopOf]) => [
    `CREATE TEMP TRIGGER IF NOT EXISTS science_dirty_${table}_insert AFTER INSERT ON main.${table} BEGIN ${mark(loopOf('NEW'))} END;`,
    `CREATE TEMP TRIGGER IF NOT EXISTS science_dirty_${table}_delete AFTER DELETE ON main.${table} BEGIN ${mark(loopOf('OLD'))} END;`,
    `CREATE TEMP TRIGGER IF NOT EXISTS science_dirty_${table}_update AFTER UPDATE ON main.${table} BEGIN ${mark(loopOf('OLD'))} ${mark(loopOf('NEW'))} END;`,
  ]);
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS science_dirty_loops (loop_id TEXT PRIMARY KEY) WITHOUT ROWID; ${triggers.join('\n')}`);
  watched.add(db);
}

/** The loops touched since the last call (or since watching began), forgetting them. */
export function takeScienceDirtyLoops(db: WritableDB): string[] {
  const loops = (db.prepare('SELECT loop_id FROM temp.science_dirty_loops').pluck().all() as (string | null)[]).filter((l): l is string => l !== null);
  if (loops.length > 0) db.exec('DELETE FROM temp.science_dirty_loops');
  return loops;
}
