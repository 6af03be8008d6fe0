import { DebriefNotesInput } from '../../../core/api/contract/feedback';
import { fieldErrorsFromSchema } from '../../api/fieldErrors';
import { Field } from '../../components/Field';
import { FormError } from '../../components/FormFooter';
import { useDraft } from '../../components/useDraft';
import { useEditorForm } from '../../components/useEditorForm';
import { useApiMutation } from '../../data/useApi';
import { useApp } from '../../stores/app';

/** Step 3 of the debrief: the discussion notes, kept by the bar raiser or the hiring manager. */
export function NotesForm({ loopId, notes }: { loopId: string; notes: string }) {
  const saveNotes = useApiMutation('debrief.saveNotes');
  const { notify } = useApp();
  const me = useApp((s) => s.settings?.me ?? null);
  const draft = useDraft<string>(`debrief.${loopId}.notes`, () => notes, { owner: me });
  const { errors, formError, saving, save, change, formRef } = useEditorForm({
    draft,
    validate: (value) => fieldErrorsFromSchema(DebriefNotesInput, { loopId, notes: value }),
    submit: (value) => saveNotes({ loopId, notes: value }),
    onSaved: () => notify('info', 'Notes saved'),
    cancelOnEscape: false,
    shortcutScope: 'form',
  });
  const dirty = draft.value !== notes;
  return (
    <form ref={formRef} className="notes-form" aria-labelledby="step-notes" onSubmit={(e) => void save(e)}>
      {draft.restored && dirty && <p className="notice-inline">Restored your unsaved notes from this device.</p>}
      <Field label="Discussion notes" value={draft.value} onChange={(v) => change(() => v, 'notes')} error={errors.notes} multiline rows={6} />
      <FormError message={formError} />
      <div className="actions">
        <button type="submit" disabled={saving || !dirty}>
          Save notes
        </button>
        {dirty && <span className="muted">Unsaved changes (kept on this device)</span>}
        <span className="shortcut-hint">Ctrl+S saves</span>
      </div>
    </form>
  );
}
