import { useState } from 'react';
import type { LockState } from '../../../core/api/contract/privacy';
import { SettingsUpdateInput } from '../../../core/api/contract/settings';
import { fieldErrorsFromApi, fieldErrorsFromSchema } from '../../api/fieldErrors';
import { api } from '../../api/transport';
import { Control } from '../../components/Control';
import { numberFrom } from '../../components/format';
import { useAccess } from '../../components/useAccess';
import { useApiQuery } from '../../data/useApi';
import { invalidateAfter } from '../../data/queryClient';
import { useApp } from '../../stores/app';
import { lockPage } from '../lock/pageLock';
import { EncryptWorkspaceForm } from './EncryptWorkspaceForm';

const SEALED_BY_WORDS = { passphrase: 'Encrypted (passphrase)', keychain: 'Encrypted (system keychain)' } as const;

/** Settings → Privacy: encrypting the workspace at rest, and the app lock that encryption makes possible. */
export function PrivacySection({ focusEncrypt = false }: { focusEncrypt?: boolean }) {
  const { notify } = useApp();
  const lock = useApiQuery('privacy.lockState', undefined);
  const state = lock.data;
  return (
    <section className="settings-section privacy" aria-labelledby="privacy-title">
      <h2 id="privacy-title">Privacy</h2>
      {!state ? (
        <p className="placeholder" aria-busy={!lock.error}>
          {lock.error ? lock.error.message : 'Loading…'}
        </p>
      ) : state.sealedBy ? (
        <>
          <p className="privacy-state" role="status">
            <strong>{SEALED_BY_WORDS[state.sealedBy]}</strong>
          </p>
          <p className="field-hint">
            The database and its backups on this computer are encrypted.{' '}
            {state.sealedBy === 'passphrase'
              ? 'Principled asks for the passphrase when it starts and after it locks; without it the data cannot be read.'
              : "Your computer account's keychain opens it."}
          </p>
          <AppLockForm state={state} />
        </>
      ) : (
        <>
          <p className="privacy-state" role="status">
            <strong>Not encrypted</strong>
          </p>
          <p className="field-hint">
            Anyone who can read this computer&apos;s files can read the workspace. The app lock is offered only once the
            workspace is encrypted: with a plain file there is nothing to lock the data with.
          </p>
          <EncryptWorkspaceForm
            title="Encrypt this workspace"
            focusOnShow={focusEncrypt}
            onEncrypted={() => notify('info', 'The workspace is encrypted')}
          />
        </>
      )}
    </section>
  );
}

function AppLockForm({ state }: { state: LockState }) {
  const { may, why } = useAccess();
  const { notify, loadSettings } = useApp();
  const saved = state.lockAfterMinutes ?? 0;
  const [minutes, setMinutes] = useState(String(saved));
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const readOnly = !may('settings.update');

  async function saveMinutes() {
    const input = { privacy: { lockAfterMinutes: numberFrom(minutes) } };
    const local = fieldErrorsFromSchema(SettingsUpdateInput, input)['privacy.lockAfterMinutes'];
    if (local) {
      setError(local);
      return;
    }
    setBusy(true);
    const result = await api.call('settings.update', input);
    setBusy(false);
    if (!result.ok) {
      setError(fieldErrorsFromApi(result.error)['privacy.lockAfterMinutes'] ?? result.error.message);
      return;
    }
    await Promise.all([loadSettings(), invalidateAfter('settings.update')]);
    notify('info', input.privacy.lockAfterMinutes === 0 ? 'Principled will not lock by itself' : 'Lock time saved');
  }

  async function lockNow() {
    const result = await api.call('privacy.lock');
    if (result.ok) lockPage();
    else notify('error', result.error.message);
  }

  return (
    <div className="app-lock">
      <h3>App lock</h3>
      <form
        className="lock-after-form"
        aria-label="Lock after"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!busy && !readOnly) void saveMinutes();
        }}
      >
        {readOnly && <p className="field-hint access-hint">Changing the lock time: {why('settings.update')}</p>}
        <Control label="Lock after (minutes without use)" error={error} hint="0 never locks by itself. Principled locks even when its window or tab is closed.">
          {(p) => (
            <input
              {...p}
              type="number"
              inputMode="numeric"
              min={0}
              step={1}
              disabled={readOnly}
              value={minutes}
              onChange={(e) => {
                setMinutes(e.target.value);
                setError(undefined);
              }}
            />
          )}
        </Control>
        <div className="actions">
          <button type="submit" disabled={busy || readOnly}>
            Save lock time
          </button>
          <button type="button" className="primary" onClick={() => void lockNow()}>
            Lock now
          </button>
        </div>
      </form>
    </div>
  );
}
