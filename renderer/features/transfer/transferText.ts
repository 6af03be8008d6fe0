import { RATING_LABELS } from '../../../core/api/contract/principles';
import { CAPABILITY_LABELS } from '../../../core/api/contract/team';
import { JSON_IMPORT_KINDS, type ImportKind, type ImportMode, type ImportPreview, type ImportRowStatus } from '../../../core/api/contract/transfer';
// Types only: the CSV reader itself runs in the API, and its parser is not for the browser.
import type { CSV_COLUMNS } from '../../../core/rules/transferCsv';

// The words of the import panel: what each kind, status and column is called.

export const KIND_LABELS: Record<ImportKind, string> = {
  principles: 'Principles',
  questions: 'Questions',
  team: 'Team members',
  candidates: 'Candidates',
};

export const KIND_NOUNS: Record<ImportKind, [string, string]> = {
  principles: ['principle', 'principles'],
  questions: ['question', 'questions'],
  team: ['team member', 'team members'],
  candidates: ['candidate', 'candidates'],
};

export const STATUS_LABELS: Record<ImportRowStatus, string> = { new: 'New', duplicate: 'Already there', error: 'Error' };
export const STATUS_BADGES: Record<ImportRowStatus, string> = { new: 'badge-clean', duplicate: 'badge-info', error: 'badge-error' };

export const MODE_OPTIONS: { value: ImportMode; label: string }[] = [
  { value: 'all-or-nothing', label: 'Only if every row is valid' },
  { value: 'valid-only', label: 'Import the valid rows and skip the rest' },
];

const LISTS = '; separate several with a semicolon (;)';

/**
 * What each CSV column takes. Keyed by the API's own column lists, so a column
 * added or renamed there fails to compile here until it is described.
 */
export const COLUMN_NOTES: { [K in ImportKind]: { [C in (typeof CSV_COLUMNS)[K][number]]: string } } = {
  principles: {
    name: "Required. The principle's name; one already in the workspace is left as it is.",
    summary: 'Required. One line that says what it means.',
    description: 'Optional. The longer explanation.',
    anchor1: `Optional. What a rating of 1 (${RATING_LABELS[1]}) looks like.`,
    anchor2: `Optional. What a rating of 2 (${RATING_LABELS[2]}) looks like.`,
    anchor3: `Optional. What a rating of 3 (${RATING_LABELS[3]}) looks like.`,
    anchor4: `Optional. What a rating of 4 (${RATING_LABELS[4]}) looks like.`,
  },
  questions: {
    text: 'Required. The question; one already in the bank is left as it is.',
    principles: `Required. The names of the active principles it tests${LISTS}.`,
    probes: `Optional. Follow-up probes${LISTS}.`,
    tags: `Optional. Tags${LISTS}.`,
    hypothetical_reason: 'Needed only for a hypothetical question ("what would you do…"): why you keep it.',
  },
  team: {
    name: 'Required.',
    email: 'Optional. Someone with the same email (or, without one, the same name) is left as they are.',
    title: 'Optional.',
    team: 'Optional.',
    manager_email: "Optional. The manager's email: someone already on the team, or on an earlier line of the file.",
    capabilities: `Optional. Any of ${Object.values(CAPABILITY_LABELS).join(', ')}${LISTS}.`,
  },
  candidates: {
    name: 'Required.',
    email: 'Optional. A candidate with the same email (or, without one, the same name) is left as they are.',
    phone: 'Optional.',
    source: 'Optional. Referral, job board, agency…',
    links: `Optional. Profile or portfolio addresses${LISTS}.`,
    notes: 'Optional.',
  },
};

export const JSON_SHAPES: Partial<Record<ImportKind, string>> = {
  principles:
    'A list of objects, each with "name" and "summary" (required), "description", and "anchors": four texts for ratings 1 to 4.',
  questions:
    'A list of objects, each with "text" and "principles" (a list of principle names), and optionally "probes" and "tags" (lists) and "hypotheticalReason".',
};

export const jsonAllowed = (kind: ImportKind) => JSON_IMPORT_KINDS.includes(kind);
export const plural = (n: number, [one, many]: [string, string]) => `${n} ${n === 1 ? one : many}`;

export function countsText({ counts, rows }: ImportPreview): string {
  if (rows.length === 0) return 'The file has no rows under its first line.';
  const parts = [
    counts.new ? `${counts.new} new` : '',
    counts.duplicate ? `${counts.duplicate} already there` : '',
    counts.error ? `${counts.error} with errors` : '',
  ].filter(Boolean);
  return `${rows.length === 1 ? '1 row' : `${rows.length} rows`}: ${parts.join(', ')}`;
}
