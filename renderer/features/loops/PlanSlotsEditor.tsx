import { useMemo } from 'react';
import type { Principle } from '../../../core/api/contract/principles';
import type { TeamMemberName } from '../../../core/api/contract/team';
import type { FieldErrors } from '../../api/fieldErrors';
import { LabelledCombobox } from '../../components/Combobox';
import { Field } from '../../components/Field';
import { Link } from '../../routing/Link';
import { to } from '../../routing/routes';
import { blankSlot, isNewSlot, type SlotForm } from './planForm';

interface Props {
  loopId: string;
  slots: readonly SlotForm[];
  setSlots(update: (slots: SlotForm[]) => SlotForm[]): void;
  people: readonly TeamMemberName[];
  /** Active principles; the role's focus ones are marked. */
  principles: readonly Principle[];
  focusPrincipleIds: readonly string[];
  errors: FieldErrors;
  disabled: boolean;
  /** Kits are built from the saved plan, so their links show only while nothing is unsaved. */
  showKits: boolean;
  nameOf(id: string): string;
}

/** The loop's interviews as a form: title, length, interviewer, time and the principles each owns. */
export function PlanSlotsEditor({ loopId, slots, setSlots, people, principles, focusPrincipleIds, errors, disabled, showKits, nameOf }: Props) {
  const interviewers = useMemo(
    () => people.map((m) => ({ value: m.id, label: m.name, ...(m.capabilities.includes('interviewer') ? {} : { hint: '(not trained)' }) })),
    [people],
  );
  const setSlot = (index: number, patch: Partial<SlotForm>) => setSlots((all) => all.map((s, i) => (i === index ? { ...s, ...patch } : s)));
  return (
    <>
      <ol className="slots">
        {slots.map((slot, index) => (
          <li key={slot.id} className="slot">
            <fieldset disabled={disabled} aria-label={`Interview ${index + 1}`}>
              <div className="slot-row">
                <Field label={`Interview ${index + 1} title`} value={slot.title} onChange={(v) => setSlot(index, { title: v })} error={errors[`slots.${index}.title`]} />
                <label className="narrow">
                  Minutes
                  <input
                    type="number"
                    min={10}
                    max={240}
                    step={5}
                    value={slot.durationMinutes}
                    onChange={(e) => setSlot(index, { durationMinutes: e.target.value })}
                  />
                </label>
              </div>
              <div className="slot-row">
                <LabelledCombobox
                  label={`Interviewer for interview ${index + 1}`}
                  options={interviewers}
                  value={slot.interviewerId}
                  onChange={(interviewerId) => setSlot(index, { interviewerId })}
                  emptyLabel="Not chosen"
                />
                <LabelledCombobox
                  label={`Trainee leading interview ${index + 1} (reverse shadow)`}
                  options={interviewers}
                  value={slot.traineeId}
                  onChange={(traineeId) => setSlot(index, { traineeId })}
                  emptyLabel="None"
                />
                <label>
                  Starts at
                  <input type="datetime-local" value={slot.startsAt} onChange={(e) => setSlot(index, { startsAt: e.target.value })} />
                </label>
              </div>
              <div className="slot-principles" role="group" aria-label={`Principles for interview ${index + 1}`}>
                {principles.map((p) => (
                  <label key={p.id} className={`check${focusPrincipleIds.includes(p.id) ? ' focus' : ''}`}>
                    <input
                      type="checkbox"
                      checked={slot.principleIds.includes(p.id)}
                      onChange={(e) =>
                        setSlot(index, {
                          principleIds: e.target.checked ? [...slot.principleIds, p.id] : slot.principleIds.filter((id) => id !== p.id),
                        })
                      }
                    />
                    {p.name}
                  </label>
                ))}
              </div>
              {!disabled && (
                <button type="button" className="quiet" onClick={() => setSlots((all) => all.filter((_, i) => i !== index))}>
                  Remove interview {index + 1}
                </button>
              )}
            </fieldset>
            {showKits && !isNewSlot(slot.id) && (
              <Link to={to.kit(loopId, slot.id)} className="link">
                Open kit for {slot.title}
                {slot.interviewerId ? ` (${nameOf(slot.interviewerId)})` : ''}
              </Link>
            )}
          </li>
        ))}
      </ol>
      {!disabled && (
        <div className="actions">
          <button type="button" onClick={() => setSlots((all) => [...all, blankSlot()])}>
            Add interview
          </button>
        </div>
      )}
    </>
  );
}
