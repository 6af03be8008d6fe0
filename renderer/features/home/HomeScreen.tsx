import { Link } from '../../routing/Link';
import { to } from '../../routing/routes';
import type { Home } from '../../../core/api/contract/loops';
import { CHECKIN_LABELS } from '../../../core/rules/hireCheckins';
import { formatTime } from '../../components/format';
import { LoadFailed, Loading } from '../../data/QueryState';
import { useApiQueries, useApiQuery } from '../../data/useApi';
import { useTeam } from '../../stores/team';
import { CandidateName } from '../../components/candidateName';

type MyLoop = Home['myLoops'][number];

/** Interviewing loops I lead or decide whose feedback is all in: the debrief is waiting to be opened. */
function useReadyForDebrief(loops: readonly MyLoop[]): Set<string> | null {
  const asking = loops.filter((l) => l.status === 'interviewing' && /bar raiser|hiring manager/.test(l.myPart));
  const statuses = useApiQueries(
    'feedback.status',
    asking.map((l) => ({ loopId: l.id })),
  );
  if (statuses.some((q) => q.isPending)) return null;
  return new Set(
    asking.flatMap((l, i) => {
      const interviewers = (statuses[i]?.data ?? []).filter((p) => p.part === 'interviewer');
      return interviewers.length > 0 && interviewers.every((p) => p.state === 'submitted') ? [l.id] : [];
    }),
  );
}

export function HomeScreen() {
  const members = useTeam((s) => s.members);
  const homeQuery = useApiQuery('home.get', undefined);
  const owedQuery = useApiQuery('feedback.owed', undefined);
  const owed = owedQuery.data;
  const home = homeQuery.data;
  const ready = useReadyForDebrief(home?.myLoops ?? []);
  if (homeQuery.isError) return <LoadFailed error={homeQuery.error} retry={() => void homeQuery.refetch()} />;
  // Each card as its read arrives, so the screen is usable before the slowest read; a card still being read is
  // busy rather than empty, so no list flashes "nothing owed" before its answer.
  if (!home) return <Loading />;
  const me = members.find((m) => m.id === home.me);
  const waiting = ready ? home.myLoops.filter((l) => l.status === 'debrief' || ready.has(l.id)) : null;

  return (
    <section className="single wide" aria-labelledby="home-title">
      <h1 id="home-title">{me ? `Hello, ${me.name}` : 'Home'}</h1>
      {!home.me && (
        <p className="notice-inline">
          Choose who you are so Principled can show your interviews.{' '}
          <Link to={to.screen('settings')} className="link">
            Open Settings
          </Link>
        </p>
      )}
      <div className="home-grid">
        <section aria-labelledby="next-title" className="card">
          <h2 id="next-title">My next interviews</h2>
          {home.nextInterviews.length === 0 && <p className="empty">Nothing scheduled for you.</p>}
          <ul className="plain">
            {home.nextInterviews.map((i) => (
              <li key={i.slotId}>
                <Link to={to.kit(i.loopId, i.slotId)} className="link">
                  {i.slotTitle} with <CandidateName name={i.candidateName} />
                </Link>{' '}
                <span className="muted">
                  {i.roleTitle} · {i.startsAt ? formatTime(i.startsAt) : 'not scheduled'}
                </span>
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="owed-title" className="card">
          <h2 id="owed-title">Feedback I owe</h2>
          {owedQuery.isError && <p role="alert">{owedQuery.error.message}</p>}
          {!owed && !owedQuery.isError && <p className="muted" aria-busy="true">Reading…</p>}
          {owed?.length === 0 && <p className="empty">You owe no feedback.</p>}
          <ul className="plain" aria-labelledby="owed-title">
            {owed?.map((o) => (
              <li key={`${o.loopId}-${o.slotId ?? 'shadow'}`} className={o.state === 'overdue' ? 'overdue' : undefined}>
                <Link to={to.feedback(o.loopId)} className="link">
                  {o.slotTitle} with <CandidateName name={o.candidateName} />
                </Link>{' '}
                {o.state === 'overdue' && <span className="badge badge-overdue">Overdue</span>}{' '}
                <span className={o.state === 'overdue' ? 'due-overdue' : 'muted'}>
                  {o.roleTitle} · {o.dueAt ? `${o.state === 'overdue' ? 'was due' : 'due'} ${formatTime(o.dueAt)}` : 'no due time yet'}
                  {o.state === 'not-due-yet' ? ' · interview still to come' : ''}
                </span>
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="waiting-title" className="card">
          <h2 id="waiting-title">Waiting for a debrief or decision</h2>
          {!waiting && <p className="muted" aria-busy="true">Reading…</p>}
          {waiting?.length === 0 && <p className="empty">No loop is waiting for a debrief or a decision.</p>}
          <ul className="plain" aria-labelledby="waiting-title">
            {waiting?.map((l) => (
              <li key={l.id}>
                <Link to={to.debrief(l.id)} className="link">
                  <CandidateName name={l.candidateName} /> — {l.roleTitle}
                </Link>{' '}
                <span className="muted">
                  {l.status === 'debrief' ? 'debrief open, waiting for a decision' : 'all feedback in, ready for the debrief'} · {l.myPart}
                </span>
              </li>
            ))}
          </ul>
        </section>
        {home.checkinsDue.length > 0 && (
          <section aria-labelledby="checkins-title" className="card">
            <h2 id="checkins-title">Check-ins due on my hires</h2>
            <ul className="plain" aria-labelledby="checkins-title">
              {home.checkinsDue.map((c) => (
                <li key={`${c.loopId}-${c.kind}`} className={c.state === 'overdue' ? 'overdue' : undefined}>
                  <Link to={to.checkins(c.loopId)} className="link">
                    {CHECKIN_LABELS[c.kind]} for <CandidateName name={c.candidateName} />
                  </Link>{' '}
                  {c.state === 'overdue' && <span className="badge badge-overdue">Overdue</span>}{' '}
                  <span className={c.state === 'overdue' ? 'due-overdue' : 'muted'}>
                    {c.roleTitle} · {c.state === 'overdue' ? 'was due' : 'due'} {formatTime(c.dueAt)}
                  </span>
                </li>
              ))}
            </ul>
          </section>
        )}
        <section aria-labelledby="myloops-title" className="card">
          <h2 id="myloops-title">Loops I'm part of</h2>
          {home.myLoops.length === 0 && <p className="empty">No open loops.</p>}
          <ul className="plain">
            {home.myLoops.map((l) => (
              <li key={l.id}>
                <Link to={to.loop(l.id)} className="link">
                  <CandidateName name={l.candidateName} /> — {l.roleTitle}
                </Link>{' '}
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
              <Link to={to.screen('questions')} className="link">
                Add questions
              </Link>
            </p>
          )}
        </section>
      </div>
    </section>
  );
}
