import { Link } from '../../routing/Link';
import { to } from '../../routing/routes';
import { useState, type ReactNode } from 'react';
import type { Debrief, FeedbackRecord } from '../../../core/api/contract/feedback';
import type { LoopDetail } from '../../../core/api/contract/loops';
import { RAISE_BAR_LABELS, VOTES, VOTE_LABELS, type Vote } from '../../../core/rules/feedbackTypes';
import { api } from '../../api/transport';
import { fieldErrorsFromApi, withoutErrors, type FieldErrors } from '../../api/fieldErrors';
import { download } from '../../components/download';
import { Field } from '../../components/Field';
import { formatTime } from '../../components/format';
import { useDraft } from '../../components/useDraft';
import { useMay } from '../../components/useAccess';
import { LoadFailed, Loading } from '../../data/QueryState';
import { useApiMutation, useApiQuery } from '../../data/useApi';
import { useOpenDebrief } from '../../data/useOpenDebrief';
import { useApp } from '../../stores/app';
import { useTeam } from '../../stores/team';
import { RadioGroup } from '../../components/RadioGroup';
import { EvidenceText, ratingText } from '../../components/feedbackText';
import { DecisionStep } from './DecisionStep';

/** The debrief of a loop: matrix, votes and flags on top, then the script from silent reading to the decision. */
export function DebriefScreen({ loopId }: { loopId: string }) {
  const me = useApp((s) => s.settings?.me ?? null);
  // Opening the debrief (or recording this viewing) is a write, made once as the screen opens; the debrief and
  // the loop are then plain reads through the cache, refreshed when anything they show changes.
  const opening = useOpenDebrief(loopId);
  const debriefQuery = useApiQuery('debrief.get', { loopId }, { enabled: opening.opened });
  const loopQuery = useApiQuery('loops.get', { id: loopId }, { enabled: opening.settled });
  const debrief = debriefQuery.data;
  const detail = loopQuery.data;
  const failure = opening.failure ?? debriefQuery.error;

  const back = (
    <Link to={to.loop(loopId)} className="link">
      ← Back to the loop
    </Link>
  );

  if (!debrief) {
    if (!failure) return <Loading />;
    const mayOpenEarly = me !== null && me === detail?.loop.barRaiserId && failure.issues?.some((i) => i.path === 'earlyReason');
    return (
      <LoadFailed error={mayOpenEarly ? null : failure}>
        {back}
        <h1 id="debrief-title">Debrief{detail ? `: ${detail.candidate.name} — ${detail.role.title}` : ''}</h1>
        {mayOpenEarly && <EarlyOpen loopId={loopId} onOpened={opening.markOpened} />}
      </LoadFailed>
    );
  }
  if (!detail) return <Loading />;
  return <DebriefView detail={detail} debrief={debrief} back={back} />;
}

function EarlyOpen({ loopId, onOpened }: { loopId: string; onOpened(): void }) {
  const openDebrief = useApiMutation('debrief.open');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  async function open() {
    if (!reason.trim()) {
      setError('Say why the debrief starts before all feedback is in.');
      return;
    }
    setBusy(true);
    // Once open, the debrief read (and the loop) read again through the cache.
    const r = await openDebrief({ loopId, earlyReason: reason });
    setBusy(false);
    if (!r.ok) setError(fieldErrorsFromApi(r.error).earlyReason ?? r.error.message);
    else onOpened();
  }
  return (
    <div className="early-box">
      <p>Not all interviewers have submitted their feedback. As the bar raiser you may open the debrief early, with a reason.</p>
      <Field label="Why open the debrief early?" value={reason} onChange={setReason} error={error} multiline rows={2} />
      <div className="actions">
        <button type="button" className="primary" disabled={busy} onClick={() => void open()}>
          Open the debrief early
        </button>
      </div>
    </div>
  );
}

interface ViewProps {
  detail: LoopDetail;
  debrief: Debrief;
  back: ReactNode;
}

