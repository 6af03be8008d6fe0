import type { Loop } from '../../../core/api/contract/loops';
import { formatTime } from '../../components/format';
import { Link } from '../../routing/Link';
import { to } from '../../routing/routes';

interface Props {
  loop: Loop;
  nameOf(id: string | null): string;
  principleName(id: string): string;
}

/** The saved plan, read-only: who runs the loop and each interview with its time, owner, principles and kit. */
export function PlanSummary({ loop, nameOf, principleName }: Props) {
  // A name is blank only while the team is still loading.
  const person = (id: string | null) => (id ? nameOf(id) || '…' : 'Not chosen');
  return (
    <section className="plan-summary" aria-label="Plan">
      <dl className="plan-people-summary">
        <div>
          <dt>Hiring manager</dt>
          <dd>{person(loop.hiringManagerId)}</dd>
        </div>
        <div>
          <dt>Bar raiser</dt>
          <dd>{person(loop.barRaiserId)}</dd>
        </div>
        {loop.shadowIds.length > 0 && (
          <div>
            <dt>Shadows</dt>
            <dd>{loop.shadowIds.map(person).join(', ')}</dd>
          </div>
        )}
      </dl>
      <h2>Interviews</h2>
      {loop.slots.length === 0 && <p className="empty">No interviews planned.</p>}
      <ol className="slots slots-summary">
        {loop.slots.map((slot, index) => (
          <li key={slot.id} className="slot slot-summary" aria-label={`Interview ${index + 1}: ${slot.title}`}>
            <h3>
              {index + 1}. {slot.title}
            </h3>
            <p className="slot-facts">
              <span>{slot.startsAt ? formatTime(slot.startsAt) : 'Time not set'}</span> · <span>{slot.durationMinutes} minutes</span> ·{' '}
              <span>{slot.interviewerId ? person(slot.interviewerId) : 'No interviewer yet'}</span>
              {slot.traineeId && (
                <>
                  {' '}
                  · <span>Reverse shadow: {person(slot.traineeId)} leads, supervised by the interviewer</span>
                </>
              )}
            </p>
            {slot.principleIds.length > 0 && (
              <p className="slot-owns">
                Owns: {slot.principleIds.map(principleName).join(', ')}
              </p>
            )}
            <Link to={to.kit(loop.id, slot.id)} className="link">
              Open kit for {slot.title}
              {slot.interviewerId ? ` (${nameOf(slot.interviewerId)})` : ''}
            </Link>
          </li>
        ))}
      </ol>
    </section>
  );
}
