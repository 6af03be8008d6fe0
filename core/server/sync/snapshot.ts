import { createHash } from 'node:crypto';
import type { ReadableDB } from '../../../db/handles';
import { compressSection } from './batchFile';
import { blankCandidateData, candidateRows, candidateSnapshotItems, type CandidateSealedRow } from './candidateSnapshot';
import { blankFeedbackContent, blankRevoteContent, sealedSnapshotItems, type SealedRow, type SnapshotSealing } from './snapshotSealed';
import { LOCAL_ROWS, SYNCED_TABLES, quoteName, tableShape } from './syncedTables';

/*
 * A snapshot is the shared state of a workspace: every synced table's shared rows, the clocks of rows and
 * fields, and how far each other device's changes are in it. A founder's first state is one (a solo workspace
 * with years of history becomes the team's starting point without replaying it), a joining device bootstraps
 * from one, and later ones are written every `sync.snapshotEvery` files (growth.ts).
 *
 * Version 2 (this one) is written a section at a time: a ten-year workspace is about 800 MB of JSON, more than
 * one string can hold. Each envelope section is one self-describing part of at most about `targetBytes` of JSON
 * (a table's rows, or clocks), rows as arrays under one column list, clocks with their table, column and device
 * names in a per-section dictionary; the last section is the manifest. In a team (`sealing`), feedback content
 * leaves only as items sealed under each feedback's key, in `sealed` sections (snapshotSealed.ts), and a
 * candidate's personal data only under the candidate's key, in `candidateSealed` sections (candidateSnapshot.ts).
 */
export const SNAPSHOT_VERSION = 2;

export type SnapshotPart =
  | { part: 'rows'; table: string; columns: string[]; rows: unknown[][] }
  /** [name index of the table, pk, clock head, device index (-1: the clock is in head whole), deleted] */
  | { part: 'rowClocks'; names: string[]; devices: string[]; clocks: [number, string, string, number, number][] }
  /** [name index of the table, pk, name index of the column, clock head, device index] */
  | { part: 'fieldClocks'; names: string[]; devices: string[]; clocks: [number, string, number, string, number][] }
  /** Feedback content under each feedback's own key (snapshotSealed.ts). */
  | { part: 'sealed'; items: SealedRow[] }
  /** Candidates' personal data under each candidate's key (candidateSnapshot.ts). */
  | { part: 'candidateSealed'; items: CandidateSealedRow[] };

export interface SnapshotManifest {
  kind: 'principled-snapshot';
  version: typeof SNAPSHOT_VERSION;
  /** What each section before this one holds, in order: the applier checks every section against it. */
  sections: { part: SnapshotPart['part']; table?: string; count: number }[];
  /** Each synced table's columns as the writer had them: when they equal the reader's, `stateHash` must match. */
  columns: Record<string, string[]>;
  /** `stateHash` of the shared state written (computed while reading it, in the same key order). */
  stateHash: string;
  positions: [string, number, string][];
}

/** Version 1: the whole state as one value in one section (read still, written no longer). */
export interface SnapshotPayloadV1 {
  kind: 'principled-snapshot';
  version: 1;
  tables: Record<string, { columns: string[]; rows: unknown[][] }>;
  rowClocks: [string, string, string, number][];
  fieldClocks: [string, string, string, string][];
  positions: [string, number, string][];
}

export function isSnapshotV1(value: unknown): value is SnapshotPayloadV1 {
  const v = value as Partial<SnapshotPayloadV1> | null;
  return !!v && v.kind === 'principled-snapshot' && v.version === 1 && typeof v.tables === 'object' && Array.isArray(v.rowClocks) && Array.isArray(v.fieldClocks) && Array.isArray(v.positions);
}

export function isSnapshotManifest(value: unknown): value is SnapshotManifest {
  const v = value as Partial<SnapshotManifest> | null;
  return !!v && v.kind === 'principled-snapshot' && v.version === SNAPSHOT_VERSION && Array.isArray(v.sections) && typeof v.columns === 'object' && typeof v.stateHash === 'string' && Array.isArray(v.positions);
}

/** The envelope's 255 sections, less the manifest. */
export const MAX_DATA_SECTIONS = 254;
const MIN_SECTION_BYTES = 4 * 1024 * 1024;

export interface SnapshotSections {
  /** Each section's JSON, brotli-compressed (`compressSection`), the manifest last. */
  compressed: Buffer[];
  manifest: SnapshotManifest;
}

/** A clock `2026-01-05T10:00:00.000Z-0001-<device>` as its first 29 characters and its device's index. */
const CLOCK_HEAD = 29;

class Dictionary {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();
  of(name: string): number {
    let i = this.index.get(name);
    if (i === undefined) this.index.set(name, (i = this.list.push(name) - 1));
    return i;
  }
}

/**
 * Reads the shared state a section at a time (call it inside one read transaction: the sections must agree).
 * Sections aim at `targetBytes` of JSON (by default the database's size over 150, at least 4 MiB, so a ten-year
 * workspace fits the envelope's 255), and the target doubles should a workspace still need more.
 */
