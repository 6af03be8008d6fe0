import { templateCoverage, templateFindings, type TemplateFinding } from '../../../core/rules/templateCoverage';
import type { SlotForm } from './roleForm';

const KIND_LABELS: Record<TemplateFinding['kind'], string> = { blocker: 'Blocker', warning: 'Warning', info: 'Info' };
const KIND_BADGES: Record<TemplateFinding['kind'], string> = { blocker: 'badge-error', warning: 'badge-warning', info: 'badge-info' };

/** Which slot owns each focus principle, recomputed as the template is edited. */
export function TemplateCoverageCheck({
  focusPrincipleIds,
  template,
  nameOf,
}: {
  focusPrincipleIds: readonly string[];
  template: readonly SlotForm[];
  nameOf(id: string): string;
}) {
  const rows = templateCoverage(focusPrincipleIds, template);
  const findings = templateFindings(focusPrincipleIds, template, nameOf);
  const blockers = findings.filter((f) => f.kind === 'blocker').length;
  const warnings = findings.filter((f) => f.kind === 'warning').length;
  return (
    <section className="coverage-check" aria-labelledby="coverage-check-title">
      <h4 id="coverage-check-title">Coverage check</h4>
      <p className={blockers ? 'checks-blocked' : focusPrincipleIds.length === 0 ? 'muted' : 'checks-ok'} aria-live="polite">
        {blockers
          ? `${blockers === 1 ? '1 focus principle is' : `${blockers} focus principles are`} not covered`
          : focusPrincipleIds.length === 0
            ? 'Choose focus principles to check them.'
            : 'Every focus principle is covered'}
        {warnings > 0 && ` · ${warnings === 1 ? '1 warning' : `${warnings} warnings`}`}
      </p>
      {rows.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Focus principle</th>
              <th scope="col">Owned by</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.principleId} className={row.slots.length === 0 ? 'uncovered' : undefined}>
                <th scope="row">{nameOf(row.principleId)}</th>
                <td>
                  {row.slots.length === 0 ? (
                    <span className="badge badge-error">Not covered by any slot</span>
                  ) : (
                    row.slots.map((i) => `Slot ${i + 1}`).join(', ')
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {findings.length > 0 && (
        <ul className="coverage-findings" aria-label="Coverage findings">
          {findings.map((f) => (
            <li key={`${f.check}.${f.principleId ?? ''}.${f.slot ?? ''}`} className={`finding finding-${f.kind === 'blocker' ? 'error' : f.kind}`}>
              <span className={`badge ${KIND_BADGES[f.kind]}`}>{KIND_LABELS[f.kind]}</span> {f.message}
            </li>
          ))}
        </ul>
      )}
      {blockers > 0 && (
        <p className="field-hint">You can save the role now; loops planned from it stay blocked until every focus principle is covered.</p>
      )}
    </section>
  );
}
