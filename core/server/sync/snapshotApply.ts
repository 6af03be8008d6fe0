import { forgetScienceFacts } from '../../../db/scienceDirtyLoops';
import { chainExistingActivity, hasActivityChain } from '../../../db/activityChain';
import { MEMBER_PRINCIPLES_REBUILD_SQL } from '../../../db/memberPrinciplesSql';
import { MEMBER_TRAINING_REBUILD_SQL } from '../../../db/memberTrainingSql';
import type { WritableDB } from '../../../db/handles';
import { DEFERRED_SEARCH_INDEXES, deferSearchIndex } from '../../../db/searchPending';
import { prepare } from '../../../db/statements';
import type { EnvelopeProblem } from './batchFile';
import { clockOf, isSnapshotManifest, isSnapshotV1, type SnapshotManifest, type SnapshotPart } from './snapshot';
import { keepSnapshotCandidateSealed } from './candidateSnapshot';
import { openSnapshotCandidateItems, type OfferedCandidateKey } from './candidateSnapshotOpen';
import { keepSnapshotSealed } from './snapshotSealed';
import { stateHash } from './stateHash';
import { LOCAL_ROWS, SYNCED_TABLES, isSyncedTable, quoteName, tableShape } from './syncedTables';
import { refused, type Checked } from './syncResult';

/** A snapshot file's sections as openEnvelope gives them: each parsed only when read. */
export type SnapshotSource = { read(): Checked<unknown, EnvelopeProblem> }[];

class SnapshotRefused extends Error {}

/**
 * Replaces this device's shared rows with the snapshot's and records that the writing device's changes up to
 * `seq` are in: one transaction, a section parsed and inserted at a time. Only for a device that has no shared
 * data of its own yet (a join). Foreign keys are checked at commit, so rows may come in any order.
 *
 * Fast because the triggers of the synced tables (search indexes, training counts; this connection's capture
 * triggers, which would record nothing) are set aside for the load and put back before commit, the derived
 * tables then rebuilt once (FTS 'rebuild', a full recount) instead of once per row; the evidence index is built
 * after the commit instead (db/searchPending.ts: the engine starts it once the bootstrap is done). Where this version's
 * columns equal the writer's, the state hash of the rows as loaded must equal the one the writer computed: else
 * nothing is kept. Then the candidate data this device was granted keys for fills the rows (candidateSnapshotOpen.ts).
 */
export function applySnapshot(
  db: WritableDB,
  source: SnapshotSource,
  from: { deviceId: string; seq: number; memberId: string },
  options: {
    onSection?: (done: number, total: number) => void;
    /** Candidate keys granted to this device already, and the team they are sealed for: their items are opened in the load. */
    candidateKeys?: { teamId: string; keys: readonly OfferedCandidateKey[] };
  } = {},
): Checked<{ rows: number; candidateItems: number }, 'corrupt' | 'mismatch'> {
  const last = source.at(-1)?.read();
  if (!last?.ok) return refused('corrupt', last ? last.detail : 'a snapshot without sections');
  const legacy = isSnapshotV1(last.value) && source.length === 1;
  if (!legacy && !isSnapshotManifest(last.value)) return refused('corrupt', 'not a snapshot this version can read');
  let rows = 0;
  let candidateItems = 0;
  // The load writes about as many pages as the database has: a larger cache for it spares re-reading them.
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  db.pragma('cache_size = -262144');
  // References are checked once over the loaded rows (checkReferences) rather than by a lookup per inserted row.
  // The switch works only outside a transaction: called inside one, the rows are checked as they go in (deferred).
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
  if (foreignKeys) db.pragma('foreign_keys = OFF');
  try {
    db.transaction(() => {
      db.pragma('defer_foreign_keys = ON');
      const triggers = setTriggersAside(db);
      const indexes = setIndexesAside(db);
      for (const table of [...SYNCED_TABLES].reverse()) {
        const local = LOCAL_ROWS[table];
        if (tableShape(db, table)) db.prepare(`DELETE FROM ${quoteName(table)}${local ? ` WHERE NOT (${local(quoteName(table))})` : ''}`).run();
      }
      // Sealed content belongs with the shared rows it completes: the snapshot brings its own.
      db.prepare('DELETE FROM sync_sealed').run();
      db.prepare('DELETE FROM sync_candidate_sealed').run();
      const positions = legacy ? applyV1(db, last.value as Parameters<typeof applyV1>[1]) : applySections(db, source, last.value as SnapshotManifest, options.onSection);
      rows = positions.rows;
      // Built once over the loaded rows (a sort) rather than grown by a random insert per row.
      for (const sql of indexes) db.exec(sql);
      // The rows as loaded (personal data blank) are what the writer hashed: checked before the data granted here fills them.
      if (!legacy) {
        const manifest = last.value as SnapshotManifest;
        const sameSchema = SYNCED_TABLES.every((t) => (tableShape(db, t)?.columns.join(',') ?? null) === (manifest.columns[t]?.join(',') ?? null));
        if (sameSchema && stateHash(db) !== manifest.stateHash) throw new SnapshotRefused('the applied state differs from the state the snapshot was written from');
      }
      if (options.candidateKeys) candidateItems = openSnapshotCandidateItems(db, options.candidateKeys.teamId, options.candidateKeys.keys);
      for (const sql of triggers) db.exec(sql);
      if (foreignKeys) checkReferences(db);
      rebuildDerived(db);
      const position = prepare(
        db,
        `INSERT INTO sync_positions (device_id, seq, member_id) VALUES (?, ?, ?)
         ON CONFLICT (device_id) DO UPDATE SET seq = max(seq, excluded.seq), member_id = excluded.member_id`,
      );
      for (const p of positions.positions) position.run(...p);
      position.run(from.deviceId, from.seq, from.memberId);
    }).immediate();
  } catch (error) {
    if (error instanceof SnapshotRefused) return refused('mismatch', error.message);
    throw error;
  } finally {
    db.pragma(`cache_size = ${cacheSize}`);
    if (foreignKeys) db.pragma('foreign_keys = ON');
  }
  return { ok: true, value: { rows, candidateItems } };
}

