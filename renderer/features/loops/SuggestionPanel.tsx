import type { SuggestedLoopPlan } from '../../../core/api/contract/loops';

/** A suggested plan with the reasons for it, and what no plan can fix; applying it only fills the form. */
export function SuggestionPanel({ suggestion, onApply, onDismiss }: { suggestion: SuggestedLoopPlan; onApply(): void; onDismiss(): void }) {
  return (
    <section className="suggestion-panel" aria-label="Suggested plan">
      <h2>Suggested plan</h2>
      <ul>
        {suggestion.explanations.map((e, i) => (
          <li key={i}>{e}</li>
        ))}
      </ul>
      {suggestion.unresolved.length > 0 && (
        <>
          <h3>What no plan can fix</h3>
          <ul className="unresolved">
            {suggestion.unresolved.map((u, i) => (
              <li key={i}>{u}</li>
            ))}
          </ul>
        </>
      )}
      <div className="actions">
        <button type="button" className="primary" onClick={onApply}>
          Apply suggestion
        </button>
        <button type="button" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
    </section>
  );
}
