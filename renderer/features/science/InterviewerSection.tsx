import { useState } from 'react';
import type { InterviewerFigure } from '../../../core/api/contract/science';
import { ChartWithTable } from './ChartWithTable';
import { LENIENCY_LABEL, sortInterviewers, two, interval, type InterviewerSort } from './scienceFormat';
import { WhiskerChart } from './WhiskerChart';

const COLUMNS: { key: InterviewerSort; label: string }[] = [
  { key: 'name', label: 'Interviewer' },
  { key: 'leniency', label: 'Leniency' },
  { key: 'agreement', label: 'Sided with the decision' },
  { key: 'changes', label: 'Changed at re-vote' },
  { key: 'time', label: 'Time to submit' },
];

/**
 * Leniency is shrunk toward zero by the backend, and a small sample reads "too few to judge": the words
 * come from core/rules/science/scienceWords, so three interviews never brand anyone.
 */
export function InterviewerSection({ interviewers }: { interviewers: readonly InterviewerFigure[] }) {
  const [sort, setSort] = useState<{ by: InterviewerSort; descending: boolean }>({ by: 'name', descending: false });
  const judged = interviewers.filter((i) => i.leniency && i.leniency.label !== 'too-few');
  const sorted = sortInterviewers(interviewers, sort.by, sort.descending);
  const spread = Math.max(1, ...judged.map((i) => Math.max(Math.abs(i.leniency!.low), Math.abs(i.leniency!.high))));
  return (
    <>
      <h2>Interviewer calibration</h2>
      {interviewers.length === 0 ? (
        <p className="empty">No interviewer has feedback in a decided loop yet.</p>
      ) : (
        <>
          <p className="field-hint">
            Leniency is the rating points above (or below) co-panelists on the same candidates and principles, pulled toward zero when there are
            few ratings to go on. It describes how someone rates, not whether they judge well.
          </p>
          {judged.length > 0 && (
            <ChartWithTable
              title="Leniency against co-panelists (rating points)"
              head={['Interviewer', 'Leniency', '95% interval', 'Ratings compared']}
              rows={judged.map((i) => [i.name, two(i.leniency!.shrunk), interval(i.leniency!.low, i.leniency!.high), i.leniency!.n])}
              chart={
                <WhiskerChart
                  rows={judged.map((i) => ({ label: i.name, value: i.leniency!.shrunk, whisker: [i.leniency!.shrunk - i.leniency!.low, i.leniency!.high - i.leniency!.shrunk] }))}
                  domain={[-Math.ceil(spread * 2) / 2, Math.ceil(spread * 2) / 2]}
                />
              }
            />
          )}
          <table className="grid science-interviewers" aria-label="Interviewers">
            <thead>
              <tr>
                {COLUMNS.map((c) => (
                  <th key={c.key} scope="col" aria-sort={sort.by === c.key ? (sort.descending ? 'descending' : 'ascending') : undefined}>
                    <button
                      type="button"
                      className="link"
                      onClick={() => setSort((s) => ({ by: c.key, descending: s.by === c.key ? !s.descending : false }))}
                    >
                      {c.label}
                    </button>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {sorted.map((i) => (
                <tr key={i.memberId}>
                  <th scope="row">{i.name}</th>
                  <td>
                    <strong>{i.leniency ? LENIENCY_LABEL[i.leniency.label] : LENIENCY_LABEL['too-few']}</strong>
                    {i.leniency && i.leniency.label !== 'too-few' && ` (${two(i.leniency.shrunk)})`}
                    <br />
                    <span className="muted">{i.words.leniency}</span>
                  </td>
                  <td>{i.words.decisions}</td>
                  <td>{i.words.revotes}</td>
                  <td>{i.words.timeToSubmit}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}
