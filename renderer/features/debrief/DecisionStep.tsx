import { useState } from 'react';
import type { Debrief, Decision } from '../../../core/api/contract/feedback';
import type { LoopDetail } from '../../../core/api/contract/loops';
import { verdictIssues } from '../../../core/rules/decisionOutcome';
import { DECISION_LABELS, RECYCLE_LABELS, VERDICT_LABELS } from '../../../core/rules/feedbackTypes';
import { fieldErrorsFromApi, firstUnder, withoutErrors, type FieldErrors } from '../../api/fieldErrors';
import { Control } from '../../components/Control';
import { Field } from '../../components/Field';
import { useRefusedSubmit } from '../../components/focusFirstError';
import { FormError } from '../../components/FormFooter';
import { formatDay, today } from '../../components/format';
import { useApiMutation } from '../../data/useApi';
import { useApp } from '../../stores/app';
import { RadioGroup } from '../../components/RadioGroup';

// The decision step of the debrief: the hiring manager decides, the bar raiser concurs or vetoes, and a final decision can be reopened.

export interface DecisionProps {
  debrief: Debrief;
  detail: LoopDetail;
  mayDecide: boolean;
  mayVerdict: boolean;
  mayReopen: boolean;
  nameOf(id: string | null): string;
  principleName(id: string): string;
}

function decisionText(d: Decision, nameOf: (id: string | null) => string): string {
  const what =
    d.decision === 'hire'
      ? 'Hire'
      : `No hire (${d.recycle === 'no_recycle' ? `no recycle${d.cooldownUntil ? ` until ${formatDay(d.cooldownUntil)}` : ''}` : 'recycle — consider for another role'})`;
  return `${nameOf(d.hiringManagerId)} decided: ${what}. ${d.rationale}`;
}

/** The final outcome in one sentence, as the packet and the candidate's history tell it. */
export function outcomeText(d: Decision, nameOf: (id: string | null) => string, principleName: (id: string) => string): string {
  if (d.outcome === 'pending') return `Outcome: pending — waiting for the bar raiser`;
  if (d.verdict === 'veto' && d.decision === 'hire') {
    const cited = d.citedPrincipleIds.map(principleName).join(', ');
    return `Outcome: No hire — vetoed by ${nameOf(d.barRaiserId)}: ${d.verdictRationale}${cited ? ` (evidence cited: ${cited})` : ''}`;
  }
  const concur = d.barRaiserId ? `; ${nameOf(d.barRaiserId)} concurred${d.verdictRationale ? `: ${d.verdictRationale}` : ''}` : '';
  if (d.outcome === 'hire') return `Outcome: Hire — decided by ${nameOf(d.hiringManagerId)}: ${d.rationale}${concur}`;
  const recycle = d.recycle === 'no_recycle' ? `no recycle${d.cooldownUntil ? ` until ${formatDay(d.cooldownUntil)}` : ''}` : 'recycle';
  return `Outcome: No hire (${recycle}) — decided by ${nameOf(d.hiringManagerId)}: ${d.rationale}${concur}`;
}

export function DecisionStep({ debrief, detail, mayDecide, mayVerdict, mayReopen, nameOf, principleName }: DecisionProps) {
  const { loop } = detail;
  const d = debrief.decision;
  const open = loop.status === 'debrief';
  return (
    <div className="decision-step">
      {d === null && open && mayDecide && <DecideForm loopId={loop.id} />}
      {d === null && open && !mayDecide && (
        <p>
          Waiting for the hiring manager, <strong>{nameOf(loop.hiringManagerId)}</strong>, to decide.
        </p>
      )}
      {d === null && !open && <p className="muted">No decision recorded. The loop is {loop.status}.</p>}
      {d && (
        <>
          <p className="decision-line">{decisionText(d, nameOf)}</p>
          {d.outcome === 'pending' ? (
            mayVerdict ? (
              <VerdictForm
                loopId={loop.id}
                decision={d}
                principles={[...new Set(loop.slots.flatMap((s) => s.principleIds))].map((id) => ({ id, name: principleName(id) }))}
              />
            ) : (
              <p>
                Waiting for the bar raiser, <strong>{nameOf(loop.barRaiserId)}</strong>, to concur or veto.
              </p>
            )
          ) : (
            <p className={`outcome outcome-${d.outcome}`}>{outcomeText(d, nameOf, principleName)}</p>
          )}
          {mayReopen && <Reopen loopId={loop.id} />}
        </>
      )}
    </div>
  );
}

