import { useId, useRef, useState } from 'react';
import { IMPORT_KINDS, MAX_IMPORT_CHARS, type ImportFormat, type ImportKind, type ImportMode } from '../../../core/api/contract/transfer';
import type { MethodName } from '../../../core/api/contract/methods';
import { Control } from '../../components/Control';
import { errorText, readAsText } from '../../components/fileText';
import { RadioGroup } from '../../components/RadioGroup';
import { useAccess } from '../../components/useAccess';
import { useApiMutation, useApiQuery } from '../../data/useApi';
import { useApp } from '../../stores/app';
import { ExportPanel, WorkspaceRestore } from './ExportPanel';
import { ExpectedColumns, PreviewRow } from './ImportParts';
import { countsText, jsonAllowed, KIND_LABELS, KIND_NOUNS, MODE_OPTIONS, plural } from './transferText';

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
  const [importError, setImportError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const picks = useRef(0);
  const uid = useId();

  const mayImport = may(IMPORT_METHODS[kind]);
  const importFile = useApiMutation('transfer.import');

  // Every change of file, kind or format asks the API what the import would do; nothing is written. The
  // pick's number stands for the content in the cache key, so a large file is not hashed on every render.
  // While importing, the preview rests: the import's own invalidation would otherwise check the file again.
  const checked = useApiQuery(
    'transfer.preview',
    { kind, format, content: file?.content ?? '' },
    { enabled: file !== null && !busy, keyInput: { kind, format, pick: file?.serial } },
  );
  const preview = file ? (checked.data ?? null) : null;
  const previewError = file && checked.error ? errorText(checked.error, 'content') : null;
  const checking = file !== null && checked.isPending;

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
    setImportError(null);
  }

  async function runImport() {
    if (!file) return;
    setBusy(true);
    setImportError(null);
    // Through the invalidation table: an import may add anything, so every read (the stores' too) reads again.
    const r = await importFile({ kind, format, content: file.content, mode });
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
              aria-describedby={fileError || previewError ? `${uid}-import-file-error` : undefined}
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
        {(fileError ?? previewError) && (
          <p className="field-error" id={`${uid}-import-file-error`} role="alert">
            {fileError ?? previewError}
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
