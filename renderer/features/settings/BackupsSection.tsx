import { useEffect, useState } from 'react';
import { BACKUP_RETENTION, type BackupSummary } from '../../../core/api/contract/backups';
import { api } from '../../api/transport';
import { download } from '../../components/download';
import { formatSize, formatTime } from '../../components/format';
import { useApiMutation, useApiQuery } from '../../data/useApi';
import { useApp } from '../../stores/app';
import { useMay } from '../../components/useAccess';
import { EarlyAccessPrompt, earlyAccessMessage } from '../../components/EarlyAccessPrompt';
import { errorText } from '../../components/fileText';
import { PassphraseField } from '../sync/PassphraseField';
import { NO_SEAL, SealOption, sealErrors, sealInput, type SealChoice } from '../transfer/SealOption';

/** The base64 of a file sealed with a passphrase starts with that of its magic, "PRLX" (core/server/passphraseFile.ts). */
const SEALED_BASE64_PREFIX = 'UFJMW';

const KIND_LABELS: Record<BackupSummary['kind'], string> = {
  daily: 'Daily',
  'pre-migration': 'Before an update',
  'before-restore': 'Before a restore',
  manual: 'Made by hand',
};

/** Reads a chosen file as base64 for the API (the renderer has no file system). */
function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('Could not read the file'));
    reader.readAsDataURL(file);
  });
}