function DecideForm({ loopId }: { loopId: string }) {
  const decide = useApiMutation('decision.decide');
  const { notify } = useApp();
  const [decision, setDecision] = useState<'hire' | 'no_hire' | null>(null);
  const [rationale, setRationale] = useState('');
  const [recycle, setRecycle] = useState<'recycle' | 'no_recycle' | null>(null);
  const [cooldownUntil, setCooldownUntil] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const { ref, summary, refused, clearSummary } = useRefusedSubmit<HTMLDivElement>();
  const clear = (path: string) => {
    setErrors((e) => withoutErrors(e, path));
    clearSummary();
  };

  async function record() {
    const local: FieldErrors = {};
    if (!decision) local.decision = 'Choose hire or no hire.';
    if (!rationale.trim()) local.rationale = 'Write the rationale: the evidence the decision rests on.';
    if (decision === 'no_hire' && !recycle) local.recycle = 'Choose recycle or no recycle.';
    if (decision === 'no_hire' && recycle === 'no_recycle' && !cooldownUntil) local.cooldownUntil = 'Give the date the cooldown ends.';
    if (Object.keys(local).length || !decision) {
      setErrors(local);
      refused();
      return;
    }
    setBusy(true);
    const r = await decide({
      loopId,
      decision,
      rationale,
      recycle: decision === 'no_hire' ? recycle : null,
      cooldownUntil: decision === 'no_hire' && recycle === 'no_recycle' ? cooldownUntil : null,
    });
    setBusy(false);
    if (!r.ok) {
      setErrors(fieldErrorsFromApi(r.error));
      if (!r.error.issues?.length) notify('error', r.error.message);
      else refused();
      return;
    }
    notify('info', 'Decision recorded; the bar raiser concurs or vetoes next');
  }

  return (
    <div className="decide-form" ref={ref}>
      <p className="muted">You are the hiring manager: you decide. The bar raiser then concurs or vetoes.</p>
      <RadioGroup
        label="Decision"
        options={[
          { value: 'hire', label: DECISION_LABELS.hire },
          { value: 'no_hire', label: DECISION_LABELS.no_hire },
        ]}
        value={decision}
        onChange={(v) => {
          setDecision(v);
          clear('decision');
        }}
        error={errors.decision}
      />
      <Field
        label="Rationale"
        value={rationale}
        onChange={(v) => {
          setRationale(v);
          clear('rationale');
        }}
        error={errors.rationale}
        multiline
        rows={3}
      />
      {decision === 'no_hire' && (
        <RadioGroup
          label="Recycle"
          options={[
            { value: 'recycle', label: RECYCLE_LABELS.recycle },
            { value: 'no_recycle', label: RECYCLE_LABELS.no_recycle },
          ]}
          value={recycle}
          onChange={(v) => {
            setRecycle(v);
            clear('recycle');
          }}
          error={errors.recycle}
        />
      )}
      {decision === 'no_hire' && recycle === 'no_recycle' && (
        <Control label="Cooldown until" error={errors.cooldownUntil} hint="The candidate cannot be planned into a loop before this date.">
          {(props) => (
            <input
              type="date"
              min={today()}
              value={cooldownUntil}
              onChange={(e) => {
                setCooldownUntil(e.target.value);
                clear('cooldownUntil');
              }}
              {...props}
            />
          )}
        </Control>
      )}
      <FormError message={summary} />
      <div className="actions">
        <button type="button" className="primary" disabled={busy} onClick={() => void record()}>
          Record decision
        </button>
      </div>
    </div>
  );
}

