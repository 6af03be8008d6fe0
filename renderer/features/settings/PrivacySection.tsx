import { useState } from 'react';
import { EncryptWorkspaceInput, type LockState } from '../../../core/api/contract/privacy';
import { SettingsUpdateInput } from '../../../core/api/contract/settings';
import { fieldErrorsFromApi, fieldErrorsFromSchema } from '../../api/fieldErrors';
import { api } from '../../api/transport';
import { Control } from '../../components/Control';
import { FormError } from '../../components/FormFooter';
import { numberFrom } from '../../components/format';
import { useAccess } from '../../components/useAccess';
import type { Draft } from '../../components/useDraft';
import { useEditorForm } from '../../components/useEditorForm';
import { useApiQuery } from '../../data/useApi';
import { invalidateAfter } from '../../data/queryClient';
import { useApp } from '../../stores/app';
import { lockPage } from '../lock/pageLock';

const SEALED_BY_WORDS = { passphrase: 'Encrypted (passphrase)', keychain: 'Encrypted (system keychain)' } as const;

/** Settings → Privacy: encrypting the workspace at rest, and the app lock that encryption makes possible. */
export function PrivacySection() {
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
          <EncryptForm />
        </>
      )}
    </section>
  );
}

interface EncryptFormValue {
  passphrase: string;
  confirm: string;
}

/** The form's state in memory only: a passphrase never goes into a draft kept on disk. */
function useMemoryDraft<T>(initial: T): Draft<T> {
  const [value, setValue] = useState(initial);
  return { value, update: (fn) => setValue(fn), clear: () => setValue(initial), restored: false };
}

function EncryptForm() {
  const { may, why } = useAccess();
  const { notify } = useApp();
  const readOnly = !may('privacy.encryptWorkspace');
  const draft = useMemoryDraft<EncryptFormValue>({ passphrase: '', confirm: '' });
  const { errors, formError, saving, save, change } = useEditorForm({
    draft,
    // The contract's own schema, cross-field rule included: the two passphrases must match.
    validate: (f) => fieldErrorsFromSchema(EncryptWorkspaceInput, f),
    submit: (f) => api.call('privacy.encryptWorkspace', f),
    onSaved: async () => {
      await invalidateAfter('privacy.encryptWorkspace');
      notify('info', 'The workspace is encrypted');
    },
    cancelOnEscape: false,
    readOnly,
  });
  const field = (key: keyof EncryptFormValue, label: string, hint?: string) => (
    <Control label={label} error={errors[key]} hint={hint}>
      {(p) => (
        <input
          {...p}
          type="password"
          autoComplete="new-password"
          value={draft.value[key]}
          onChange={(e) => {
            const next = e.target.value;
            change((f) => ({ ...f, [key]: next }), key);
          }}
        />
      )}
    </Control>
  );
  return (
    <form className="editor encrypt-form" onSubmit={save} aria-label="Encrypt this workspace" noValidate>
      <h3>Encrypt this workspace</h3>
      {readOnly && <p className="field-hint access-hint">Encrypting the workspace: {why('privacy.encryptWorkspace')}</p>}
      <fieldset className="bare" disabled={readOnly || saving}>
        {field('passphrase', 'Passphrase', 'At least 12 characters. It is not stored anywhere: if it is lost, so is the data.')}
        {field('confirm', 'Confirm passphrase')}
      </fieldset>
      <FormError message={formError} />
      <div className="actions">
        <button type="submit" className="primary" disabled={readOnly || saving}>
          {saving ? 'Encrypting… (a backup first)' : 'Encrypt'}
        </button>
      </div>
    </form>
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
