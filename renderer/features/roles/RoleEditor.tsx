import { useId } from 'react';
import { LIMITS } from '../../../core/api/contract/limits';
import type { Principle } from '../../../core/api/contract/principles';
import { ROLE_STATUSES, RoleCreateInput, type Role, type RoleStatus } from '../../../core/api/contract/roles';
import { MAX_PRINCIPLES_PER_SLOT } from '../../../core/rules/loopChecks';
import { fieldErrorsFromSchema } from '../../api/fieldErrors';
import { api } from '../../api/transport';
import { Combobox } from '../../components/Combobox';
import { Control } from '../../components/Control';
import { Field } from '../../components/Field';
import { FormFooter } from '../../components/FormFooter';
import { useDraft } from '../../components/useDraft';
import { useEditorForm } from '../../components/useEditorForm';
import { useApp } from '../../stores/app';
import { activePrinciples, usePrinciples } from '../../stores/principles';
import { activeMembers, useTeam } from '../../stores/team';
import { FocusPicker } from './FocusPicker';
import { fromRole, ROLE_STATUS_LABELS, toInput, type RoleForm, type SlotForm } from './roleForm';
import { TemplateCoverageCheck } from './TemplateCoverageCheck';
import { TemplateSlots } from './TemplateSlots';

interface Props {
  role: Role | null;
  /** Every role, for the list of team names already in use. */
  roles: readonly Pick<Role, 'team'>[];
  onDone(saved: Role | null): void;
  /** Why "me" may not edit roles: the role is shown with every field disabled. */
  readOnly?: string | undefined;
}

export function RoleEditor({ role, roles, onDone, readOnly }: Props) {
  const draft = useDraft<RoleForm>(`role.${role?.id ?? 'new'}.${role?.revision ?? 0}`, () => fromRole(role));
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
  // Hiring managers first; anyone active may still be chosen.
  const managerOptions = [
    ...(currentManager && currentManager.status === 'left' ? [{ value: currentManager.id, label: currentManager.name, hint: '(left)' }] : []),
    ...managers.map((m) => ({ value: m.id, label: m.name, hint: '(hiring manager)' })),
    ...others.map((m) => ({ value: m.id, label: m.name })),
  ];

  const set = <K extends keyof RoleForm>(key: K, value: RoleForm[K]) => {
    draft.update((f) => ({ ...f, [key]: value }));
    clearError(key);
  };
  const setSlot = (index: number, patch: Partial<SlotForm>, errorPath: string) => {
    draft.update((f) => ({ ...f, template: f.template.map((s, i) => (i === index ? { ...s, ...patch } : s)) }));
    clearError(`template.${index}.${errorPath}`);
  };
  // Slots that move or go change every later slot's number: errors at those paths no longer fit.
  const setTemplate = (template: SlotForm[]) => set('template', template);

  // Principles offered for focus: the chosen ones in their order (archived ones too, so they can be removed), then the rest.
  const unchosen = principles.filter((p) => !form.focusPrincipleIds.includes(p.id));
  // Principles offered to each slot: focus ones first, in focus order, then the other active ones.
  const slotChoices: Principle[] = [
    ...form.focusPrincipleIds.map((id) => byId.get(id)).filter((p): p is Principle => p?.status === 'active'),
    ...unchosen,
  ];

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
              <Combobox
                {...p}
                options={managerOptions}
                value={form.hiringManagerId}
                onChange={(id) => set('hiringManagerId', id)}
                emptyLabel="No hiring manager yet"
              />
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

        <FocusPicker
          focusPrincipleIds={form.focusPrincipleIds}
          principles={principles}
          unchosen={unchosen}
          byId={byId}
          errors={errors}
          onChange={(ids) => set('focusPrincipleIds', ids)}
        />

        <section className="template-section" aria-labelledby="template-title">
          <h3 id="template-title">Loop template</h3>
          <p className="field-hint">
            The interviews of every loop for this role. Each interviewer owns 1–{MAX_PRINCIPLES_PER_SLOT} principles, so together
            they cover every focus principle.
          </p>
          <div className="template-layout">
            <TemplateSlots
              template={form.template}
              focusPrincipleIds={form.focusPrincipleIds}
              choices={slotChoices}
              byId={byId}
              errors={errors}
              setSlot={setSlot}
              setTemplate={setTemplate}
            />
            <TemplateCoverageCheck focusPrincipleIds={form.focusPrincipleIds} template={form.template} nameOf={nameOf} />
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