function DebriefView({ detail, debrief, back }: ViewProps) {
  const { notify } = useApp();
  const me = useApp((s) => s.settings?.me ?? null);
  const members = useTeam((s) => s.members);
  const { loop, candidate, role } = detail;
  const nameOf = (id: string | null) => (id ? (members.find((m) => m.id === id)?.name ?? debrief.interviewers.find((i) => i.memberId === id)?.name ?? 'Unknown') : 'nobody');
  const principleName = (id: string) => debrief.matrix.find((r) => r.principleId === id)?.name ?? 'Archived principle';
  const isHM = me !== null && me === loop.hiringManagerId;
  const isBR = me !== null && me === loop.barRaiserId;
  // Each step asks the API's rule for this loop's people: notes for BR and HM, decide for HM, verdict for BR, reopen also for founders and admins.
  const may = useMay();
  const mayNotes = may('debrief.saveNotes', { loop });
  const open = loop.status === 'debrief';
  const parts = [isHM && 'the hiring manager', isBR && 'the bar raiser', debrief.interviewers.some((i) => i.memberId === me) && 'an interviewer']
    .filter(Boolean)
    .join(' and ');

  async function exportPacket(format: 'markdown' | 'pdf') {
    const r = await api.call('packet.export', { loopId: loop.id, format });
    if (r.ok) download(r.value.fileName, r.value.base64, r.value.mimeType);
    else notify('error', r.error.message);
  }

  return (
    <section className="single wide debrief" aria-labelledby="debrief-title">
      <div className="actions no-print">
        {back}
        <span className="spacer" />
        <button type="button" onClick={() => void exportPacket('markdown')}>
          Export packet (Markdown)
        </button>
        <button type="button" onClick={() => void exportPacket('pdf')}>
          Export packet (PDF)
        </button>
      </div>
      <header className="screen-head">
        <h1 id="debrief-title">
          Debrief: {candidate.name} — {role.title}
        </h1>
        <span className={`badge badge-status-${loop.status}`} aria-label={`Status: ${loop.status}`}>
          {loop.status}
        </span>
      </header>
      <p className="lead">
        Hiring manager <strong>{nameOf(loop.hiringManagerId)}</strong> · Bar raiser <strong>{nameOf(loop.barRaiserId)}</strong>
        {parts ? ` · You are ${parts}` : ''}
      </p>
      {debrief.openedEarly && <p className="notice-inline">Opened before all feedback was in: {debrief.earlyReason}</p>}

      <div className="debrief-top">
        <Matrix debrief={debrief} />
        <Votes debrief={debrief} />
        <Flags debrief={debrief} nameOf={nameOf} principleName={principleName} />
      </div>

      <ol className="script">
        <li>
          <section>
            <h2 id="step-reading">1. Silent reading</h2>
            <p className="muted">Read every write-up before anyone speaks. Ratings and evidence sit side by side per principle.</p>
            <SilentReading debrief={debrief} />
          </section>
        </li>
        <li>
          <section>
            <h2 id="step-revote">2. Re-vote</h2>
            <Revotes debrief={debrief} nameOf={nameOf} />
            {open && debrief.interviewers.some((i) => i.memberId === me) && debrief.decision === null && (
              <RevoteForm loopId={loop.id} current={debrief.interviewers.find((i) => i.memberId === me)?.currentVote ?? null} />
            )}
          </section>
        </li>
        <li>
          <section>
            <h2 id="step-notes">3. Discussion notes</h2>
            {mayNotes && open ? (
              <NotesForm key={debrief.notes} loopId={loop.id} notes={debrief.notes} />
            ) : debrief.notes ? (
              <p className="notes-text">{debrief.notes}</p>
            ) : (
              <p className="muted">No notes yet. The bar raiser or the hiring manager keeps them.</p>
            )}
          </section>
        </li>
        <li>
          <section>
            <h2 id="step-decision">4. Decision</h2>
            <DecisionStep
              debrief={debrief}
              detail={detail}
              mayDecide={may('decision.decide', { loop })}
              mayVerdict={may('decision.verdict', { loop })}
              mayReopen={may('decision.reopen', { loop })}
              nameOf={nameOf}
              principleName={principleName}
            />
          </section>
        </li>
      </ol>
    </section>
  );
}

