import { useEffect, useId, useRef, useState } from 'react';
import { RATING_LABELS } from '../../../core/api/contract/principles';
import { CAPABILITY_LABELS } from '../../../core/api/contract/team';
import {
  IMPORT_KINDS,
  JSON_IMPORT_KINDS,
  MAX_IMPORT_CHARS,
  type ImportFormat,
  type ImportKind,
  type ImportMode,
  type ImportPreview,
  type ImportRowResult,
  type ImportRowStatus,
} from '../../../core/api/contract/transfer';
// Types only: the CSV reader itself runs in the API, and its parser is not for the browser.
import type { CSV_COLUMNS } from '../../../core/rules/transferCsv';
import { api } from '../../api/transport';
import { Control } from '../../components/Control';
import { download } from '../../components/download';
import { useApp } from '../../stores/app';
import { usePrinciples } from '../../stores/principles';
import { useQuestions } from '../questions/questionsStore';
import { useTeam } from '../../stores/team';
import { useAccess } from '../../components/useAccess';
import { base64Of, errorText, readAsText } from '../../components/fileText';
import { ExportPanel, WorkspaceRestore } from './ExportPanel';
import type { MethodName } from '../../../core/api/contract/methods';
import { RadioGroup } from '../../components/RadioGroup';

const KIND_LABELS: Record<ImportKind, string> = {
  principles: 'Principles',
  questions: 'Questions',
  team: 'Team members',
  candidates: 'Candidates',
};

const KIND_NOUNS: Record<ImportKind, [string, string]> = {
  principles: ['principle', 'principles'],
  questions: ['question', 'questions'],
  team: ['team member', 'team members'],
  candidates: ['candidate', 'candidates'],
};

const STATUS_LABELS: Record<ImportRowStatus, string> = { new: 'New', duplicate: 'Already there', error: 'Error' };
const STATUS_BADGES: Record<ImportRowStatus, string> = { new: 'badge-clean', duplicate: 'badge-info', error: 'badge-error' };

const MODE_OPTIONS: { value: ImportMode; label: string }[] = [
  { value: 'all-or-nothing', label: 'Only if every row is valid' },
  { value: 'valid-only', label: 'Import the valid rows and skip the rest' },
];

const LISTS = '; separate several with a semicolon (;)';

/**
 * What each CSV column takes. Keyed by the API's own column lists, so a column
 * added or renamed there fails to compile here until it is described.
 */
