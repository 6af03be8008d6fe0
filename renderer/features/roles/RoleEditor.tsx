import { useId, useState } from 'react';
import { LIMITS } from '../../../core/api/contract/limits';
import type { Principle } from '../../../core/api/contract/principles';
import { ROLE_STATUSES, RoleCreateInput, type Role, type RoleStatus } from '../../../core/api/contract/roles';
import { MAX_PRINCIPLES_PER_SLOT } from '../../../core/rules/loopChecks';
import { slotName, templateCoverage, templateFindings, type TemplateFinding } from '../../../core/rules/templateCoverage';
import { fieldErrorsFromSchema, firstUnder } from '../../api/fieldErrors';
import { api } from '../../api/transport';
import { Field } from '../../components/Field';
import { FormFooter } from '../../components/FormFooter';
import { useDraft } from '../../components/useDraft';
import { useEditorForm } from '../../components/useEditorForm';
import { useApp } from '../../stores/app';
import { activePrinciples, usePrinciples } from '../../stores/principles';
import { activeMembers, useTeam } from '../../stores/team';
import { Control } from '../../components/Control';
import { numberFrom } from '../../components/format';

export const ROLE_STATUS_LABELS: Record<RoleStatus, string> = { open: 'Open', paused: 'Paused', closed: 'Closed' };

interface SlotForm {
  /** Stable key for React while slots move; never sent to the API. */
  key: string;
  title: string;
  durationMinutes: string;
  principleIds: string[];
}

interface Form {
  title: string;
  team: string;
  level: string;
  /** '' for none. */
  hiringManagerId: string;
  status: RoleStatus;
  focusPrincipleIds: string[];
  template: SlotForm[];
}

let nextKey = 0;
const slotKey = () => `slot-${Date.now().toString(36)}-${(nextKey++).toString(36)}`;

const fromRole = (r: Role | null): Form =>
  r
    ? {
        title: r.title,
        team: r.team,
        level: r.level,
        hiringManagerId: r.hiringManagerId ?? '',
        status: r.status,
        focusPrincipleIds: [...r.focusPrincipleIds],
        template: r.template.map((s, i) => ({
          key: `saved-${i}`,
          title: s.title,
          durationMinutes: String(s.durationMinutes),
          principleIds: [...s.principleIds],
        })),
      }
    : { title: '', team: '', level: '', hiringManagerId: '', status: 'open', focusPrincipleIds: [], template: [] };

const toInput = (f: Form) => ({
  title: f.title,
  team: f.team,
  level: f.level,
  hiringManagerId: f.hiringManagerId || null,
  status: f.status,
  focusPrincipleIds: f.focusPrincipleIds,
  template: f.template.map((s) => ({ title: s.title, durationMinutes: numberFrom(s.durationMinutes), principleIds: s.principleIds })),
});

/** Move the item at `index` by `delta`, returning a new array; out of range leaves it as it is. */
function moved<T>(items: readonly T[], index: number, delta: number): T[] {
  const to = index + delta;
  if (index < 0 || to < 0 || to >= items.length) return [...items];
  const next = [...items];
  const [item] = next.splice(index, 1);
  if (item !== undefined) next.splice(to, 0, item);
  return next;
}

interface Props {
  role: Role | null;
  /** Every role, for the list of team names already in use. */
  roles: readonly Role[];
  onDone(saved: Role | null): void;
  /** Why "me" may not edit roles: the role is shown with every field disabled. */
  readOnly?: string | undefined;
}

