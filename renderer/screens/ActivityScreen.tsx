import { useEffect, useState } from 'react';
import type { ActivityEntry } from '../../core/api/contract/activity';
import { api } from '../api/transport';
import { formatActor, formatTime } from '../components/format';
import { useApp } from '../stores/app';

export function ActivityScreen() {
  const [entries, setEntries] = useState<ActivityEntry[] | null>(null);
  const notify = useApp((s) => s.notify);
  useEffect(() => {
    void api.call('activity.list', { limit: 200 }).then((r) => {
      if (r.ok) setEntries(r.value);
      else notify('error', r.error.message);
    });
  }, [notify]);
  return (
    <section className="single" aria-labelledby="activity-title">
      <h1 id="activity-title">Activity</h1>
      <p className="lead">Every change to this workspace, newest first.</p>
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
