import { useId } from 'react';
import { LIMITS } from '../../../core/api/contract/limits';
import { CAPABILITY_LABELS, MemberCreateInput, type TeamMember } from '../../../core/api/contract/team';
import { CAPABILITIES, type Capability } from '../../../core/rules/planTypes';
import { fieldErrorsFromSchema, firstUnder } from '../../api/fieldErrors';
import { Control } from '../../components/Control';
import { formatDay } from '../../components/format';
import { api } from '../../api/transport';
import { Field } from '../../components/Field';
import { FormFooter } from '../../components/FormFooter';
import { useDraft } from '../../components/useDraft';
import { useEditorForm } from '../../components/useEditorForm';
import { useAccess } from '../../components/useAccess';
import { ADMINS } from '../../../core/rules/access';
import { invalidateAfter } from '../../data/queryClient';
import { useApp } from '../../stores/app';
import { activeMembers, useTeam } from '../../stores/team';
import { TrainingProgress } from '../training/TrainingProgress';

interface Form {
  name: string;
  email: string;
  title: string;
  team: string;
  /** '' for no manager. */
  managerId: string;
  capabilities: Capability[];
  /** '' for not certified. */
  certifiedAt: string;
}

const fromMember = (m: TeamMember | null): Form =>
  m
    ? {
        name: m.name,
        email: m.email,
        title: m.title,
        team: m.team,
        managerId: m.managerId ?? '',
        capabilities: CAPABILITIES.filter((c) => m.capabilities.includes(c)),
        certifiedAt: m.training.certifiedAt ?? '',
      }
    : { name: '', email: '', title: '', team: '', managerId: '', capabilities: [], certifiedAt: '' };

const toInput = (f: Form) => ({
  name: f.name,
  email: f.email,
  title: f.title,
  team: f.team,
  managerId: f.managerId || null,
  capabilities: f.capabilities,
  certifiedAt: f.certifiedAt || null,
});

interface Props {
  member: TeamMember | null;
  onDone(saved: TeamMember | null): void;
}

