import type { CheckFinding } from '../../../core/rules/planTypes';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

const KIND_LABEL = { blocker: 'Blocker', warning: 'Warning', info: 'Note' } as const;

/** The planning checks, live: the same pure function the API enforces when the loop is planned. */
export function PlanChecks({ checks, principleName }: { checks: readonly CheckFinding[]; principleName(id: string): string }) {
  const count = (kind: CheckFinding['kind']) => checks.filter((c) => c.kind === kind).length;
  return (
    <section className="plan-checks" aria-labelledby="checks-title">
      <h2 id="checks-title">Checks</h2>
      <p role="status" className={count('blocker') ? 'checks-blocked' : 'checks-ok'}>
        {checks.length === 0
          ? 'Every check passes.'
          : `${plural(count('blocker'), 'blocker')}, ${plural(count('warning'), 'warning')}, ${plural(count('info'), 'note')}`}
      </p>
      <ul aria-label="Planning checks">
        {checks.map((c, i) => (
          <li key={`${c.check}-${i}`} className={`finding finding-${c.kind === 'blocker' ? 'error' : c.kind}`}>
            <span className={`badge badge-${c.kind === 'blocker' ? 'error' : c.kind}`}>{KIND_LABEL[c.kind]}</span> {c.message}
            {c.principleId && c.check === 'focus-uncovered' && <span className="sr-only"> ({principleName(c.principleId)})</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
