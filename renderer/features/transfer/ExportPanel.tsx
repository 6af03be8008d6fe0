import { useId, useState } from 'react';
import { CSV_EXPORT_LISTS, MAX_WORKSPACE_JSON_CHARS, type CsvExportList } from '../../../core/api/contract/transfer';
import { api } from '../../api/transport';
import { download } from '../../components/download';
import { EarlyAccessPrompt, earlyAccessMessage } from '../../components/EarlyAccessPrompt';
import { base64Of, errorText, readAsText } from '../../components/fileText';
import { useMay, useMe } from '../../components/useAccess';
import { useApp } from '../../stores/app';
import { PassphraseField } from '../sync/PassphraseField';
import { NO_SEAL, SealOption, sealErrors, sealInput, type SealChoice } from './SealOption';

const EXPORT_LABELS: Record<CsvExportList, string> = {
  principles: 'principles',
  questions: 'questions',
  team: 'team',
  candidates: 'candidates',
  loops: 'loops',
};

export function ExportPanel() {
  const notify = useApp((s) => s.notify);
  const me = useMe();
  const allowed = useMay()('transfer.exportWorkspace');
  const [busy, setBusy] = useState<string | null>(null);
  const [earlyAccess, setEarlyAccess] = useState<string | null>(null);
  const [seal, setSeal] = useState<SealChoice>(NO_SEAL);
  const [sealShown, setSealShown] = useState(false);
  const sealProblems = sealShown ? sealErrors(seal) : {};

  async function exportWorkspace(earlyAccessReason = '') {
    setSealShown(true);
    if (Object.keys(sealErrors(seal)).length > 0) return;
    setBusy(seal.on ? 'Exporting and encrypting the whole workspace…' : 'Exporting the whole workspace: every table is read from one moment…');
    const r = await api.call('transfer.exportWorkspace', { earlyAccessReason, ...sealInput(seal) });
    setBusy(null);
    if (r.ok) {
      setEarlyAccess(null);
      download(r.value.fileName, base64Of(r.value.json), 'application/json');
      return;
    }
    const needsReason = earlyAccessMessage(r.error);
    if (needsReason) setEarlyAccess(needsReason);
    else notify('error', r.error.message);
  }

  async function exportCsv(list: CsvExportList) {
    setBusy(`Exporting ${EXPORT_LABELS[list]}…`);
    const r = await api.call('transfer.exportCsv', { list });
    setBusy(null);
    if (r.ok) download(r.value.fileName, base64Of(r.value.csv), 'text/csv');
    else notify('error', r.error.message);
  }

  return (
    <section className="transfer-part" aria-labelledby="export-title">
      <h3 id="export-title">Export</h3>
      <p className="field-hint">
        The whole workspace as one JSON file holds every record, and imports back into an empty workspace with nothing lost;
        each export is kept in the activity log. The CSV lists open in any spreadsheet and import back with the columns
        above (loops are for reading only).
      </p>
      {allowed ? (
        <>
        <SealOption label="Encrypt the export with a passphrase" choice={seal} onChange={setSeal} errors={sealProblems} />
        <div className="actions">
          <button type="button" className="primary" disabled={busy !== null} onClick={() => void exportWorkspace()}>
            Export the whole workspace (JSON)
          </button>
        </div>
        </>
      ) : (
        <p className="notice-inline">
          Only an admin or a founder can export the whole workspace: it holds all feedback, including feedback others cannot see yet.{' '}
          {me ? `You are ${me.name}, who is neither.` : 'Choose who you are at the top of Settings first.'}
        </p>
      )}
      {allowed && earlyAccess && (
        <EarlyAccessPrompt
          message={earlyAccess}
          action="Export"
          busy={busy !== null}
          onRetry={(reason) => void exportWorkspace(reason)}
          onCancel={() => setEarlyAccess(null)}
        />
      )}
      <div className="actions">
        {CSV_EXPORT_LISTS.map((list) => (
          <button key={list} type="button" disabled={busy !== null} onClick={() => void exportCsv(list)}>
            Export {EXPORT_LABELS[list]} (CSV)
          </button>
        ))}
      </div>
      {busy && (
        <p className="muted" aria-busy="true" role="status">
          {busy}
        </p>
      )}
    </section>
  );
}

