import { useEffect, useMemo, useState } from 'react';
import type { Loop, LoopDetail, LoopStatus, SuggestedLoopPlan } from '../../../core/api/contract/loops';
import { checkLoopPlan } from '../../../core/rules/loopChecks';
import type { CheckFinding } from '../../../core/rules/planTypes';
import { api } from '../../api/transport';
import { fieldErrorsFromApi, type FieldErrors } from '../../api/fieldErrors';
import { useAccess } from '../../components/useAccess';
import { useDraft } from '../../components/useDraft';
import { useShortcut } from '../../components/useShortcut';
import { Loading } from '../../data/QueryState';
import { useApiMutation, useApiQuery } from '../../data/useApi';
import { Link } from '../../routing/Link';
import { to } from '../../routing/routes';
import { useApp } from '../../stores/app';
import { activePrinciples, usePrinciples } from '../../stores/principles';
import { activeMembers, useTeam } from '../../stores/team';
import { LoopFeedback } from '../feedback/LoopFeedback';
import { LoopStatusActions } from './LoopStatusActions';
import { fromLoop, HAS_FEEDBACK, toPlan, toPlanInput, withSuggestion, type PlanForm } from './planForm';
import { PlanChecks } from './PlanChecks';
import { primaryAction } from './plannerPrimary';
import { PlanPeopleFields } from './PlanPeopleFields';
import { PlanSlotsEditor } from './PlanSlotsEditor';
import { PlanSummary } from './PlanSummary';
import { SuggestionPanel } from './SuggestionPanel';
import { CandidateName } from '../../components/candidateName';

export function LoopPlanner({ loopId }: { loopId: string }) {
  const { notify } = useApp();
  const query = useApiQuery('loops.get', { id: loopId });
  useEffect(() => {
    if (query.error) notify('error', query.error.message);
  }, [query.error, notify]);
  const detail = query.data;
  if (!detail) return <Loading />;
  // A refused move may mean the loop changed meanwhile: read it again.
  return <PlannerForm key={detail.loop.revision} detail={detail} reload={() => void query.refetch()} />;
}