function Matrix({ debrief }: { debrief: Debrief }) {
  const authors = debrief.interviewers;
  return (
    <div className="matrix-wrap">
      <h2>Ratings</h2>
      <table className="grid matrix" aria-label="Ratings matrix">
        <thead>
          <tr>
            <th scope="col">Principle</th>
            {authors.map((a) => (
              <th key={a.memberId} scope="col">
                {a.name}
              </th>
            ))}
            <th scope="col">Mean</th>
          </tr>
        </thead>
        <tbody>
          {debrief.matrix.map((row) => {
            const rated = row.cells.flatMap((c) => (c.rating ? [c.rating] : []));
            const mean = rated.length ? (rated.reduce((a, b) => a + b, 0) / rated.length).toFixed(1) : '—';
            return (
              <tr key={row.principleId} className={row.focus ? 'focus' : undefined}>
                <th scope="row">
                  {row.name} {row.focus && <span className="badge badge-focus">Focus</span>}
                </th>
                {authors.map((a) => {
                  const cell = row.cells.find((c) => c.authorId === a.memberId);
                  return (
                    <td key={a.memberId} className={`cell-rating cell-rating-${cell?.notAssessed ? 'na' : (cell?.rating ?? 'none')}`}>
                      {cell?.notAssessed ? 'Not assessed' : cell?.rating ? ratingText(cell.rating) : '—'}
                    </td>
                  );
                })}
                <td>{mean}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {debrief.interviewers.length === 0 && <p className="empty">No interview feedback is submitted yet.</p>}
    </div>
  );
}

function Votes({ debrief }: { debrief: Debrief }) {
  return (
    <div className="votes-wrap">
      <h2>Votes</h2>
      <table className="grid votes" aria-label="Votes">
      <thead>
        <tr>
          <th scope="col">Interviewer</th>
          <th scope="col">Vote</th>
          <th scope="col">Raises the bar?</th>
        </tr>
      </thead>
      <tbody>
        {debrief.interviewers.map((i) => (
          <tr key={i.memberId}>
            <th scope="row">{i.name}</th>
            <td>
              <VoteBadge vote={i.currentVote} />
              {i.vote && i.currentVote && i.vote !== i.currentVote && <span className="muted"> (was {VOTE_LABELS[i.vote]})</span>}
            </td>
            <td>{i.raiseBar ? RAISE_BAR_LABELS[i.raiseBar] : '—'}</td>
          </tr>
        ))}
      </tbody>
      </table>
    </div>
  );
}

const VoteBadge = ({ vote }: { vote: Vote | null }) =>
  vote ? <span className={`vote vote-${vote}`}>{VOTE_LABELS[vote]}</span> : <span className="muted">No vote</span>;

function Flags({ debrief, nameOf, principleName }: { debrief: Debrief; nameOf(id: string): string; principleName(id: string): string }) {
  return (
    <div className="flags">
      <h2 id="flags-title">Flags</h2>
      <ul aria-label="Debrief flags" className="flag-list">
        {debrief.flags.length === 0 && <li className="flag-none">No flags: no strong no hire, no wide spread, nothing late.</li>}
        {debrief.flags.map((f, i) => (
          <li key={`${f.flag}-${i}`} className={`flag flag-${f.flag}`}>
            {[f.authorId && nameOf(f.authorId), f.principleId && principleName(f.principleId)].filter(Boolean).join(' · ')}
            {f.authorId || f.principleId ? ': ' : ''}
            {f.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

function SilentReading({ debrief }: { debrief: Debrief }) {
  const byAuthor = new Map<string, FeedbackRecord>(debrief.feedback.map((f) => [f.authorId, f]));
  const authors = debrief.interviewers;
  if (authors.length === 0) return <p className="empty">Nothing to read yet.</p>;
  return (
    <div className="reading">
      <section className="reading-row" aria-label="Overall">
        <h3>Overall</h3>
        <div className="reading-cards">
          {authors.map((a) => {
            const f = byAuthor.get(a.memberId);
            return (
              <div key={a.memberId} className="reading-card">
                <h4>{a.name}</h4>
                <p>
                  <VoteBadge vote={a.vote} />
                  {a.raiseBar && <span className="muted"> · raises the bar: {RAISE_BAR_LABELS[a.raiseBar]}</span>}
                </p>
                <dl className="evidence-text">
                  <div>
                    <dt>Top reason to hire</dt>
                    <dd>{f?.reasonToHire || '—'}</dd>
                  </div>
                  <div>
                    <dt>Top reason not to hire</dt>
                    <dd>{f?.reasonNotToHire || '—'}</dd>
                  </div>
                </dl>
                {f && f.version > 1 && <p className="muted">Amended (version {f.version}): {f.amendmentReason}</p>}
              </div>
            );
          })}
        </div>
      </section>
      {debrief.matrix.map((row) => {
        const cards = authors.flatMap((a) => {
          const r = byAuthor.get(a.memberId)?.ratings.find((x) => x.principleId === row.principleId);
          return r ? [{ author: a, rating: r }] : [];
        });
        return (
          <section key={row.principleId} className="reading-row" aria-label={`Evidence: ${row.name}`}>
            <h3>
              {row.name} {row.focus && <span className="badge badge-focus">Focus</span>}
            </h3>
            {cards.length === 0 ? (
              <p className="muted">Nobody assessed this principle.</p>
            ) : (
              <div className="reading-cards">
                {cards.map(({ author, rating }) => (
                  <div key={author.memberId} className="reading-card">
                    <h4>
                      {author.name}:{' '}
                      <span className={`rating-chip rating-chip-${rating.notAssessed ? 'na' : (rating.rating ?? 'none')}`}>
                        {ratingText(rating.rating, rating.notAssessed)}
                      </span>
                    </h4>
                    {rating.notAssessed && <p>Not assessed: {rating.notAssessedReason}</p>}
                    <EvidenceText evidence={rating.evidence} />
                  </div>
                ))}
              </div>
            )}
          </section>
        );
      })}
    </div>
  );
}

function Revotes({ debrief, nameOf }: { debrief: Debrief; nameOf(id: string): string }) {
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

function RevoteForm({ loopId, current }: { loopId: string; current: Vote | null }) {
  const revote = useApiMutation('debrief.revote');
  const { notify } = useApp();
  const [vote, setVote] = useState<Vote | null>(null);
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  async function record() {
    const local: FieldErrors = {};
    if (!vote) local.vote = 'Choose your new vote.';
    else if (vote === current) local.vote = 'That is already your vote.';
    if (!note.trim()) local.note = 'Say what changed your mind.';
    if (Object.keys(local).length || !vote) {
      setErrors(local);
      return;
    }
    setBusy(true);
    const r = await revote({ loopId, vote, note });
    setBusy(false);
    if (!r.ok) {
      setErrors(fieldErrorsFromApi(r.error));
      if (!r.error.issues?.length) notify('error', r.error.message);
      return;
    }
    notify('info', 'Re-vote recorded');
  }
  return (
    <div className="revote-form">
      <h3>Change my vote</h3>
      <RadioGroup
        label="New vote"
        options={VOTES.map((v) => ({ value: v, label: VOTE_LABELS[v] }))}
        value={vote}
        onChange={(v) => {
          setVote(v);
          setErrors((e) => withoutErrors(e, 'vote'));
        }}
        error={errors.vote}
        className="vote-group"
      />
      <Field
        label="Note"
        value={note}
        onChange={(v) => {
          setNote(v);
          setErrors((e) => withoutErrors(e, 'note'));
        }}
        error={errors.note}
        hint="What in the evidence changed your mind? It is shown beside your original vote."
      />
      <div className="actions">
        <button type="button" disabled={busy} onClick={() => void record()}>
          Record re-vote
        </button>
      </div>
    </div>
  );
}

function NotesForm({ loopId, notes }: { loopId: string; notes: string }) {
  const saveNotes = useApiMutation('debrief.saveNotes');
  const { notify } = useApp();
  const me = useApp((s) => s.settings?.me ?? null);
  const draft = useDraft<string>(`debrief.${loopId}.notes`, () => notes, { owner: me });
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const dirty = draft.value !== notes;
  async function save() {
    setBusy(true);
    const r = await saveNotes({ loopId, notes: draft.value });
    setBusy(false);
    if (!r.ok) {
      setError(fieldErrorsFromApi(r.error).notes ?? r.error.message);
      return;
    }
    draft.clear();
    setError(undefined);
    notify('info', 'Notes saved');
  }
  return (
    <div className="notes-form">
      {draft.restored && dirty && <p className="notice-inline">Restored your unsaved notes from this device.</p>}
      <Field label="Discussion notes" value={draft.value} onChange={(v) => draft.update(() => v)} error={error} multiline rows={6} />
      <div className="actions">
        <button type="button" disabled={busy || !dirty} onClick={() => void save()}>
          Save notes
        </button>
        {dirty && <span className="muted">Unsaved changes (kept on this device)</span>}
      </div>
    </div>
  );
}
