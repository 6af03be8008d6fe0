import { Link } from '../../routing/Link';
import { to } from '../../routing/routes';
import { useState } from 'react';
import {
  CANDIDATE_STATUSES,
  CandidateCreateInput,
  CandidateUpdateInput,
  type Candidate,
  type CandidateStatus,
} from '../../../core/api/contract/candidates';
import { LIMITS } from '../../../core/api/contract/limits';
import { LOOP_STATUS_LABELS } from '../../../core/api/contract/loops';
import { fieldErrorsFromApi, fieldErrorsFromSchema, firstUnder, type FieldErrors } from '../../api/fieldErrors';
import { api } from '../../api/transport';
import { Field } from '../../components/Field';
import { FormError, FormFooter } from '../../components/FormFooter';
import { formatTime } from '../../components/format';
import { useDraft } from '../../components/useDraft';
import { useEditorForm } from '../../components/useEditorForm';
import { useApiMutation, useApiQuery } from '../../data/useApi';
import { useApp } from '../../stores/app';
import { Control } from '../../components/Control';
import { formatDay, today } from '../../components/format';
import { useAccess } from '../../components/useAccess';
import { ADMINS } from '../../../core/rules/access';
import { cooldownChangeIssue, DECIDED_STATUSES } from '../../../core/rules/candidateChanges';
import { CandidateName, candidateNameText, SEALED_PROFILE_WORDS } from '../../components/candidateName';

export const CANDIDATE_STATUS_LABELS: Record<CandidateStatus, string> = {
  active: 'Active',
  hired: 'Hired',
  rejected: 'Rejected',
  withdrawn: 'Withdrawn',
};

/** True while a no-recycle cooldown still applies (the date itself included). */
export const inCooldown = (c: Pick<Candidate, 'cooldownUntil'>) => c.cooldownUntil !== null && c.cooldownUntil >= today();

interface Form {
  name: string;
  email: string;
  phone: string;
  source: string;
  /** One link per line. */
  links: string;
  notes: string;
  status: CandidateStatus;
  /** '' for no cooldown. */
  cooldownUntil: string;
  /** Why a running cooldown is cleared or shortened (founders and admins only). */
  cooldownReason: string;
}

/** The day the API judges cooldowns by: its clock's UTC date. */
const utcToday = () => new Date().toISOString().slice(0, 10);

/** Statuses a hand edit may choose; hired and rejected follow decisions. */
const HAND_STATUSES = CANDIDATE_STATUSES.filter((s) => !DECIDED_STATUSES.includes(s));

const fromCandidate = (c: Candidate | null): Form =>
  c
    ? {
        name: c.name,
        email: c.email,
        phone: c.phone,
        source: c.source,
        links: c.links.join('\n'),
        notes: c.notes,
        status: c.status,
        cooldownUntil: c.cooldownUntil ?? '',
        cooldownReason: '',
      }
    : { name: '', email: '', phone: '', source: '', links: '', notes: '', status: 'active', cooldownUntil: '', cooldownReason: '' };

const linksOf = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** An error about one link names its line, since the links share one box. */
function linksError(errors: FieldErrors): string | undefined {
  const entry = Object.entries(errors).find(([path, msg]) => msg && (path === 'links' || path.startsWith('links.')));
  if (!entry) return undefined;
  const index = /^links\.(\d+)/.exec(entry[0])?.[1];
  return index === undefined ? entry[1] : `Link ${Number(index) + 1}: ${entry[1]}`;
}

/**
 * Status and cooldown go only with an update: the strict create input refuses them, and the form shows them only
 * when editing. A candidate held blind (`sealed`) gets no profile: its fields are blank here, not empty, and any
 * value sent would replace the real one on every device (the API refuses it).
 */
function toInputs(f: Form, candidate: Candidate | null) {
  const profile = {
    name: f.name,
    email: f.email,
    phone: f.phone,
    source: f.source,
    links: linksOf(f.links),
    notes: f.notes,
  };
  const update = candidate
    ? {
        id: candidate.id,
        revision: candidate.revision,
        ...(candidate.sealed ? {} : profile),
        status: f.status,
        cooldownUntil: f.cooldownUntil || null,
        ...(f.cooldownReason?.trim() ? { cooldownReason: f.cooldownReason } : {}),
      }
    : null;
  return { profile, update };
}

interface Props {
  candidate: Candidate | null;
  onDone(saved: Candidate | null): void;
}

