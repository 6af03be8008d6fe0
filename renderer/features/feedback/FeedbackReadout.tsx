import type { ReactNode } from 'react';
import type { FeedbackRecord, MyFeedback } from '../../../core/api/contract/feedback';
import { RAISE_BAR_LABELS, VOTE_LABELS } from '../../../core/rules/feedbackTypes';
import { EvidenceText, ratingText } from '../../components/feedbackText';
import { formatTime } from '../../components/format';

// Submitted feedback, read-only: on the feedback screen, its earlier versions, and the loop's feedback panel.

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


export function History({ mine }: { mine: MyFeedback }) {
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
