import { LIMITS } from '../../../core/api/contract/limits';
import {
  PrincipleCreateInput,
  RATING_LABELS,
  RATING_LEVELS,
  type Anchors,
  type Principle,
} from '../../../core/api/contract/principles';
import { fieldErrorsFromSchema } from '../../api/fieldErrors';
import { Field } from '../../components/Field';
import { FormFooter } from '../../components/FormFooter';
import { useDraft } from '../../components/useDraft';
import { useEditorForm } from '../../components/useEditorForm';
import { usePrinciples } from '../../stores/principles';

interface Form {
  name: string;
  summary: string;
  description: string;
  anchors: Anchors;
}

const fromPrinciple = (p: Principle | null): Form =>
  p
    ? { name: p.name, summary: p.summary, description: p.description, anchors: [...p.anchors] as Anchors }
    : { name: '', summary: '', description: '', anchors: ['', '', '', ''] };

interface Props {
  principle: Principle | null;
  onDone(saved: Principle | null): void;
}

export function PrincipleEditor({ principle, onDone }: Props) {
  const draft = useDraft<Form>(`principle.${principle?.id ?? 'new'}.${principle?.revision ?? 0}`, () => fromPrinciple(principle));
  const form = draft.value;
  const { create, update } = usePrinciples();
  const { errors, setErrors, formError, saving, save, cancel } = useEditorForm({
    draft,
    validate: (f) => fieldErrorsFromSchema(PrincipleCreateInput, f),
    submit: (f) => (principle ? update({ id: principle.id, revision: principle.revision, ...f }) : create(f)),
    onSaved: onDone,
    onCancel: () => onDone(null),
  });

  const set = <K extends keyof Form>(key: K, value: Form[K]) => {
    draft.update((f) => ({ ...f, [key]: value }));
    if (errors[key]) setErrors((e) => ({ ...e, [key]: '' }));
  };

  return (
    <form className="editor" onSubmit={save} aria-label={principle ? `Edit ${principle.name}` : 'New principle'}>
      <h2>{principle ? `Edit “${principle.name}”` : 'New principle'}</h2>
      {draft.restored && <p className="notice-inline">Restored your unsaved changes.</p>}
      {principle?.isDraft && (
        <p className="notice-inline">This principle came from the starter set. Rewrite it in your own words; saving marks it as yours.</p>
      )}
      <Field label="Name" value={form.name} onChange={(v) => set('name', v)} error={errors.name} max={LIMITS.principleName} autoFocus />
      <Field
        label="Summary"
        value={form.summary}
        onChange={(v) => set('summary', v)}
        error={errors.summary}
        max={LIMITS.principleSummary}
        hint="One line that an interviewer can hold in mind."
      />
      <Field
        label="Description"
        value={form.description}
        onChange={(v) => set('description', v)}
        error={errors.description}
        multiline
        rows={4}
      />
      <fieldset className="anchors">
        <legend>Rating anchors (optional)</legend>
        <p className="field-hint">What each rating looks like for this principle. Interviewers see these while they rate.</p>
        {RATING_LEVELS.map((level, index) => (
          <Field
            key={level}
            label={`Level ${level} — ${RATING_LABELS[level]}`}
            value={form.anchors[index] ?? ''}
            onChange={(v) => {
              const anchors = [...form.anchors] as Anchors;
              anchors[index] = v;
              set('anchors', anchors);
            }}
            error={errors[`anchors.${index}`]}
            multiline
            rows={2}
          />
        ))}
      </fieldset>
      <FormFooter submitLabel={principle ? 'Save changes' : 'Add principle'} saving={saving} formError={formError} onCancel={cancel} />
    </form>
  );
}
