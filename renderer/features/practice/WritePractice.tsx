import { useState } from 'react';
import { LIMITS } from '../../../core/api/contract/limits';
import { PracticeWriteInput } from '../../../core/api/contract/practice';
import { VOTE_LABELS, VOTES, type Rating, type Vote } from '../../../core/rules/feedbackTypes';
import { fieldErrorsFromApi, fieldErrorsFromSchema, withoutErrors, type FieldErrors } from '../../api/fieldErrors';
import { Control } from '../../components/Control';
import { Field } from '../../components/Field';
import { FormError } from '../../components/FormFooter';
import { RadioGroup } from '../../components/RadioGroup';
import { useApiMutation, useApiQuery } from '../../data/useApi';
import { useApp } from '../../stores/app';
import { EVIDENCE_LABELS, RATINGS } from './practiceLabels';

const MAX_PRINCIPLES = 8;

interface PrincipleForm {
  principleId: string;
  rating: Rating | null;
  evidence: Record<(typeof EVIDENCE_LABELS)[number][0], string>;
}

const emptyPrinciple = (principleId: string): PrincipleForm => ({ principleId, rating: null, evidence: { situation: '', task: '', action: '', result: '' } });

/**
 * A practice write-up written by hand (bar raisers, founders, admins): evidence per principle with the
 * writer's own rating, and a vote, which become the answers a trainee compares with after rating blind.
 */
export function WritePractice({ onDone }: { onDone(): void }) {
  const principles = useApiQuery('principles.list', { includeArchived: false }).data ?? [];
  const write = useApiMutation('practice.write');
  const notify = useApp((s) => s.notify);
  const [title, setTitle] = useState('');
  const [rows, setRows] = useState<PrincipleForm[]>([]);
  const [vote, setVote] = useState<Vote | null>(null);
  const [reasonToHire, setReasonToHire] = useState('');
  const [reasonNotToHire, setReasonNotToHire] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  // Until the principles arrive, the first row waits for them rather than holding an empty id.
  const shown = rows.length === 0 && principles[0] ? [emptyPrinciple(principles[0].id)] : rows;
  const unused = principles.find((p) => !shown.some((r) => r.principleId === p.id));

  const update = (i: number, change: (r: PrincipleForm) => PrincipleForm) => setRows(shown.map((r, k) => (k === i ? change(r) : r)));

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const missing: FieldErrors = {};
    shown.forEach((r, i) => {
      if (r.rating === null) missing[`principles.${i}.rating`] = 'Give your own rating: it is the answer trainees compare with.';
    });
    if (vote === null) missing.vote = 'Choose your overall vote.';
    const input = { title, principles: shown.map((r) => ({ principleId: r.principleId, rating: r.rating ?? 1, evidence: r.evidence })), vote: vote ?? 'inclined', reasonToHire, reasonNotToHire };
    const found = { ...fieldErrorsFromSchema(PracticeWriteInput, input), ...missing };
    if (shown.length === 0) found.principles = 'Add a principle first.';
    if (Object.keys(found).length) return setErrors(found);
    setSaving(true);
    setFormError(null);
    const r = await write(input);
    setSaving(false);
    if (!r.ok) {
      const byField = fieldErrorsFromApi(r.error);
      setErrors(byField);
      // A refusal naming a field shows there; anything else above the buttons.
      return setFormError(Object.keys(byField).length ? null : r.error.message);
    }
    notify('info', `Added “${r.value.title}” to the practice library`);
    onDone();
  }

  return (
    <form className="practice-write" aria-label="Write a practice item" onSubmit={(e) => void submit(e)} noValidate>
      <h2>Write a practice item</h2>
      <p className="muted">Write the evidence as an interviewer would, with no real candidate’s name in it. Your ratings and vote are the answers.</p>
      <Field label="Title" value={title} onChange={setTitle} error={errors.title} max={LIMITS.shortText} hint="What trainees see in the library, e.g. the kind of role." />
      {shown.map((row, i) => {
        const name = principles.find((p) => p.id === row.principleId)?.name ?? 'Principle';
        return (
          <fieldset key={i} className="practice-write-principle">
            <legend>Principle {i + 1}</legend>
            <Control label="Principle" error={errors[`principles.${i}.principleId`]}>
              {(p) => (
                <select {...p} value={row.principleId} onChange={(e) => update(i, (r) => ({ ...r, principleId: e.target.value }))}>
                  {principles
                    .filter((x) => x.id === row.principleId || !shown.some((r) => r.principleId === x.id))
                    .map((x) => (
                      <option key={x.id} value={x.id}>
                        {x.name}
                      </option>
                    ))}
                </select>
              )}
            </Control>
            {EVIDENCE_LABELS.map(([key, label]) => (
              <Field
                key={key}
                label={`${label} (${name})`}
                value={row.evidence[key]}
                onChange={(v) => {
                  update(i, (r) => ({ ...r, evidence: { ...r.evidence, [key]: v } }));
                  setErrors((x) => withoutErrors(x, `principles.${i}.evidence`));
                }}
                error={key === 'situation' ? errors[`principles.${i}.evidence`] : errors[`principles.${i}.evidence.${key}`]}
                multiline
                rows={2}
              />
            ))}
            <RadioGroup
              label={`Your rating for ${name}`}
              options={RATINGS}
              value={row.rating}
              onChange={(rating) => update(i, (r) => ({ ...r, rating }))}
              error={errors[`principles.${i}.rating`]}
            />
            {shown.length > 1 && (
              <button type="button" className="quiet" onClick={() => setRows(shown.filter((_, k) => k !== i))}>
                Remove {name}
              </button>
            )}
          </fieldset>
        );
      })}
      {errors.principles && <p className="field-error">{errors.principles}</p>}
      {unused && shown.length < MAX_PRINCIPLES && (
        <button type="button" onClick={() => setRows([...shown, emptyPrinciple(unused.id)])}>
          Add another principle
        </button>
      )}
      <RadioGroup<Vote> label="Your overall vote" options={VOTES.map((v) => ({ value: v, label: VOTE_LABELS[v] }))} value={vote} onChange={setVote} error={errors.vote} />
      <Field label="Top reason to hire" value={reasonToHire} onChange={setReasonToHire} error={errors.reasonToHire} max={LIMITS.reason} multiline rows={2} />
      <Field label="Top reason not to hire" value={reasonNotToHire} onChange={setReasonNotToHire} error={errors.reasonNotToHire} max={LIMITS.reason} multiline rows={2} />
      <FormError message={formError} />
      <div className="actions">
        <button type="submit" className="primary" disabled={saving || shown.length === 0}>
          Add to the practice library
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
