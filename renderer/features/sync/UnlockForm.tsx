import { UnlockInput } from '../../../core/api/contract/sync';
import { fieldErrorsFromSchema } from '../../api/fieldErrors';
import { FormError } from '../../components/FormFooter';
import { useEditorForm } from '../../components/useEditorForm';
import { useApiMutation } from '../../data/useApi';
import { useApp } from '../../stores/app';
import { useMemoryDraft } from './memoryDraft';
import { PassphraseField } from './PassphraseField';

/** After a start without the keys: the passphrase they were sealed with opens them and syncing resumes. */
export function UnlockForm() {
  const notify = useApp((s) => s.notify);
  const unlock = useApiMutation('sync.unlock');
  const draft = useMemoryDraft(() => ({ passphrase: '' }));
  const { errors, formError, saving, save, change, formRef } = useEditorForm({
    draft,
    validate: (f) => fieldErrorsFromSchema(UnlockInput, f),
    submit: (f) => unlock(f),
    onSaved: (status) => notify('info', `Sync unlocked: ${status.summary.toLowerCase()}`),
    cancelOnEscape: false,
    shortcutScope: 'form',
  });
  return (
    <form ref={formRef} className="editor sync-form" aria-label="Unlock sync" onSubmit={(e) => void save(e)} noValidate>
      <p>Sync is locked: this device&apos;s keys need the passphrase they were sealed with. Until then nothing is sent or received.</p>
      <PassphraseField
        label="Passphrase"
        value={draft.value.passphrase}
        onChange={(passphrase) => change(() => ({ passphrase }), 'passphrase')}
        error={errors.passphrase}
        autoComplete="current-password"
      />
      <FormError message={formError} />
      <div className="actions">
        <button type="submit" className="primary" disabled={saving}>
          Unlock
        </button>
      </div>
    </form>
  );
}
