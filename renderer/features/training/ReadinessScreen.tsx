import { useApiQuery } from '../../data/useApi';
import { Link } from '../../routing/Link';
import { to } from '../../routing/routes';

const PATH_NAME = { interviewer: 'Interviewer', bar_raiser: 'Bar raiser' } as const;

/** The team's readiness to interview without the founders: who is trained, who carries the load, who is on the way. */
export function ReadinessScreen() {
  const readiness = useApiQuery('training.readiness', undefined);
  const r = readiness.data;
  return (
    <section className="single readiness" aria-labelledby="readiness-title">
      <h1 id="readiness-title">Readiness</h1>
      {!r ? (
        <p>{readiness.error ? readiness.error.message : 'Loading…'}</p>
      ) : (
        <>
          <p className="lead bottleneck">{r.bottleneck}.</p>
          <p className="founder-rule">{r.founderRule.summary}</p>

          <h2>People in training</h2>
          {r.inTraining.length === 0 ? (
            <p>Nobody is in training. Make someone a bar raiser in training on their Team record, or have a newcomer shadow a loop.</p>
          ) : (
            <table className="grid" aria-label="People in training">
              <thead>
                <tr>
                  <th scope="col">Person</th>
                  <th scope="col">Path</th>
                  <th scope="col">Stage</th>
                  <th scope="col">Still needs</th>
                </tr>
              </thead>
              <tbody>
                {r.inTraining.map((p) => (
                  <tr key={`${p.memberId}/${p.path}`}>
                    <td>
                      <Link to={to.record('team', p.memberId)} className="link">
                        {p.name}
                      </Link>
                    </td>
                    <td>{PATH_NAME[p.path]}</td>
                    <td>{p.stageLabel}</td>
                    <td>{p.needs.join('; ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}

          <h2>Ready to take over from the founders</h2>
          {r.readyToTakeOver.length === 0 ? (
            <p>Nobody outside the founders can raise the bar yet.</p>
          ) : (
            <ul className="take-over">
              {r.readyToTakeOver.map((p) => (
                <li key={p.memberId}>
                  <Link to={to.record('team', p.memberId)} className="link">
                    {p.name}
                  </Link>
                  : {p.why}
                </li>
              ))}
            </ul>
          )}

          <h2>Bar raisers per team</h2>
          <p className="field-hint">The team named on each person, and this month&apos;s loops for the roles of that team.</p>
          <table className="grid" aria-label="Bar raisers per team">
            <thead>
              <tr>
                <th scope="col">Team</th>
                <th scope="col">Bar raisers</th>
                <th scope="col">Loops this month</th>
              </tr>
            </thead>
            <tbody>
              {r.teams.map((t) => (
                <tr key={t.team}>
                  <td>{t.team || 'No team'}</td>
                  <td>{t.barRaisers}</td>
                  <td>{t.loopsThisMonth}</td>
                </tr>
              ))}
            </tbody>
          </table>

          <h2>Trained interviewers per principle</h2>
          <p className="field-hint">Active trained interviewers and bar raisers who have interviewed for the principle in a loop that started.</p>
          <table className="grid" aria-label="Trained interviewers per principle">
            <thead>
              <tr>
                <th scope="col">Principle</th>
                <th scope="col">Trained interviewers</th>
              </tr>
            </thead>
            <tbody>
              {r.principles.map((p) => (
                <tr key={p.principleId}>
                  <td>{p.name}</td>
                  <td>{p.trainedInterviewers}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
