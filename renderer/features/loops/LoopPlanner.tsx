import { Link } from '../../routing/Link';
import { to } from '../../routing/routes';
import { useEffect, useMemo, useState } from 'react';
import { LOOP_TRANSITIONS, type Loop, type LoopDetail, type LoopStatus, type SuggestedLoopPlan } from '../../../core/api/contract/loops';
import { checkLoopPlan } from '../../../core/rules/loopChecks';
import type { CheckFinding, LoopPlan } from '../../../core/rules/planTypes';
import { api } from '../../api/transport';
import { fieldErrorsFromApi, type FieldErrors } from '../../api/fieldErrors';
import { Field } from '../../components/Field';
import { useDraft } from '../../components/useDraft';
import { useAccess } from '../../components/useAccess';
import { useShortcut } from '../../components/useShortcut';
import { Loading } from '../../data/QueryState';
import { useApiMutation, useApiQuery } from '../../data/useApi';
import { useApp } from '../../stores/app';
import { activePrinciples, usePrinciples } from '../../stores/principles';
import { activeMembers, useTeam } from '../../stores/team';
import { LoopFeedback } from '../feedback/LoopFeedback';
import { PlanChecks } from './PlanChecks';

interface SlotForm {
  id: string;
  title: string;
  durationMinutes: string;
  interviewerId: string;
  /** A datetime-local value in the user's time zone, '' when unscheduled. */
  startsAt: string;
  principleIds: string[];
}

interface PlanForm {
  hiringManagerId: string;
  barRaiserId: string;
  shadowIds: string[];
  slots: SlotForm[];
}

const pad = (n: number) => String(n).padStart(2, '0');
function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

const fromLoop = (loop: Loop): PlanForm => ({
  hiringManagerId: loop.hiringManagerId ?? '',
  barRaiserId: loop.barRaiserId ?? '',
  shadowIds: [...loop.shadowIds],
  slots: loop.slots.map((s) => ({
    id: s.id,
    title: s.title,
    durationMinutes: String(s.durationMinutes),
    interviewerId: s.interviewerId ?? '',
    startsAt: toLocalInput(s.startsAt),
    principleIds: [...s.principleIds],
  })),
});

const toPlan = (f: PlanForm): LoopPlan => ({
  hiringManagerId: f.hiringManagerId || null,
  barRaiserId: f.barRaiserId || null,
  shadowIds: f.shadowIds,
  slots: f.slots.map((s) => ({
    id: s.id,
    title: s.title,
    durationMinutes: Number(s.durationMinutes),
    interviewerId: s.interviewerId || null,
    principleIds: s.principleIds,
  })),
});

let newSlotCounter = 0;
const isNewSlot = (id: string) => id.startsWith('new-');

const STATUS_ACTIONS: Partial<Record<LoopStatus, string>> = {
  draft: 'Back to draft',
  planned: 'Move to planned',
  interviewing: 'Start interviewing',
  closed: 'Close loop',
};

/** The debrief and the decision have their own door (the debrief screen); no button jumps there. */
const BUTTON_MOVES = (from: LoopStatus) => LOOP_TRANSITIONS[from].filter((s) => s !== 'cancelled' && s !== 'debrief' && s !== 'decided');
const HAS_FEEDBACK: readonly LoopStatus[] = ['interviewing', 'debrief', 'decided', 'closed'];

export function LoopPlanner({ loopId }: { loopId: string }) {
  const { go, notify } = useApp();
  const query = useApiQuery('loops.get', { id: loopId });
  useEffect(() => {
    if (query.error) notify('error', query.error.message);
  }, [query.error, notify]);
  const detail = query.data;
  if (!detail) return <Loading />;
  // A refused move may mean the loop changed meanwhile: read it again.
  return <PlannerForm key={detail.loop.revision} detail={detail} reload={() => void query.refetch()} goBack={() => go('loops')} />;
}

