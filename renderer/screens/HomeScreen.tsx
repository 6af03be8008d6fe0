import { useEffect, useState } from 'react';
import type { Home } from '../../core/api/contract/loops';
import { api } from '../api/transport';
import { formatTime } from '../components/format';
import { useApp } from '../stores/app';
import { useTeam } from '../stores/team';

export function HomeScreen() {
  const { go, notify } = useApp();
  const members = useTeam((s) => s.members);
  const [home, setHome] = useState<Home | null>(null);
  useEffect(() => {
    void api.call('home.get').then((r) => {
      if (r.ok) setHome(r.value);
      else notify('error', r.error.message);
    });
  }, [notify]);
  if (!home) return <section className="single" aria-busy="true" />;
  const me = members.find((m) => m.id === home.me);

  return (
    <section className="single wide" aria-labelledby="home-title">
      <h1 id="home-title">{me ? `Hello, ${me.name}` : 'Home'}</h1>
      {!home.me && (
        <p className="notice-inline">
          Choose who you are so Principled can show your interviews.{' '}
          <button type="button" className="link" onClick={() => go('settings')}>
            Open Settings
          </button>
        </p>
      )}
      <div className="home-grid">
        <section aria-labelledby="next-title" className="card">
          <h2 id="next-title">My next interviews</h2>
          {home.nextInterviews.length === 0 && <p className="empty">Nothing scheduled for you.</p>}
          <ul className="plain">
            {home.nextInterviews.map((i) => (
              <li key={i.slotId}>
                <button type="button" className="link" onClick={() => go({ screen: 'loops', id: i.loopId, sub: 'kit', subId: i.slotId })}>
                  {i.slotTitle} with {i.candidateName}
                </button>{' '}
                <span className="muted">
                  {i.roleTitle} · {i.startsAt ? formatTime(i.startsAt) : 'not scheduled'}
                </span>
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="myloops-title" className="card">
          <h2 id="myloops-title">Loops I'm part of</h2>
          {home.myLoops.length === 0 && <p className="empty">No open loops.</p>}
          <ul className="plain">
            {home.myLoops.map((l) => (
              <li key={l.id}>
                <button type="button" className="link" onClick={() => go({ screen: 'loops', id: l.id })}>
                  {l.candidateName} — {l.roleTitle}
                </button>{' '}
                <span className="muted">
                  {l.status} · {l.myPart}
                </span>
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="health-title" className="card">
          <h2 id="health-title">Culture health</h2>
          {home.thinPrinciples === 0 ? (
            <p>Every principle has at least three behavioural questions.</p>
          ) : (
            <p>
              {home.thinPrinciples} {home.thinPrinciples === 1 ? 'principle has' : 'principles have'} fewer than three behavioural
              questions.{' '}
              <button type="button" className="link" onClick={() => go('questions')}>
                Add questions
              </button>
            </p>
          )}
        </section>
      </div>
    </section>
  );
}