function PlannerForm({ detail, reload }: { detail: LoopDetail; reload(): void }) {
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

  useEffect(() => {
    void loadPrinciples();
    void loadTeam();
  }, [loadPrinciples, loadTeam]);

  const { may, why } = useAccess();
  // Judged on the saved plan's people, as the API does: the loop's hiring manager, founders and admins.
  const owner = may('loops.plan', { loop });
  const editable = owner && (loop.status === 'draft' || loop.status === 'planned');
  const dirty = JSON.stringify(form) !== JSON.stringify(fromLoop(loop));
  // A draft is still being planned, so it opens as the form; a planned loop opens read-only, unless unsaved edits were restored.
  const [editing, setEditing] = useState(() => loop.status === 'draft' || (draft.restored && dirty));
  const showForm = editable && editing;
  const checks: CheckFinding[] = useMemo(() => checkLoopPlan(toPlan(form), detail.context), [form, detail.context]);
  const blockers = checks.filter((c) => c.kind === 'blocker').length;
  const people = activeMembers(members);
  const nameOf = (id: string | null) => members.find((m) => m.id === id)?.name ?? '';
  const principleName = (id: string) => allPrinciples.find((p) => p.id === id)?.name ?? 'Archived principle';
  const primary = primaryAction({ suggesting: suggestion !== null, draft: loop.status === 'draft', owner, blockers, editing: showForm, dirty });
  const cls = (action: typeof primary) => (primary === action ? 'primary' : undefined);

  const set = (patch: Partial<PlanForm>) => draft.update((f) => ({ ...f, ...patch }));

  async function save(): Promise<Loop | null> {
    setBusy(true);
    const result = await plan(toPlanInput(loop, form, overrideReason));
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

  async function move(next: LoopStatus, cancelReason = '') {
    let current: Loop | null = loop;
    if (dirty && editable) current = await save();
    if (!current) return;
    if (next === 'cancelled' && !cancelReason.trim()) {
      setErrors({ reason: 'Say why the loop is cancelled' });
      return;
    }
    setBusy(true);
    const result = await transition({ id: loop.id, revision: current.revision, to: next, reason: cancelReason, overrideReason });
    setBusy(false);
    if (!result.ok) {
      setErrors(fieldErrorsFromApi(result.error));
      if (!result.error.issues?.length) notify('error', result.error.message);
      reload();
      return;
    }
    notify('info', `Loop is now ${next}`);
  }

  async function suggest() {
    const result = await api.call('loops.suggest', { id: loop.id });
    if (result.ok) setSuggestion(result.value);
    else notify('error', result.error.message);
  }

  function stopEditing() {
    draft.update(() => fromLoop(loop));
    setSuggestion(null);
    setEditing(false);
  }

  useShortcut('mod+s', () => void (dirty && showForm && save()));

  return (
    <div className="split loop-planner">
      <section className="list-pane" aria-labelledby="loop-title">
        <header className="screen-head">
          <div>
            <Link to={to.screen('loops')} className="link">
              ← All loops
            </Link>
            <h1 id="loop-title">
              <CandidateName name={candidate.name} /> — {role.title}
            </h1>
            {/* A hire's quality-of-hire check-ins are reached from its loop as well as from Home's reminders. */}
            {candidate.status === 'hired' && (loop.status === 'decided' || loop.status === 'closed') && (
              <Link to={to.checkins(loop.id)} className="link">
                Check-ins on this hire
              </Link>
            )}
          </div>
          <span className={`badge badge-status-${loop.status}`} aria-label={`Status: ${loop.status}`}>
            {loop.status}
          </span>
        </header>
        {/* What to do next sits under the title, in view at 1024×700 even while the checks pane is below the plan. */}
        {editable && (
          <div className="plan-toolbar actions" role="group" aria-label="Plan actions">
            {showForm ? (
              <>
                {loop.status === 'draft' && blockers > 0 && (
                  <span className="checks-blocked">
                    {blockers === 1 ? '1 blocker' : `${blockers} blockers`} keep this loop from being planned.
                  </span>
                )}
                <button type="button" className={cls('suggest')} disabled={busy} onClick={() => void suggest()}>
                  Suggest a plan
                </button>
                <button type="button" className={cls('save')} disabled={!dirty || busy} onClick={() => void save()}>
                  Save plan
                </button>
                {dirty && (
                  <button type="button" onClick={() => draft.update(() => fromLoop(loop))}>
                    Discard changes
                  </button>
                )}
                {loop.status !== 'draft' && (
                  <button type="button" onClick={stopEditing}>
                    Cancel editing
                  </button>
                )}
              </>
            ) : (
              <button type="button" onClick={() => setEditing(true)}>
                Edit plan
              </button>
            )}
          </div>
        )}
        {suggestion && (
          <SuggestionPanel
            suggestion={suggestion}
            onApply={() => {
              set(withSuggestion(form, suggestion));
              setSuggestion(null);
            }}
            onDismiss={() => setSuggestion(null)}
          />
        )}
        {draft.restored && dirty && <p className="notice-inline">Restored your unsaved changes to this plan.</p>}
        {loop.cancelReason && <p className="notice-inline">Cancelled: {loop.cancelReason}</p>}
        {loop.overrideReason && <p className="notice-inline">Planned with an override: {loop.overrideReason}</p>}
        {!owner && <p className="field-hint access-hint">Planning this loop: {why('loops.plan', { loop })}</p>}

        {showForm ? (
          <>
            <PlanPeopleFields form={form} set={set} people={people} disabled={busy} />
            <h2>Interviews</h2>
            <PlanSlotsEditor
              loopId={loop.id}
              slots={form.slots}
              setSlots={(update) => draft.update((f) => ({ ...f, slots: update(f.slots) }))}
              people={people}
              principles={activePrinciples(allPrinciples)}
              focusPrincipleIds={role.focusPrincipleIds}
              errors={errors}
              disabled={busy}
              showKits={!dirty}
              nameOf={nameOf}
            />
          </>
        ) : (
          <PlanSummary loop={loop} nameOf={nameOf} principleName={principleName} />
        )}
      </section>

      <aside className="detail-pane">
        {HAS_FEEDBACK.includes(loop.status) && <LoopFeedback loop={loop} />}
        <PlanChecks checks={checks} principleName={principleName} />
        <LoopStatusActions
          loop={loop}
          owner={owner}
          why={why('loops.transition', { loop })}
          blockers={blockers}
          busy={busy}
          errors={errors}
          overrideReason={overrideReason}
          setOverrideReason={setOverrideReason}
          planIsPrimary={primary === 'plan'}
          move={(next, reason) => void move(next, reason)}
        />
      </aside>
    </div>
  );
}
