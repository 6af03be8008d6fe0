import type { ReadableDB } from '../../../db/handles';

/**
 * Which tables travel to other devices. Everything else is local or derived: member_training (recounted by
 * triggers from the synced rows), the FTS indexes (kept by triggers), sync_* (this device's bookkeeping) and
 * the run lock. Within synced tables, some rows stay here too: see LOCAL_ROWS.
 */
export const SYNCED_TABLES = [
  'settings',
  'activity',
  'principles',
  'principle_revisions',
  'questions',
  'question_principles',
  'question_tags',
  'team_members',
  'roles',
  'candidates',
  'loops',
  'loop_slots',
  'loop_shadows',
  'kit_questions',
  'feedback',
  'feedback_ratings',
  'feedback_peeks',
  'debriefs',
  'revotes',
  'decisions',
  'erased_candidates',
  'hire_managers',
  'hire_checkins',
  'hire_checkin_ratings',
  'coaching_notes',
  'certification_events',
  'practice_items',
  'practice_attempts',
] as const;

/**
 * Tables that never travel, each for its reason; with SYNCED_TABLES this names every table of the schema
 * (a test checks it, so a new table cannot be forgotten). Prefixes cover the FTS shadow tables.
 */
export const LOCAL_TABLES: readonly { name: string; prefix?: true; why: string }[] = [
  { name: 'member_training', why: 'recounted by triggers from synced rows' },
  { name: 'member_principles', why: 'recounted by triggers from synced rows (readiness)' },
  { name: 'candidates_fts', prefix: true, why: 'search index kept by triggers' },
  { name: 'questions_fts', prefix: true, why: 'search index kept by triggers' },
  { name: 'evidence_fts', prefix: true, why: 'search index kept by triggers' },
  { name: 'sync_', prefix: true, why: "this device's sync bookkeeping" },
  { name: 'science_', prefix: true, why: "the calibration's facts kept between runs, and the loops written since (derived)" },
  { name: 'activity_chain', prefix: true, why: "this device's hash chain (and its authors) over its log, in the order rows reached it (docs/sync.md)" },
];
export type SyncedTable = (typeof SYNCED_TABLES)[number];

export function isSyncedTable(name: string): name is SyncedTable {
  return (SYNCED_TABLES as readonly string[]).includes(name);
}

/**
 * What the workspace logs about its own files (workspace.ts `log`, outside dispatch): a backup, a download, an
 * export, a restore of this machine's database. They are this device's history, not the team's: the backups
 * folder is per device, and a restored device is renamed and re-reads the folder (exporter.ts), so nothing of
 * the restore itself needs to travel. Local rows, like draft autosaves: never captured, left out of the hash.
 */
export const DEVICE_LOG_METHODS = [
  'backups.create',
  'backups.download',
  'backups.restore',
  'recovery.restore',
  'recovery.startFresh',
  'transfer.exportWorkspace',
  'transfer.importWorkspace',
] as const;

/**
 * Rows of synced tables that never leave the device, as SQL conditions on a row (`r` stands for NEW or OLD):
 * who "me" is belongs to this machine, and feedback drafts are private until submitted (issue 12). A draft's
 * submission sends the feedback row whole, as an insert; its ratings travel once their feedback is submitted.
 */
export const LOCAL_ROWS: Partial<Record<SyncedTable, (r: string) => string>> = {
  settings: (r) => `${r}.key = 'me'`,
  // A draft's autosaves are logged locally; that someone is drafting is no one else's business yet. So are the
  // workspace's file-level logs (DEVICE_LOG_METHODS).
  activity: (r) => `${r}.method IN (${['feedback.saveDraft', ...DEVICE_LOG_METHODS].map((m) => `'${m}'`).join(', ')})`,
  feedback: (r) => `${r}.status = 'draft'`,
  feedback_ratings: (r) => `(SELECT status FROM feedback WHERE id = ${r}.feedback_id) IS NOT 'submitted'`,
};

/**
 * Columns that count something (how often a question was asked) or number a row's edits (`revision`, the
 * optimistic-concurrency token): they travel as increments (captureTriggers.ts) and are added up on apply
 * (apply.ts), whatever the clocks, so two devices adding one each give two more everywhere. Last writer wins
 * would keep one of the two. An edit on two devices at once thus takes `revision` past both, and a form
 * still holding either number is told to reload.
 */
export const COUNTER_COLUMNS: Partial<Record<SyncedTable, readonly string[]>> = {
  questions: ['times_asked', 'revision'],
  principles: ['revision'],
  team_members: ['revision'],
  roles: ['revision'],
  candidates: ['revision'],
  loops: ['revision'],
};

export interface TableShape {
  columns: string[];
  /** Primary-key columns in key order. */
  pk: string[];
}

/** A table's columns and key as this version's schema has them, or null when it has no such table. */
export function tableShape(db: ReadableDB, table: string): TableShape | null {
  const rows = db.prepare('SELECT name, pk FROM pragma_table_info(?) ORDER BY cid').all(table) as { name: string; pk: number }[];
  if (rows.length === 0) return null;
  return {
    columns: rows.map((r) => r.name),
    pk: rows.filter((r) => r.pk > 0).sort((a, b) => a.pk - b.pk).map((r) => r.name),
  };
}

const shapes = new WeakMap<object, Map<string, TableShape | null>>();

/** tableShape, remembered per connection: the schema does not change while a workspace is open. */
export function cachedShape(db: ReadableDB, table: string): TableShape | null {
  let perDb = shapes.get(db);
  if (!perDb) shapes.set(db, (perDb = new Map()));
  if (!perDb.has(table)) perDb.set(table, tableShape(db, table));
  return perDb.get(table) ?? null;
}

export const quoteName = (name: string) => `"${name.replaceAll('"', '""')}"`;
