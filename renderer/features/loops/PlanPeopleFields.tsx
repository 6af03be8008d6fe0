import { useMemo } from 'react';
import type { TeamMemberName } from '../../../core/api/contract/team';
import { LabelledCombobox } from '../../components/Combobox';
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
  const managers = useMemo(() => people.map((m) => ({ value: m.id, label: m.name })), [people]);
  const barRaisers = useMemo(
    () =>
      [...people]
        .sort((a, b) => Number(b.capabilities.includes('bar_raiser')) - Number(a.capabilities.includes('bar_raiser')))
        .map((m) => ({ value: m.id, label: m.name, ...(m.capabilities.includes('bar_raiser') ? { hint: '(bar raiser)' } : {}) })),
    [people],
  );
  return (
    <fieldset disabled={disabled} className="plan-people">
      <legend>People</legend>
      <LabelledCombobox
        label="Hiring manager"
        options={managers}
        value={form.hiringManagerId}
        onChange={(hiringManagerId) => set({ hiringManagerId })}
        emptyLabel="Not chosen"
      />
      <LabelledCombobox
        label="Bar raiser"
        options={barRaisers}
        value={form.barRaiserId}
        onChange={(barRaiserId) => set({ barRaiserId })}
        emptyLabel="Not chosen"
      />
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
