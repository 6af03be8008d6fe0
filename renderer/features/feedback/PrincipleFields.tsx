import { useEffect, useId, useMemo, useState } from 'react';
import type { AssignedPrinciple } from '../../../core/api/contract/feedback';
import { RATING_LABELS, RATING_LEVELS } from '../../../core/api/contract/principles';
import { EVIDENCE_FIELDS, evidenceWordCount, lintEvidence, type EvidenceField, type EvidenceFinding } from '../../../core/rules/evidenceLinter';
import { firstUnder, type FieldErrors } from '../../api/fieldErrors';
import { Field } from '../../components/Field';
import { RadioGroup } from '../../components/RadioGroup';
import { EVIDENCE_LABELS } from '../../components/feedbackText';
import type { RatingForm } from './feedbackFormState';

// One principle of the feedback form: its rating, "not assessed" with a reason, the evidence with the
// linter's warnings, and a timer for the interview.

const EVIDENCE_PROMPTS: Record<EvidenceField, string> = {
  situation: 'Where and when? What was going on?',
  task: 'What did they have to achieve, and why did it matter?',
  action: 'What did they do themselves? Listen for “I”, not “we”.',
  result: 'What happened in the end? Numbers, outcomes, what they learned.',
};

export function PrincipleFields({
  principle: p,
  value,
  errors,
  onChange,
}: {
  principle: AssignedPrinciple;
  value: RatingForm;
  errors: FieldErrors;
  onChange(patch: Partial<RatingForm>, clear: string): void;
}) {
  const base = `ratings.${p.principleId}`;
  const findings = useMemo(() => lintEvidence(value.evidence, value.rating !== null && !value.notAssessed), [value]);
  const words = evidenceWordCount(value.evidence);
  const evidenceError = firstUnder(errors, `${base}.evidence`);
  const wholeError = errors[base];
  const evidenceId = useId();
  return (
    <fieldset className={`fb-principle${wholeError ? ' field-invalid' : ''}`} data-field-name={p.name}>
      <legend>{p.name}</legend>
      <div className="fb-principle-head">
        {p.summary && <p className="kit-summary">{p.summary}</p>}
        <PrincipleTimer name={p.name} />
      </div>
      {wholeError && (
        <div role="alert" className="field-error">
          {wholeError}
        </div>
      )}
      <RadioGroup
        label={`Rating for ${p.name}`}
        className="rating-scale"
        options={RATING_LEVELS.map((level) => ({
          value: level,
          label: `${level} — ${RATING_LABELS[level]}`,
          description: p.anchors[level - 1] || 'No anchor written for this level.',
        }))}
        value={value.notAssessed ? null : value.rating}
        disabled={value.notAssessed}
        onChange={(rating) => onChange({ rating }, `${base}.rating`)}
        error={errors[`${base}.rating`]}
      />
      <label className="check">
        <input
          type="checkbox"
          aria-label={`Not assessed: ${p.name}`}
          checked={value.notAssessed}
          onChange={(e) => onChange({ notAssessed: e.target.checked, rating: e.target.checked ? null : value.rating }, `${base}.rating`)}
        />
        Not assessed
      </label>
      {value.notAssessed && (
        <Field
          label="Reason not assessed"
          value={value.notAssessedReason}
          onChange={(v) => onChange({ notAssessedReason: v }, `${base}.notAssessedReason`)}
          error={errors[`${base}.notAssessedReason`]}
          hint="For example: we ran out of time, or the candidate's examples did not touch it."
        />
      )}
      <div
        className={`fb-evidence${evidenceError ? ' field-invalid' : ''}`}
        data-field-name={`Evidence for ${p.name}`}
        aria-describedby={evidenceError ? evidenceId : undefined}>
        <div className="evidence-head">
          <span className="group-label">Evidence</span>
          <span className="counter">{words === 1 ? '1 word' : `${words} words`}</span>
        </div>
        {EVIDENCE_FIELDS.map((field) => (
          <Field
            key={field}
            label={EVIDENCE_LABELS[field]}
            value={value.evidence[field]}
            onChange={(v) => onChange({ evidence: { ...value.evidence, [field]: v } }, `${base}.evidence`)}
            multiline
            rows={field === 'action' ? 4 : 2}
            placeholder={EVIDENCE_PROMPTS[field]}
            hint={<Findings findings={findings.filter((f) => f.field === field)} />}
          />
        ))}
        <Findings findings={findings.filter((f) => f.field === 'all')} />
        {evidenceError && (
          <div role="alert" className="field-error" id={evidenceId}>
            {evidenceError}
          </div>
        )}
      </div>
    </fieldset>
  );
}

function Findings({ findings }: { findings: readonly EvidenceFinding[] }) {
  if (findings.length === 0) return null;
  return (
    <ul className="evidence-findings">
      {findings.map((f, i) => (
        <li key={`${f.rule}-${f.start}-${i}`} className="finding">
          <span className="badge badge-warning">Warning</span> {f.message}
        </li>
      ))}
    </ul>
  );
}

/** How long the interview has spent on one principle: local to this screen, never saved. */
function PrincipleTimer({ name }: { name: string }) {
  const [banked, setBanked] = useState(0);
  const [since, setSince] = useState<number | null>(null);
  const [now, setNow] = useState(0);
  useEffect(() => {
    if (since === null) return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [since]);
  const total = banked + (since === null ? 0 : Math.max(0, now - since));
  const seconds = Math.floor(total / 1000);
  const shown = `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
  return (
    <div className="fb-timer">
      <span role="timer" aria-label={`Time on ${name}`} className={since === null ? undefined : 'running'}>
        {shown}
      </span>
      <button
        type="button"
        aria-label={`${since === null ? (banked ? 'Resume' : 'Start') : 'Pause'} timer for ${name}`}
        onClick={() => {
          const t = Date.now();
          if (since === null) {
            setSince(t);
            setNow(t);
          } else {
            setBanked((b) => b + (t - since));
            setSince(null);
          }
        }}
      >
        {since === null ? (banked ? 'Resume' : 'Start') : 'Pause'}
      </button>
    </div>
  );
}
