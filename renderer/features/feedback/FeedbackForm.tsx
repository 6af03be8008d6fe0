import { Link } from '../../routing/Link';
import { to } from '../../routing/routes';
import { Loading } from '../../data/QueryState';
import { useApp } from '../../stores/app';
import { DueLine } from './DueLine';
import { FeedbackEditor } from './FeedbackEditor';
import { FeedbackReadout, History } from './FeedbackReadout';
import { draftRefOf, useMyFeedback } from './myFeedback';
import { CandidateName } from '../../components/candidateName';

/** My feedback in a loop: write it, read it once submitted, amend it with a reason while the loop is open. */
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
  // A reverse-shadow trainee leads an interview of their own; a shadow watches the whole loop.
  const reverseShadow = training && mine.slotId !== null;
  const feedbackOpen = status === 'interviewing' || status === 'debrief';

  return (
    <section className="fb-screen" aria-labelledby="fb-title">
      <header className="fb-head">
        {backToLoop}
        <h1 id="fb-title">
          {training ? 'Training feedback' : 'Feedback'}: <CandidateName name={mine.candidateName} /> — {mine.roleTitle}
        </h1>
        <p className="kit-meta">
          {mine.slotTitle}
          {training && !reverseShadow ? '' : ` · ${mine.principles.map((p) => p.name).join(', ')}`}
        </p>
        {training && (
          <p className="notice-inline">
            {reverseShadow
              ? 'You lead this interview as a reverse shadow, and its trained interviewer supervises. Your feedback is training feedback: your supervisor reviews it, it is kept apart, and it never counts toward the decision.'
              : 'You are shadowing this loop. Your feedback is training feedback: it is kept apart, and it never counts toward the decision.'}
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
