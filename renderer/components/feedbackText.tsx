import { RATING_LABELS } from '../../core/api/contract/principles';
import type { EvidenceField } from '../../core/rules/evidenceLinter';
import { EVIDENCE_FIELDS } from '../../core/rules/evidenceLinter';
import type { Evidence, Rating } from '../../core/rules/feedbackTypes';

export const EVIDENCE_LABELS: Record<EvidenceField, string> = { situation: 'Situation', task: 'Task', action: 'Action', result: 'Result' };
export const ratingText = (rating: Rating | null, notAssessed = false): string =>
  notAssessed ? 'Not assessed' : rating ? `${rating} — ${RATING_LABELS[rating]}` : 'Not rated';


export function EvidenceText({ evidence }: { evidence: Evidence }) {
  const filled = EVIDENCE_FIELDS.filter((f) => evidence[f].trim() !== '');
  if (filled.length === 0) return <p className="muted">No evidence written.</p>;
  return (
    <dl className="evidence-text">
      {filled.map((f) => (
        <div key={f}>
          <dt>{EVIDENCE_LABELS[f]}</dt>
          <dd>{evidence[f]}</dd>
        </div>
      ))}
    </dl>
  );
}
