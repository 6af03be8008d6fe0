import type { CorrelationFigure, Predicts } from '../../../core/api/contract/science';
import { two, interval } from './scienceFormat';

/** Quality of hire: whether interview ratings relate to the manager's later check-in, in numbers and words. */
export function PredictsSection({ predicts }: { predicts: Predicts }) {
  return (
    <>
      <h2>What predicts</h2>
      <p className="field-hint">
        {predicts.basis} {predicts.hires === 1 ? '1 hire has' : `${predicts.hires.toLocaleString('en')} hires have`} a check-in so far; a figure
        needs {predicts.minimum} pairs.
      </p>
      {predicts.hires === 0 ? (
        <p className="empty">Not enough data yet: no hire has a check-in recorded.</p>
      ) : (
        <>
          <CorrelationTable title="Per principle" first="Principle" rows={predicts.principles.map((p) => ({ key: p.principleId, label: p.name, figure: p }))} />
          <CorrelationTable title="Per question" first="Question" rows={predicts.questions.map((q) => ({ key: q.questionId, label: q.text, figure: q }))} />
          <CorrelationTable title="Per interviewer" first="Interviewer" rows={predicts.interviewers.map((i) => ({ key: i.memberId, label: i.name, figure: i }))} />
        </>
      )}
    </>
  );
}

function CorrelationTable({ title, first, rows }: { title: string; first: string; rows: { key: string; label: string; figure: CorrelationFigure }[] }) {
  if (rows.length === 0) return null;
  return (
    <table className="grid science-predicts" aria-label={`What predicts: ${title.toLowerCase()}`}>
      <caption>{title}</caption>
      <thead>
        <tr>
          <th scope="col">{first}</th>
          <th scope="col">Rank correlation</th>
          <th scope="col">95% interval</th>
          <th scope="col">Pairs</th>
          <th scope="col">In words</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ key, label, figure: f }) => (
          <tr key={key}>
            <th scope="row">{label}</th>
            <td>{f.status === 'ok' ? two(f.rho) : '—'}</td>
            <td>{f.status === 'ok' ? interval(f.low, f.high) : '—'}</td>
            <td>{f.n}</td>
            <td>{f.words}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
