import type { Debrief } from '../../../core/api/contract/feedback';
import { RAISE_BAR_LABELS, VOTE_LABELS, type Vote } from '../../../core/rules/feedbackTypes';
import { ratingText } from '../../components/feedbackText';

// The top of the debrief: the ratings matrix, the votes and the flags, read at a glance.

export function Matrix({ debrief }: { debrief: Debrief }) {
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

export function Votes({ debrief }: { debrief: Debrief }) {
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

export const VoteBadge = ({ vote }: { vote: Vote | null }) =>
  vote ? <span className={`vote vote-${vote}`}>{VOTE_LABELS[vote]}</span> : <span className="muted">No vote</span>;

export function Flags({ debrief, nameOf, principleName }: { debrief: Debrief; nameOf(id: string): string; principleName(id: string): string }) {
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