/**
 * Drops the triggers on the synced tables (both schemas) and returns the SQL that puts them back. DDL is
 * transactional in SQLite: a failed load rolls the drop back too.
 */
function setTriggersAside(db: WritableDB): string[] {
  const names = SYNCED_TABLES.map((t) => `'${t}'`).join(', ');
  const found = db
    .prepare(
      `SELECT 'main' AS schema, name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN (${names})
       UNION ALL SELECT 'temp', name, sql FROM sqlite_temp_master WHERE type = 'trigger' AND tbl_name IN (${names})`,
    )
    .all() as { schema: string; name: string; sql: string }[];
  for (const t of found) db.exec(`DROP TRIGGER ${t.schema}.${quoteName(t.name)}`);
  // A TEMP trigger's stored text says only CREATE TRIGGER: made from it as it stands it would land in main.
  return found.map((t) => (t.schema === 'temp' ? t.sql.replace(/^CREATE\s+TRIGGER/i, 'CREATE TEMP TRIGGER') : t.sql));
}

/** Drops the explicit indexes of the synced tables (not their keys) and returns the SQL that makes them again. */
function setIndexesAside(db: WritableDB): string[] {
  const names = SYNCED_TABLES.map((t) => `'${t}'`).join(', ');
  const found = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${names})`).all() as { name: string; sql: string }[];
  for (const i of found) db.exec(`DROP INDEX main.${quoteName(i.name)}`);
  return found.map((i) => i.sql);
}

/** A row naming a parent that is not there refuses the snapshot, as the deferred check at commit would have. */
function checkReferences(db: WritableDB): void {
  for (const table of SYNCED_TABLES) {
    if (!tableShape(db, table)) continue;
    const broken = db.prepare(`SELECT "table", parent FROM pragma_foreign_key_check(?) LIMIT 1`).get(table) as { table: string; parent: string } | undefined;
    if (broken) throw new SnapshotRefused(`a row of ${broken.table} names a missing row of ${broken.parent}`);
  }
}

/** What the set-aside triggers would have kept, rebuilt once from the loaded rows. */
function rebuildDerived(db: WritableDB): void {
  const fts = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts5%'`).pluck().all() as string[];
  const later = tableShape(db, 'sync_search_pending') ? DEFERRED_SEARCH_INDEXES : [];
  for (const name of fts) {
    if (later.includes(name)) deferSearchIndex(db, name);
    else db.exec(`INSERT INTO ${quoteName(name)}(${quoteName(name)}) VALUES ('rebuild')`);
  }
  // This device's log chain (never synced) starts over the log as loaded: its links were set aside with the rest.
  if (hasActivityChain(db)) {
    db.exec('DELETE FROM activity_chain');
    chainExistingActivity(db);
  }
  // The calibration's stored facts are of the rows just replaced, and the triggers noting writes were set aside.
  if (tableShape(db, 'science_facts')) forgetScienceFacts(db);
  if (tableShape(db, 'member_training')) db.exec(MEMBER_TRAINING_REBUILD_SQL);
  if (tableShape(db, 'member_principles')) db.exec(MEMBER_PRINCIPLES_REBUILD_SQL);
}

