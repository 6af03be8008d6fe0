import { COVERAGE_MINIMUM } from '../../../core/api/contract/questions';
import { useApiQuery } from '../../data/useApi';

/** Active behavioural questions per principle; a principle with fewer than the minimum is flagged. */
export function CoveragePanel({ onPick }: { onPick(principleId: string): void }) {
  const coverage = useApiQuery('questions.coverage', undefined).data ?? [];
  const thin = coverage.filter((c) => c.thin).length;
  return (
    <section className="coverage" aria-labelledby="coverage-title">
      <h2 id="coverage-title">Coverage</h2>
      <p className="field-hint">
        Behavioural questions per principle. Aim for at least {COVERAGE_MINIMUM} each, so kits can rotate questions.
        {thin > 0 && ` ${thin} ${thin === 1 ? 'principle needs' : 'principles need'} more.`}
      </p>
      {coverage.length === 0 && <p className="empty">Add principles to see coverage.</p>}
      <table>
        <thead>
          <tr>
            <th scope="col">Principle</th>
            <th scope="col">Behavioural</th>
            <th scope="col">Hypothetical</th>
          </tr>
        </thead>
        <tbody>
          {coverage.map((c) => (
            <tr key={c.principleId} className={c.thin ? 'thin' : undefined}>
              <th scope="row">
                <button type="button" className="link" onClick={() => onPick(c.principleId)} aria-label={`Show questions for ${c.name}`}>
                  {c.name}
                </button>
                {c.thin && <span className="badge badge-warning">Needs questions</span>}
              </th>
              <td>{c.behavioural}</td>
              <td>{c.hypothetical}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
