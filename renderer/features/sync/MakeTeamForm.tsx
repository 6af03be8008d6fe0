import { MakeTeamInput } from '../../../core/api/contract/sync';
import { Field } from '../../components/Field';
import { FormError } from '../../components/FormFooter';
import { useEditorForm } from '../../components/useEditorForm';
import { useApiMutation } from '../../data/useApi';
import { useApp } from '../../stores/app';
import { FOLDER_HINT } from './folderHint';
import { useMemoryDraft } from './memoryDraft';
import { NewPassphraseFields, newPassphraseErrors } from './PassphraseField';

interface Form {
  folder: string;
  deviceName: string;
  passphrase: string;
  passphraseAgain: string;
}

const toInput = (f: Form) => ({ folder: f.folder.trim(), deviceName: f.deviceName.trim() || undefined, passphrase: f.passphrase });

/** Turns this solo workspace into a team: its data, history included, becomes the team's starting point. */
export function MakeTeamForm() {
  const notify = useApp((s) => s.notify);
  const makeTeam = useApiMutation('sync.makeTeam');
  const draft = useMemoryDraft<Form>(() => ({ folder: '', deviceName: '', passphrase: '', passphraseAgain: '' }));
  const { errors, formError, saving, save, change, formRef } = useEditorForm({
    draft,
    validate: (f) => newPassphraseErrors(MakeTeamInput, toInput(f), f.passphraseAgain),
    submit: (f) => makeTeam(toInput(f)),
    onSaved: (status) => notify('info', `This workspace is now a team: ${status.summary.toLowerCase()}`),
    cancelOnEscape: false,
    shortcutScope: 'form',
  });
  const set = (key: keyof Form) => (value: string) => change((f) => ({ ...f, [key]: value }), key);
  const f = draft.value;
  return (
    <form ref={formRef} className="editor sync-form" aria-label="Make a team" onSubmit={(e) => void save(e)} noValidate>
      <h3>Make a team</h3>
      <p className="field-hint">
        Each person then works on their own computer, offline if need be, and their changes meet through the folder. You invite
        each member; their device joins and waits until you confirm it here.
      </p>
      <Field label="Team folder" value={f.folder} onChange={set('folder')} error={errors.folder} hint={FOLDER_HINT} />
      <Field label="This device's name (optional)" value={f.deviceName} onChange={set('deviceName')} error={errors.deviceName} hint="How the team sees this computer, for example “Ana's laptop”." max={80} />
      <NewPassphraseFields passphrase={f.passphrase} again={f.passphraseAgain} onPassphrase={set('passphrase')} onAgain={set('passphraseAgain')} errors={errors} />
      <FormError message={formError} />
      <div className="actions">
        <button type="submit" className="primary" disabled={saving}>
          Make a team
        </button>
      </div>
    </form>
  );
}