function PlannerForm({ detail, reload, goBack }: { detail: LoopDetail; reload(): void; goBack(): void }) {
  const { loop, candidate, role } = detail;
  const { notify } = useApp();
  const members = useTeam((s) => s.members);
  const loadTeam = useTeam((s) => s.load);
  const allPrinciples = usePrinciples((s) => s.all);
  const loadPrinciples = usePrinciples((s) => s.load);
  const plan = useApiMutation('loops.plan');
  const transition = useApiMutation('loops.transition');
  const draft = useDraft<PlanForm>(`loop.${loop.id}.${loop.revision}`, () => fromLoop(loop));
  const form = draft.value;
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [suggestion, setSuggestion] = useState<SuggestedLoopPlan | null>(null);
  const [overrideReason, setOverrideReason] = useState('');
  const [cancelReason, setCancelReason] = useState('');
  const [confirmCancel, setConfirmCancel] = useState(false);

  useEffect(() => {
    void loadPrinciples();
    void loadTeam();
  }, [loadPrinciples, loadTeam]);

  const { may, why } = useAccess();
  // Judged on the saved plan's people, as the API does: the loop's hiring manager, founders and admins.
  const owner = may('loops.plan', { loop });
  const editable = owner && (loop.status === 'draft' || loop.status === 'planned');
  const dirty = JSON.stringify(form) !== JSON.stringify(fromLoop(loop));
  const checks: CheckFinding[] = useMemo(() => checkLoopPlan(toPlan(form), detail.context), [form, detail.context]);
  const blockers = checks.filter((c) => c.kind === 'blocker');
  const people = activeMembers(members);
  const nameOf = (id: string | null) => members.find((m) => m.id === id)?.name ?? '';
  const principles = activePrinciples(allPrinciples);
  const principleName = (id: string) => allPrinciples.find((p) => p.id === id)?.name ?? 'Archived principle';
  const barRaisers = [...people].sort((a, b) => Number(b.capabilities.includes('bar_raiser')) - Number(a.capabilities.includes('bar_raiser')));

  const set = (patch: Partial<PlanForm>) => draft.update((f) => ({ ...f, ...patch }));
  const setSlot = (index: number, patch: Partial<SlotForm>) =>
    draft.update((f) => ({ ...f, slots: f.slots.map((s, i) => (i === index ? { ...s, ...patch } : s)) }));

  async function save(): Promise<Loop | null> {
    setBusy(true);
    const result = await plan({
      id: loop.id,
      revision: loop.revision,
      hiringManagerId: form.hiringManagerId || null,
      barRaiserId: form.barRaiserId || null,
      shadowIds: form.shadowIds,
      slots: form.slots.map((s) => ({
        ...(isNewSlot(s.id) ? {} : { id: s.id }),
        title: s.title,
        durationMinutes: Number(s.durationMinutes),
        interviewerId: s.interviewerId || null,
        startsAt: s.startsAt ? new Date(s.startsAt).toISOString() : null,
        principleIds: s.principleIds,
      })),
      ...(overrideReason ? { overrideReason } : {}),
    });
    setBusy(false);
    if (!result.ok) {
      setErrors(fieldErrorsFromApi(result.error));
      notify('error', result.error.message);
      return null;
    }
    draft.clear();
    setErrors({});
    return result.value;
  }

  async function move(to: LoopStatus) {
    let current: Loop | null = loop;
    if (dirty && editable) current = await save();
    if (!current) return;
    if (to === 'cancelled' && !cancelReason.trim()) {
      setErrors({ reason: 'Say why the loop is cancelled' });
      return;
    }
    setBusy(true);
    const result = await transition({
      id: loop.id,
      revision: current.revision,
      to,
      reason: cancelReason,
      overrideReason,
    });
    setBusy(false);
    if (!result.ok) {
      setErrors(fieldErrorsFromApi(result.error));
      if (!result.error.issues?.length) notify('error', result.error.message);
      reload();
      return;
    }
    notify('info', `Loop is now ${to}`);
  }

  async function suggest() {
    const result = await api.call('loops.suggest', { id: loop.id });
    if (result.ok) setSuggestion(result.value);
    else notify('error', result.error.message);
  }

  function applySuggestion(s: SuggestedLoopPlan) {
    const known = new Map(form.slots.map((slot) => [slot.id, slot]));
    set({
      hiringManagerId: s.hiringManagerId ?? '',
      barRaiserId: s.barRaiserId ?? '',
      shadowIds: s.shadowIds,
      slots: s.slots.map((slot) => ({
        id: known.has(slot.id) ? slot.id : `new-${++newSlotCounter}`,
        title: slot.title,
        durationMinutes: String(slot.durationMinutes),
        interviewerId: slot.interviewerId ?? '',
        startsAt: known.get(slot.id)?.startsAt ?? '',
        principleIds: slot.principleIds,
      })),
    });
    setSuggestion(null);
  }

  useShortcut('mod+s', () => void (dirty && editable && save()));

  return (
    <div className="split loop-planner">
      <section className="list-pane" aria-labelledby="loop-title">
        <header className="screen-head">
          <div>
            <button type="button" className="link" onClick={goBack}>
              ← All loops
            </button>
            <h1 id="loop-title">
              {candidate.name} — {role.title}
            </h1>
          </div>
          <span className={`badge badge-status-${loop.status}`} aria-label={`Status: ${loop.status}`}>
            {loop.status}
          </span>
        </header>
        {draft.restored && dirty && <p className="notice-inline">Restored your unsaved changes to this plan.</p>}
        {loop.cancelReason && <p className="notice-inline">Cancelled: {loop.cancelReason}</p>}
        {loop.overrideReason && <p className="notice-inline">Planned with an override: {loop.overrideReason}</p>}
        {!owner && <p className="field-hint access-hint">Planning this loop: {why('loops.plan', { loop })}</p>}

        <fieldset disabled={!editable || busy} className="plan-people">
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
                    onChange={(e) =>
                      set({ shadowIds: e.target.checked ? [...form.shadowIds, m.id] : form.shadowIds.filter((id) => id !== m.id) })
                    }
                  />
                  {m.name}
                </label>
              ))}
          </div>
        </fieldset>

        <h2>Interviews</h2>
        <ol className="slots">
          {form.slots.map((slot, index) => (
            <li key={slot.id} className="slot">
              <fieldset disabled={!editable || busy} aria-label={`Interview ${index + 1}`}>
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
                  <label>
                    Interviewer for interview {index + 1}
                    <select value={slot.interviewerId} onChange={(e) => setSlot(index, { interviewerId: e.target.value })}>
                      <option value="">Not chosen</option>
                      {people.map((m) => (
                        <option key={m.id} value={m.id}>
                          {m.name}
                          {m.capabilities.includes('interviewer') ? '' : ' (not trained)'}
                        </option>
                      ))}
                    </select>
                  </label>
                  <label>
                    Starts at
                    <input type="datetime-local" value={slot.startsAt} onChange={(e) => setSlot(index, { startsAt: e.target.value })} />
                  </label>
                </div>
                <div className="slot-principles" role="group" aria-label={`Principles for interview ${index + 1}`}>
                  {principles.map((p) => (
                    <label key={p.id} className={`check${role.focusPrincipleIds.includes(p.id) ? ' focus' : ''}`}>
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
                {editable && (
                  <button
                    type="button"
                    className="quiet"
                    onClick={() => draft.update((f) => ({ ...f, slots: f.slots.filter((_, i) => i !== index) }))}
                  >
                    Remove interview {index + 1}
                  </button>
                )}
              </fieldset>
              {!dirty && !isNewSlot(slot.id) && (
                <Link to={to.kit(loop.id, slot.id)} className="link">
                  Open kit for {slot.title}
                  {slot.interviewerId ? ` (${nameOf(slot.interviewerId)})` : ''}
                </Link>
              )}
            </li>
          ))}
        </ol>
        {editable && (
          <div className="actions">
            <button
              type="button"
              onClick={() =>
                draft.update((f) => ({
                  ...f,
                  slots: [
                    ...f.slots,
                    { id: `new-${++newSlotCounter}`, title: 'Interview', durationMinutes: '45', interviewerId: '', startsAt: '', principleIds: [] },
                  ],
                }))
              }
            >
              Add interview
            </button>
            <button type="button" onClick={() => void suggest()}>
              Suggest a plan
            </button>
            <button type="button" className="primary" disabled={!dirty || busy} onClick={() => void save()}>
              Save plan
            </button>
            {dirty && (
              <button type="button" onClick={() => draft.update(() => fromLoop(loop))}>
                Discard changes
              </button>
            )}
          </div>
        )}
        {suggestion && (
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
              <button type="button" className="primary" onClick={() => applySuggestion(suggestion)}>
                Apply suggestion
              </button>
              <button type="button" onClick={() => setSuggestion(null)}>
                Dismiss
              </button>
            </div>
          </section>
        )}
      </section>

      <aside className="detail-pane">
        {HAS_FEEDBACK.includes(loop.status) && <LoopFeedback loop={loop} />}
        <PlanChecks checks={checks} principleName={principleName} />
        <section className="status-actions" aria-label="Loop status">
          <h2>Next step</h2>
          {(loop.status === 'interviewing' || loop.status === 'debrief') && (
            <p className="muted">The debrief and the decision happen on the debrief screen: use “Open debrief” under Feedback.</p>
          )}
          {!owner && <p className="field-hint access-hint">{why('loops.transition', { loop })}</p>}
          {owner && loop.status === 'draft' && blockers.length > 0 && (
            <Field
              label="Override reason"
              value={overrideReason}
              onChange={setOverrideReason}
              error={errors.overrideReason}
              multiline
              rows={2}
              hint="Blockers keep a loop from being planned. If you must go ahead (a small team, say), record why; it is kept in the activity log."
            />
          )}
          <div className="actions">
            {(owner ? BUTTON_MOVES(loop.status) : []).map((s) => (
              <button key={s} type="button" className={s === 'planned' ? 'primary' : undefined} disabled={busy} onClick={() => void move(s)}>
                {s === 'planned' && blockers.length ? 'Plan with override' : STATUS_ACTIONS[s]}
              </button>
            ))}
          </div>
          {owner &&
            LOOP_TRANSITIONS[loop.status].includes('cancelled') &&
            (confirmCancel ? (
              <div className="cancel-box">
                <Field label="Why cancel this loop?" value={cancelReason} onChange={setCancelReason} error={errors.reason} />
                <div className="actions">
                  <button type="button" onClick={() => void move('cancelled')}>
                    Cancel loop
                  </button>
                  <button type="button" onClick={() => setConfirmCancel(false)}>
                    Keep loop
                  </button>
                </div>
              </div>
            ) : (
              <button type="button" className="quiet" onClick={() => setConfirmCancel(true)}>
                Cancel this loop…
              </button>
            ))}
        </section>
      </aside>
    </div>
  );
}
