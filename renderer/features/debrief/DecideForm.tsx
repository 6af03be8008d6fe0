import { DecideInput } from '../../../core/api/contract/feedback';
import { DECISION_LABELS, RECYCLE_LABELS, type HiringDecision, type Recycle } from '../../../core/rules/feedbackTypes';
import { fieldErrorsFromSchema } from '../../api/fieldErrors';
import { Control } from '../../components/Control';
import { Field } from '../../components/Field';
import { FormError } from '../../components/FormFooter';
import { RadioGroup } from '../../components/RadioGroup';
import { today } from '../../components/format';
import { useDraft } from '../../components/useDraft';
import { useEditorForm } from '../../components/useEditorForm';
import { useApiMutation } from '../../data/useApi';
import { useApp } from '../../stores/app';

interface DecideDraft {
  decision: HiringDecision | null;
  rationale: string;
  recycle: Recycle | null;
  cooldownUntil: string;
}

/** Only what the decision uses: recycle for a no hire, the cooldown for no recycle. */
const decideInput = (loopId: string, f: DecideDraft) => ({
  loopId,
  decision: f.decision,
  rationale: f.rationale,
  recycle: f.decision === 'no_hire' ? f.recycle : null,
  cooldownUntil: f.decision === 'no_hire' && f.recycle === 'no_recycle' && f.cooldownUntil ? f.cooldownUntil : null,
});

/** The hiring manager decides hire or no hire; the contract's rules (recycle, the cooldown) are checked before the round trip. */
export function DecideForm({ loopId }: { loopId: string }) {
  const decide = useApiMutation('decision.decide');
  const { notify } = useApp();
  const me = useApp((s) => s.settings?.me ?? null);
  const draft = useDraft<DecideDraft>(`debrief.${loopId}.decide`, () => ({ decision: null, rationale: '', recycle: null, cooldownUntil: '' }), { owner: me });
  const { errors, formError, saving, save, change, formRef } = useEditorForm({
    draft,
    validate: (f) => fieldErrorsFromSchema(DecideInput, decideInput(loopId, f)),
    // The same schema has just passed in validate: parsing cannot fail, and gives the API's own input.
    submit: (f) => decide(DecideInput.parse(decideInput(loopId, f))),
    onSaved: () => notify('info', 'Decision recorded; the bar raiser concurs or vetoes next'),
    cancelOnEscape: false,
    shortcutScope: 'form',
  });
  const f = draft.value;

  return (
    <form ref={formRef} className="decide-form" aria-labelledby="step-decision" onSubmit={(e) => void save(e)}>
      <p className="muted">You are the hiring manager: you decide. The bar raiser then concurs or vetoes.</p>
      <RadioGroup
        label="Decision"
        options={[
          { value: 'hire', label: DECISION_LABELS.hire },
          { value: 'no_hire', label: DECISION_LABELS.no_hire },
        ]}
        value={f.decision}
        onChange={(v) => change((d) => ({ ...d, decision: v }), 'decision')}
        error={errors.decision}
      />
      <Field
        label="Rationale"
        value={f.rationale}
        onChange={(v) => change((d) => ({ ...d, rationale: v }), 'rationale')}
        error={errors.rationale}
        hint="The evidence the decision rests on."
        multiline
        rows={3}
      />
      {f.decision === 'no_hire' && (
        <RadioGroup
          label="Recycle"
          options={[
            { value: 'recycle', label: RECYCLE_LABELS.recycle },
            { value: 'no_recycle', label: RECYCLE_LABELS.no_recycle },
          ]}
          value={f.recycle}
          onChange={(v) => change((d) => ({ ...d, recycle: v }), 'recycle')}
          error={errors.recycle}
        />
      )}
      {f.decision === 'no_hire' && f.recycle === 'no_recycle' && (
        <Control label="Cooldown until" error={errors.cooldownUntil} hint="The candidate cannot be planned into a loop before this date.">
          {(props) => (
            <input
              type="date"
              min={today()}
              value={f.cooldownUntil}
              onChange={(e) => change((d) => ({ ...d, cooldownUntil: e.target.value }), 'cooldownUntil')}
              {...props}
            />
          )}
        </Control>
      )}
      <FormError message={formError} />
      <div className="actions">
        <button type="submit" className="primary" disabled={saving}>
          Record decision
        </button>
      </div>
    </form>
  );
}