export function RoleEditor({ role, roles, onDone, readOnly }: Props) {
  const draft = useDraft<Form>(`role.${role?.id ?? 'new'}.${role?.revision ?? 0}`, () => fromRole(role));
  const form = draft.value;
  const allPrinciples = usePrinciples((s) => s.all);
  const members = useTeam((s) => s.members);
  const { errors, clearError, formError, saving, save, cancel } = useEditorForm({
    draft,
    validate: (f) => fieldErrorsFromSchema(RoleCreateInput, toInput(f)),
    submit: (f) =>
      role ? api.call('roles.update', { id: role.id, revision: role.revision, ...toInput(f) }) : api.call('roles.create', toInput(f)),
    onSaved: (saved) => {
      useApp.getState().notify('info', role ? `Saved “${saved.title}”` : `Opened role “${saved.title}”`);
      onDone(saved);
    },
    onCancel: () => onDone(null),
    readOnly: Boolean(readOnly),
    invalidMessage: 'Some fields need attention; see the messages next to them.',
  });
  const [addedSlot, setAddedSlot] = useState<string | null>(null);
  const teamsId = useId();

  const principles = activePrinciples(allPrinciples);
  const byId = new Map(allPrinciples.map((p) => [p.id, p]));
  const nameOf = (id: string) => byId.get(id)?.name ?? 'Unknown principle';
  const teams = [...new Set([...roles.map((r) => r.team), ...members.map((m) => m.team)].map((t) => t.trim()).filter(Boolean))].sort(
    (a, b) => a.localeCompare(b),
  );
  const active = activeMembers(members);
  const managers = active.filter((m) => m.capabilities.includes('hiring_manager'));
  const others = active.filter((m) => !m.capabilities.includes('hiring_manager'));
  const currentManager = members.find((m) => m.id === form.hiringManagerId);

  const set = <K extends keyof Form>(key: K, value: Form[K]) => {
    draft.update((f) => ({ ...f, [key]: value }));
    clearError(key);
  };
  const setSlot = (index: number, patch: Partial<SlotForm>, errorPath: string) => {
    draft.update((f) => ({ ...f, template: f.template.map((s, i) => (i === index ? { ...s, ...patch } : s)) }));
    clearError(`template.${index}.${errorPath}`);
  };
  // Slots that move or go change every later slot's number: errors at those paths no longer fit.
  const setTemplate = (template: SlotForm[]) => set('template', template);

  const toggleFocus = (id: string, on: boolean) =>
    set('focusPrincipleIds', on ? [...form.focusPrincipleIds, id] : form.focusPrincipleIds.filter((p) => p !== id));

  // Principles offered for focus: the chosen ones in their order (archived ones too, so they can be removed), then the rest.
  const unchosen = principles.filter((p) => !form.focusPrincipleIds.includes(p.id));
  // Principles offered to each slot: focus ones first, in focus order, then the other active ones.
  const slotChoices: Principle[] = [
    ...form.focusPrincipleIds.map((id) => byId.get(id)).filter((p): p is Principle => p?.status === 'active'),
    ...unchosen,
  ];
  const focusError = firstUnder(errors, 'focusPrincipleIds');

  return (
    <form className="editor role-editor" onSubmit={save} aria-label={role ? `Edit ${role.title}` : 'New role'} noValidate>
      <h2>{readOnly ? role?.title : role ? `Edit “${role.title}”` : 'New role'}</h2>
      {readOnly && <p className="field-hint access-hint">{readOnly}</p>}
      {draft.restored && <p className="notice-inline">Restored your unsaved changes.</p>}
      <fieldset className="bare" disabled={Boolean(readOnly)}>
        <div className="form-grid">
          <Field label="Title" value={form.title} onChange={(v) => set('title', v)} error={errors.title} max={LIMITS.shortText} autoFocus={!role} />
          <Control label="Team" error={errors.team} hint="Bar raisers for this role must come from another team.">
            {(p) => (
              <>
                <input {...p} type="text" list={teamsId} value={form.team} onChange={(e) => set('team', e.target.value)} />
                <datalist id={teamsId}>
                  {teams.map((t) => (
                    <option key={t} value={t} />
                  ))}
                </datalist>
              </>
            )}
          </Control>
          <Field label="Level" value={form.level} onChange={(v) => set('level', v)} error={errors.level} placeholder="Senior" />
          <Control label="Hiring manager" error={errors.hiringManagerId}>
            {(p) => (
              <select {...p} value={form.hiringManagerId} onChange={(e) => set('hiringManagerId', e.target.value)}>
                <option value="">No hiring manager yet</option>
                {currentManager && currentManager.status === 'left' && (
                  <option value={currentManager.id}>{currentManager.name} (left)</option>
                )}
                {managers.length > 0 && (
                  <optgroup label="Hiring managers">
                    {managers.map((m) => (
                      <option key={m.id} value={m.id}>
                        {m.name}
                      </option>
                    ))}
                  </optgroup>
                )}
                {others.length > 0 && (
                  <optgroup label={managers.length > 0 ? 'Others' : 'Team members'}>
                    {others.map((m) => (
                      <option key={m.id} value={m.id}>
                        {m.name}
                      </option>
                    ))}
                  </optgroup>
                )}
              </select>
            )}
          </Control>
          <Control label="Status" error={errors.status} hint="Only open roles are offered when planning a new loop.">
            {(p) => (
              <select {...p} value={form.status} onChange={(e) => set('status', e.target.value as RoleStatus)}>
                {ROLE_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {ROLE_STATUS_LABELS[s]}
                  </option>
                ))}
              </select>
            )}
          </Control>
        </div>

        <fieldset className={`focus-picker${focusError ? ' field-invalid' : ''}`}>
          <legend>Focus principles</legend>
          <p className="field-hint">
            Every candidate for this role is judged on these, most important first. Tick to include; use the arrows to order them.
          </p>
          {principles.length === 0 && <p className="field-hint">Write your principles first, on the Principles screen.</p>}
          {form.focusPrincipleIds.length > 0 && (
            <ol className="focus-order" aria-label="Chosen focus principles, in order">
              {form.focusPrincipleIds.map((id, index) => {
                const p = byId.get(id);
                const name = p?.name ?? 'Unknown principle';
                const err = errors[`focusPrincipleIds.${index}`];
                return (
                  <li key={id}>
                    <span className="focus-rank" aria-hidden="true">
                      {index + 1}
                    </span>
                    <label className="check">
                      <input type="checkbox" checked onChange={() => toggleFocus(id, false)} /> {name}
                    </label>
                    {p?.status === 'archived' && <span className="badge badge-warning">Archived — remove it</span>}
                    <span className="row-actions">
                      <button
                        type="button"
                        aria-label={`Move ${name} up in focus`}
                        disabled={index === 0}
                        onClick={() => set('focusPrincipleIds', moved(form.focusPrincipleIds, index, -1))}
                      >
                        ↑
                      </button>
                      <button
                        type="button"
                        aria-label={`Move ${name} down in focus`}
                        disabled={index === form.focusPrincipleIds.length - 1}
                        onClick={() => set('focusPrincipleIds', moved(form.focusPrincipleIds, index, 1))}
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
                    <input type="checkbox" checked={false} onChange={() => toggleFocus(p.id, true)} /> {p.name}
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

        <section className="template-section" aria-labelledby="template-title">
          <h3 id="template-title">Loop template</h3>
          <p className="field-hint">
            The interviews of every loop for this role. Each interviewer owns 1–{MAX_PRINCIPLES_PER_SLOT} principles, so together
            they cover every focus principle.
          </p>
          <div className="template-layout">
            <div className="template-slots">
              {form.template.length === 0 && <p className="empty">No interviews yet. Add the first slot.</p>}
              <ol className="template-list">
                {form.template.map((slot, index) => {
                  const n = index + 1;
                  const path = `template.${index}`;
                  const principlesError = firstUnder(errors, `${path}.principleIds`);
                  const count = new Set(slot.principleIds).size;
                  return (
                    <li key={slot.key} className={`template-slot${firstUnder(errors, path) ? ' slot-invalid' : ''}`}>
                      <div className="slot-head">
                        <h4>{slotName(form.template, index)}</h4>
                        <span className="row-actions">
                          <button
                            type="button"
                            aria-label={`Move slot ${n} up`}
                            disabled={index === 0}
                            onClick={() => setTemplate(moved(form.template, index, -1))}
                          >
                            ↑
                          </button>
                          <button
                            type="button"
                            aria-label={`Move slot ${n} down`}
                            disabled={index === form.template.length - 1}
                            onClick={() => setTemplate(moved(form.template, index, 1))}
                          >
                            ↓
                          </button>
                          <button
                            type="button"
                            aria-label={`Remove slot ${n}`}
                            onClick={() => setTemplate(form.template.filter((_, i) => i !== index))}
                          >
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
                        {slotChoices.map((p) => (
                          <label key={p.id} className={`check${form.focusPrincipleIds.includes(p.id) ? ' focus' : ''}`}>
                            <input
                              type="checkbox"
                              checked={slot.principleIds.includes(p.id)}
                              onChange={(e) =>
                                setSlot(
                                  index,
                                  {
                                    principleIds: e.target.checked
                                      ? [...slot.principleIds, p.id]
                                      : slot.principleIds.filter((id) => id !== p.id),
                                  },
                                  'principleIds',
                                )
                              }
                            />{' '}
                            {p.name}
                          </label>
                        ))}
                        {slot.principleIds
                          .filter((id) => byId.get(id)?.status !== 'active')
                          .map((id) => (
                            <label key={id} className="check">
                              <input
                                type="checkbox"
                                checked
                                onChange={() => setSlot(index, { principleIds: slot.principleIds.filter((x) => x !== id) }, 'principleIds')}
                              />{' '}
                              {nameOf(id)} <span className="badge badge-warning">Archived — remove it</span>
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
                disabled={form.template.length >= LIMITS.slots}
                onClick={() => {
                  const key = slotKey();
                  setAddedSlot(key);
                  setTemplate([...form.template, { key, title: '', durationMinutes: '45', principleIds: [] }]);
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
            <CoverageCheck focusPrincipleIds={form.focusPrincipleIds} template={form.template} nameOf={nameOf} />
          </div>
        </section>
      </fieldset>
      <FormFooter
        submitLabel={role ? 'Save changes' : 'Open role'}
        saving={saving}
        formError={formError}
        onCancel={cancel}
        readOnly={Boolean(readOnly)}
      />
    </form>
  );
}

const KIND_LABELS: Record<TemplateFinding['kind'], string> = { blocker: 'Blocker', warning: 'Warning', info: 'Info' };
const KIND_BADGES: Record<TemplateFinding['kind'], string> = { blocker: 'badge-error', warning: 'badge-warning', info: 'badge-info' };

/** Which slot owns each focus principle, recomputed as the template is edited. */
function CoverageCheck({
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
