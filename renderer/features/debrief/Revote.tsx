import { RevoteInput, type Debrief } from '../../../core/api/contract/feedback';
import { VOTES, VOTE_LABELS, type Vote } from '../../../core/rules/feedbackTypes';
import { fieldErrorsFromSchema } from '../../api/fieldErrors';
import { Field } from '../../components/Field';
import { FormError } from '../../components/FormFooter';
import { RadioGroup } from '../../components/RadioGroup';
import { formatTime } from '../../components/format';
import { useDraft } from '../../components/useDraft';
import { useEditorForm } from '../../components/useEditorForm';
import { useApiMutation } from '../../data/useApi';
import { useApp } from '../../stores/app';
import { VoteBadge } from './DebriefTables';

// Step 2 of the debrief: after the silent reading, each interviewer may change their vote, with a note.

/** What the bar raiser, who leads the debrief, does at this step; everyone else reads what happens here. */
export function RevoteGuide({ isBarRaiser }: { isBarRaiser: boolean }) {
  return (
    <p className="step-guide">
      {isBarRaiser
        ? 'You lead this step: ask each interviewer, in turn, whether the evidence they have just read changes their vote. Whoever changes it records the new vote below with a note; the original vote stays beside it.'
        : 'The bar raiser asks each interviewer whether the evidence changes their vote. A changed vote is recorded here with a note, beside the original.'}
    </p>
  );
}

export function Revotes({ debrief, nameOf }: { debrief: Debrief; nameOf(id: string): string }) {
  return (
    <>
      <table className="grid votes" aria-label="Original and current votes">
        <thead>
          <tr>
            <th scope="col">Interviewer</th>
            <th scope="col">Original vote</th>
            <th scope="col">Current vote</th>
          </tr>
        </thead>
        <tbody>
          {debrief.interviewers.map((i) => (
            <tr key={i.memberId}>
              <th scope="row">{i.name}</th>
              <td>
                <VoteBadge vote={i.vote} />
              </td>
              <td>
                <VoteBadge vote={i.currentVote} />
                {i.vote !== i.currentVote && <span className="badge badge-info changed">Changed</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {debrief.revotes.length > 0 ? (
        <ul className="revote-list" aria-label="Changed votes">
          {debrief.revotes.map((r) => (
            <li key={r.id}>
              <strong>{nameOf(r.authorId)}</strong> changed {VOTE_LABELS[r.fromVote]} → {VOTE_LABELS[r.toVote]}: “{r.note}”{' '}
              <span className="muted">{formatTime(r.at)}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No vote has changed. Change yours when the evidence you read says so.</p>
      )}
    </>
  );
}

interface RevoteDraft {
  vote: Vote | null;
  note: string;
}

export function RevoteForm({ loopId, current }: { loopId: string; current: Vote | null }) {
  const revote = useApiMutation('debrief.revote');
  const { notify } = useApp();
  const me = useApp((s) => s.settings?.me ?? null);
  const draft = useDraft<RevoteDraft>(`debrief.${loopId}.revote`, () => ({ vote: null, note: '' }), { owner: me });
  const { errors, formError, saving, save, change, formRef } = useEditorForm({
    draft,
    validate: (f) => {
      const errors = fieldErrorsFromSchema(RevoteInput, { loopId, ...f });
      if (f.vote !== null && f.vote === current) errors.vote ??= 'That is already your vote.';
      return errors;
    },
    // The same schema has just passed in validate: parsing cannot fail, and gives the API's own input.
    submit: (f) => revote(RevoteInput.parse({ loopId, ...f })),
    onSaved: () => notify('info', 'Re-vote recorded'),
    cancelOnEscape: false,
    shortcutScope: 'form',
  });
  return (
    <form ref={formRef} className="revote-form" aria-labelledby="revote-title" onSubmit={(e) => void save(e)}>
      <h3 id="revote-title">Change my vote</h3>
      <RadioGroup
        label="New vote"
        options={VOTES.map((v) => ({ value: v, label: VOTE_LABELS[v] }))}
        value={draft.value.vote}
        onChange={(v) => change((f) => ({ ...f, vote: v }), 'vote')}
        error={errors.vote}
        className="vote-group"
      />
      <Field
        label="Note"
        value={draft.value.note}
        onChange={(v) => change((f) => ({ ...f, note: v }), 'note')}
        error={errors.note}
        hint="What in the evidence changed your mind? It is shown beside your original vote."
      />
      <FormError message={formError} />
      <div className="actions">
        <button type="submit" disabled={saving}>
          Record re-vote
        </button>
      </div>
    </form>
  );
}
