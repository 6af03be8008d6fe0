import { CheckinRecordInput, type HireCheckins } from '../../../core/api/contract/checkins';
import { RATING_LABELS, RATING_LEVELS } from '../../../core/api/contract/principles';
import { CHECKIN_LABELS, type CheckinKind } from '../../../core/rules/hireCheckins';
import { fieldErrorsFromSchema } from '../../api/fieldErrors';
import { Field } from '../../components/Field';
import { FormFooter } from '../../components/FormFooter';
import { RadioGroup } from '../../components/RadioGroup';
import { useDraft } from '../../components/useDraft';
import { useEditorForm } from '../../components/useEditorForm';
import { useApiMutation } from '../../data/useApi';
import { useApp } from '../../stores/app';
import { CandidateName } from '../../components/candidateName';

type Rating = 1 | 2 | 3 | 4 | 0;
interface CheckinFormValue {
  ratings: Record<string, Rating | null>;
  note: string;
}

/** 0 is "not observed yet": the API's null, kept apart from "not chosen" (null here) so the form can insist on a choice. */
const NOT_OBSERVED = 0;

const toInput = (hire: HireCheckins, kind: CheckinKind, f: CheckinFormValue) => ({
  loopId: hire.loopId,
  kind,
  ratings: hire.principles.map((p) => {
    const r = f.ratings[p.principleId];
    return { principleId: p.principleId, rating: r === NOT_OBSERVED || r === null || r === undefined ? null : r };
  }),
  note: f.note,
});

/** The manager rates the hire on the principles the loop assessed, on the same anchors feedback used. */
export function CheckinForm({ hire, kind }: { hire: HireCheckins; kind: CheckinKind }) {
  const record = useApiMutation('checkins.record');
  const me = useApp((s) => s.settings?.me ?? null);
  const draft = useDraft<CheckinFormValue>(`checkin/${hire.loopId}/${kind}`, () => ({ ratings: {}, note: '' }), { owner: me });
  const { errors, formError, saving, save, change, cancel, formRef } = useEditorForm({
    draft,
    validate: (f) => {
      const errors = fieldErrorsFromSchema(CheckinRecordInput, toInput(hire, kind, f));
      for (const p of hire.principles) if (f.ratings[p.principleId] == null) errors[`ratings.${p.principleId}`] = `Choose a rating for ${p.name}, or "not observed yet"`;
      if (!errors[`ratings.${hire.principles[0]?.principleId}`] && hire.principles.every((p) => f.ratings[p.principleId] === NOT_OBSERVED))
        errors.ratings = 'Rate at least one principle';
      return errors;
    },
    submit: (f) => record(toInput(hire, kind, f)),
    onSaved: () => useApp.getState().notify('info', `${CHECKIN_LABELS[kind]} recorded`),
    cancelOnEscape: false,
  });
  const value = draft.value;
  return (
    <form ref={formRef} onSubmit={(e) => void save(e)} noValidate className="card checkin-form" aria-labelledby="checkin-form-title">
      <h2 id="checkin-form-title">Record the {CHECKIN_LABELS[kind].toLowerCase()}</h2>
      <p className="field-hint">How has <CandidateName name={hire.candidateName} /> shown each principle since joining? The anchors are the ones the interviews used.</p>
      {errors.ratings && (
        <p className="field-error" role="alert">
          {errors.ratings}
        </p>
      )}
      {hire.principles.map((p) => (
        <RadioGroup<Rating>
          key={p.principleId}
          label={`${p.name} since joining`}
          className="rating-scale"
          value={value.ratings[p.principleId] ?? null}
          error={errors[`ratings.${p.principleId}`]}
          onChange={(r) => change((f) => ({ ...f, ratings: { ...f.ratings, [p.principleId]: r } }), `ratings.${p.principleId}`)}
          options={[
            ...RATING_LEVELS.map((level) => ({ value: level as Rating, label: `${level} — ${RATING_LABELS[level]}`, description: p.anchors[level - 1] || undefined })),
            { value: NOT_OBSERVED as Rating, label: 'Not observed yet' },
          ]}
        />
      ))}
      <Field label="Note" multiline value={value.note} error={errors.note} onChange={(note) => change((f) => ({ ...f, note }), 'note')} />
      <FormFooter submitLabel={`Record the ${CHECKIN_LABELS[kind].toLowerCase()}`} saving={saving} formError={formError} onCancel={cancel} />
    </form>
  );
}
