import { useEffect } from 'react';
import { formatActor, formatTime } from '../../components/format';
import { useApiQuery } from '../../data/useApi';
import { useApp } from '../../stores/app';
import { LogCheck } from './LogCheck';

export function ActivityScreen() {
  const listed = useApiQuery('activity.list', { limit: 200 });
  const entries = listed.data ?? null;
  const notify = useApp((s) => s.notify);
  useEffect(() => {
    if (listed.error) notify('error', listed.error.message);
  }, [listed.error, notify]);
  return (
    <section className="single" aria-labelledby="activity-title">
      <h1 id="activity-title">Activity</h1>
      <p className="lead">Every change to this workspace, newest first.</p>
      <LogCheck />
      {entries === null ? (
        <p>Loading…</p>
      ) : (
        <ol className="activity">
          {entries.map((e) => (
            <li key={e.id}>
              <time dateTime={e.at}>{formatTime(e.at)}</time> <span className="actor">{formatActor(e.actor)}</span> {e.summary}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