export function readSnapshotSections(db: ReadableDB, options: { targetBytes?: number; onSection?: (done: number) => void; sealing?: SnapshotSealing } = {}): SnapshotSections {
  const dbBytes = (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
  let target = options.targetBytes ?? Math.max(MIN_SECTION_BYTES, Math.ceil(dbBytes / 150));
  const compressed: Buffer[] = [];
  const sections: SnapshotManifest['sections'] = [];
  const flush = (info: SnapshotManifest['sections'][number], json: string) => {
    if (compressed.length >= MAX_DATA_SECTIONS) throw new Error('This workspace needs more than 254 snapshot sections');
    compressed.push(compressSection(json));
    sections.push(info);
    // Past half the sections, each further quarter of them is twice as large.
    if (compressed.length >= 128 && compressed.length % 32 === 0) target *= 2;
    options.onSection?.(compressed.length);
  };

  const hash = createHash('sha256');
  const columns: SnapshotManifest['columns'] = {};
  const candidates = options.sealing ? candidateRows(db) : null;
  for (const table of SYNCED_TABLES) {
    const shape = tableShape(db, table);
    if (!shape) continue;
    columns[table] = shape.columns;
    const local = LOCAL_ROWS[table];
    const where = local ? ` WHERE NOT (${local(quoteName(table))})` : '';
    // Key order and the schema's column order: each row's JSON is then exactly what stateHash hashes.
    const select = db.prepare(`SELECT ${shape.columns.map(quoteName).join(', ')} FROM ${quoteName(table)}${where} ORDER BY ${shape.pk.map(quoteName).join(', ')}`).raw();
    hash.update(`\u0000${table}\u0000${shape.columns.join(',')}\n`);
    // In a team, a feedback's content leaves only sealed (below): the rows hold its routing, as a blind device has it.
    if (options.sealing && table === 'feedback_ratings') continue;
    // A candidate's personal data leaves only sealed too: the rows hold it blank (below); a revote's votes and note
    // are sealed under its feedback's key.
    const blank = !options.sealing
      ? null
      : table === 'feedback'
        ? blankFeedbackContent(db, shape.columns)
        : table === 'revotes'
          ? blankRevoteContent(shape.columns)
          : candidates && blankCandidateData(db, candidates, table, shape.columns);
    const head = `{"part":"rows","table":${JSON.stringify(table)},"columns":${JSON.stringify(shape.columns)},"rows":[`;
    let rows: string[] = [];
    let size = 0;
    for (const row of select.iterate() as Iterable<unknown[]>) {
      const json = JSON.stringify(blank ? blank(row) : row);
      hash.update(json);
      hash.update('\n');
      rows.push(json);
      size += json.length + 1;
      if (size >= target) {
        flush({ part: 'rows', table, count: rows.length }, `${head}${rows.join(',')}]}`);
        rows = [];
        size = 0;
      }
    }
    if (rows.length > 0) flush({ part: 'rows', table, count: rows.length }, `${head}${rows.join(',')}]}`);
  }

  const sealedSections = (part: 'sealed' | 'candidateSealed', rows: Iterable<unknown>) => {
    let items: string[] = [];
    let size = 0;
    const out = () => {
      flush({ part, count: items.length }, `{"part":"${part}","items":[${items.join(',')}]}`);
      items = [];
      size = 0;
    };
    for (const row of rows) {
      const json = JSON.stringify(row);
      items.push(json);
      size += json.length + 1;
      if (size >= target) out();
    }
    if (items.length > 0) out();
  };
  if (options.sealing) {
    sealedSections('sealed', sealedSnapshotItems(db, options.sealing));
    if (candidates) sealedSections('candidateSealed', candidateSnapshotItems(db, candidates, options.sealing));
  }

  const clockSections = (part: 'rowClocks' | 'fieldClocks', sql: string, encode: (row: unknown[], names: Dictionary, devices: Dictionary) => unknown[]) => {
    let names = new Dictionary();
    let devices = new Dictionary();
    let clocks: string[] = [];
    let size = 0;
    const out = () => {
      flush({ part, count: clocks.length }, `{"part":"${part}","names":${JSON.stringify(names.list)},"devices":${JSON.stringify(devices.list)},"clocks":[${clocks.join(',')}]}`);
      names = new Dictionary();
      devices = new Dictionary();
      clocks = [];
      size = 0;
    };
    for (const row of db.prepare(sql).raw().iterate() as Iterable<unknown[]>) {
      const json = JSON.stringify(encode(row, names, devices));
      clocks.push(json);
      size += json.length + 1;
      if (size >= target) out();
    }
    if (clocks.length > 0) out();
  };
  const clock = (hlc: string, devices: Dictionary): [string, number] =>
    hlc.length > CLOCK_HEAD + 1 && hlc[CLOCK_HEAD] === '-' ? [hlc.slice(0, CLOCK_HEAD), devices.of(hlc.slice(CLOCK_HEAD + 1))] : [hlc, -1];
  clockSections('rowClocks', 'SELECT tbl, pk, hlc, deleted FROM sync_rows', ([tbl, pk, hlc, deleted], names, devices) => [names.of(tbl as string), pk, ...clock(hlc as string, devices), deleted]);
  clockSections('fieldClocks', 'SELECT tbl, pk, col, hlc FROM sync_clocks', ([tbl, pk, col, hlc], names, devices) => [names.of(tbl as string), pk, names.of(col as string), ...clock(hlc as string, devices)]);

  const manifest: SnapshotManifest = {
    kind: 'principled-snapshot',
    version: SNAPSHOT_VERSION,
    sections,
    columns,
    stateHash: hash.digest('hex'),
    positions: db.prepare('SELECT device_id, seq, member_id FROM sync_positions').raw().all() as SnapshotManifest['positions'],
  };
  compressed.push(compressSection(JSON.stringify(manifest)));
  return { compressed, manifest };
}

/** A clock as written by readSnapshotSections, whole again. */
export const clockOf = (head: string, device: number, devices: string[]): string => (device < 0 ? head : `${head}-${devices[device] ?? ''}`);
