import { Link } from '../../routing/Link';
import { to } from '../../routing/routes';
import { useEffect, useEffectEvent, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ApiError } from '../../../core/api/contract/result';
import type { AssignedPrinciple, FeedbackRecord, MyFeedback } from '../../../core/api/contract/feedback';
import { RATING_LABELS, RATING_LEVELS } from '../../../core/api/contract/principles';
import { EVIDENCE_FIELDS, evidenceWordCount, lintEvidence, type EvidenceField, type EvidenceFinding } from '../../../core/rules/evidenceLinter';
import { feedbackIssues } from '../../../core/rules/feedbackCompleteness';
import type { LoopStatus } from '../../../core/api/contract/loops';
import { feedbackSettled, feedbackState } from '../../../core/rules/feedbackDue';
import {
  RAISE_BAR_ANSWERS,
  RAISE_BAR_LABELS,
  VOTES,
  VOTE_LABELS,
  type Evidence,
  type FeedbackContent,
  type RaiseBar,
  type Rating,
  type Vote,
} from '../../../core/rules/feedbackTypes';
import { firstUnder, withoutErrors, type FieldErrors } from '../../api/fieldErrors';
import { Field } from '../../components/Field';
import { afterErrorsRender, focusFirstError } from '../../components/focusFirstError';
import { formatTime } from '../../components/format';
import { useDebounced } from '../../components/useDebounced';
import { ME_KEY } from '../../components/draftBuffer';
import { useDraft } from '../../components/useDraft';
import { useShortcut } from '../../components/useShortcut';
import { Loading } from '../../data/QueryState';
import { useApiMutation } from '../../data/useApi';
import { useApp } from '../../stores/app';
import { RadioGroup } from '../../components/RadioGroup';
import { EVIDENCE_LABELS, EvidenceText, ratingText } from '../../components/feedbackText';
import { draftRefOf, useMyFeedback } from './myFeedback';

// ---------------------------------------------------------------------------
// Shared pieces: the debrief and the loop's feedback panel use them too.
// ---------------------------------------------------------------------------

export const RAISE_BAR_QUESTION = 'Would this person raise the bar — better than half of the people in this role today?';
const EVIDENCE_PROMPTS: Record<EvidenceField, string> = {
  situation: 'Where and when? What was going on?',
  task: 'What did they have to achieve, and why did it matter?',
  action: 'What did they do themselves? Listen for “I”, not “we”.',
  result: 'What happened in the end? Numbers, outcomes, what they learned.',
};

const clockFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
export const formatClock = (iso: string) => clockFormat.format(new Date(iso));

/** The current time, refreshed every `everyMs`, for due and overdue states. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

export function versionLabel(record: Pick<FeedbackRecord, 'version' | 'amendmentReason'>): string {
  return record.version === 1 ? 'Version 1 (original)' : `Version ${record.version} — amended: ${record.amendmentReason ?? ''}`;
}

/** One submitted feedback, read-only: vote, the bar, reasons, then the evidence per principle. */
export function FeedbackReadout({
  record,
  principleName,
  title,
  headingLevel = 3,
}: {
  record: FeedbackRecord;
  principleName(id: string): string;
  title: ReactNode;
  headingLevel?: 2 | 3 | 4;
}) {
  const H = `h${headingLevel}` as 'h2' | 'h3' | 'h4';
  const Sub = `h${Math.min(headingLevel + 1, 5)}` as 'h3' | 'h4' | 'h5';
  return (
    <article className="fb-readout">
      <H>{title}</H>
      <p className="muted">
        {versionLabel(record)}
        {record.submittedAt ? ` · submitted ${formatTime(record.submittedAt)}` : ' · draft'}
        {record.sawOthersBeforeSubmitting ? ' · written after reading others’ feedback' : ''}
      </p>
      <dl className="fb-summary-list">
        <div>
          <dt>Overall vote</dt>
          <dd className={record.vote ? `vote vote-${record.vote}` : undefined}>{record.vote ? VOTE_LABELS[record.vote] : 'No vote'}</dd>
        </div>
        <div>
          <dt>Raises the bar?</dt>
          <dd>{record.raiseBar ? RAISE_BAR_LABELS[record.raiseBar] : 'Not answered'}</dd>
        </div>
        <div>
          <dt>Top reason to hire</dt>
          <dd>{record.reasonToHire || '—'}</dd>
        </div>
        <div>
          <dt>Top reason not to hire</dt>
          <dd>{record.reasonNotToHire || '—'}</dd>
        </div>
      </dl>
      {record.ratings.map((r) => (
        <section key={r.principleId} className="fb-readout-principle" aria-label={`${principleName(r.principleId)}: evidence`}>
          <Sub>
            {principleName(r.principleId)}:{' '}
            <span className={`rating-chip rating-chip-${r.notAssessed ? 'na' : (r.rating ?? 'none')}`}>{ratingText(r.rating, r.notAssessed)}</span>
          </Sub>
          {r.notAssessed && <p>Not assessed: {r.notAssessedReason}</p>}
          <EvidenceText evidence={r.evidence} />
        </section>
      ))}
      {record.questionsAsked.length > 0 && (
        <>
          <Sub>Questions asked</Sub>
          <ul className="fb-asked">
            {record.questionsAsked.map((q, i) => (
              <li key={i}>{q.text}</li>
            ))}
          </ul>
        </>
      )}
    </article>
  );
}

