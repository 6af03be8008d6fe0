import { z } from 'zod';
import { EarlyAccessReason, FilePassphrase, NewFilePassphrase } from './backups';

/** With a passphrase the file is sealed (a `principled-encrypted` JSON envelope) and opens only with it. */
export const WorkspaceExportInput = z
  .strictObject({ earlyAccessReason: EarlyAccessReason, passphrase: NewFilePassphrase.optional() })
  .default({ earlyAccessReason: '' });

/** The lists that can be imported from a file; each maps to one create method (principles.create, …). */
export const IMPORT_KINDS = ['principles', 'questions', 'team', 'candidates'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const IMPORT_FORMATS = ['csv', 'json'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** Team members and candidates come from spreadsheets and HR tools, which speak CSV only. */
export const JSON_IMPORT_KINDS: readonly ImportKind[] = ['principles', 'questions'];

export const IMPORT_MODES = ['all-or-nothing', 'valid-only'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

export const CSV_EXPORT_LISTS = [...IMPORT_KINDS, 'loops'] as const;
export type CsvExportList = (typeof CSV_EXPORT_LISTS)[number];

/**
 * A file picked in the UI: 10 MB is 20,000 rows of 500 characters, with room for its
 * escaping inside the browser host's 16 MB request limit.
 */
export const MAX_IMPORT_CHARS = 10 * 1024 * 1024;

/**
 * Rows one import takes. Far beyond a real list (a company's whole team or a year of
 * candidates), and small enough that writing them stays one short transaction. A file
 * over it is refused after its rows are counted, before any is read.
 */
export const MAX_IMPORT_ROWS = 20_000;

export const tooManyRowsMessage = (rows: number) =>
  `The file has ${rows.toLocaleString('en')} rows; Principled imports at most ${MAX_IMPORT_ROWS.toLocaleString('en')} at a time — split the file`;

/** Where long work (an import, an export, a backup) has got to, for a progress bar. */
export interface WorkProgress {
  /** What is happening, for a person: "Checking rows", "Reading tables". */
  stage: string;
  done: number;
  /** 0 when the total is not known yet. */
  total: number;
}

/**
 * The whole-workspace document travels as one JSON string; 12 MB leaves room for
 * its escaping inside the browser host's 16 MB request limit.
 */
export const MAX_WORKSPACE_JSON_CHARS = 12 * 1024 * 1024;

export const WORKSPACE_FORMAT = 'principled-workspace';
export const WORKSPACE_FORMAT_VERSION = 1;

const kind = z.enum(IMPORT_KINDS, { error: `kind must be one of ${IMPORT_KINDS.join(', ')}` });
const format = z.enum(IMPORT_FORMATS, { error: `format must be one of ${IMPORT_FORMATS.join(', ')}` });
const content = z
  .string({ error: 'content must be text' })
  .max(MAX_IMPORT_CHARS, { error: `The file is too large: at most ${MAX_IMPORT_CHARS / 1024 / 1024} MB` });

const fileShape = { kind, format, content };

/** JSON only for principles and questions: refused at the boundary, not after reading the file. */
const jsonOnlyWhereSupported = (input: { kind: ImportKind; format: ImportFormat }) =>
  input.format === 'csv' || JSON_IMPORT_KINDS.includes(input.kind);
const jsonOnlyMessage = {
  error: `${IMPORT_KINDS.filter((k) => !JSON_IMPORT_KINDS.includes(k)).join(' and ')} are imported from CSV only`,
  path: ['format'],
};

export const ImportPreviewInput = z.strictObject(fileShape).refine(jsonOnlyWhereSupported, jsonOnlyMessage);

export const ImportInput = z
  .strictObject({
    ...fileShape,
    mode: z.enum(IMPORT_MODES, { error: `mode must be one of ${IMPORT_MODES.join(', ')}` }),
  })
  .refine(jsonOnlyWhereSupported, jsonOnlyMessage);

export const CsvExportInput = z.strictObject({
  list: z.enum(CSV_EXPORT_LISTS, { error: `list must be one of ${CSV_EXPORT_LISTS.join(', ')}` }),
});

export const WorkspaceImportInput = z.strictObject({
  json: z
    .string({ error: 'json must be text' })
    .min(1, { error: 'json is required' })
    .max(MAX_WORKSPACE_JSON_CHARS, { error: `The file is too large: at most ${MAX_WORKSPACE_JSON_CHARS / 1024 / 1024} MB` }),
  /** Needed when the export was sealed with a passphrase. */
  passphrase: FilePassphrase.optional(),
});

export type ImportRowStatus = 'new' | 'duplicate' | 'error';

export interface ImportRowError {
  /** The CSV column or JSON field, e.g. `manager_email` or `anchors.2`; `row` when the line as a whole is wrong. */
  field: string;
  message: string;
}

export interface ImportRowResult {
  /** CSV: the line in the file where the row starts (the header is line 1); JSON: the item's position, from 1. */
  line: number;
  status: ImportRowStatus;
  /** What the row is, in a few words, e.g. a principle's name or "Ada Lovelace <ada@example.com>". */
  summary: string;
  errors: ImportRowError[];
}

export interface ImportPreview {
  rows: ImportRowResult[];
  counts: Record<ImportRowStatus, number>;
}

export interface ImportResult {
  created: number;
  duplicates: number;
  /** Rows with errors that valid-only mode left out. */
  skipped: number;
}

/** Every row of every ordinary table, as stored; text and integer cells only (the schema has no blobs). */
export type WorkspaceCell = string | number | null;

export interface WorkspaceDocument {
  format: typeof WORKSPACE_FORMAT;
  version: typeof WORKSPACE_FORMAT_VERSION;
  /** The database schema (user_version) the rows were read from. */
  schemaVersion: number;
  exportedAt: string;
  tables: Record<string, Record<string, WorkspaceCell>[]>;
}

export interface WorkspaceImportResult {
  /** Rows inserted, per table. */
  tables: Record<string, number>;
}

const WorkspaceCellSchema = z.union([z.string(), z.number(), z.null()], { error: 'A cell must be text, a number or null' });

/** The file format of a whole-workspace export, checked before any row is written. */
export const WorkspaceDocumentSchema = z.object({
  format: z.literal(WORKSPACE_FORMAT, { error: 'This is not a Principled workspace export' }),
  version: z.literal(WORKSPACE_FORMAT_VERSION, {
    error: `This export format is not supported: this Principled reads version ${WORKSPACE_FORMAT_VERSION}`,
  }),
  schemaVersion: z.number({ error: 'schemaVersion must be a number' }).int().min(0),
  exportedAt: z.string({ error: 'exportedAt must be text' }),
  tables: z.record(
    z.string(),
    z.array(z.record(z.string(), WorkspaceCellSchema), { error: 'Each table must be a list of rows' }),
    { error: 'tables must map table names to rows' },
  ),
});
