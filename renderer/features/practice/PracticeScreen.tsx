import { useEffect, useState } from 'react';
import type { PracticeView } from '../../../core/api/contract/practice';
import { VOTE_LABELS, VOTES, type Rating, type Vote } from '../../../core/rules/feedbackTypes';
import { fieldErrorsFromApi, type FieldErrors } from '../../api/fieldErrors';
import { RadioGroup } from '../../components/RadioGroup';
import { useMay } from '../../components/useAccess';
import { useApiMutation, useApiQuery } from '../../data/useApi';
import { useApp } from '../../stores/app';
import { EVIDENCE_LABELS, RATINGS } from './practiceLabels';
import { WritePractice } from './WritePractice';

/** Calibration practice (issue 13 item 4): the library, and one write-up rated blind, then compared. */
export function PracticeScreen() {
  const list = useApiQuery('practice.list', undefined);
  const notify = useApp((s) => s.notify);
  const [openId, setOpenId] = useState<string | null>(null);
  const [writing, setWriting] = useState(false);
  const mayWrite = useMay()('practice.write');
  useEffect(() => {
    if (list.error) notify('error', list.error.message);
  }, [list.error, notify]);
  const items = list.data ?? null;
  return (
    <section className="single practice" aria-labelledby="practice-title">
      <h1 id="practice-title">Calibration practice</h1>
      <p className="lead">
        Write-ups from decided loops, with the candidate removed, or written by a bar raiser. Rate one blind; the panel’s ratings and the decision show
        once you have.
      </p>
      {mayWrite && !writing && (
        <div className="actions">
          <button type="button" onClick={() => setWriting(true)}>
            Write a practice item
          </button>
        </div>
      )}
      {writing && <WritePractice onDone={() => setWriting(false)} />}
      {items === null ? (
        <p aria-busy="true">Loading…</p>
      ) : items.length === 0 ? (
        <p className="empty">No practice write-ups yet. Bar raisers, founders and admins add them from decided loops.</p>
      ) : (
        <ul className="practice-list" aria-label="Practice write-ups">
          {items.map((p) => (
            <li key={p.id}>
              <button type="button" className="link" aria-expanded={openId === p.id} onClick={() => setOpenId(openId === p.id ? null : p.id)}>
                {p.title}: {p.principleNames.join(', ')}
              </button>{' '}
              <span className="badge">{p.rated ? 'Rated' : 'Not rated yet'}</span>
            </li>
          ))}
        </ul>
      )}
      {openId && <PracticeItemView key={openId} id={openId} />}
    </section>
  );
}

function PracticeItemView({ id }: { id: string }) {
  const view = useApiQuery('practice.get', { id }).data;
  if (!view) return <p aria-busy="true">Loading…</p>;
  const { item } = view;
  return (
    <article className="practice-item" aria-labelledby="practice-item-title">
      <h2 id="practice-item-title">{item.title}</h2>
      {item.principles.map((p) => (
        <section key={p.principleId} aria-label={`Evidence: ${p.name}`}>
          <h3>{p.name}</h3>
          <dl className="practice-evidence">
            {EVIDENCE_LABELS.filter(([k]) => p.evidence[k].trim()).map(([k, label]) => (
              <div key={k}>
                <dt>{label}</dt>
                <dd>{p.evidence[k]}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
      {item.reasonToHire && <p>Top reason to hire: {item.reasonToHire}</p>}
      {item.reasonNotToHire && <p>Top reason not to hire: {item.reasonNotToHire}</p>}
      {view.attempt ? <Comparison view={view} /> : <RateForm view={view} />}
    </article>
  );
}

function RateForm({ view }: { view: PracticeView }) {
  const rate = useApiMutation('practice.rate');
  const notify = useApp((s) => s.notify);
  const [ratings, setRatings] = useState<Record<string, Rating>>({});
  const [vote, setVote] = useState<Vote | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  async function submit() {
    if (vote === null) {
      setErrors({ vote: 'Choose your overall vote.' });
      return;
    }
    setBusy(true);
    const r = await rate({ id: view.item.id, ratings: Object.entries(ratings).map(([principleId, rating]) => ({ principleId, rating })), vote });
    setBusy(false);
    if (!r.ok) {
      setErrors(fieldErrorsFromApi(r.error));
      notify('error', r.error.message);
    }
  }
  return (
    <form
      className="practice-rate"
      aria-label="Your blind rating"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h3>Your blind rating</h3>
      {view.item.principles.map((p) => (
        <RadioGroup
          key={p.principleId}
          label={`Rating for ${p.name}`}
          options={RATINGS}
          value={ratings[p.principleId] ?? null}
          onChange={(rating) => setRatings((all) => ({ ...all, [p.principleId]: rating }))}
          error={errors[`ratings.${p.principleId}`]}
        />
      ))}
      <RadioGroup<Vote> label="Overall vote" options={VOTES.map((v) => ({ value: v, label: VOTE_LABELS[v] }))} value={vote} onChange={setVote} error={errors.vote} />
      <button type="submit" className="primary" disabled={busy}>
        Submit my rating
      </button>
    </form>
  );
}

function Comparison({ view }: { view: PracticeView }) {
  const { comparison, item } = view;
  if (!comparison) return null;
  const name = (id: string) => item.principles.find((p) => p.principleId === id)?.name ?? 'Archived principle';
  const decision = comparison.decision === null ? 'none (a written practice)' : comparison.decision === 'hire' ? 'Hire' : 'No hire';
  return (
    <section className="practice-compare" aria-label="How your rating compares">
      <h3>How your rating compares</h3>
      <table className="grid">
        <caption>Ratings</caption>
        <thead>
          <tr>
            <th scope="col">Principle</th>
            <th scope="col">Yours</th>
            <th scope="col">The writer’s</th>
            <th scope="col">The rest of the panel</th>
          </tr>
        </thead>
        <tbody>
          {comparison.principles.map((p) => (
            <tr key={p.principleId}>
              <th scope="row">{name(p.principleId)}</th>
              <td>{p.mine}</td>
              <td>{p.writer ?? '—'}</td>
              <td>{p.panel.length ? p.panel.join(', ') : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        Your vote: {VOTE_LABELS[comparison.vote.mine]}; the writer’s: {VOTE_LABELS[comparison.vote.writer]}
        {comparison.vote.panel.length ? `; the rest of the panel: ${comparison.vote.panel.map((v) => VOTE_LABELS[v]).join(', ')}` : ''}.
      </p>
      <p>
        The decision: {decision}. Within one point of the writer on {comparison.withinOne} of {comparison.comparable} principles;
        {comparison.vote.sameSideAsWriter ? ' your vote leans the same way as the writer’s' : ' your vote leans the other way from the writer’s'}
        {comparison.vote.sameSideAsDecision === null ? '.' : comparison.vote.sameSideAsDecision ? ' and the decision’s.' : ', against the decision.'}
      </p>
    </section>
  );
}
