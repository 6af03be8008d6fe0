import { useId } from 'react';
import { VerdictInput, type Decision } from '../../../core/api/contract/feedback';
import { VETO_RATIONALE_MIN_CHARS } from '../../../core/rules/decisionOutcome';
import { VERDICT_LABELS, type BarRaiserVerdict } from '../../../core/rules/feedbackTypes';
import { fieldErrorsFromSchema, firstUnder } from '../../api/fieldErrors';
import { Field } from '../../components/Field';
import { FormError } from '../../components/FormFooter';
import { RadioGroup } from '../../components/RadioGroup';
import { useDraft } from '../../components/useDraft';
import { useEditorForm } from '../../components/useEditorForm';
import { useApiMutation } from '../../data/useApi';
import { useApp } from '../../stores/app';

interface VerdictDraft {
  verdict: BarRaiserVerdict | null;
  rationale: string;
  cited: string[];
}

const verdictInput = (loopId: string, f: VerdictDraft) => ({ loopId, verdict: f.verdict, rationale: f.rationale, citedPrincipleIds: f.cited });

/** The bar raiser concurs, or vetoes a hire with a rationale citing the principles whose evidence it rests on. */
export function VerdictForm({ loopId, decision, principles }: { loopId: string; decision: Decision; principles: { id: string; name: string }[] }) {
  const { notify } = useApp();
  const recordVerdict = useApiMutation('decision.verdict');
  const me = useApp((s) => s.settings?.me ?? null);
  const draft = useDraft<VerdictDraft>(`debrief.${loopId}.verdict`, () => ({ verdict: null, rationale: '', cited: [] }), { owner: me });
  const { errors, formError, saving, save, change, formRef } = useEditorForm({
    draft,
    validate: (f) => fieldErrorsFromSchema(VerdictInput, verdictInput(loopId, f)),
    // The same schema has just passed in validate: parsing cannot fail, and gives the API's own input.
    submit: (f) => recordVerdict(VerdictInput.parse(verdictInput(loopId, f))),
    onSaved: (d) => notify('info', d.verdict === 'veto' ? 'Veto recorded: the outcome is no hire' : 'Verdict recorded'),
    cancelOnEscape: false,
    shortcutScope: 'form',
  });
  const f = draft.value;
  const veto = f.verdict === 'veto';
  const citedError = firstUnder(errors, 'citedPrincipleIds');
  const citedHintId = useId();

  return (
    <form ref={formRef} className="verdict-form" aria-label="Concur or veto" onSubmit={(e) => void save(e)}>
      <p className="muted">
        You are the bar raiser. Concur, or veto {decision.decision === 'hire' ? 'the hire' : ''} with a rationale that cites the evidence.
      </p>
      <RadioGroup
        label="Bar raiser verdict"
        options={[
          { value: 'concur', label: VERDICT_LABELS.concur },
          ...(decision.decision === 'hire' ? [{ value: 'veto' as const, label: VERDICT_LABELS.veto }] : []),
        ]}
        value={f.verdict}
        onChange={(v) => change((d) => ({ ...d, verdict: v }), 'verdict')}
        error={errors.verdict}
      />
      <Field
        label="Rationale"
        value={f.rationale}
        onChange={(v) => change((d) => ({ ...d, rationale: v }), 'rationale')}
        error={errors.rationale}
        multiline
        rows={3}
        hint={
          veto
            ? `A veto needs at least ${VETO_RATIONALE_MIN_CHARS} characters that point to the evidence.`
            : 'Always required: say what in the evidence supports your verdict.'
        }
      />
      {/* Visible from the start, and marked required as soon as veto is chosen, so a veto is not refused for want of a citation. */}
      <fieldset
        className={`cited${veto ? ' cited-required' : ''}${citedError ? ' field-invalid' : ''}`}
        aria-describedby={citedHintId}
        data-field-name="Evidence cited"
      >
        <legend>
          Evidence cited{' '}
          {veto ? <span className="required-note">(required for a veto: at least one)</span> : <span className="muted">(optional)</span>}
        </legend>
        <p className="field-hint" id={citedHintId}>
          {veto
            ? 'Tick each principle whose evidence the veto rests on.'
            : 'Tick the principles whose evidence your verdict rests on. A veto must cite at least one.'}
        </p>
        {principles.map((p) => (
          <label key={p.id} className="check">
            <input
              type="checkbox"
              checked={f.cited.includes(p.id)}
              onChange={(e) =>
                change((d) => ({ ...d, cited: e.target.checked ? [...d.cited, p.id] : d.cited.filter((id) => id !== p.id) }), 'citedPrincipleIds')
              }
            />
            {p.name}
          </label>
        ))}
        {citedError && (
          <div className="field-error" role="alert">
            {citedError}
          </div>
        )}
      </fieldset>
      <FormError message={formError} />
      <div className="actions">
        <button type="submit" className="primary" disabled={saving}>
          Record verdict
        </button>
      </div>
    </form>
  );
}
