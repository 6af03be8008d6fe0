import { useMemo } from 'react';
import { LIMITS } from '../../../core/api/contract/limits';
import { QuestionCreateInput, type Question } from '../../../core/api/contract/questions';
import { lintQuestion } from '../../../core/rules/questionLinter';
import { fieldErrorsFromSchema, firstUnder } from '../../api/fieldErrors';
import { Field } from '../../components/Field';
import { FormFooter } from '../../components/FormFooter';
import { LintFindings, LintHighlight } from '../../components/LintReport';
import { useDraft } from '../../components/useDraft';
import { useEditorForm } from '../../components/useEditorForm';
import { activePrinciples, usePrinciples } from '../../stores/principles';
import { useApiMutation } from '../../data/useApi';
import { useApp } from '../../stores/app';

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
  /** Shown to someone who may not edit questions: the same form, every field disabled, with this reason. */
  readOnly?: string | undefined;
}

export function QuestionEditor({ question, defaultPrincipleId, onDone, readOnly }: Props) {
  const draft = useDraft<Form>(`question.${question?.id ?? 'new'}.${question?.revision ?? 0}`, () =>
    fromQuestion(question, defaultPrincipleId),
  );
  const form = draft.value;
  const principles = activePrinciples(usePrinciples((s) => s.all));
  const create = useApiMutation('questions.create');
  const update = useApiMutation('questions.update');
  const retire = useApiMutation('questions.retire');
  const restore = useApiMutation('questions.restore');
  const findings = useMemo(() => lintQuestion(form.text), [form.text]);
  const hypothetical = findings.some((f) => f.rule === 'hypothetical');

  const { errors, setErrors, formError, saving, save, cancel } = useEditorForm({
    draft,
    validate: (f) => {
      const input = toInput(f);
      const local = fieldErrorsFromSchema(QuestionCreateInput, input);
      const blocking = findings.find((finding) => finding.severity === 'error');
      if (blocking) local.text ??= blocking.message;
      if (hypothetical && !input.hypotheticalReason.trim()) {
        local.hypotheticalReason = 'Rewrite the question about past behaviour, or record why you keep it as a hypothetical.';
      }
      return local;
    },
    submit: (f) => {
      const input = toInput(f);
      return question ? update({ id: question.id, revision: question.revision, ...input }) : create(input);
    },
    onSaved: () => onDone(),
    onCancel: onDone,
    readOnly: Boolean(readOnly),
  });

  const set = <K extends keyof Form>(key: K, value: Form[K]) => {
    draft.update((f) => ({ ...f, [key]: value }));
    setErrors((e) => (e[key] ? { ...e, [key]: '' } : e));
  };

  return (
    <form
      className="editor"
      onSubmit={save}
      aria-label={readOnly ? 'Question' : question ? 'Edit question' : 'New question'}
    >
      <h2>{readOnly ? 'Question' : question ? 'Edit question' : 'New question'}</h2>
      {readOnly && <p className="field-hint access-hint">{readOnly}</p>}
      {draft.restored && <p className="notice-inline">Restored your unsaved changes.</p>}
      <fieldset className="bare" disabled={Boolean(readOnly)}>
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
      </fieldset>
      <FormFooter
        submitLabel={question ? 'Save changes' : 'Add question'}
        saving={saving}
        formError={formError}
        onCancel={cancel}
        shortcutHint={false}
        readOnly={Boolean(readOnly)}
      >
        {question && (
          <button
            type="button"
            className="quiet"
            onClick={() => {
              draft.clear();
              const retiring = question.status === 'active';
              void (retiring ? retire : restore)({ id: question.id }).then((r) => {
                const notify = useApp.getState().notify;
                if (r.ok) notify('info', retiring ? 'Question retired' : 'Question restored');
                else notify('error', r.error.message);
                onDone();
              });
            }}
          >
            {question.status === 'active' ? 'Retire question' : 'Restore question'}
          </button>
        )}
      </FormFooter>
    </form>
  );
}