const COLUMN_NOTES: { [K in ImportKind]: { [C in (typeof CSV_COLUMNS)[K][number]]: string } } = {
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

const JSON_SHAPES: Partial<Record<ImportKind, string>> = {
  principles:
    'A list of objects, each with "name" and "summary" (required), "description", and "anchors": four texts for ratings 1 to 4.',
  questions:
    'A list of objects, each with "text" and "principles" (a list of principle names), and optionally "probes" and "tags" (lists) and "hypotheticalReason".',
};

const jsonAllowed = (kind: ImportKind) => JSON_IMPORT_KINDS.includes(kind);
const plural = (n: number, [one, many]: [string, string]) => `${n} ${n === 1 ? one : many}`;

function countsText({ counts, rows }: ImportPreview): string {
  if (rows.length === 0) return 'The file has no rows under its first line.';
  const parts = [
    counts.new ? `${counts.new} new` : '',
    counts.duplicate ? `${counts.duplicate} already there` : '',
    counts.error ? `${counts.error} with errors` : '',
  ].filter(Boolean);
  return `${rows.length === 1 ? '1 row' : `${rows.length} rows`}: ${parts.join(', ')}`;
}

/** The whole Settings section: import a list, export lists and the workspace, restore a workspace export. */
export function TransferSection() {
  return (
    <section className="settings-section transfer" aria-labelledby="transfer-title">
      <h2 id="transfer-title">Import and export</h2>
      <ImportPanel />
      <ExportPanel />
      <WorkspaceRestore />
    </section>
  );
}

interface ChosenFile {
  name: string;
  content: string;
  /** A new number per pick, so picking the same file again checks it again. */
  serial: number;
}

interface Checked {
  /** Which file, kind and format this answer is about. */
  key: string;
  preview: ImportPreview | null;
  error: string | null;
}

/** Rows shown in the preview; a longer file shows every row with errors and the first of the others. */
const MAX_PREVIEW_ROWS = 500;

/** Importing a kind is allowed to whoever may add one by hand. */
const IMPORT_METHODS = {
  principles: 'principles.create',
  questions: 'questions.create',
  team: 'team.create',
  candidates: 'candidates.create',
} as const satisfies Record<ImportKind, MethodName>;

function ImportPanel() {
  const notify = useApp((s) => s.notify);
  const { may, why } = useAccess();
  const [kind, setKind] = useState<ImportKind>('principles');
  const [format, setFormat] = useState<ImportFormat>('csv');
  const [mode, setMode] = useState<ImportMode>('all-or-nothing');
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [checked, setChecked] = useState<Checked | null>(null);
  const [importError, setImportError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const picks = useRef(0);
  const uid = useId();

  const keyOf = (f: ChosenFile) => `${f.serial}|${kind}|${format}`;
  const mayImport = may(IMPORT_METHODS[kind]);

  // Every change of file, kind or format asks the API what the import would do; nothing is written.
  useEffect(() => {
    if (!file) return;
    let live = true;
    const key = `${file.serial}|${kind}|${format}`;
    void api.call('transfer.preview', { kind, format, content: file.content }).then((r) => {
      if (!live) return;
      setChecked(r.ok ? { key, preview: r.value, error: null } : { key, preview: null, error: errorText(r.error, 'content') });
    });
    return () => {
      live = false;
    };
  }, [file, kind, format]);

  const current = file && checked?.key === keyOf(file) ? checked : null;
  const preview = current?.preview ?? null;
  const checking = file !== null && current === null;

  function chooseKind(next: ImportKind) {
    setKind(next);
    if (!jsonAllowed(next)) setFormat('csv');
    setImportError(null);
  }

  async function chooseFile(picked: File) {
    setFileError(null);
    setImportError(null);
    let content: string;
    try {
      content = await readAsText(picked);
    } catch (error) {
      setFile(null);
      setFileError(`Could not read ${picked.name}: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    if (content.length > MAX_IMPORT_CHARS) {
      setFile(null);
      setFileError(`${picked.name} is too large: at most ${MAX_IMPORT_CHARS / 1024 / 1024} MB`);
      return;
    }
    // The file's own extension says its format better than a select the user may not have changed.
    const extension = /\.(csv|json)$/i.exec(picked.name)?.[1]?.toLowerCase();
    if (extension === 'json' && jsonAllowed(kind)) setFormat('json');
    if (extension === 'csv') setFormat('csv');
    setFile({ name: picked.name, content, serial: ++picks.current });
  }

  function clear() {
    setFile(null);
    setChecked(null);
    setImportError(null);
  }

  async function runImport() {
    if (!file) return;
    setBusy(true);
    setImportError(null);
    const r = await api.call('transfer.import', { kind, format, content: file.content, mode });
    setBusy(false);
    if (!r.ok) {
      setImportError(errorText(r.error, 'content'));
      return;
    }
    const { created, duplicates, skipped } = r.value;
    notify(
      'info',
      [`Imported ${plural(created, KIND_NOUNS[kind])}`, duplicates ? `${duplicates} already there` : '', skipped ? `${skipped} skipped` : '']
        .filter(Boolean)
        .join('; '),
    );
    clear();
    // Lists other screens keep in memory now miss the new rows.
    if (kind === 'team') void Promise.all([useTeam.getState().load(), useApp.getState().loadSettings()]);
    if (kind === 'principles') void usePrinciples.getState().load();
    if (kind === 'questions') void useQuestions.getState().load();
  }

  const rows = preview?.rows ?? [];
  const shownRows = rows.length <= MAX_PREVIEW_ROWS ? rows : rows.filter((r, i) => r.status === 'error' || i < MAX_PREVIEW_ROWS);
  const nothingNew = preview !== null && preview.counts.new === 0;

  return (
    <section className="transfer-part" aria-labelledby="import-title">
      <h3 id="import-title">Import</h3>
      <p className="field-hint">
        Bring a list in from a spreadsheet or another tool. You see what each row would become before anything is written, and
        importing the same file again never creates duplicates.
      </p>
      <div className="import-choices">
        <Control label="What to import">
          {(p) => (
            <select {...p} value={kind} disabled={busy} onChange={(e) => chooseKind(e.target.value as ImportKind)}>
              {IMPORT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {KIND_LABELS[k]}
                </option>
              ))}
            </select>
          )}
        </Control>
        <Control
          label="Format"
          hint={jsonAllowed(kind) ? undefined : `${KIND_LABELS[kind]} come from spreadsheets and HR tools: CSV only.`}
        >
          {(p) => (
            <select
              {...p}
              value={format}
              disabled={busy}
              onChange={(e) => {
                setFormat(e.target.value as ImportFormat);
                setImportError(null);
              }}
            >
              <option value="csv">CSV</option>
              {jsonAllowed(kind) && <option value="json">JSON</option>}
            </select>
          )}
        </Control>
      </div>

      <ExpectedColumns kind={kind} format={format} />

      <div className="import-file">
        <div className="actions">
          <label className="file-button">
            Choose a file…
            <input
              type="file"
              accept={format === 'json' ? '.json,application/json' : '.csv,text/csv'}
              aria-label="Choose a file to import"
              aria-describedby={fileError || current?.error ? `${uid}-import-file-error` : undefined}
              disabled={busy}
              onChange={(e) => {
                const picked = e.target.files?.[0];
                e.target.value = '';
                if (picked) void chooseFile(picked);
              }}
            />
          </label>
          {file && (
            <>
              <span className="file-name">{file.name}</span>
              <button type="button" onClick={clear} disabled={busy}>
                Clear
              </button>
            </>
          )}
        </div>
        {(fileError ?? current?.error) && (
          <p className="field-error" id={`${uid}-import-file-error`} role="alert">
            {fileError ?? current?.error}
          </p>
        )}
      </div>

      {checking && (
        <p className="muted" aria-busy="true" role="status">
          Checking {file.name}: each row is read and compared with the workspace; a long list takes a few seconds, and
          the rest of Principled works meanwhile.
        </p>
      )}

      {preview && (
        <>
          <p className="import-counts" role="status">
            {countsText(preview)}
          </p>
          {rows.length > shownRows.length && (
            <p className="field-hint">
              Showing every row with errors and the first {MAX_PREVIEW_ROWS} others; the counts cover the whole file.
            </p>
          )}
          {rows.length > 0 && (
            <div className="table-scroll">
              <table className="grid import-preview" aria-label="Import preview">
                <thead>
                  <tr>
                    <th scope="col">Line</th>
                    <th scope="col">Status</th>
                    <th scope="col">Row</th>
                    <th scope="col">Problems</th>
                  </tr>
                </thead>
                <tbody>
                  {shownRows.map((row) => (
                    <PreviewRow key={row.line} row={row} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {rows.length > 0 && (
            <>
              <RadioGroup<ImportMode>
                label="How to import"
                options={MODE_OPTIONS}
                value={mode}
                disabled={busy}
                onChange={(m) => {
                  setMode(m);
                  setImportError(null);
                }}
              />
              <div className="field">
                <div className="actions">
                  <button
                    type="button"
                    className="primary"
                    disabled={busy || nothingNew || !mayImport}
                    title={mayImport ? undefined : why(IMPORT_METHODS[kind])}
                    aria-describedby={importError ? `${uid}-import-error` : nothingNew ? `${uid}-import-nothing-new` : undefined}
                    onClick={() => void runImport()}
                  >
                    Import
                  </button>
                  {!mayImport && <span className="field-hint">{why(IMPORT_METHODS[kind])}</span>}
                  {busy && (
                    <span className="muted" aria-busy="true" role="status">
                      Importing {plural(preview.counts.new, KIND_NOUNS[kind])}…
                    </span>
                  )}
                  {nothingNew && (
                    <span className="field-hint" id={`${uid}-import-nothing-new`}>
                      Nothing new to import{preview.counts.duplicate ? ': every valid row is already there' : ''}.
                    </span>
                  )}
                </div>
                {importError && (
                  <p className="field-error" id={`${uid}-import-error`} role="alert">
                    {importError}
                  </p>
                )}
              </div>
            </>
          )}
        </>
      )}
    </section>
  );
}

function PreviewRow({ row }: { row: ImportRowResult }) {
  return (
    <tr className={`import-row-${row.status}`}>
      <td className="import-line">{row.line}</td>
      <td>
        <span className={`badge ${STATUS_BADGES[row.status]}`}>{STATUS_LABELS[row.status]}</span>
      </td>
      <td className="import-summary">{row.summary}</td>
      <td>
        {row.errors.length > 0 && (
          <ul className="import-errors">
            {row.errors.map((e) => (
              <li key={`${e.field}|${e.message}`}>
                {e.field === 'row' ? (
                  e.message
                ) : (
                  <>
                    <code>{e.field}</code>: {e.message}
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
}

function ExpectedColumns({ kind, format }: { kind: ImportKind; format: ImportFormat }) {
  const notes: Record<string, string> = COLUMN_NOTES[kind];
  const columns = Object.keys(notes);
  if (format === 'json') {
    return (
      <div className="import-columns">
        <p className="field-hint">
          <strong>Expected JSON:</strong> {JSON_SHAPES[kind]} A file that wraps the list as {`{ "${kind}": [ … ] }`} works too.
        </p>
      </div>
    );
  }
  return (
    <div className="import-columns">
      <p className="field-hint">
        <strong>Expected columns.</strong> The first line names the columns, in any order; a column left out is left empty.
        Save the file as CSV (UTF-8).{' '}
        <button
          type="button"
          className="link"
          onClick={() => download(`principled-${kind}-template.csv`, base64Of(`\uFEFF${columns.join(',')}\r\n`), 'text/csv')}
        >
          Download a template<span className="sr-only"> for {KIND_LABELS[kind].toLowerCase()}</span>
        </button>
      </p>
      <table className="grid columns-table" aria-label={`Columns for ${KIND_LABELS[kind].toLowerCase()}`}>
        <thead>
          <tr>
            <th scope="col">Column</th>
            <th scope="col">What goes in it</th>
          </tr>
        </thead>
        <tbody>
          {columns.map((c) => (
            <tr key={c}>
              <td>
                <code>{c}</code>
              </td>
              <td>{notes[c]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