// ---------------------------------------------------------------------------
// The form's own state, and its mapping to and from the API's content.
// ---------------------------------------------------------------------------

interface RatingForm {
  rating: Rating | null;
  notAssessed: boolean;
  notAssessedReason: string;
  evidence: Evidence;
}

interface FormState {
  ratings: Record<string, RatingForm>;
  /** Kit questions ticked as asked. */
  askedIds: string[];
  /** Questions asked that were not in the kit. */
  added: string[];
  vote: Vote | null;
  raiseBar: RaiseBar | null;
  reasonToHire: string;
  reasonNotToHire: string;
  /** When this device last changed the form: the local copy wins over an older server draft. */
  editedAt: string;
}

type Content = FeedbackContent & { questionsAsked: { questionId: string | null; text: string }[] };

const blankRating = (): RatingForm => ({
  rating: null,
  notAssessed: false,
  notAssessedReason: '',
  evidence: { situation: '', task: '', action: '', result: '' },
});

function formFrom(mine: MyFeedback, record: FeedbackRecord | null): FormState {
  const kitIds = new Set(mine.kitQuestions.map((q) => q.questionId));
  const ratings: Record<string, RatingForm> = {};
  for (const p of mine.principles) {
    const r = record?.ratings.find((x) => x.principleId === p.principleId);
    ratings[p.principleId] = r
      ? { rating: r.rating, notAssessed: r.notAssessed, notAssessedReason: r.notAssessedReason, evidence: { ...r.evidence } }
      : blankRating();
  }
  const asked = record?.questionsAsked ?? [];
  return {
    ratings,
    askedIds: asked.flatMap((q) => (q.questionId && kitIds.has(q.questionId) ? [q.questionId] : [])),
    added: asked.flatMap((q) => (q.questionId && kitIds.has(q.questionId) ? [] : [q.text])),
    vote: record?.vote ?? null,
    raiseBar: record?.raiseBar ?? null,
    reasonToHire: record?.reasonToHire ?? '',
    reasonNotToHire: record?.reasonNotToHire ?? '',
    editedAt: record?.updatedAt ?? '',
  };
}

function contentOf(form: FormState, mine: MyFeedback): Content {
  return {
    ratings: mine.principles.map((p) => ({ principleId: p.principleId, ...(form.ratings[p.principleId] ?? blankRating()) })),
    questionsAsked: [
      ...mine.kitQuestions.filter((q) => form.askedIds.includes(q.questionId)).map((q) => ({ questionId: q.questionId, text: q.text })),
      ...form.added.filter((t) => t.trim() !== '').map((text) => ({ questionId: null, text })),
    ],
    vote: form.vote,
    raiseBar: form.raiseBar,
    reasonToHire: form.reasonToHire,
    reasonNotToHire: form.reasonNotToHire,
  };
}

