import { useEffect, useRef, useState } from 'react';
import type { LockState } from '../../../core/api/contract/privacy';
import { fieldErrorsFromApi } from '../../api/fieldErrors';
import { api } from '../../api/transport';
import { Control } from '../../components/Control';

/**
 * All there is while the app is locked: no sidebar, no names, nothing read from the workspace (the host
 * refuses every other call). The passphrase lives in this component's state only, never in a draft.
 */
export function LockScreen() {
  const [state, setState] = useState<LockState | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const field = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void api.call('privacy.lockState').then((r) => {
      if (r.ok) setState(r.value);
    });
  }, []);

  const byKeychain = state?.sealedBy === 'keychain';

  async function unlock() {
    if (busy) return;
    if (!byKeychain && !passphrase) {
      setError('Enter the passphrase');
      field.current?.focus();
      return;
    }
    setBusy(true);
    const result = await api.call('privacy.unlock', byKeychain ? {} : { passphrase });
    if (result.ok || result.error.code === 'CONFLICT') {
      // Unlocked (here, or already in another window): the page starts afresh, reading everything again.
      window.location.reload();
      return;
    }
    setBusy(false);
    setError(fieldErrorsFromApi(result.error).passphrase ?? result.error.message);
    field.current?.focus();
  }

  return (
    <main className="single lock-screen">
      <h1>Principled is locked</h1>
      <p>
        {byKeychain
          ? 'Unlock with your computer account to go on.'
          : 'Enter the workspace passphrase to go on. Nothing of the workspace is shown or kept on this page while it is locked.'}
      </p>
      <form
        className="lock-form"
        aria-label="Unlock"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void unlock();
        }}
      >
        {!byKeychain && (
          <Control label="Passphrase" error={error}>
            {(p) => (
              <input
                {...p}
                ref={field}
                type="password"
                autoComplete="current-password"
                autoFocus
                value={passphrase}
                onChange={(e) => {
                  setPassphrase(e.target.value);
                  setError(undefined);
                }}
              />
            )}
          </Control>
        )}
        {byKeychain && error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Unlocking…' : 'Unlock'}
          </button>
        </div>
      </form>
    </main>
  );
}
