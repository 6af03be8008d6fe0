/**
 * What importing a file would do, row by row, against what the workspace holds.
 * Runs in the background worker on its own read-only connection: parsing and
 * checking thousands of rows must not hold up the calls a screen makes.
 */
import type { ImportFormat, ImportKind, ImportRowStatus } from '../api/contract/transfer';
import { importKey, planImport, readImportFile, type ImportLookups, type PlannedRow } from '../rules/importRows';
import { ImportFileError, ImportLimitError } from '../rules/transferCsv';
import type { ReadableDB } from '../../db/handles';
import { existingRecords } from '../../db/queries/transfer';
import { invalidField } from './apiFailure';

function lookupsFor(db: ReadableDB, kind: ImportKind): ImportLookups {
  const existing = existingRecords(db, kind);
  return {
    principles: new Map(existing.principles.map((p) => [importKey(p.name), p.id])),
    questionTexts: new Set(existing.questionTexts.map(importKey)),
    memberEmails: new Map(existing.members.filter((m) => m.email).map((m) => [importKey(m.email), m.id])),
    memberNames: new Set(existing.members.map((m) => importKey(m.name))),
    candidateEmails: new Set(existing.candidates.filter((c) => c.email).map((c) => importKey(c.email))),
    candidateNames: new Set(existing.candidates.map((c) => importKey(c.name))),
  };
}

/** The plan for a file; a file that cannot be read as rows at all is one VALIDATION error on `content`. */
export function planFile(
  db: ReadableDB,
  kind: ImportKind,
  format: ImportFormat,
  content: string,
  onProgress?: (done: number, total: number) => void,
): PlannedRow[] {
  try {
    return planImport(kind, format, readImportFile(kind, format, content), lookupsFor(db, kind), onProgress);
  } catch (error) {
    if (error instanceof ImportLimitError) throw invalidField('content', error.message);
    if (error instanceof ImportFileError) throw invalidField('content', `line ${error.line}: ${error.message}`);
    throw error;
  }
}

export function countStatuses(rows: readonly PlannedRow[]): Record<ImportRowStatus, number> {
  const counts: Record<ImportRowStatus, number> = { new: 0, duplicate: 0, error: 0 };
  for (const row of rows) counts[row.status]++;
  return counts;
}