export function CandidateEditor({ candidate, onDone }: Props) {
  // A profile holds personal data: its unsaved copy belongs to whoever is "me" and goes when that changes.
  const me = useApp((st) => st.settings?.me ?? null);
  const draft = useDraft<Form>(`candidate.${candidate?.id ?? 'new'}.${candidate?.revision ?? 0}`, () => fromCandidate(candidate), {
    owner: me,
  });
  // A draft kept by an earlier version has no reason field yet.
  const form: Form = { ...draft.value, cooldownReason: draft.value.cooldownReason ?? '' };
  const { may, why, allows } = useAccess();
  const readOnly = candidate ? !may('candidates.update') : !may('candidates.create');
  const admin = allows(ADMINS);
  // The same rule the API applies, run live: a past date, or weakening a running cooldown without the right or a reason.
  const cooldownIssue = (f: Form) =>
    candidate
      ? cooldownChangeIssue({ from: candidate.cooldownUntil, to: f.cooldownUntil || null, today: utcToday(), admin, reason: f.cooldownReason ?? '' })
      : null;
  const liveCooldown = cooldownIssue(form);
  const weakens =
    candidate?.cooldownUntil != null &&
    candidate.cooldownUntil > utcToday() &&
    (form.cooldownUntil === '' || form.cooldownUntil < candidate.cooldownUntil);
  const { errors, clearError, formError, saving, save, cancel } = useEditorForm({
    draft,
    readOnly,
    validate: (f) => {
      const { profile, update } = toInputs(f, candidate);
      const local = update ? fieldErrorsFromSchema(CandidateUpdateInput, update) : fieldErrorsFromSchema(CandidateCreateInput, profile);
      const issue = cooldownIssue(f);
      if (issue) local[issue.path] ??= issue.message;
      return local;
    },
    submit: (f) => {
      const { profile, update } = toInputs(f, candidate);
      return update ? api.call('candidates.update', update) : api.call('candidates.create', profile);
    },
    onSaved: (saved) => {
      const name = candidateNameText(saved.name);
      useApp.getState().notify('info', candidate ? `Saved ${name}` : `Added candidate ${name}`);
      onDone(saved);
    },
    onCancel: () => onDone(null),
  });

  const set = <K extends keyof Form>(key: K, value: Form[K]) => {
    draft.update((f) => ({ ...f, [key]: value }));
    clearError(key);
  };

  return (
    <form className="editor" onSubmit={save} aria-label={candidate ? `Edit ${candidateNameText(candidate.name)}` : 'New candidate'} noValidate>
      {candidate ? <h3 className="section-title">Profile</h3> : <h2>New candidate</h2>}
      {readOnly && <p className="field-hint access-hint">{why(candidate ? 'candidates.update' : 'candidates.create')}</p>}
      {draft.restored && <p className="notice-inline">Restored your unsaved changes.</p>}
      {candidate?.possibleDuplicateOf && (
        <p className="notice-inline" role="note">
          Possibly the same person as another candidate with this email: they were added on two devices at once. Keep one, or give this one its own email.
        </p>
      )}
      <fieldset className="bare" disabled={readOnly}>
        {candidate?.sealed && (
          <p className="notice-inline" role="note" id="sealed-profile-note">
            {SEALED_PROFILE_WORDS}
          </p>
        )}
        <fieldset className="bare" disabled={candidate?.sealed === true} aria-describedby={candidate?.sealed ? 'sealed-profile-note' : undefined}>
          <Field label="Name" value={form.name} onChange={(v) => set('name', v)} error={errors.name} max={LIMITS.personName} autoFocus={!candidate} />
          <Field
            label="Email"
            value={form.email}
            onChange={(v) => set('email', v)}
            error={errors.email}
            hint="Optional; two candidates cannot share an email, so a returning candidate is found, not duplicated."
          />
          <Field label="Phone" value={form.phone} onChange={(v) => set('phone', v)} error={errors.phone} max={LIMITS.phone} />
          <Field
            label="Source"
            value={form.source}
            onChange={(v) => set('source', v)}
            error={errors.source}
            placeholder="Referral, job board, agency…"
          />
          <Field
            label="Links (one per line)"
            value={form.links}
            onChange={(v) => set('links', v)}
            error={linksError(errors)}
            multiline
            rows={3}
            placeholder={'https://www.linkedin.com/in/…\nhttps://github.com/…'}
          />
          <Field label="Notes" value={form.notes} onChange={(v) => set('notes', v)} error={errors.notes} multiline rows={4} />
        </fieldset>
        {candidate && (
          <>
            {DECIDED_STATUSES.includes(candidate.status) ? (
              <Control label="Status" hint="Set by a decision: reopen that decision in the debrief to change it.">
                {(p) => <input {...p} type="text" readOnly value={CANDIDATE_STATUS_LABELS[candidate.status]} />}
              </Control>
            ) : (
              <Control label="Status" error={errors.status}>
                {(p) => (
                  <select {...p} value={form.status} onChange={(e) => set('status', e.target.value as CandidateStatus)}>
                    {HAND_STATUSES.map((s) => (
                      <option key={s} value={s}>
                        {CANDIDATE_STATUS_LABELS[s]}
                      </option>
                    ))}
                  </select>
                )}
              </Control>
            )}
            <Control
              label="No-recycle cooldown until"
              error={errors.cooldownUntil ?? (liveCooldown?.path === 'cooldownUntil' ? liveCooldown.message : undefined)}
              hint="Until this date, a new loop for this candidate is blocked. Leave empty when no cooldown applies."
            >
              {(p) => <input {...p} type="date" value={form.cooldownUntil} onChange={(e) => set('cooldownUntil', e.target.value)} />}
            </Control>
            {weakens && admin && (
              <Field
                label="Why clear or shorten the cooldown?"
                value={form.cooldownReason}
                onChange={(v) => set('cooldownReason', v)}
                error={errors.cooldownReason}
                max={LIMITS.reason}
                hint="Required: kept in the activity log beside the change."
              />
            )}
          </>
        )}
      </fieldset>
      <FormError message={firstUnder(errors, 'input')} />
      <FormFooter
        submitLabel={candidate ? 'Save changes' : 'Add candidate'}
        saving={saving}
        formError={formError}
        onCancel={cancel}
        readOnly={readOnly}
      />
    </form>
  );
}