/** API paths name ratings by position (`ratings.0.evidence.action`); the form names them by principle. */
function errorsFromApi(error: ApiError, content: Content): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues ?? []) {
    const m = /^ratings\.(\d+)(\..*)?$/.exec(issue.path);
    const principleId = m ? content.ratings[Number(m[1])]?.principleId : undefined;
    const path = m && principleId ? `ratings.${principleId}${m[2] ?? ''}` : issue.path;
    out[path] ??= issue.message;
  }
  return out;
}

// ---------------------------------------------------------------------------
// The screen
// ---------------------------------------------------------------------------

export function FeedbackForm({ loopId }: { loopId: string }) {
  const me = useApp((s) => s.settings?.me ?? null);
  const { error, loaded, setAmending } = useMyFeedback(loopId, me);

  const backToLoop = (
    <Link to={to.loop(loopId)} className="link">
      ← Back to the loop
    </Link>
  );

  if (error) {
    return (
      <section className="single" aria-labelledby="fb-title">
        {backToLoop}
        <h1 id="fb-title">Feedback</h1>
        <p role="alert" className="form-error">
          {error.message}
        </p>
        {error.code === 'FORBIDDEN' && !me && (
          <Link to={to.screen('settings')} className="link">
            Open Settings
          </Link>
        )}
      </section>
    );
  }
  if (!loaded) return <Loading />;

  const { mine, status, amending } = loaded;
  const current = mine.current;
  const submitted = current?.status === 'submitted';
  const training = mine.kind === 'training';
  const feedbackOpen = status === 'interviewing' || status === 'debrief';

  return (
    <section className="fb-screen" aria-labelledby="fb-title">
      <header className="fb-head">
        {backToLoop}
        <h1 id="fb-title">
          {training ? 'Training feedback' : 'Feedback'}: {mine.candidateName} — {mine.roleTitle}
        </h1>
        <p className="kit-meta">
          {mine.slotTitle}
          {training ? '' : ` · ${mine.principles.map((p) => p.name).join(', ')}`}
        </p>
        {training && (
          <p className="notice-inline">
            You are shadowing this loop. Your feedback is training feedback: it is kept apart, and it never counts toward the decision.
          </p>
        )}
        <DueLine loopStatus={status} dueAt={mine.dueAt} submittedAt={submitted ? (current?.submittedAt ?? null) : null} />
      </header>

      {submitted && current && !amending && (
        <div className="fb-submitted">
          <FeedbackReadout
            record={current}
            title={training ? 'Your training feedback (submitted)' : 'Your feedback (submitted)'}
            headingLevel={2}
            principleName={(id) => mine.principles.find((p) => p.principleId === id)?.name ?? 'Archived principle'}
          />
          <div className="actions">
            {feedbackOpen ? (
              <button type="button" onClick={() => setAmending(true)}>
                Amend
              </button>
            ) : (
              <p className="muted">The loop is {status ?? 'closed'}; feedback can no longer be amended.</p>
            )}
          </div>
          <History mine={mine} />
        </div>
      )}

      {submitted && current && amending && (
        <FeedbackEditor
          key={`amend-${mine.authorId}-${current.version}`}
          mine={mine}
          mode="amend"
          draftKey={draftRefOf(mine, current.version).key}
          onDone={() => setAmending(false)}
          onCancel={() => setAmending(false)}
        />
      )}

      {!submitted && mine.editable && <FeedbackEditor key={`write-${mine.authorId}`} mine={mine} mode="write" draftKey={draftRefOf(mine).key} onDone={() => undefined} />}

      {!submitted && !mine.editable && (
        <p className="notice-inline" role="status">
          {status === 'draft' || status === 'planned'
            ? `Feedback opens when the loop starts interviewing; this loop is ${status}.`
            : `This loop is ${status ?? 'closed'}; feedback can no longer be written.`}
        </p>
      )}
      {submitted && amending && <History mine={mine} />}
    </section>
  );
}

