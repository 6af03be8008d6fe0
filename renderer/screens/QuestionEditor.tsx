import { useMemo, useState, type FormEvent } from 'react';
import { LIMITS } from '../../core/api/contract/limits';
import { QuestionCreateInput, type Question } from '../../core/api/contract/questions';
import { lintQuestion } from '../../core/rules/questionLinter';
import { fieldErrorsFromApi, fieldErrorsFromSchema, firstUnder, type FieldErrors } from '../api/fieldErrors';
import { Field } from '../components/Field';
import { LintFindings, LintHighlight } from '../components/LintReport';
import { useDraft } from '../components/useDraft';
import { useShortcut } from '../components/useShortcut';
import { activePrinciples, usePrinciples } from '../stores/principles';
import { useQuestions } from '../stores/questions';

interface Form {
  text: string;
  principleIds: string[];
  probes: string;
  tags: string;
  hypotheticalReason: string;
}

const fromQuestion = (q: Question | null, principleId: string): Form => ({
  text: q?.text ?? '',
  principleIds: q?.principleIds ?? (principleId ? [principleId] : []),
  probes: q?.probes.join('\n') ?? '',
  tags: q?.tags.join(', ') ?? '',
  hypotheticalReason: q?.hypotheticalReason ?? '',
});

const toInput = (f: Form) => ({
  text: f.text,
  principleIds: f.principleIds,
  probes: f.probes.split('\n').map((p) => p.trim()).filter(Boolean),
  tags: f.tags.split(',').map((t) => t.trim()).filter(Boolean),
  hypotheticalReason: f.hypotheticalReason,
});

interface Props {
  question: Question | null;
  defaultPrincipleId: string;
  onDone(): void;
}

export function QuestionEditor({ question, defaultPrincipleId, onDone }: Props) {
  const draft = useDraft<Form>(`question.${question?.id ?? 'new'}.${question?.revision ?? 0}`, () =>
    fromQuestion(question, defaultPrincipleId),
  );
  const form = draft.value;
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const principles = activePrinciples(usePrinciples((s) => s.all));
  const { create, update, setStatus } = useQuestions();
  const findings = useMemo(() => lintQuestion(form.text), [form.text]);
  const hypothetical = findings.some((f) => f.rule === 'hypothetical');

  const set = <K extends keyof Form>(key: K, value: Form[K]) => {
    draft.update((f) => ({ ...f, [key]: value }));
    setErrors((e) => (e[key] ? { ...e, [key]: '' } : e));
  };

  async function save(event?: FormEvent) {
    event?.preventDefault();
    if (saving) return;
    const input = toInput(form);
    const local = fieldErrorsFromSchema(QuestionCreateInput, input);
    const blocking = findings.find((f) => f.severity === 'error');
    if (blocking) local.text ??= blocking.message;
    if (hypothetical && !input.hypotheticalReason.trim()) {
      local.hypotheticalReason = 'Rewrite the question about past behaviour, or record why you keep it as a hypothetical.';
    }
    setErrors(local);
    setFormError(null);
    if (Object.keys(local).length) return;
    setSaving(true);
    const result = question ? await update({ id: question.id, revision: question.revision, ...input }) : await create(input);
    setSaving(false);
    if (!result.ok) {
      setErrors(fieldErrorsFromApi(result.error));
      if (!result.error.issues?.length) setFormError(result.error.message);
      return;
    }
    draft.clear();
    onDone();
  }

  function cancel() {
    draft.clear();
    onDone();
  }

  useShortcut('mod+s', () => void save());
  useShortcut('Escape', cancel);

  return (
    <form className="editor" onSubmit={save} aria-label={question ? 'Edit question' : 'New question'}>
      <h2>{question ? 'Edit question' : 'New question'}</h2>
      {draft.restored && <p className="notice-inline">Restored your unsaved changes.</p>}
      <Field
        label="Question"
        value={form.text}
        onChange={(v) => set('text', v)}
        error={errors.text}
        max={LIMITS.questionText}
        multiline
        rows={4}
        autoFocus
        placeholder="Tell me about a time you…"
      />
      {form.text.trim() && <LintHighlight text={form.text} findings={findings} />}
      <LintFindings findings={findings} onUseSuggestion={(text) => set('text', text)} />
      {(hypothetical || form.hypotheticalReason) && (
        <Field
          label="Why keep this hypothetical question?"
          value={form.hypotheticalReason}
          onChange={(v) => set('hypotheticalReason', v)}
          error={errors.hypotheticalReason}
          max={LIMITS.reason}
          hint="Some roles need a situational question. The reason is recorded and the question is marked as hypothetical."
        />
      )}
      <fieldset className={`principle-picker${errors.principleIds || firstUnder(errors, 'principleIds') ? ' field-invalid' : ''}`}>
        <legend>Principles this question assesses</legend>
        {principles.length === 0 && <p className="field-hint">Add a principle first.</p>}
        {principles.map((p) => (
          <label key={p.id} className="check">
            <input
              type="checkbox"
              checked={form.principleIds.includes(p.id)}
              onChange={(e) =>
                set('principleIds', e.target.checked ? [...form.principleIds, p.id] : form.principleIds.filter((id) => id !== p.id))
              }
            />{' '}
            {p.name}
          </label>
        ))}
        {firstUnder(errors, 'principleIds') && (
          <div className="field-error" role="alert">
            {firstUnder(errors, 'principleIds')}
          </div>
        )}
      </fieldset>
      <Field
        label="Follow-up probes (one per line)"
        value={form.probes}
        onChange={(v) => set('probes', v)}
        error={firstUnder(errors, 'probes')}
        multiline
        rows={3}
        placeholder={'What did you do next?\nWhat was the result?'}
      />
      <Field
        label="Tags (comma-separated)"
        value={form.tags}
        onChange={(v) => set('tags', v)}
        error={firstUnder(errors, 'tags')}
        placeholder="engineering, leadership"
      />
      {formError && (
        <p className="form-error" role="alert">
          {formError}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={saving}>
          {question ? 'Save changes' : 'Add question'}
        </button>
        <button type="button" onClick={cancel}>
          Cancel
        </button>
        {question && (
          <button
            type="button"
            className="quiet"
            onClick={() => {
              draft.clear();
              void setStatus(question.id, question.status === 'active' ? 'retire' : 'restore').then(onDone);
            }}
          >
            {question.status === 'active' ? 'Retire question' : 'Restore question'}
          </button>
        )}
      </div>
    </form>
  );
}