/** The candidate's loops, newest activity first; each opens the loop. */
export function CandidateHistory({ candidate }: { candidate: Candidate }) {
  const listed = useApiQuery('candidates.history', { id: candidate.id });
  const loops = listed.data ?? null;
  const error = listed.error?.message ?? null;

  return (
    <section className="candidate-section" aria-labelledby="history-title">
      <h3 id="history-title">Loops</h3>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {loops === null && !error && (
        <p className="muted" aria-busy="true">
          Loading…
        </p>
      )}
      {loops?.length === 0 && <p className="muted">No loops yet for <CandidateName name={candidate.name} />.</p>}
      {loops && loops.length > 0 && (
        <ul className="entity-list" aria-label={`Loops of ${candidateNameText(candidate.name)}`}>
          {loops.map((l) => (
            <li key={l.id}>
              <Link to={to.loop(l.id)} className="entity-row history-row">
                <span className="entity-title">
                  {l.roleTitle}
                  <span className={`badge badge-status-${l.status}`}>{LOOP_STATUS_LABELS[l.status]}</span>
                </span>
                <span className="entity-sub">Updated {formatTime(l.updatedAt)}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Start a draft loop for this candidate from an open role's template, then open it. */
export function PlanLoop({ candidate }: { candidate: Candidate }) {
  const go = useApp((s) => s.go);
  const openRoles = useApiQuery('roles.list', { status: 'open' });
  const roles = openRoles.data ?? null;
  const createLoop = useApiMutation('loops.create');
  const [roleId, setRoleId] = useState('');
  const [failure, setError] = useState<string | undefined>();
  const error = failure ?? openRoles.error?.message;
  const [busy, setBusy] = useState(false);

  async function create() {
    if (!roleId) {
      setError('Choose the role this loop is for');
      return;
    }
    setBusy(true);
    setError(undefined);
    const result = await createLoop({ candidateId: candidate.id, roleId });
    setBusy(false);
    if (!result.ok) {
      const fields = fieldErrorsFromApi(result.error);
      setError(fields.roleId ?? fields.candidateId ?? result.error.message);
      return;
    }
    useApp.getState().notify('info', `Created a draft loop for ${candidateNameText(candidate.name)}`);
    go(to.loop(result.value.id));
  }

  const cooling = inCooldown(candidate);
  return (
    <section className="candidate-section" aria-labelledby="plan-title">
      <h3 id="plan-title">Plan a loop</h3>
      {cooling && candidate.cooldownUntil && (
        <p className="notice-inline">
          <CandidateName name={candidate.name} /> is in a no-recycle cooldown until {formatDay(candidate.cooldownUntil)}; a loop would be blocked
          until then.
        </p>
      )}
      {candidate.status !== 'active' && (
        <p className="notice-inline"><CandidateName name={candidate.name} /> is marked as {CANDIDATE_STATUS_LABELS[candidate.status].toLowerCase()}.</p>
      )}
      <div className="plan-loop">
        <Control
          label="Role"
          error={error}
          hint={
            roles?.length === 0 ? (
              <>
                No open roles.{' '}
                <Link to={to.creating('roles')} className="link">
                  Open a role
                </Link>
              </>
            ) : (
              "The loop starts as a draft with the role's interviews; you choose the interviewers next."
            )
          }
        >
          {(p) => (
            <select
              {...p}
              value={roleId}
              onChange={(e) => {
                setRoleId(e.target.value);
                setError(undefined);
              }}
            >
              <option value="">Choose a role…</option>
              {(roles ?? []).map((r) => (
                <option key={r.id} value={r.id}>
                  {r.title}
                  {r.team ? ` — ${r.team}` : ''}
                </option>
              ))}
            </select>
          )}
        </Control>
        <button type="button" className="primary" disabled={busy || !roles?.length} onClick={() => void create()}>
          Create loop
        </button>
      </div>
    </section>
  );
}
