import { JoinInput } from '../../../core/api/contract/sync';
import { Field } from '../../components/Field';
import { FormError } from '../../components/FormFooter';
import { useEditorForm } from '../../components/useEditorForm';
import { useApiMutation } from '../../data/useApi';
import { FOLDER_HINT } from './folderHint';
import { useMemoryDraft } from './memoryDraft';
import { NewPassphraseFields, newPassphraseErrors } from './PassphraseField';

interface Form {
  folder: string;
  invitation: string;
  deviceName: string;
  passphrase: string;
  passphraseAgain: string;
}

const toInput = (f: Form) => ({ folder: f.folder.trim(), invitation: f.invitation.trim(), deviceName: f.deviceName.trim() || undefined, passphrase: f.passphrase });

/** A new install joins a team: its copy of the team folder, the invitation an admin sent, and a passphrase for its keys. */
export function JoinTeamForm({ onCancel }: { onCancel(): void }) {
  const join = useApiMutation('sync.join');
  const draft = useMemoryDraft<Form>(() => ({ folder: '', invitation: '', deviceName: '', passphrase: '', passphraseAgain: '' }));
  const { errors, formError, saving, save, change, formRef } = useEditorForm({
    draft,
    validate: (f) => newPassphraseErrors(JoinInput, toInput(f), f.passphraseAgain),
    submit: (f) => join(toInput(f)),
    // The welcome screen follows the sync status from here: waiting for confirmation, then the team's data.
    onSaved: () => undefined,
    cancelOnEscape: false,
    shortcutScope: 'form',
  });
  const set = (key: keyof Form) => (value: string) => change((f) => ({ ...f, [key]: value }), key);
  const f = draft.value;
  return (
    <form ref={formRef} className="editor sync-form" aria-labelledby="join-title" onSubmit={(e) => void save(e)} noValidate>
      <h2 id="join-title">Join a team</h2>
      <p className="field-hint">
        Ask an admin of your team for an invitation. Once this computer has joined, the admin confirms it from their device and
        the team&apos;s data arrives here.
      </p>
      <Field label="Team folder" value={f.folder} onChange={set('folder')} error={errors.folder} hint={`Your copy of the team's folder. ${FOLDER_HINT}`} />
      <Field label="Invitation" value={f.invitation} onChange={set('invitation')} error={errors.invitation} multiline rows={4} hint="The text starting “principled-invitation:” that your admin sent you." />
      <Field label="This device's name (optional)" value={f.deviceName} onChange={set('deviceName')} error={errors.deviceName} hint="How the team sees this computer, for example “Ana's laptop”." max={80} />
      <NewPassphraseFields passphrase={f.passphrase} again={f.passphraseAgain} onPassphrase={set('passphrase')} onAgain={set('passphraseAgain')} errors={errors} />
      <FormError message={formError} />
      <div className="actions">
        <button type="submit" className="primary" disabled={saving}>
          Join the team
        </button>
        <button type="button" onClick={onCancel}>
          Back
        </button>
      </div>
    </form>
  );
}
