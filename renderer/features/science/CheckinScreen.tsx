import { useState } from 'react';
import { CHECKIN_LABELS } from '../../../core/rules/hireCheckins';
import type { Checkin, HireCheckins } from '../../../core/api/contract/checkins';
import { formatTime } from '../../components/format';
import { useAccess } from '../../components/useAccess';
import { LoadFailed, Loading } from '../../data/QueryState';
import { useApiMutation, useApiQuery } from '../../data/useApi';
import { Link } from '../../routing/Link';
import { to } from '../../routing/routes';
import { useTeam } from '../../stores/team';
import { CheckinForm } from './CheckinForm';
import { CandidateName } from '../../components/candidateName';

const STATE_WORDS = { upcoming: 'upcoming', due: 'due', overdue: 'overdue', done: 'recorded' } as const;

/** One hire's quality-of-hire check-ins (SPEC §12): what is due, the form for it, and who manages the hire. */
export function CheckinScreen({ loopId }: { loopId: string }) {
  const hire = useApiQuery('checkins.get', { loopId });
  const loop = useApiQuery('loops.get', { id: loopId });
  const { may } = useAccess();
  if (hire.error) return <LoadFailed error={hire.error} retry={() => void hire.refetch()} />;
  const h = hire.data;
  if (!h) return <Loading />;
  const people = { hiringManagerId: loop.data?.loop.hiringManagerId ?? null, barRaiserId: loop.data?.loop.barRaiserId ?? null, hireManagerId: h.managerId };
  const open = h.checkins.find((c) => !c.checkin && (c.state === 'due' || c.state === 'overdue'));
  return (
    <section className="single checkins" aria-labelledby="checkins-title">
      <p>
        <Link to={to.loop(loopId)} className="link">
          Back to the loop
        </Link>
      </p>
      <h1 id="checkins-title">Check-ins for <CandidateName name={h.candidateName} /></h1>
      <p className="field-hint">
        {h.roleTitle} · hired {formatTime(h.hiredAt)} · managed by {h.managerName}
      </p>
      <ul className="plain">
        {h.checkins.map((c) => (
          <li key={c.kind}>
            <strong>{CHECKIN_LABELS[c.kind]}</strong>: {STATE_WORDS[c.state]}
            {c.checkin ? ` ${formatTime(c.checkin.recordedAt)}` : `, due ${formatTime(c.dueAt)}`}
            {c.duplicates.length > 0 && ` (also recorded on another device at the same time: ${duplicateWords(c.duplicates.length)})`}
          </li>
        ))}
      </ul>
      {may('checkins.assignManager', { loop: people }) && <AssignManager hire={h} />}
      {open && may('checkins.record', { loop: people }) ? (
        <CheckinForm key={open.kind} hire={h} kind={open.kind} />
      ) : (
        open && <p>Only {h.managerName}, who manages this hire, records the {CHECKIN_LABELS[open.kind].toLowerCase()}.</p>
      )}
      {h.checkins.flatMap((c) => [
        c.checkin && <RecordedCheckin key={c.kind} hire={h} checkin={c.checkin} title={`${CHECKIN_LABELS[c.kind]} as recorded`} />,
        ...c.duplicates.map((d) => (
          <RecordedCheckin
            key={d.id}
            hire={h}
            checkin={d}
            title={`${CHECKIN_LABELS[c.kind]} also recorded ${formatTime(d.recordedAt)} on another device`}
            words="Two devices recorded this check-in at the same time; both are kept. Only the first is counted in what predicts."
          />
        )),
      ])}
    </section>
  );
}

const duplicateWords = (n: number) => (n === 1 ? 'kept below, not counted' : `${n} kept below, not counted`);

function RecordedCheckin({ hire, checkin, title, words }: { hire: HireCheckins; checkin: Checkin; title: string; words?: string }) {
  const rating = new Map(checkin.ratings.map((r) => [r.principleId, r.rating]));
  return (
    <section className="card" aria-label={title}>
      <h2>{title}</h2>
      {words && <p className="field-hint">{words}</p>}
      <dl className="checkin-ratings">
        {hire.principles.map((p) => {
          const r = rating.get(p.principleId);
          return (
            <div key={p.principleId}>
              <dt>{p.name}</dt>
              <dd>{r ? `${r} — ${p.anchors[r - 1] || ''}` : 'Not observed'}</dd>
            </div>
          );
        })}
      </dl>
      {checkin.note && <p>{checkin.note}</p>}
    </section>
  );
}

function AssignManager({ hire }: { hire: HireCheckins }) {
  // Filtered outside the selector: a new array from the selector on every read would re-render without end.
  const members = useTeam((s) => s.members).filter((m) => m.status === 'active');
  const assign = useApiMutation('checkins.assignManager');
  const [managerId, setManagerId] = useState(hire.managerId);
  const [message, setMessage] = useState<string | null>(null);
  return (
    <form
      className="assign-manager"
      onSubmit={(e) => {
        e.preventDefault();
        void assign({ loopId: hire.loopId, managerId }).then((r) => setMessage(r.ok ? 'Saved.' : r.error.message));
      }}
    >
      <label>
        Manager of this hire{' '}
        <select value={managerId} onChange={(e) => setManagerId(e.target.value)}>
          {members.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
      </label>{' '}
      <button type="submit" disabled={managerId === hire.managerId}>
        Assign
      </button>
      {message && (
        <span role="status" className="muted">
          {' '}
          {message}
        </span>
      )}
    </form>
  );
}