function VerdictForm({
  loopId,
  decision,
  principles,
}: {
  loopId: string;
  decision: Decision;
  principles: { id: string; name: string }[];
}) {
  const { notify } = useApp();
  const recordVerdict = useApiMutation('decision.verdict');
  const [verdict, setVerdict] = useState<'concur' | 'veto' | null>(null);
  const [rationale, setRationale] = useState('');
  const [cited, setCited] = useState<string[]>([]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const { ref, summary, refused, clearSummary } = useRefusedSubmit<HTMLDivElement>();
  const clear = (path: string) => {
    setErrors((e) => withoutErrors(e, path));
    clearSummary();
  };
  const citedError = firstUnder(errors, 'citedPrincipleIds');

  async function record() {
    const local: FieldErrors = {};
    if (!verdict) local.verdict = 'Choose concur or veto.';
    if (verdict) for (const issue of verdictIssues(verdict, rationale, cited)) local[issue.path] ??= issue.message;
    if (Object.keys(local).length || !verdict) {
      setErrors(local);
      refused();
      return;
    }
    setBusy(true);
    const r = await recordVerdict({ loopId, verdict, rationale, citedPrincipleIds: cited });
    setBusy(false);
    if (!r.ok) {
      setErrors(fieldErrorsFromApi(r.error));
      if (!r.error.issues?.length) notify('error', r.error.message);
      else refused();
      return;
    }
    notify('info', verdict === 'veto' ? 'Veto recorded: the outcome is no hire' : 'Verdict recorded');
  }

  return (
    <div className="verdict-form" ref={ref}>
      <p className="muted">
        You are the bar raiser. Concur, or veto {decision.decision === 'hire' ? 'the hire' : ''} with a rationale that cites the evidence.
      </p>
      <RadioGroup
        label="Bar raiser verdict"
        options={[
          { value: 'concur', label: VERDICT_LABELS.concur },
          ...(decision.decision === 'hire' ? [{ value: 'veto' as const, label: VERDICT_LABELS.veto }] : []),
        ]}
        value={verdict}
        onChange={(v) => {
          setVerdict(v);
          clear('verdict');
        }}
        error={errors.verdict}
      />
      <Field
        label="Rationale"
        value={rationale}
        onChange={(v) => {
          setRationale(v);
          clear('rationale');
        }}
        error={errors.rationale}
        multiline
        rows={3}
        hint={verdict === 'veto' ? 'A veto needs at least 20 characters that point to the evidence.' : 'Always required: say what in the evidence supports your verdict.'}
      />
      <fieldset className={`cited${citedError ? ' field-invalid' : ''}`}>
        <legend>Evidence cited</legend>
        {principles.map((p) => (
          <label key={p.id} className="check">
            <input
              type="checkbox"
              checked={cited.includes(p.id)}
              onChange={(e) => {
                setCited(e.target.checked ? [...cited, p.id] : cited.filter((id) => id !== p.id));
                clear('citedPrincipleIds');
              }}
            />
            {p.name}
          </label>
        ))}
        {citedError && (
          <div className="field-error" role="alert">
            {citedError}
          </div>
        )}
      </fieldset>
      <FormError message={summary} />
      <div className="actions">
        <button type="button" className="primary" disabled={busy} onClick={() => void record()}>
          Record verdict
        </button>
      </div>
    </div>
  );
}

function Reopen({ loopId }: { loopId: string }) {
  const { notify } = useApp();
  const reopenDecision = useApiMutation('decision.reopen');
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  async function reopen() {
    if (!reason.trim()) {
      setError('Say why the decision is reopened.');
      return;
    }
    setBusy(true);
    const r = await reopenDecision({ loopId, reason });
    setBusy(false);
    if (!r.ok) {
      setError(fieldErrorsFromApi(r.error).reason ?? r.error.message);
      return;
    }
    notify('info', 'Decision reopened');
    setAsking(false);
    setReason('');
  }
  if (!asking) {
    return (
      <div className="actions">
        <button type="button" className="quiet" onClick={() => setAsking(true)}>
          Reopen decision
        </button>
      </div>
    );
  }
  return (
    <div className="early-box">
      <Field label="Reason for reopening" value={reason} onChange={setReason} error={error} multiline rows={2} hint="A decision is final; reopening is logged with this reason." />
      <div className="actions">
        <button type="button" disabled={busy} onClick={() => void reopen()}>
          Confirm reopening
        </button>
        <button type="button" onClick={() => setAsking(false)}>
          Keep the decision
        </button>
      </div>
    </div>
  );
}