function DueLine({ loopStatus, dueAt, submittedAt }: { loopStatus: LoopStatus | null; dueAt: string | null; submittedAt: string | null }) {
  const now = useNow();
  const dueHours = useApp((s) => s.settings?.feedbackDueHours ?? 24);
  if (submittedAt) {
    const late = dueAt !== null && submittedAt > dueAt;
    return (
      <p className="due-line">
        Submitted {formatTime(submittedAt)}
        {dueAt ? (late ? ` · after it was due (${formatTime(dueAt)})` : ` · due ${formatTime(dueAt)}`) : ''}
      </p>
    );
  }
  // After the decision nothing is owed; the notice below says why the form is closed.
  if (loopStatus === null || feedbackSettled(loopStatus)) return null;
  if (!dueAt) return <p className="due-line">The interview is not scheduled yet, so there is no due time.</p>;
  const state = feedbackState({ submitted: false, dueAt, now: new Date(now).toISOString(), dueHours, loopStatus });
  if (state === 'overdue') {
    return (
      <p className="due-line overdue">
        <span className="badge badge-overdue">Overdue</span> Was due {formatTime(dueAt)}
      </p>
    );
  }
  return (
    <p className="due-line">
      {state === 'not-due-yet' ? <span className="badge">Not due yet</span> : <span className="badge badge-owed">Owed</span>} Due{' '}
      {formatTime(dueAt)}
    </p>
  );
}

function History({ mine }: { mine: MyFeedback }) {
  if (mine.history.length === 0) return null;
  const name = (id: string) => mine.principles.find((p) => p.principleId === id)?.name ?? 'Archived principle';
  return (
    <section className="fb-history" aria-labelledby="fb-history-title">
      <h2 id="fb-history-title">Earlier versions</h2>
      {mine.history.map((h) => (
        <details key={h.id}>
          <summary>
            {versionLabel(h)}
            {h.submittedAt ? ` — submitted ${formatTime(h.submittedAt)}` : ''}
          </summary>
          <FeedbackReadout record={h} title={versionLabel(h)} headingLevel={3} principleName={name} />
        </details>
      ))}
    </section>
  );
}

type SaveState =
  | { state: 'idle' }
  | { state: 'saving' }
  | { state: 'saved'; at: string }
  | { state: 'error'; message: string }
  /** "Me" is no longer the person this form was opened as: nothing is saved until they are again. */
  | { state: 'conflict'; message: string };

const isAuthorConflict = (error: ApiError) => error.code === 'CONFLICT' && error.issues?.some((i) => i.path === 'authorId') === true;

