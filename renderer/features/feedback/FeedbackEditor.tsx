import { useEffect, useEffectEvent, useMemo, useState } from 'react';
import type { MyFeedback } from '../../../core/api/contract/feedback';
import { RAISE_BAR_ANSWERS, RAISE_BAR_LABELS, VOTES, VOTE_LABELS } from '../../../core/rules/feedbackTypes';
import { firstUnder, type FieldErrors } from '../../api/fieldErrors';
import { Field } from '../../components/Field';
import { RadioGroup } from '../../components/RadioGroup';
import { ME_KEY } from '../../components/draftBuffer';
import { useDraft } from '../../components/useDraft';
import { useEditorForm, type AutosaveState } from '../../components/useEditorForm';
import { useApiMutation } from '../../data/useApi';
import { useApp } from '../../stores/app';
import { FeedbackKit } from './FeedbackKit';
import { PrincipleFields } from './PrincipleFields';
import {
  attentionCount,
  blankRating,
  contentOf,
  feedbackFormErrors,
  formFrom,
  isAuthorConflict,
  amendInput,
  writeInput,
  type FeedbackFormState,
  type RatingForm,
} from './feedbackFormState';

export const RAISE_BAR_QUESTION = 'Would this person raise the bar — better than half of the people in this role today?';

const clockFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
const formatClock = (iso: string) => clockFormat.format(new Date(iso));

type Edit = (fn: (f: FeedbackFormState) => FeedbackFormState, clearPath?: string) => void;

