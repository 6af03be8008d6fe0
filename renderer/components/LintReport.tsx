import { Fragment } from 'react';
import type { LintFinding } from '../../core/rules/questionLinter';

/** The question with each finding's span highlighted, so the user sees which words the linter means. */
export function LintHighlight({ text, findings }: { text: string; findings: readonly LintFinding[] }) {
  const spans = [...findings].sort((a, b) => a.start - b.start);
  const parts: { text: string; finding?: LintFinding }[] = [];
  let at = 0;
  for (const f of spans) {
    if (f.start < at) continue; // overlapping spans: the first one is enough to draw the eye
    if (f.start > at) parts.push({ text: text.slice(at, f.start) });
    parts.push({ text: text.slice(f.start, f.end), finding: f });
    at = f.end;
  }
  if (at < text.length) parts.push({ text: text.slice(at) });
  return (
    <p className="lint-highlight" aria-label="Question with highlighted problems">
      {parts.map((p, i) =>
        p.finding ? (
          <mark key={i} className={`lint-${p.finding.severity}`} title={p.finding.message}>
            {p.text}
          </mark>
        ) : (
          <Fragment key={i}>{p.text}</Fragment>
        ),
      )}
    </p>
  );
}

export function LintFindings({ findings, onUseSuggestion }: { findings: readonly LintFinding[]; onUseSuggestion(text: string): void }) {
  if (findings.length === 0) {
    return (
      <p className="lint-clean" role="status">
        No problems found: this asks for real past behaviour.
      </p>
    );
  }
  return (
    <ul className="lint-findings" aria-label="Linter findings" aria-live="polite">
      {findings.map((f, i) => (
        <li key={`${f.rule}-${f.start}-${i}`} className={`finding finding-${f.severity}`}>
          <span className={`badge badge-${f.severity}`}>{f.severity === 'error' ? 'Error' : f.severity === 'warning' ? 'Warning' : 'Note'}</span>{' '}
          <strong>{f.rule}</strong>: {f.message}
          {f.suggestion && (
            <div className="suggestion">
              Suggested: “{f.suggestion}”{' '}
              <button type="button" onClick={() => onUseSuggestion(f.suggestion ?? '')}>
                Use suggestion
              </button>
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}
