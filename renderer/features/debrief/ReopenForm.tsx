import { useState } from 'react';
import { ReopenInput } from '../../../core/api/contract/feedback';
import { fieldErrorsFromSchema } from '../../api/fieldErrors';
import { Field } from '../../components/Field';
import { FormError } from '../../components/FormFooter';
import { useDraft } from '../../components/useDraft';
import { useEditorForm } from '../../components/useEditorForm';
import { useApiMutation } from '../../data/useApi';
import { useApp } from '../../stores/app';

/** Reopening a decision: asked for first, then confirmed with a reason, which is logged. */
export function Reopen({ loopId }: { loopId: string }) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <div className="actions">
        <button type="button" className="quiet" onClick={() => setAsking(true)}>
          Reopen decision
        </button>
      </div>
    );
  }
  return <ReopenForm loopId={loopId} onClose={() => setAsking(false)} />;
}

function ReopenForm({ loopId, onClose }: { loopId: string; onClose(): void }) {
  const { notify } = useApp();
  const reopenDecision = useApiMutation('decision.reopen');
  const me = useApp((s) => s.settings?.me ?? null);
  const draft = useDraft<string>(`debrief.${loopId}.reopen`, () => '', { owner: me });
  const { errors, formError, saving, save, cancel, change, formRef } = useEditorForm({
    draft,
    validate: (reason) => fieldErrorsFromSchema(ReopenInput, { loopId, reason }),
    submit: (reason) => reopenDecision({ loopId, reason }),
    onSaved: () => {
      notify('info', 'Decision reopened');
      onClose();
    },
    onCancel: onClose,
    shortcutScope: 'form',
  });
  return (
    <form ref={formRef} className="early-box" aria-label="Reopen the decision" onSubmit={(e) => void save(e)}>
      <Field
        label="Reason for reopening"
        value={draft.value}
        onChange={(v) => change(() => v, 'reason')}
        error={errors.reason}
        multiline
        rows={2}
        hint="A decision is final; reopening is logged with this reason."
      />
      <FormError message={formError} />
      <div className="actions">
        <button type="submit" disabled={saving}>
          Confirm reopening
        </button>
        <button type="button" onClick={cancel}>
          Keep the decision
        </button>
      </div>
    </form>
  );
}
