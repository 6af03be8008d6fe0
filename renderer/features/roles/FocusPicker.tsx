import type { Principle } from '../../../core/api/contract/principles';
import { firstUnder, type FieldErrors } from '../../api/fieldErrors';
import { moved } from './roleForm';

interface Props {
  /** The chosen ones, most important first. */
  focusPrincipleIds: readonly string[];
  /** Active principles, for the "nothing written yet" hint. */
  principles: readonly Principle[];
  /** Active principles not chosen yet, offered below the chosen ones. */
  unchosen: readonly Principle[];
  byId: ReadonlyMap<string, Principle>;
  errors: FieldErrors;
  onChange(ids: string[]): void;
}

/** The role's focus principles: tick to include, arrows to order; archived ones stay listed until removed. */
export function FocusPicker({ focusPrincipleIds, principles, unchosen, byId, errors, onChange }: Props) {
  const focusError = firstUnder(errors, 'focusPrincipleIds');
  const toggle = (id: string, on: boolean) => onChange(on ? [...focusPrincipleIds, id] : focusPrincipleIds.filter((p) => p !== id));
  return (
    <fieldset className={`focus-picker${focusError ? ' field-invalid' : ''}`}>
      <legend>Focus principles</legend>
      <p className="field-hint">
        Every candidate for this role is judged on these, most important first. Tick to include; use the arrows to order them.
      </p>
      {principles.length === 0 && <p className="field-hint">Write your principles first, on the Principles screen.</p>}
      {focusPrincipleIds.length > 0 && (
        <ol className="focus-order" aria-label="Chosen focus principles, in order">
          {focusPrincipleIds.map((id, index) => {
            const p = byId.get(id);
            const name = p?.name ?? 'Unknown principle';
            const err = errors[`focusPrincipleIds.${index}`];
            return (
              <li key={id}>
                <span className="focus-rank" aria-hidden="true">
                  {index + 1}
                </span>
                <label className="check">
                  <input type="checkbox" checked onChange={() => toggle(id, false)} /> {name}
                </label>
                {p?.status === 'archived' && <span className="badge badge-warning">Archived — remove it</span>}
                <span className="row-actions">
                  <button
                    type="button"
                    aria-label={`Move ${name} up in focus`}
                    disabled={index === 0}
                    onClick={() => onChange(moved(focusPrincipleIds, index, -1))}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    aria-label={`Move ${name} down in focus`}
                    disabled={index === focusPrincipleIds.length - 1}
                    onClick={() => onChange(moved(focusPrincipleIds, index, 1))}
                  >
                    ↓
                  </button>
                </span>
                {err && (
                  <div className="field-error" role="alert">
                    {err}
                  </div>
                )}
              </li>
            );
          })}
        </ol>
      )}
      {unchosen.length > 0 && (
        <ul className="focus-rest" aria-label="Other principles">
          {unchosen.map((p) => (
            <li key={p.id}>
              <label className="check">
                <input type="checkbox" checked={false} onChange={() => toggle(p.id, true)} /> {p.name}
              </label>
            </li>
          ))}
        </ul>
      )}
      {focusError && !Object.keys(errors).some((k) => /^focusPrincipleIds\.\d+$/.test(k)) && (
        <div className="field-error" role="alert">
          {focusError}
        </div>
      )}
    </fieldset>
  );
}
