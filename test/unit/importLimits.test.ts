import type * as csvParse from 'csv-parse/sync';
import { parse } from 'csv-parse/sync';
import { describe, expect, it, vi } from 'vitest';
import { MAX_IMPORT_ROWS } from '../../core/api/contract/transfer';
import { readImportFile } from '../../core/rules/importRows';
import { ImportLimitError, countCsvRecords, readCsv } from '../../core/rules/transferCsv';

// The parser, watched: a file over the row limit must be refused without being parsed.
vi.mock('csv-parse/sync', async (importOriginal) => {
  const actual = await importOriginal<typeof csvParse>();
  return { ...actual, parse: vi.fn(actual.parse) };
});

describe('countCsvRecords: the rows after the header, counted without parsing, as the parser reads them', () => {
  const cases: [string, string][] = [
    ['plain', 'name\nA\nB\n'],
    ['no final newline', 'name\nA\nB'],
    ['header only', 'name\n'],
    ['empty', ''],
    ['blank lines skipped', 'name\n\nA\n\n\nB\n'],
    ['a quoted cell over three lines', 'name,notes\nA,"one\ntwo\nthree"\nB,x\n'],
    ['doubled quotes inside a quoted cell', 'name,notes\nA,"she said ""hi""\nand left"\nB,"""quoted"""\n'],
    ['a comma-only line is a record to the parser', 'name,email\nA,a@x.test\n,\n'],
  ];
  it.each(cases)('%s', (_label, csv) => {
    const parsed = (parse(csv, { skip_empty_lines: true, relax_column_count: true }) as string[][]).length;
    expect(countCsvRecords(csv)).toBe(Math.max(0, parsed - 1));
  });
});

describe('the row limit', () => {
  it('a 5 MB file of millions of one-character rows is refused, naming its row count and the limit, before it is parsed', () => {
    const content = `name\n${'x\n'.repeat((5 * 1024 * 1024 - 5) / 2)}`;
    vi.mocked(parse).mockClear();
    let refused: unknown;
    try {
      readImportFile('candidates', 'csv', content);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(ImportLimitError);
    expect((refused as Error).message).toBe('The file has 2,621,437 rows; Principled imports at most 20,000 at a time — split the file');
    expect(vi.mocked(parse)).not.toHaveBeenCalled();
  });

  it('a file of exactly the limit is read; one row more is refused', () => {
    const rows = (n: number) => `name\n${'x\n'.repeat(n)}`;
    expect(readCsv(rows(MAX_IMPORT_ROWS), 'candidates')).toHaveLength(MAX_IMPORT_ROWS);
    expect(() => readCsv(rows(MAX_IMPORT_ROWS + 1), 'candidates')).toThrow('The file has 20,001 rows');
  });

  it('a JSON list over the limit is refused before any item is checked', () => {
    const json = JSON.stringify(Array.from({ length: MAX_IMPORT_ROWS + 1 }, () => ({})));
    expect(() => readImportFile('principles', 'json', json)).toThrow(ImportLimitError);
  });
});
