import { Link } from '../../routing/Link';
import { to } from '../../routing/routes';
import { useState } from 'react';
import { RetentionInput, type RetentionItem } from '../../../core/api/contract/privacy';
import { fieldErrorsFromApi, fieldErrorsFromSchema } from '../../api/fieldErrors';
import { api } from '../../api/transport';
import { Control } from '../../components/Control';
import { formatDay, numberFrom } from '../../components/format';
import { CandidateName } from '../../components/candidateName';

/** The local calendar day of a stored time, for formatDay. */
const localDay = (iso: string) => {
  const d = new Date(iso);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/** Candidates with no activity for N months, listed for someone to review (and erase, from the candidate's page). */
export function RetentionSection() {
  const [months, setMonths] = useState('12');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  /** The answer, and the number of months it is for. */
  const [result, setResult] = useState<{ months: number; items: RetentionItem[] } | null>(null);

  async function show() {
    const input = { months: numberFrom(months) };
    const local = fieldErrorsFromSchema(RetentionInput, input).months;
    if (local) {
      setError(local);
      return;
    }
    setBusy(true);
    const r = await api.call('privacy.retention', input);
    setBusy(false);
    if (!r.ok) {
      setError(fieldErrorsFromApi(r.error).months ?? r.error.message);
      return;
    }
    setResult({ months: input.months, items: r.value });
  }

  const period = (n: number) => (n === 1 ? '1 month' : `${n} months`);

  return (
    <section className="settings-section retention" aria-labelledby="retention-title">
      <h2 id="retention-title">Retention</h2>
      <p className="field-hint">
        Keep candidates&apos; personal data no longer than you need it. List the candidates with no activity on them or their
        loops for a while, then open each to erase their personal data if you no longer need it.
      </p>
      <form
        className="retention-form"
        aria-label="Find candidates to review"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!busy) void show();
        }}
      >
        <Control label="Months without activity" error={error}>
          {(p) => (
            <input
              {...p}
              type="number"
              inputMode="numeric"
              min={1}
              step={1}
              value={months}
              onChange={(e) => {
                setMonths(e.target.value);
                setError(undefined);
              }}
            />
          )}
        </Control>
        <button type="submit" className="primary" disabled={busy}>
          Show candidates
        </button>
      </form>
      {result && (
        <>
          <p role="status" className="retention-count">
            {result.items.length === 0
              ? `No candidate has gone ${period(result.months)} without activity.`
              : `${result.items.length === 1 ? '1 candidate has' : `${result.items.length} candidates have`} had no activity for ${period(result.months)} or more, oldest first.`}
          </p>
          {result.items.length > 0 && (
            <ul className="entity-list" aria-label="Candidates to review">
              {result.items.map((c) => (
                <li key={c.id}>
                  <Link to={to.record('candidates', c.id)} className="entity-row">
                    <span className="entity-title">
                      <CandidateName name={c.name} />
                    </span>
                    <span className="entity-sub">Last activity {formatDay(localDay(c.lastActivityAt))}</span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