function insertRows(db: WritableDB, table: string, columns: string[], rows: unknown[][]): number {
  const shape = isSyncedTable(table) ? tableShape(db, table) : null;
  if (!shape) return 0;
  // Columns this version does not have are left out; a newer version's snapshot still bootstraps.
  const known = columns.map((c, i) => [c, i] as const).filter(([c]) => shape.columns.includes(c));
  const insert = prepare(db, `INSERT OR REPLACE INTO ${quoteName(table)} (${known.map(([c]) => quoteName(c)).join(', ')}) VALUES (${known.map(() => '?').join(', ')})`);
  const all = known.length === columns.length;
  // An array binds as the positional parameters, without spreading two million rows into arguments.
  for (const row of rows) insert.run((all ? row : known.map(([, i]) => row[i])) as never);
  return rows.length;
}

function applySections(db: WritableDB, source: SnapshotSource, manifest: SnapshotManifest, onSection?: (done: number, total: number) => void): { rows: number; positions: SnapshotManifest['positions'] } {
  if (manifest.sections.length !== source.length - 1) throw new SnapshotRefused(`the manifest lists ${manifest.sections.length} sections, the file holds ${source.length - 1}`);
  const rowClock = prepare(db, 'INSERT OR REPLACE INTO sync_rows (tbl, pk, hlc, deleted) VALUES (?, ?, ?, ?)');
  const fieldClock = prepare(db, 'INSERT OR REPLACE INTO sync_clocks (tbl, pk, col, hlc) VALUES (?, ?, ?, ?)');
  let rows = 0;
  manifest.sections.forEach((expected, i) => {
    const read = source[i]?.read();
    if (!read?.ok) throw new SnapshotRefused(read ? read.detail : `section ${i} missing`);
    const part = read.value as SnapshotPart;
    const count = part.part === 'rows' ? part.rows?.length : part.part === 'sealed' || part.part === 'candidateSealed' ? part.items?.length : part.clocks?.length;
    if (part.part !== expected.part || count !== expected.count || (part.part === 'rows' && part.table !== expected.table)) {
      throw new SnapshotRefused(`section ${i} is not what the manifest says it is`);
    }
    if (part.part === 'rows') rows += insertRows(db, part.table, part.columns, part.rows);
    else if (part.part === 'sealed') keepSnapshotSealed(db, part.items);
    else if (part.part === 'candidateSealed') keepSnapshotCandidateSealed(db, part.items);
    else if (part.part === 'rowClocks') for (const [t, pk, head, dev, deleted] of part.clocks) rowClock.run(part.names[t], pk, clockOf(head, dev, part.devices), deleted);
    else for (const [t, pk, c, head, dev] of part.clocks) fieldClock.run(part.names[t], pk, part.names[c], clockOf(head, dev, part.devices));
    onSection?.(i + 1, manifest.sections.length);
  });
  return { rows, positions: manifest.positions };
}

function applyV1(db: WritableDB, snapshot: { tables: Record<string, { columns: string[]; rows: unknown[][] }>; rowClocks: [string, string, string, number][]; fieldClocks: [string, string, string, string][]; positions: [string, number, string][] }) {
  let rows = 0;
  for (const [table, { columns, rows: r }] of Object.entries(snapshot.tables)) rows += insertRows(db, table, columns, r);
  const rowClock = prepare(db, 'INSERT OR REPLACE INTO sync_rows (tbl, pk, hlc, deleted) VALUES (?, ?, ?, ?)');
  for (const r of snapshot.rowClocks) rowClock.run(...r);
  const fieldClock = prepare(db, 'INSERT OR REPLACE INTO sync_clocks (tbl, pk, col, hlc) VALUES (?, ?, ?, ?)');
  for (const f of snapshot.fieldClocks) fieldClock.run(...f);
  return { rows, positions: snapshot.positions };
}