function FeedbackEditor({
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
  const loopId = mine.loopId;
  const authorId = mine.authorId;
  const saveDraft = useApiMutation('feedback.saveDraft');
  const submitFeedback = useApiMutation('feedback.submit');
  const amend = useApiMutation('feedback.amend');
  // Buffered under the author and only while they are "me"; the server's draft is the real one.
  const draft = useDraft<FormState>(draftKey, () => formFrom(mine, mine.current), { owner: authorId });
  const form = draft.value;
  const content = useMemo(() => contentOf(form, mine), [form, mine]);
  const contentJson = JSON.stringify(content);
  // What the server holds; autosave runs while the form differs from it.
  const [savedJson, setSavedJson] = useState(() => JSON.stringify(contentOf(formFrom(mine, mine.current), mine)));
  const [save, setSave] = useState<SaveState>(() =>
    mode === 'write' && mine.current ? { state: 'saved', at: mine.current.updatedAt } : { state: 'idle' },
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const [summary, setSummary] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [newQuestion, setNewQuestion] = useState('');
  // Set while submitting, so a late autosave does not race the submission.
  const closing = useRef(false);
  const formRef = useRef<HTMLFormElement>(null);
  // What the form holds now, for async replies that must not clear or resend an older text.
  const latestJson = useRef(contentJson);
  useEffect(() => {
    latestJson.current = contentJson;
  }, [contentJson]);
  const assignedIds = useMemo(() => mine.principles.map((p) => p.principleId), [mine]);

  async function autosave(json: string) {
    if (closing.current) return;
    setSave({ state: 'saving' });
    const result = await saveDraft({ loopId, authorId, ...(JSON.parse(json) as Content) });
    if (closing.current) return;
    if (result.ok) {
      setSavedJson(json);
      setSave({ state: 'saved', at: result.value.updatedAt });
      // The server has it now; a newer edit typed meanwhile keeps its buffer until its own save.
      if (latestJson.current === json) draft.clear();
    } else if (isAuthorConflict(result.error)) {
      setSave({ state: 'conflict', message: result.error.message });
    } else {
      setSave({ state: 'error', message: result.error.message });
      if (result.error.issues?.length) setErrors((e) => ({ ...e, ...errorsFromApi(result.error, JSON.parse(json) as Content) }));
    }
  }
  // Another tab switching "me" back to the author lets the refused draft save without another keystroke.
  const retryAfterSwitchBack = useEffectEvent(() => {
    if (mode === 'write' && save.state === 'conflict') void autosave(latestJson.current);
  });
  useEffect(() => {
    const onStorage = (e: StorageEvent) => {
      if (e.key === ME_KEY && e.newValue === authorId) retryAfterSwitchBack();
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, [authorId]);
  // Amendments have no server draft: they stay on this device until submitted.
  useDebounced(contentJson, mode === 'write' ? savedJson : contentJson, (json) => void autosave(json), 700);

  const edit = (fn: (f: FormState) => FormState, clear?: string) => {
    draft.update((f) => ({ ...fn(f), editedAt: new Date().toISOString() }));
    if (clear) setErrors((e) => withoutErrors(e, clear));
    setSummary(null);
    if (mode === 'write' && !closing.current) setSave((s) => (s.state === 'saving' || s.state === 'conflict' ? s : { state: 'idle' }));
  };
  const setRating = (principleId: string, patch: Partial<RatingForm>, clear: string) =>
    edit((f) => ({ ...f, ratings: { ...f.ratings, [principleId]: { ...(f.ratings[principleId] ?? blankRating()), ...patch } } }), clear);

  async function submit() {
    const issues = feedbackIssues(content, assignedIds);
    const local: FieldErrors = {};
    for (const issue of issues) local[issue.path] ??= issue.message;
    if (mode === 'amend' && !reason.trim()) local.reason = 'Say why you are amending your feedback.';
    if (Object.keys(local).length > 0) {
      setErrors(local);
      const count = Object.keys(local).length;
      const fallback = `${count === 1 ? 'One thing needs' : `${count} things need`} your attention before you submit.`;
      afterErrorsRender(() => setSummary(focusFirstError(formRef.current) ?? fallback));
      return;
    }
    closing.current = true;
    setBusy(true);
    const result =
      mode === 'amend'
        ? await amend({ loopId, authorId, reason, ...content })
        : await submitFeedback({ loopId, authorId, ...content });
    setBusy(false);
    if (!result.ok) {
      closing.current = false;
      if (!isAuthorConflict(result.error)) setErrors(errorsFromApi(result.error, content));
      setSummary(result.error.message);
      return;
    }
    draft.clear();
    notify('info', mode === 'amend' ? `Amendment saved as version ${result.value.version}` : 'Feedback submitted');
    onDone();
  }

  useShortcut('mod+enter', () => void (!busy && submit()));

  function addQuestion() {
    const text = newQuestion.trim();
    if (!text) return;
    edit((f) => ({ ...f, added: [...f.added, text] }), 'questionsAsked');
    setNewQuestion('');
  }

  const kitFor = (principleId: string) => mine.kitQuestions.filter((q) => q.principleId === principleId);
  const saveText =
    mode === 'amend'
      ? 'Your amendment is kept on this device until you submit it.'
      : save.state === 'saving'
        ? 'Saving…'
        : save.state === 'saved'
          ? `Draft saved at ${formatClock(save.at)}`
          : save.state === 'conflict'
            ? `Not saved: ${save.message} What you typed stays in this tab until then.`
            : save.state === 'error'
              ? `Not saved to Principled: ${save.message} Your text is kept on this device.`
            : contentJson === savedJson
              ? 'Nothing written yet.'
              : 'Changes not saved yet…';

  return (
    <div className="fb-layout">
      <aside className="fb-kit" aria-label="Interview kit">
        <h2>Interview kit</h2>
        <p className="kit-guide">Ask for real past behaviour (“Tell me about a time…”) and write down what the candidate did.</p>
        {mine.principles.map((p) => (
          <KitPrinciple key={p.principleId} principle={p} questions={kitFor(p.principleId)} />
        ))}
      </aside>

      <form
        ref={formRef}
        className="fb-form"
        aria-label={mode === 'amend' ? 'Amend my feedback' : 'My feedback'}
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        onKeyDown={(e) => {
          // Enter in a one-line box must not submit the feedback; in "Add a question you asked" it adds the question.
          const target = e.target as HTMLElement;
          if (e.key !== 'Enter' || e.ctrlKey || e.metaKey || !(target instanceof HTMLInputElement) || target.type !== 'text') return;
          e.preventDefault();
          if (target.closest('.fb-add-question')) addQuestion();
        }}
      >
        <p role="status" className={`save-status${save.state === 'error' || save.state === 'conflict' ? ' save-error' : ''}`}>
          {saveText}
        </p>
        {draft.restored && mode === 'write' && contentJson !== savedJson && <p className="notice-inline">Restored your unsaved feedback from this device.</p>}
        {mode === 'amend' && (
          <div className="fb-amend-reason">
            <p className="notice-inline">
              You are amending submitted feedback. The original stays visible to everyone who can read it; say why it changes.
            </p>
            <Field
              label="Reason for the amendment"
              value={reason}
              onChange={(v) => {
                setReason(v);
                setErrors((e) => withoutErrors(e, 'reason'));
              }}
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
            onChange={(patch, clear) => setRating(p.principleId, patch, clear)}
          />
        ))}

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
            <Field
              label="Add a question you asked"
              value={newQuestion}
              onChange={setNewQuestion}
              error={firstUnder(errors, 'questionsAsked')}
            />
            <button type="button" onClick={addQuestion} disabled={!newQuestion.trim()}>
              Add question
            </button>
          </div>
        </fieldset>

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

        {summary && (
          <p role="alert" className="form-error">
            {summary}
          </p>
        )}
        <div className="actions fb-submit">
          <button type="submit" className="primary" disabled={busy}>
            {mode === 'amend' ? 'Submit amendment' : 'Submit feedback'}
          </button>
          {onCancel && (
            <button
              type="button"
              onClick={() => {
                draft.clear();
                onCancel();
              }}
            >
              Discard amendment
            </button>
          )}
          <span className="shortcut-hint">Ctrl+Enter submits. Once submitted, changes are amendments with a reason.</span>
        </div>
      </form>
    </div>
  );
}

function KitPrinciple({ principle: p, questions }: { principle: AssignedPrinciple; questions: MyFeedback['kitQuestions'] }) {
  return (
    <section className="fb-kit-principle" aria-label={`Kit: ${p.name}`}>
      <h3>{p.name}</h3>
      {p.summary && <p className="kit-summary">{p.summary}</p>}
      {questions.length === 0 ? (
        <p className="muted">No kit questions for this principle.</p>
      ) : (
        <ol className="kit-questions">
          {questions.map((q) => (
            <li key={q.questionId}>
              <p>{q.text}</p>
              {q.probes.length > 0 && (
                <ul className="probes">
                  {q.probes.map((probe) => (
                    <li key={probe}>{probe}</li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function PrincipleFields({
  principle: p,
  value,
  errors,
  onChange,
}: {
  principle: AssignedPrinciple;
  value: RatingForm;
  errors: FieldErrors;
  onChange(patch: Partial<RatingForm>, clear: string): void;
}) {
  const base = `ratings.${p.principleId}`;
  const findings = useMemo(() => lintEvidence(value.evidence, value.rating !== null && !value.notAssessed), [value]);
  const words = evidenceWordCount(value.evidence);
  const evidenceError = firstUnder(errors, `${base}.evidence`);
  const wholeError = errors[base];
  const evidenceId = useId();
  return (
    <fieldset className={`fb-principle${wholeError ? ' field-invalid' : ''}`} data-field-name={p.name}>
      <legend>{p.name}</legend>
      <div className="fb-principle-head">
        {p.summary && <p className="kit-summary">{p.summary}</p>}
        <PrincipleTimer name={p.name} />
      </div>
      {wholeError && (
        <div role="alert" className="field-error">
          {wholeError}
        </div>
      )}
      <RadioGroup
        label={`Rating for ${p.name}`}
        className="rating-scale"
        options={RATING_LEVELS.map((level) => ({
          value: level,
          label: `${level} — ${RATING_LABELS[level]}`,
          description: p.anchors[level - 1] || 'No anchor written for this level.',
        }))}
        value={value.notAssessed ? null : value.rating}
        disabled={value.notAssessed}
        onChange={(rating) => onChange({ rating }, `${base}.rating`)}
        error={errors[`${base}.rating`]}
      />
      <label className="check">
        <input
          type="checkbox"
          aria-label={`Not assessed: ${p.name}`}
          checked={value.notAssessed}
          onChange={(e) => onChange({ notAssessed: e.target.checked, rating: e.target.checked ? null : value.rating }, `${base}.rating`)}
        />
        Not assessed
      </label>
      {value.notAssessed && (
        <Field
          label="Reason not assessed"
          value={value.notAssessedReason}
          onChange={(v) => onChange({ notAssessedReason: v }, `${base}.notAssessedReason`)}
          error={errors[`${base}.notAssessedReason`]}
          hint="For example: we ran out of time, or the candidate's examples did not touch it."
        />
      )}
      <div
        className={`fb-evidence${evidenceError ? ' field-invalid' : ''}`}
        data-field-name={`Evidence for ${p.name}`}
        aria-describedby={evidenceError ? evidenceId : undefined}>
        <div className="evidence-head">
          <span className="group-label">Evidence</span>
          <span className="counter">{words === 1 ? '1 word' : `${words} words`}</span>
        </div>
        {EVIDENCE_FIELDS.map((field) => (
          <Field
            key={field}
            label={EVIDENCE_LABELS[field]}
            value={value.evidence[field]}
            onChange={(v) => onChange({ evidence: { ...value.evidence, [field]: v } }, `${base}.evidence`)}
            multiline
            rows={field === 'action' ? 4 : 2}
            placeholder={EVIDENCE_PROMPTS[field]}
            hint={<Findings findings={findings.filter((f) => f.field === field)} />}
          />
        ))}
        <Findings findings={findings.filter((f) => f.field === 'all')} />
        {evidenceError && (
          <div role="alert" className="field-error" id={evidenceId}>
            {evidenceError}
          </div>
        )}
      </div>
    </fieldset>
  );
}

function Findings({ findings }: { findings: readonly EvidenceFinding[] }) {
  if (findings.length === 0) return null;
  return (
    <ul className="evidence-findings">
      {findings.map((f, i) => (
        <li key={`${f.rule}-${f.start}-${i}`} className="finding">
          <span className="badge badge-warning">Warning</span> {f.message}
        </li>
      ))}
    </ul>
  );
}

/** How long the interview has spent on one principle: local to this screen, never saved. */
function PrincipleTimer({ name }: { name: string }) {
  const [banked, setBanked] = useState(0);
  const [since, setSince] = useState<number | null>(null);
  const [now, setNow] = useState(0);
  useEffect(() => {
    if (since === null) return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [since]);
  const total = banked + (since === null ? 0 : Math.max(0, now - since));
  const seconds = Math.floor(total / 1000);
  const shown = `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
  return (
    <div className="fb-timer">
      <span role="timer" aria-label={`Time on ${name}`} className={since === null ? undefined : 'running'}>
        {shown}
      </span>
      <button
        type="button"
        aria-label={`${since === null ? (banked ? 'Resume' : 'Start') : 'Pause'} timer for ${name}`}
        onClick={() => {
          const t = Date.now();
          if (since === null) {
            setSince(t);
            setNow(t);
          } else {
            setBanked((b) => b + (t - since));
            setSince(null);
          }
        }}
      >
        {since === null ? (banked ? 'Resume' : 'Start') : 'Pause'}
      </button>
    </div>
  );
}
