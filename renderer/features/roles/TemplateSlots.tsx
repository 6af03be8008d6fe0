import { useState } from 'react';
import { LIMITS } from '../../../core/api/contract/limits';
import type { Principle } from '../../../core/api/contract/principles';
import { MAX_PRINCIPLES_PER_SLOT } from '../../../core/rules/loopChecks';
import { slotName } from '../../../core/rules/templateCoverage';
import { firstUnder, type FieldErrors } from '../../api/fieldErrors';
import { Control } from '../../components/Control';
import { Field } from '../../components/Field';
import { moved, slotKey, type SlotForm } from './roleForm';

interface Props {
  template: readonly SlotForm[];
  focusPrincipleIds: readonly string[];
  /** Principles offered to each slot: focus ones first, then the other active ones. */
  choices: readonly Principle[];
  byId: ReadonlyMap<string, Principle>;
  errors: FieldErrors;
  /** One slot's fields; `errorPath` names the field whose error the edit clears. */
  setSlot(index: number, patch: Partial<SlotForm>, errorPath: string): void;
  setTemplate(template: SlotForm[]): void;
}

/** The role's loop template: one card per interview, with its title, length and the principles it owns. */
export function TemplateSlots({ template, focusPrincipleIds, choices, byId, errors, setSlot, setTemplate }: Props) {
  // The slot just added takes the focus, so its title can be typed at once.
  const [addedSlot, setAddedSlot] = useState<string | null>(null);
  const nameOf = (id: string) => byId.get(id)?.name ?? 'Unknown principle';
  return (
    <div className="template-slots">
      {template.length === 0 && <p className="empty">No interviews yet. Add the first slot.</p>}
      <ol className="template-list">
        {template.map((slot, index) => {
          const n = index + 1;
          const path = `template.${index}`;
          const principlesError = firstUnder(errors, `${path}.principleIds`);
          const count = new Set(slot.principleIds).size;
          const togglePrinciple = (id: string, on: boolean) =>
            setSlot(index, { principleIds: on ? [...slot.principleIds, id] : slot.principleIds.filter((x) => x !== id) }, 'principleIds');
          return (
            <li key={slot.key} className={`template-slot${firstUnder(errors, path) ? ' slot-invalid' : ''}`}>
              <div className="slot-head">
                <h4>{slotName(template, index)}</h4>
                <span className="row-actions">
                  <button type="button" aria-label={`Move slot ${n} up`} disabled={index === 0} onClick={() => setTemplate(moved(template, index, -1))}>
                    ↑
                  </button>
                  <button
                    type="button"
                    aria-label={`Move slot ${n} down`}
                    disabled={index === template.length - 1}
                    onClick={() => setTemplate(moved(template, index, 1))}
                  >
                    ↓
                  </button>
                  <button type="button" aria-label={`Remove slot ${n}`} onClick={() => setTemplate(template.filter((_, i) => i !== index))}>
                    Remove
                  </button>
                </span>
              </div>
              <div className="slot-fields">
                <Field
                  label={`Slot ${n} title`}
                  value={slot.title}
                  onChange={(v) => setSlot(index, { title: v }, 'title')}
                  error={errors[`${path}.title`]}
                  max={LIMITS.shortText}
                  autoFocus={slot.key === addedSlot}
                  placeholder="e.g. Past projects"
                />
                <Control label={`Slot ${n} duration (minutes)`} error={errors[`${path}.durationMinutes`]}>
                  {(p) => (
                    <input
                      {...p}
                      type="number"
                      inputMode="numeric"
                      min={10}
                      max={240}
                      step={5}
                      value={slot.durationMinutes}
                      onChange={(e) => setSlot(index, { durationMinutes: e.target.value }, 'durationMinutes')}
                    />
                  )}
                </Control>
              </div>
              <fieldset className={`slot-principle-picker${principlesError ? ' field-invalid' : ''}`}>
                <legend>Slot {n} principles</legend>
                {choices.map((p) => (
                  <label key={p.id} className={`check${focusPrincipleIds.includes(p.id) ? ' focus' : ''}`}>
                    <input type="checkbox" checked={slot.principleIds.includes(p.id)} onChange={(e) => togglePrinciple(p.id, e.target.checked)} />{' '}
                    {p.name}
                  </label>
                ))}
                {slot.principleIds
                  .filter((id) => byId.get(id)?.status !== 'active')
                  .map((id) => (
                    <label key={id} className="check">
                      <input type="checkbox" checked onChange={() => togglePrinciple(id, false)} /> {nameOf(id)}{' '}
                      <span className="badge badge-warning">Archived — remove it</span>
                    </label>
                  ))}
                <span className={`slot-count${count === 0 || count > MAX_PRINCIPLES_PER_SLOT ? ' slot-count-off' : ''}`}>
                  {count} of 1–{MAX_PRINCIPLES_PER_SLOT} chosen
                </span>
                {principlesError && (
                  <div className="field-error" role="alert">
                    {principlesError}
                  </div>
                )}
              </fieldset>
              {errors[path] && (
                <div className="field-error" role="alert">
                  {errors[path]}
                </div>
              )}
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        disabled={template.length >= LIMITS.slots}
        onClick={() => {
          const key = slotKey();
          setAddedSlot(key);
          setTemplate([...template, { key, title: '', durationMinutes: '45', principleIds: [] }]);
        }}
      >
        Add slot
      </button>
      {errors.template && (
        <div className="field-error" role="alert">
          {errors.template}
        </div>
      )}
    </div>
  );
}