/** A whole-workspace export loaded into an empty workspace; the page starts over on the loaded data. */
export function WorkspaceRestore() {
  const uid = useId();
  const allowed = useMay()('transfer.importWorkspace');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** An encrypted export waiting for its passphrase. */
  const [sealed, setSealed] = useState<{ name: string; json: string } | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [passphraseError, setPassphraseError] = useState<string | null>(null);

  async function load(json: string, withPassphrase?: string) {
    setBusy(true);
    const r = await api.call('transfer.importWorkspace', withPassphrase === undefined ? { json } : { json, passphrase: withPassphrase });
    setBusy(false);
    if (!r.ok) {
      const path = r.error.issues?.[0]?.path;
      if (path === 'passphrase') setPassphraseError(errorText(r.error, 'passphrase'));
      else setError(errorText(r.error, 'json'));
      return;
    }
    // Everything on screen came from the empty workspace: start over on the loaded one.
    window.location.reload();
  }

  async function restore(picked: File) {
    setSealed(null);
    setPassphraseError(null);
    setError(null);
    setBusy(true);
    let json: string;
    try {
      json = await readAsText(picked);
    } catch (e) {
      setBusy(false);
      setError(`Could not read ${picked.name}: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    if (json.length > MAX_WORKSPACE_JSON_CHARS) {
      setBusy(false);
      setError(`${picked.name} is too large: at most ${MAX_WORKSPACE_JSON_CHARS / 1024 / 1024} MB`);
      return;
    }
    setBusy(false);
    // The server says whether it is sealed too; asking here first saves sending it twice.
    if (/^\s*\{"format":"principled-encrypted"/.test(json)) {
      setSealed({ name: picked.name, json });
      return;
    }
    await load(json);
  }

  // A workspace with people in it would refuse the load anyway; only its founders and admins see the way in.
  if (!allowed) return null;
  return (
    <section className="transfer-part" aria-labelledby="restore-export-title">
      <h3 id="restore-export-title">Restore a whole workspace from a JSON export</h3>
      <p className="field-hint" id={`${uid}-hint`}>
        This works only on an empty workspace: one started blank, with nothing added yet. To move your data to another
        computer, export the whole workspace here, start Principled there with “Start blank”, and import the file in its
        Settings. To go back to an earlier state of this workspace, restore a backup instead.
      </p>
      <div className="actions">
        <label className="file-button">
          Import a workspace export…
          <input
            type="file"
            accept=".json,application/json"
            aria-label="Import a workspace export"
            aria-describedby={error ? `${uid}-hint ${uid}-error` : `${uid}-hint`}
            disabled={busy}
            onChange={(e) => {
              const picked = e.target.files?.[0];
              e.target.value = '';
              if (picked) void restore(picked);
            }}
          />
        </label>
        {busy && (
          <span className="muted" aria-busy="true" role="status">
            Reading and loading the file: this can take a while for a large workspace…
          </span>
        )}
      </div>
      {sealed && (
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            setPassphraseError(null);
            void load(sealed.json, passphrase);
          }}
        >
          <PassphraseField
            label={`Passphrase of ${sealed.name}`}
            value={passphrase}
            onChange={setPassphrase}
            error={passphraseError ?? undefined}
            hint="This export was encrypted with a passphrase when it was made."
            autoComplete="current-password"
          />
          <div className="actions">
            <button type="submit" className="primary" disabled={busy || passphrase.length === 0}>
              Open and import
            </button>
          </div>
        </form>
      )}
      {error && (
        <p className="field-error" id={`${uid}-error`} role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
