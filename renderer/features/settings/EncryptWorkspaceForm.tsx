import { useEffect, useState, type ReactNode } from 'react';
import { EncryptWorkspaceInput } from '../../../core/api/contract/privacy';
import { fieldErrorsFromSchema } from '../../api/fieldErrors';
import { api } from '../../api/transport';
import { Control } from '../../components/Control';
import { FormError } from '../../components/FormFooter';
import { useAccess } from '../../components/useAccess';
import type { Draft } from '../../components/useDraft';
import { useEditorForm } from '../../components/useEditorForm';
import { invalidateAfter } from '../../data/queryClient';

interface EncryptFormValue {
  passphrase: string;
  confirm: string;
}

/** The form's state in memory only: a passphrase never goes into a draft kept on disk. */
function useMemoryDraft<T>(initial: T): Draft<T> {
  const [value, setValue] = useState(initial);
  return { value, update: (fn) => setValue(fn), clear: () => setValue(initial), restored: false };
}

/**
 * Encrypting a plaintext workspace with a passphrase typed twice (`privacy.encryptWorkspace`, whose schema checks
 * both fields here too). One form for Settings → Privacy and the first run's Welcome step, so the rules and words
 * are the same in both.
 */
export function EncryptWorkspaceForm({
  title,
  titleLevel = 3,
  intro,
  submitLabel = 'Encrypt',
  secondary,
  focusOnShow = false,
  onEncrypted,
}: {
  title: string;
  titleLevel?: 2 | 3;
  intro?: ReactNode;
  submitLabel?: string;
  /** Another way out beside the submit (the first run's "Not now"), held while encrypting. */
  secondary?: (busy: boolean) => ReactNode;
  /** Brought into view with the first field focused: the form is where a link led. */
  focusOnShow?: boolean;
  onEncrypted: () => void | Promise<void>;
}) {
  const { may, why } = useAccess();
  const readOnly = !may('privacy.encryptWorkspace');
  const draft = useMemoryDraft<EncryptFormValue>({ passphrase: '', confirm: '' });
  const { errors, formError, saving, save, change, formRef } = useEditorForm({
    draft,
    // The contract's own schema, cross-field rule included: the two passphrases must match.
    validate: (f) => fieldErrorsFromSchema(EncryptWorkspaceInput, f),
    submit: (f) => api.call('privacy.encryptWorkspace', f),
    onSaved: async () => {
      await invalidateAfter('privacy.encryptWorkspace');
      await onEncrypted();
    },
    cancelOnEscape: false,
    readOnly,
  });
  useEffect(() => {
    if (!focusOnShow) return;
    formRef.current?.querySelector<HTMLInputElement>('input:not([disabled])')?.focus();
  }, [focusOnShow, formRef]);
  const Heading = titleLevel === 2 ? 'h2' : 'h3';
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
    <form ref={formRef} className="editor encrypt-form" onSubmit={save} aria-label={title} noValidate>
      <Heading>{title}</Heading>
      {intro}
      {readOnly && <p className="field-hint access-hint">Encrypting the workspace: {why('privacy.encryptWorkspace')}</p>}
      <fieldset className="bare" disabled={readOnly || saving}>
        {field('passphrase', 'Passphrase', 'At least 12 characters. It is not stored anywhere: if it is lost, so is the data.')}
        {field('confirm', 'Confirm passphrase')}
      </fieldset>
      <FormError message={formError} />
      <div className="actions">
        <button type="submit" className="primary" disabled={readOnly || saving}>
          {saving ? 'Encrypting… (a backup first)' : submitLabel}
        </button>
        {secondary?.(saving)}
      </div>
    </form>
  );
}
