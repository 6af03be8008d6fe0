/**
 * The CSV side of import and export: the documented columns of each list, how
 * lists inside a cell are written, and reading a file into rows that keep the
 * line they started on, so every error can point at a line a person can find.
 */
import { CsvError, parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { MAX_IMPORT_ROWS, tooManyRowsMessage, type CsvExportList, type ImportKind } from '../api/contract/transfer';

export const CSV_COLUMNS = {
  principles: ['name', 'summary', 'description', 'anchor1', 'anchor2', 'anchor3', 'anchor4'],
  questions: ['text', 'principles', 'probes', 'tags', 'hypothetical_reason'],
  team: ['name', 'email', 'title', 'team', 'manager_email', 'capabilities'],
  candidates: ['name', 'email', 'phone', 'source', 'links', 'notes'],
  loops: [
    'candidate',
    'candidate_email',
    'role',
    'status',
    'hiring_manager',
    'bar_raiser',
    'interviewers',
    'outcome',
    'created_at',
    'updated_at',
  ],
} as const satisfies Record<CsvExportList, readonly string[]>;

/** Without these a row cannot become anything; a file missing one is refused as a whole, not row by row. */
export const REQUIRED_CSV_COLUMNS: Record<ImportKind, readonly string[]> = {
  principles: ['name', 'summary'],
  questions: ['text', 'principles'],
  team: ['name'],
  candidates: ['name'],
};

/** Lists inside one cell (a question's principles, probes, tags; capabilities; links). */
export const LIST_SEPARATOR = ';';

export function splitList(cell: string): string[] {
  return cell
    .split(LIST_SEPARATOR)
    .map((item) => item.trim())
    .filter(Boolean);
}

export function joinList(items: readonly string[]): string {
  return items.join(`${LIST_SEPARATOR} `);
}

/** A problem with the file as a whole (it cannot be read as rows at all). */
export class ImportFileError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'ImportFileError';
  }
}

/** A file over the row limit: refused as a whole, naming the limit, before its rows are read. */
export class ImportLimitError extends Error {
  constructor(readonly rows: number) {
    super(tooManyRowsMessage(rows));
    this.name = 'ImportLimitError';
  }
}

/**
 * The records after the header, counted in one pass without parsing: a line ending
 * outside double quotes ends a record (a doubled quote inside a cell toggles twice),
 * and blank lines are not records, as the parser skips them too. Expects \n endings.
 */
export function countCsvRecords(text: string): number {
  const NEWLINE = 10;
  const QUOTE = 34;
  let records = 0;
  let quoted = false;
  let lineHasContent = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) quoted = !quoted;
    if (c === NEWLINE && !quoted) {
      if (lineHasContent) records++;
      lineHasContent = false;
    } else {
      lineHasContent = true;
    }
  }
  if (lineHasContent) records++;
  return Math.max(0, records - 1);
}

export interface CsvRow {
  /** Where the row starts in the file; the header is line 1. */
  line: number;
  /** Cells by (normalised) column name; only the columns the header has. */
  cells: Record<string, string>;
  /** The row has more or fewer values than the header has columns. */
  columnCountMismatch?: { found: number; expected: number };
}

// Spreadsheet programs run a cell that starts with one of these as a formula
// (CSV injection: a candidate's "name" could be =HYPERLINK(...)). Export puts a
// quote mark before such a cell, as OWASP advises, and import takes it off
// again, so exported files re-import to the same values.
const FORMULA_START = /^[=+\-@\t\r]/;
const PROTECTED_FORMULA = /^'[=+\-@\t\r]/;

export function protectCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export function unprotectCell(value: string): string {
  return PROTECTED_FORMULA.test(value) ? value.slice(1) : value;
}

/** A CSV file with a header row, every cell guarded against formulas; a BOM so Excel reads UTF-8 names right. */
export function writeCsv(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  return stringify([columns, ...rows.map((row) => row.map(protectCell))], { bom: true });
}

const MAX_HEADER_CHARS = 1_000;

const normaliseHeader = (name: string) => name.trim().toLowerCase();

/**
 * Reads a CSV file whose first line names the columns. Columns are checked
 * against the list's documented ones, so a typo in a header ("emial") is
 * reported instead of silently importing empty emails.
 */
export function readCsv(content: string, kind: ImportKind): CsvRow[] {
  // One line ending: csv-parse counts lines reliably only on \n, and the line
  // numbers are what every error message points at.
  const text = content.replace(/\r\n?/g, '\n');
  // A header is a few column names; refusing a long first line up front spares parsing megabytes that cannot be a list.
  const headerLength = text.indexOf('\n') < 0 ? text.length : text.indexOf('\n');
  if (headerLength > MAX_HEADER_CHARS) {
    throw new ImportFileError(1, `The first line must name the columns (${CSV_COLUMNS[kind].join(', ')}); it is ${headerLength} characters long`);
  }
  // Counted before parsing: millions of tiny rows would take the parser (and then the plan) many seconds.
  const count = countCsvRecords(text);
  if (count > MAX_IMPORT_ROWS) throw new ImportLimitError(count);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as typeof records;
  } catch (error) {
    // Whatever the parser trips on is a property of the file, never of the app: the user gets the line.
    const line = error instanceof CsvError && typeof error.lines === 'number' && error.lines > 0 ? error.lines : 1;
    throw new ImportFileError(line, `This is not a readable CSV file: ${error instanceof Error ? error.message : String(error)}`);
  }
  const [header, ...body] = records;
  if (!header) throw new ImportFileError(1, 'The file is empty: the first line must name the columns');
  const columns = header.record.map(normaliseHeader);
  checkHeader(columns, kind);

  const rows: CsvRow[] = [];
  for (const { record, info } of body) {
    // Spreadsheets often save trailing lines of bare commas; they are not rows.
    if (record.every((cell) => cell.trim() === '')) continue;
    // info.lines is where the record ends; quoted cells can span lines.
    const spanned = record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
    const cells: Record<string, string> = {};
    columns.forEach((column, index) => {
      cells[column] = unprotectCell(record[index] ?? '');
    });
    const row: CsvRow = { line: info.lines - spanned, cells };
    if (record.length !== columns.length) row.columnCountMismatch = { found: record.length, expected: columns.length };
    rows.push(row);
  }
  return rows;
}

function checkHeader(columns: readonly string[], kind: ImportKind): void {
  const known: readonly string[] = CSV_COLUMNS[kind];
  const seen = new Set<string>();
  for (const column of columns) {
    if (!column) throw new ImportFileError(1, `A column has no name in the first line; the columns are: ${known.join(', ')}`);
    if (!known.includes(column)) {
      throw new ImportFileError(1, `Unknown column "${column.slice(0, 40)}"; the columns are: ${known.join(', ')}`);
    }
    if (seen.has(column)) throw new ImportFileError(1, `The column "${column}" appears twice`);
    seen.add(column);
  }
  const missing = REQUIRED_CSV_COLUMNS[kind].filter((c) => !seen.has(c));
  if (missing.length) {
    throw new ImportFileError(1, `The first line must name the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  }
}
