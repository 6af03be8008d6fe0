import type { Debrief, FeedbackRecord } from '../../../core/api/contract/feedback';
import { RAISE_BAR_LABELS } from '../../../core/rules/feedbackTypes';
import { EvidenceText, ratingText } from '../../components/feedbackText';
import { VoteBadge } from './DebriefTables';

/** Step 1 of the debrief: every write-up, overall first, then the evidence side by side per principle. */
export function SilentReading({ debrief }: { debrief: Debrief }) {
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
