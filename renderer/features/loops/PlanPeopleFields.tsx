import type { TeamMemberName } from '../../../core/api/contract/team';
import type { PlanForm } from './planForm';

interface Props {
  form: PlanForm;
  set(patch: Partial<PlanForm>): void;
  /** Active team members. */
  people: readonly TeamMemberName[];
  disabled: boolean;
}

/** Who runs the loop: hiring manager, bar raiser (trained ones first) and shadows in training. */
export function PlanPeopleFields({ form, set, people, disabled }: Props) {
  const barRaisers = [...people].sort((a, b) => Number(b.capabilities.includes('bar_raiser')) - Number(a.capabilities.includes('bar_raiser')));
  return (
    <fieldset disabled={disabled} className="plan-people">
      <legend>People</legend>
      <label>
        Hiring manager
        <select value={form.hiringManagerId} onChange={(e) => set({ hiringManagerId: e.target.value })}>
          <option value="">Not chosen</option>
          {people.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Bar raiser
        <select value={form.barRaiserId} onChange={(e) => set({ barRaiserId: e.target.value })}>
          <option value="">Not chosen</option>
          {barRaisers.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
              {m.capabilities.includes('bar_raiser') ? ' (bar raiser)' : ''}
            </option>
          ))}
        </select>
      </label>
      <div className="shadows" role="group" aria-label="Shadows">
        <span className="group-label">Shadows (in training; their feedback never counts)</span>
        {people
          .filter((m) => m.capabilities.includes('bar_raiser_in_training') || form.shadowIds.includes(m.id))
          .map((m) => (
            <label key={m.id} className="check">
              <input
                type="checkbox"
                checked={form.shadowIds.includes(m.id)}
                onChange={(e) => set({ shadowIds: e.target.checked ? [...form.shadowIds, m.id] : form.shadowIds.filter((id) => id !== m.id) })}
              />
              {m.name}
            </label>
          ))}
      </div>
    </fieldset>
  );
}
