import { useState } from 'react';
import type { RecoveryStatus } from '../../../core/api/contract/backups';
import { api } from '../../api/transport';
import { formatTime } from '../../components/format';
import { formatSize } from '../../components/format';

/** Instead of a blank window: what happened to the data, and the ways back. */
export function RecoveryScreen({ status }: { status: Exclude<RecoveryStatus, { state: 'ok' }> }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmFresh, setConfirmFresh] = useState(false);

  async function run(call: () => ReturnType<typeof api.call<'recovery.startFresh'>>) {
    setBusy(true);
    const r = await call();
    setBusy(false);
    if (r.ok) window.location.reload();
    else setError(r.error.message);
  }

  if (status.state === 'newer') {
    return (
      <main className="single recovery" aria-labelledby="recovery-title">
        <h1 id="recovery-title">This workspace needs a newer Principled</h1>
        <p role="alert">{status.reason}</p>
      </main>
    );
  }
  const [latest, ...older] = status.backups;
  return (
    <main className="single recovery" aria-labelledby="recovery-title">
      <h1 id="recovery-title">Principled could not open your data</h1>
      <p role="alert">{status.reason}</p>
      {status.damagedFile && (
        <p>
          Nothing was deleted: the damaged file is kept as <code className="path">{status.damagedFile}</code>.
        </p>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {latest ? (
        <section aria-labelledby="restore-title">
          <h2 id="restore-title">Restore a backup</h2>
          <div className="actions">
            <button type="button" className="primary" disabled={busy} onClick={() => void run(() => api.call('recovery.restore', { name: latest.name }))}>
              Restore the latest backup ({formatTime(latest.takenAt)})
            </button>
          </div>
          {older.length > 0 && (
            <ul className="plain">
              {older.map((b) => (
                <li key={b.name}>
                  <button type="button" className="link" disabled={busy} onClick={() => void run(() => api.call('recovery.restore', { name: b.name }))}>
                    Restore the backup from {formatTime(b.takenAt)}
                  </button>{' '}
                  <span className="muted">{formatSize(b.size)}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : (
        <p>There is no backup to restore.</p>
      )}
      <section aria-labelledby="fresh-title">
        <h2 id="fresh-title">Or start fresh</h2>
        {confirmFresh ? (
          <div className="actions">
            <button type="button" disabled={busy} onClick={() => void run(() => api.call('recovery.startFresh'))}>
              Yes, start with an empty workspace
            </button>
            <button type="button" onClick={() => setConfirmFresh(false)}>
              Go back
            </button>
          </div>
        ) : (
          <button type="button" onClick={() => setConfirmFresh(true)}>
            Start fresh…
          </button>
        )}
      </section>
    </main>
  );
}
