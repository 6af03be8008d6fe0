import type { ReadableDB, WritableDB } from './handles';
import { prepare } from './statements';

// The calibration's kept facts (core/server/calibrationFacts.ts), stored so the first report after the app opens
// starts from them instead of reading every decided loop again (seconds at ten years), and the loops whose
// facts a write may have changed since (feedback, ratings, re-votes, kit questions, slot times, decision,
// status, erasure).
//
// Permanent triggers, unlike the TEMP ones they replace: a write on any connection — the worker's imports, sync's
// apply, another tool — notes its loops, and the notes are in the file with the facts they qualify, so a backup
// restored or a copy opened elsewhere carries facts and notes of one moment. Both tables stay on this device
// (sync's LOCAL_TABLES; an export leaves them out) and hold ids and numbers only: no name, no text.
//
// `seq` orders the notes: a build reads the notes after the facts it starts from, and storing its facts removes
// only the notes it read (seq <= covered). A loop noted again is deleted and inserted anew, so its note moves
// past any build already under way (AUTOINCREMENT: a number is never handed out twice).
//
// Nothing is noted while the table of facts is empty: until a report is first asked for (a fresh workspace, a
// seed, an old one just migrated) bulk writes pay nothing. Before that first build reads, `startNoting` puts a
// row without facts there, so the writes made while it reads are noted.

const WATCHED: [table: string, loopOf: (row: 'NEW' | 'OLD') => string][] = [
  ['loops', (r) => `SELECT ${r}.id AS loop`],
  ['decisions', (r) => `SELECT ${r}.loop_id AS loop`],
  ['feedback', (r) => `SELECT ${r}.loop_id AS loop`],
  ['revotes', (r) => `SELECT ${r}.loop_id AS loop`],
  ['loop_slots', (r) => `SELECT ${r}.loop_id AS loop`],
  ['feedback_ratings', (r) => `SELECT loop_id AS loop FROM feedback WHERE id = ${r}.feedback_id`],
  ['kit_questions', (r) => `SELECT loop_id AS loop FROM loop_slots WHERE id = ${r}.slot_id`],
  ['erased_candidates', (r) => `SELECT id AS loop FROM loops WHERE candidate_id = ${r}.id`],
];

// A loop's facts join its feedback's author, its ratings' principles and its role. Rows of those can arrive after
// the loop's (a team device applies other devices' changes in their order), so their inserts note the loops that
// name them; renames change no fact (names are read afresh each build), and a row id naming another row is
// caught by the build (`sameRows`).
const JOINED: [table: string, loopsOf: (row: 'NEW') => string][] = [
  ['team_members', (r) => `SELECT loop_id AS loop FROM feedback WHERE author_id = ${r}.id UNION SELECT loop_id FROM revotes WHERE author_id = ${r}.id`],
  ['principles', (r) => `SELECT f.loop_id AS loop FROM feedback_ratings x JOIN feedback f ON f.id = x.feedback_id WHERE x.principle_id = ${r}.id`],
  ['roles', (r) => `SELECT id AS loop FROM loops WHERE role_id = ${r}.id`],
];

// Plain DELETE and INSERT, no conflict clause: an outer statement's clause (an upsert, INSERT OR IGNORE) would
// override the trigger's, and after the delete there is no conflict to resolve.
const mark = (loops: string) =>
  `DELETE FROM science_dirty_loops WHERE loop_id IN (${loops});
   INSERT INTO science_dirty_loops (loop_id) SELECT DISTINCT loop FROM (${loops}) WHERE loop IS NOT NULL;`;

const WHEN_STORED = 'WHEN EXISTS (SELECT 1 FROM science_facts)';

export const SCIENCE_FACTS_SQL = [
  `CREATE TABLE science_facts (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     generation TEXT NOT NULL,
     covered INTEGER NOT NULL,
     facts BLOB NOT NULL
   ) STRICT;`,
  `CREATE TABLE science_dirty_loops (seq INTEGER PRIMARY KEY AUTOINCREMENT, loop_id TEXT NOT NULL UNIQUE);`,
  ...WATCHED.flatMap(([table, loopOf]) => [
    `CREATE TRIGGER science_dirty_${table}_insert AFTER INSERT ON ${table} ${WHEN_STORED} BEGIN ${mark(loopOf('NEW'))} END;`,
    `CREATE TRIGGER science_dirty_${table}_delete AFTER DELETE ON ${table} ${WHEN_STORED} BEGIN ${mark(loopOf('OLD'))} END;`,
    `CREATE TRIGGER science_dirty_${table}_update AFTER UPDATE ON ${table} ${WHEN_STORED} BEGIN ${mark(loopOf('OLD'))} ${mark(loopOf('NEW'))} END;`,
  ]),
  ...JOINED.map(([table, loopsOf]) => `CREATE TRIGGER science_dirty_${table}_insert AFTER INSERT ON ${table} ${WHEN_STORED} BEGIN ${mark(loopsOf('NEW'))} END;`),
].join('\n');

export interface StoredFactsState {
  generation: string;
  covered: number;
}

/** Which stored facts there are (not the facts themselves), and the last note's number. */
export function scienceFactsState(db: ReadableDB): { stored: StoredFactsState | null; lastNote: number } {
  const stored = (prepare(db, 'SELECT generation, covered FROM science_facts WHERE id = 1').get() as StoredFactsState | undefined) ?? null;
  const lastNote = (prepare(db, 'SELECT max(seq) AS seq FROM science_dirty_loops').get() as { seq: number | null }).seq ?? 0;
  return { stored, lastNote: Math.max(lastNote, stored?.covered ?? 0) };
}

export function storedScienceFacts(db: ReadableDB): Buffer | null {
  return (prepare(db, 'SELECT facts FROM science_facts WHERE id = 1').get() as { facts: Buffer } | undefined)?.facts ?? null;
}

/** The loops noted after note `after`. */
export function scienceDirtyLoops(db: ReadableDB, after: number): string[] {
  return (prepare(db, 'SELECT loop_id AS id FROM science_dirty_loops WHERE seq > ?').all(after) as { id: string }[]).map((r) => r.id);
}

/**
 * Stores facts read with every note up to `covered`, and forgets those notes, unless another build stored its
 * own since this one read (`expected`: the generation there when it read). Facts read while nothing was noted
 * (`expected` null) are not stored: writes made as they were read would be missing from them.
 */
export function storeScienceFacts(db: WritableDB, facts: { generation: string; expected: string | null; covered: number; blob: Uint8Array }): boolean {
  return db.transaction(() => {
    const now = (prepare(db, 'SELECT generation FROM science_facts WHERE id = 1').get() as { generation: string } | undefined)?.generation ?? null;
    if (facts.expected === null || now !== facts.expected) return false;
    prepare(db, 'INSERT OR REPLACE INTO science_facts (id, generation, covered, facts) VALUES (1, ?, ?, ?)').run(facts.generation, facts.covered, facts.blob);
    prepare(db, 'DELETE FROM science_dirty_loops WHERE seq <= ?').run(facts.covered);
    return true;
  })();
}

/** Makes the triggers note loops from now on, before a build with no stored facts reads (nothing if noting already). */
export function startNoting(db: WritableDB): void {
  prepare(db, `INSERT OR IGNORE INTO science_facts (id, generation, covered, facts) VALUES (1, 'none', 0, x'')`).run();
}

/** Forgets the stored facts and notes: for loads that set the triggers aside (a team snapshot). */
export function forgetScienceFacts(db: WritableDB): void {
  db.exec('DELETE FROM science_dirty_loops; DELETE FROM science_facts;');
}