export function MemberEditor({ member, onDone }: Props) {
  const draft = useDraft<Form>(`member.${member?.id ?? 'new'}.${member?.revision ?? 0}`, () => fromMember(member));
  const form = draft.value;
  const members = useTeam((s) => s.members);
  const { may, why, allows } = useAccess();
  const meId = useApp((s) => s.settings?.me ?? null);
  // The profile: the person themselves, founders and admins; the rights: founders and admins only (or anyone on first run).
  const readOnly = member ? !may('team.update', { subjectId: member.id }) : !may('team.create');
  const rightsEditable = !readOnly && (member ? allows(ADMINS) : true);
  const isMe = member !== null && member.id === meId;
  const rightsHint = readOnly
    ? undefined
    : !rightsEditable
      ? 'Only founders and admins change capabilities, managers, status and certification.'
      : isMe
        ? 'Nobody grants themselves a capability: ask another founder or admin. You may give one up.'
        : undefined;
  const { errors, clearError, formError, setFormError, saving, setSaving, save, cancel } = useEditorForm({
    draft,
    validate: (f) => fieldErrorsFromSchema(MemberCreateInput, toInput(f)),
    submit: (f) =>
      member
        ? api.call('team.update', { id: member.id, revision: member.revision, ...toInput(f) })
        : api.call('team.create', toInput(f)),
    onSaved: async (saved) => {
      // The first person in an empty workspace becomes "me" (team.create touches the settings): the invalidation
      // table refreshes the team's names, the list and what I may do before the editor closes.
      await invalidateAfter(member ? 'team.update' : 'team.create');
      useApp.getState().notify('info', member ? `Saved ${saved.name}` : `Added ${saved.name} to the team`);
      onDone(saved);
    },
    onCancel: () => onDone(null),
    readOnly,
  });
  const teamsId = useId();

  const dirty = JSON.stringify(form) !== JSON.stringify(fromMember(member));
  const teams = [...new Set(members.map((m) => m.team.trim()).filter(Boolean))].sort((a, b) => a.localeCompare(b));
  const managerChoices = activeMembers(members).filter((m) => m.id !== member?.id);
  const currentManager = members.find((m) => m.id === form.managerId);
  const isBarRaiser = form.capabilities.includes('bar_raiser');

  const set = <K extends keyof Form>(key: K, value: Form[K]) => {
    draft.update((f) => ({ ...f, [key]: value }));
    clearError(key);
  };

  const toggleCapability = (capability: Capability, on: boolean) => {
    const next = new Set(form.capabilities);
    if (on) next.add(capability);
    else next.delete(capability);
    set(
      'capabilities',
      CAPABILITIES.filter((c) => next.has(c)),
    );
  };

  async function setStatus(status: 'active' | 'left') {
    if (!member || saving) return;
    setSaving(true);
    setFormError(null);
    const result = await api.call('team.update', { id: member.id, revision: member.revision, status });
    setSaving(false);
    if (!result.ok) {
      setFormError(result.error.message);
      return;
    }
    draft.clear();
    useApp.getState().notify('info', status === 'left' ? `${result.value.name} is marked as left` : `${result.value.name} is active again`);
    await invalidateAfter('team.update');
  }

  const training = member?.training;
  return (
    <>
      <form className="editor" onSubmit={save} aria-label={member ? `Edit ${member.name}` : 'New team member'} noValidate>
        <div className="editor-head">
          <h2>{member ? `Edit “${member.name}”` : 'New team member'}</h2>
          {member?.status === 'left' && <span className="badge badge-left">Left</span>}
        </div>
        {readOnly && <p className="field-hint access-hint">{member ? why('team.update', { subjectId: member.id }) : why('team.create')}</p>}
        {draft.restored && <p className="notice-inline">Restored your unsaved changes.</p>}
        <fieldset className="bare" disabled={readOnly}>
          <Field label="Name" value={form.name} onChange={(v) => set('name', v)} error={errors.name} max={LIMITS.personName} autoFocus={!member} />
          <Field
            label="Email"
            value={form.email}
            onChange={(v) => set('email', v)}
            error={errors.email}
            hint="Optional, but unique: two people cannot share an email."
          />
          <Field label="Title" value={form.title} onChange={(v) => set('title', v)} error={errors.title} placeholder="Senior engineer" />
          <Control
            label="Team"
            error={errors.team}
            hint="Bar raisers come from outside the role's team, so spell team names the same way."
          >
            {(p) => (
              <>
                <input {...p} type="text" list={teamsId} value={form.team} onChange={(e) => set('team', e.target.value)} placeholder="Engineering" />
                <datalist id={teamsId}>
                  {teams.map((t) => (
                    <option key={t} value={t} />
                  ))}
                </datalist>
              </>
            )}
          </Control>
          <Control label="Manager" error={errors.managerId} hint="The reporting chain decides who is independent enough to bar-raise.">
            {(p) => (
              <select {...p} value={form.managerId} disabled={!rightsEditable} onChange={(e) => set('managerId', e.target.value)}>
                <option value="">No manager</option>
                {currentManager && currentManager.status === 'left' && (
                  <option value={currentManager.id}>{currentManager.name} (left)</option>
                )}
                {managerChoices.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name}
                    {m.title ? ` — ${m.title}` : ''}
                  </option>
                ))}
              </select>
            )}
          </Control>
          <fieldset className={`capabilities${firstUnder(errors, 'capabilities') ? ' field-invalid' : ''}`}>
            <legend>Capabilities</legend>
            {rightsHint && <p className="field-hint">{rightsHint}</p>}
            {CAPABILITIES.map((c) => {
              const held = member?.capabilities.includes(c) ?? false;
              // A capability I do not hold may not be granted to myself; one I hold I may give up.
              const locked = !rightsEditable || (isMe && !held);
              return (
                <label key={c} className="check">
                  <input
                    type="checkbox"
                    checked={form.capabilities.includes(c)}
                    disabled={locked}
                    onChange={(e) => toggleCapability(c, e.target.checked)}
                  />{' '}
                  {CAPABILITY_LABELS[c]}
                </label>
              );
            })}
            {firstUnder(errors, 'capabilities') && (
              <div className="field-error" role="alert">
                {firstUnder(errors, 'capabilities')}
              </div>
            )}
          </fieldset>
          {(isBarRaiser || errors.certifiedAt) && (
            <Control label="Certified as bar raiser on" error={errors.certifiedAt} hint="The day they finished bar-raiser training.">
              {(p) => (
                <input
                  {...p}
                  type="date"
                  value={form.certifiedAt}
                  disabled={!rightsEditable}
                  onChange={(e) => set('certifiedAt', e.target.value)}
                />
              )}
            </Control>
          )}
        </fieldset>
        <FormFooter
          submitLabel={member ? 'Save changes' : 'Add team member'}
          saving={saving}
          formError={formError}
          onCancel={cancel}
          readOnly={readOnly}
        />
        {member && rightsEditable && (
          <section className="member-status" aria-label="Employment status">
            <button type="button" disabled={saving || dirty} onClick={() => void setStatus(member.status === 'active' ? 'left' : 'active')}>
              {member.status === 'active' ? 'Mark as left' : 'Mark as active'}
            </button>
            <p className="field-hint">
              {dirty
                ? 'Save or cancel your changes first.'
                : member.status === 'active'
                  ? 'People who left stay on past loops and feedback, but are no longer offered for new ones.'
                  : `${member.name} left the company. Mark them as active if they are back.`}
            </p>
          </section>
        )}
        {training && (
          <section className="training" aria-labelledby="training-title">
            <h3 id="training-title">Training record</h3>
            <p className="field-hint">This record updates itself as loops happen; there is nothing to fill in.</p>
            <dl className="stats">
              <div>
                <dt>Interviews</dt>
                <dd>{training.interviews}</dd>
              </div>
              <div>
                <dt>Shadows</dt>
                <dd>{training.shadows}</dd>
              </div>
              <div>
                <dt>Reverse shadows</dt>
                <dd>{training.reverseShadows}</dd>
              </div>
              <div>
                <dt>Loops bar-raised</dt>
                <dd>{training.barRaised}</dd>
              </div>
              <div>
                <dt>Certified</dt>
                <dd>{training.certifiedAt ? formatDay(training.certifiedAt) : 'Not certified'}</dd>
              </div>
            </dl>
          </section>
        )}
      </form>
      {/* Outside the editor's form: certifying has its own form, and forms do not nest. */}
      {member && <TrainingProgress memberId={member.id} />}
    </>
  );
}