/** Writing feedback (autosaved to the server as a draft) or amending it (kept on this device until submitted). */
export function FeedbackEditor({
  mine,
  mode,
  draftKey,
  onDone,
  onCancel,
}: {
  mine: MyFeedback;
  mode: 'write' | 'amend';
  draftKey: string;
  onDone(): void;
  onCancel?(): void;
}) {
  const { notify } = useApp();
  const saveDraft = useApiMutation('feedback.saveDraft');
  const submitFeedback = useApiMutation('feedback.submit');
  const amend = useApiMutation('feedback.amend');
  // Buffered under the author and only while they are "me"; the server's draft is the real one.
  const draft = useDraft<FeedbackFormState>(draftKey, () => formFrom(mine, mine.current), { owner: mine.authorId });
  const snapshot = (f: FeedbackFormState) => JSON.stringify(contentOf(f, mine));
  const saved = useMemo(() => JSON.stringify(contentOf(formFrom(mine, mine.current), mine)), [mine]);
  const { errors, formError, saving, save, cancel, change, formRef, autosave } = useEditorForm({
    draft,
    validate: (f) => feedbackFormErrors(f, mine, mode),
    submit: (f) => (mode === 'amend' ? amend(amendInput(f, mine)) : submitFeedback(writeInput(f, mine))),
    onSaved: (record) => {
      notify('info', mode === 'amend' ? `Amendment saved as version ${record.version}` : 'Feedback submitted');
      onDone();
    },
    onCancel,
    invalidMessage: attentionCount,
    cancelOnEscape: false,
    submitShortcut: 'mod+enter',
    // Amendments have no server draft: they stay on this device until submitted.
    autosave:
      mode === 'write'
        ? {
            save: (f) => saveDraft(writeInput(f, mine)),
            snapshot,
            saved,
            savedAt: mine.current?.updatedAt ?? null,
            isConflict: isAuthorConflict,
          }
        : undefined,
  });
  const form = draft.value;
  const edit: Edit = (fn, clearPath) => change((f) => ({ ...fn(f), editedAt: new Date().toISOString() }), clearPath);
  const setRating = (principleId: string, patch: Partial<RatingForm>, clearPath: string) =>
    edit((f) => ({ ...f, ratings: { ...f.ratings, [principleId]: { ...(f.ratings[principleId] ?? blankRating()), ...patch } } }), clearPath);

  // "Me" switched back to the author (here, or in another tab: this tab's settings follow the server's
  // events, and another tab's note in storage may come first) lets the refused draft save without
  // another keystroke. Both signals, because a tab that already noted "me" hears no storage event.
  const retryAfterSwitchBack = useEffectEvent(() => autosave.retry());
  const me = useApp((s) => s.settings?.me ?? null);
  useEffect(() => {
    if (me === mine.authorId) retryAfterSwitchBack();
  }, [me, mine.authorId]);
  useEffect(() => {
    const onStorage = (e: StorageEvent) => {
      if (e.key === ME_KEY && e.newValue === mine.authorId) retryAfterSwitchBack();
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, [mine.authorId]);

  const [newQuestion, setNewQuestion] = useState('');
  function addQuestion() {
    const text = newQuestion.trim();
    if (!text) return;
    edit((f) => ({ ...f, added: [...f.added, text] }), 'questionsAsked');
    setNewQuestion('');
  }

  const failed = autosave.state.state === 'error' || autosave.state.state === 'conflict';
  return (
    <div className="fb-layout">
      <FeedbackKit mine={mine} />
      <form
        ref={formRef}
        className="fb-form"
        aria-label={mode === 'amend' ? 'Amend my feedback' : 'My feedback'}
        onSubmit={(e) => void save(e)}
        onKeyDown={(e) => {
          // Enter in a one-line box must not submit the feedback; in "Add a question you asked" it adds the question.
          const target = e.target as HTMLElement;
          if (e.key !== 'Enter' || e.ctrlKey || e.metaKey || !(target instanceof HTMLInputElement) || target.type !== 'text') return;
          e.preventDefault();
          if (target.closest('.fb-add-question')) addQuestion();
        }}
      >
        <p role="status" className={`save-status${failed ? ' save-error' : ''}`}>
          {mode === 'amend' ? 'Your amendment is kept on this device until you submit it.' : saveText(autosave.state, autosave.pending)}
        </p>
        {draft.restored && mode === 'write' && autosave.pending && <p className="notice-inline">Restored your unsaved feedback from this device.</p>}
        {mode === 'amend' && (
          <div className="fb-amend-reason">
            <p className="notice-inline">You are amending submitted feedback. The original stays visible to everyone who can read it; say why it changes.</p>
            <Field
              label="Reason for the amendment"
              value={form.reason ?? ''}
              onChange={(v) => edit((f) => ({ ...f, reason: v }), 'reason')}
              error={errors.reason}
              multiline
              rows={2}
            />
          </div>
        )}

        {mine.principles.map((p) => (
          <PrincipleFields
            key={p.principleId}
            principle={p}
            value={form.ratings[p.principleId] ?? blankRating()}
            errors={errors}
            onChange={(patch, clearPath) => setRating(p.principleId, patch, clearPath)}
          />
        ))}

        <QuestionsAsked mine={mine} form={form} errors={errors} edit={edit} newQuestion={newQuestion} setNewQuestion={setNewQuestion} addQuestion={addQuestion} />
        <Overall form={form} errors={errors} edit={edit} />

        {formError && (
          <p role="alert" className="form-error">
            {formError}
          </p>
        )}
        <div className="actions fb-submit">
          <button type="submit" className="primary" disabled={saving}>
            {mode === 'amend' ? 'Submit amendment' : 'Submit feedback'}
          </button>
          {onCancel && (
            <button type="button" onClick={cancel}>
              Discard amendment
            </button>
          )}
          <span className="shortcut-hint">Ctrl+Enter submits. Once submitted, changes are amendments with a reason.</span>
        </div>
      </form>
    </div>
  );
}

function saveText(save: AutosaveState, pending: boolean): string {
  switch (save.state) {
    case 'saving':
      return 'Saving…';
    case 'saved':
      return `Draft saved at ${formatClock(save.at)}`;
    case 'conflict':
      return `Not saved: ${save.message} What you typed stays in this tab until then.`;
    case 'error':
      return `Not saved to Principled: ${save.message} Your text is kept on this device.`;
    case 'idle':
      return pending ? 'Changes not saved yet…' : 'Nothing written yet.';
  }
}

interface SectionProps {
  form: FeedbackFormState;
  errors: FieldErrors;
  edit: Edit;
}

function QuestionsAsked({
  mine,
  form,
  errors,
  edit,
  newQuestion,
  setNewQuestion,
  addQuestion,
}: SectionProps & { mine: MyFeedback; newQuestion: string; setNewQuestion(v: string): void; addQuestion(): void }) {
  return (
    <fieldset className="fb-questions">
      <legend>Questions you asked</legend>
      {mine.kitQuestions.length === 0 && <p className="muted">The kit has no questions; add the ones you asked.</p>}
      {mine.kitQuestions.map((q) => (
        <label key={q.questionId} className="check">
          <input
            type="checkbox"
            checked={form.askedIds.includes(q.questionId)}
            onChange={(e) =>
              edit((f) => ({
                ...f,
                askedIds: e.target.checked ? [...f.askedIds, q.questionId] : f.askedIds.filter((id) => id !== q.questionId),
              }))
            }
          />
          {q.text}
        </label>
      ))}
      {form.added.length > 0 && (
        <ul className="fb-added" aria-label="Questions you added">
          {form.added.map((text, i) => (
            <li key={`${i}-${text}`}>
              <span>{text}</span>
              <button
                type="button"
                className="quiet"
                aria-label={`Remove question: ${text}`}
                onClick={() => edit((f) => ({ ...f, added: f.added.filter((_, j) => j !== i) }), 'questionsAsked')}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="fb-add-question">
        <Field label="Add a question you asked" value={newQuestion} onChange={setNewQuestion} error={firstUnder(errors, 'questionsAsked')} />
        <button type="button" onClick={addQuestion} disabled={!newQuestion.trim()}>
          Add question
        </button>
      </div>
    </fieldset>
  );
}

function Overall({ form, errors, edit }: SectionProps) {
  return (
    <fieldset className="fb-overall">
      <legend>Overall</legend>
      <RadioGroup
        label="Overall vote"
        options={VOTES.map((v) => ({ value: v, label: VOTE_LABELS[v] }))}
        value={form.vote}
        onChange={(v) => edit((f) => ({ ...f, vote: v }), 'vote')}
        error={errors.vote}
        className="vote-group"
      />
      <RadioGroup
        label={RAISE_BAR_QUESTION}
        options={RAISE_BAR_ANSWERS.map((a) => ({ value: a, label: RAISE_BAR_LABELS[a] }))}
        value={form.raiseBar}
        onChange={(v) => edit((f) => ({ ...f, raiseBar: v }), 'raiseBar')}
        error={errors.raiseBar}
      />
      <Field
        label="Top reason to hire"
        value={form.reasonToHire}
        onChange={(v) => edit((f) => ({ ...f, reasonToHire: v }), 'reasonToHire')}
        error={errors.reasonToHire}
        multiline
        rows={2}
      />
      <Field
        label="Top reason not to hire"
        value={form.reasonNotToHire}
        onChange={(v) => edit((f) => ({ ...f, reasonNotToHire: v }), 'reasonNotToHire')}
        error={errors.reasonNotToHire}
        multiline
        rows={2}
      />
    </fieldset>
  );
}