/** Backups next to the database: the list, Back up now, download, and restore with a confirmation. */
export function BackupsSection() {
  const notify = useApp((s) => s.notify);
  const may = useMay();
  const canTakeCopies = may('backups.download');
  const canRestore = may('backups.restore');
  /** The backup whose copy the API asked an early-access reason for, with its message. */
  const [earlyAccess, setEarlyAccess] = useState<{ name: string; message: string } | null>(null);
  const listed = useApiQuery('backups.list', undefined);
  const list = listed.data ?? null;
  const createBackup = useApiMutation('backups.create');
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [seal, setSeal] = useState<SealChoice>(NO_SEAL);
  const [sealShown, setSealShown] = useState(false);
  /** A sealed file chosen for a restore, waiting for its passphrase. */
  const [sealedUpload, setSealedUpload] = useState<{ fileName: string; base64: string } | null>(null);
  const [passphrase, setPassphrase] = useState('');

  useEffect(() => {
    if (listed.error) notify('error', listed.error.message);
  }, [listed.error, notify]);

  async function backUpNow() {
    setBusy(true);
    const r = await createBackup(undefined);
    setBusy(false);
    if (!r.ok) return notify('error', r.error.message);
    notify('info', `Backed up (${formatSize(r.value.size)})`);
  }

  async function save(name: string, earlyAccessReason = '') {
    setSealShown(true);
    if (Object.keys(sealErrors(seal)).length > 0) return;
    setBusy(true);
    const r = await api.call('backups.download', { name, earlyAccessReason, ...sealInput(seal) });
    setBusy(false);
    if (r.ok) {
      setEarlyAccess(null);
      download(r.value.fileName, r.value.base64, seal.on ? 'application/octet-stream' : 'application/vnd.sqlite3');
      return;
    }
    const message = earlyAccessMessage(r.error);
    if (message) setEarlyAccess({ name, message });
    else notify('error', r.error.message);
  }

  async function restore(input: { name: string } | { fileName: string; base64: string; passphrase?: string }) {
    if ('base64' in input && input.passphrase === undefined && input.base64.startsWith(SEALED_BASE64_PREFIX)) {
      setSealedUpload(input);
      return;
    }
    setBusy(true);
    const r = await api.call('backups.restore', input);
    setBusy(false);
    if (!r.ok) {
      if ('base64' in input) setUploadError(r.error.issues?.[0]?.path === 'passphrase' ? errorText(r.error, 'passphrase') : r.error.message);
      else notify('error', r.error.message);
      return;
    }
    // Everything on screen came from the old data: start over from the restored file.
    window.location.reload();
  }

  return (
    <section className="settings-section" aria-labelledby="backups-title">
      <h2 id="backups-title">Backups</h2>
      <p className="field-hint">
        Principled backs up once a day when it starts and before every update
        {list ? (
          <>
            {' '}
            in <code className="path">{list.folder}</code>
          </>
        ) : null}
        . Restoring keeps the current data as a backup first.
      </p>
      <p className="field-hint" data-testid="backup-retention">
        Kept: {BACKUP_RETENTION.daily} daily and {BACKUP_RETENTION.weekly} weekly copies; the newest {BACKUP_RETENTION.manual} made by
        hand and the newest {BACKUP_RETENTION.eachOtherKind} taken before an update and before a restore, none of these older than{' '}
        {BACKUP_RETENTION.maxAgeDays} days. A file uploaded for a restore is removed once restored.
        {list ? ` All ${list.items.length} backups take ${formatSize(list.totalSize)}.` : ''}
      </p>
      <div className="actions">
        <button type="button" className="primary" disabled={busy} onClick={() => void backUpNow()}>
          Back up now
        </button>
        {canRestore && (
          <label className="file-button">
            Restore from a file…
            <input
              type="file"
              accept=".sqlite,.db,.zst,.sealed,application/vnd.sqlite3,application/zstd"
              aria-label="Restore from a file"
              disabled={busy}
              onChange={(e) => {
                const file = e.target.files?.[0];
                e.target.value = '';
                if (!file) return;
                setUploadError(null);
                setSealedUpload(null);
                void readAsBase64(file).then((base64) => restore({ fileName: file.name, base64 }));
              }}
            />
          </label>
        )}
      </div>
      {sealedUpload && (
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            setUploadError(null);
            void restore({ ...sealedUpload, passphrase });
          }}
        >
          <PassphraseField
            label={`Passphrase of ${sealedUpload.fileName}`}
            value={passphrase}
            onChange={setPassphrase}
            hint="This copy was encrypted with a passphrase when it was saved."
            autoComplete="current-password"
          />
          <div className="actions">
            <button type="submit" className="primary" disabled={busy || passphrase.length === 0}>
              Open and restore
            </button>
          </div>
        </form>
      )}
      {canTakeCopies && <SealOption label="Encrypt saved copies with a passphrase" choice={seal} onChange={setSeal} errors={sealShown ? sealErrors(seal) : {}} />}
      {uploadError && (
        <p className="form-error" role="alert">
          {uploadError}
        </p>
      )}
      {!canRestore && <p className="field-hint">Only founders and admins may restore a backup: it replaces everyone&apos;s data.</p>}
      {earlyAccess && (
        <EarlyAccessPrompt
          message={earlyAccess.message}
          action="Save the copy"
          busy={busy}
          onRetry={(reason) => void save(earlyAccess.name, reason)}
          onCancel={() => setEarlyAccess(null)}
        />
      )}
      {list?.items.length === 0 && <p className="empty">No backups yet.</p>}
      <table className="grid" aria-label="Backups">
        <thead>
          <tr>
            <th scope="col">Taken</th>
            <th scope="col">Kind</th>
            <th scope="col">Size</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {list?.items.map((b) => (
            <tr key={b.name}>
              <td>{formatTime(b.takenAt)}</td>
              <td>{KIND_LABELS[b.kind]}</td>
              <td>{formatSize(b.size)}</td>
              <td className="row-actions">
                {canTakeCopies && (
                  <button type="button" onClick={() => void save(b.name)} aria-label={`Save a copy of the backup from ${formatTime(b.takenAt)}`}>
                    Save a copy
                  </button>
                )}
                {!canRestore ? null : confirming === b.name ? (
                  <>
                    <button type="button" className="primary" disabled={busy} onClick={() => void restore({ name: b.name })}>
                      Yes, restore it
                    </button>
                    <button type="button" onClick={() => setConfirming(null)}>
                      Keep current data
                    </button>
                  </>
                ) : (
                  <button type="button" onClick={() => setConfirming(b.name)} aria-label={`Restore the backup from ${formatTime(b.takenAt)}`}>
                    Restore…
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
