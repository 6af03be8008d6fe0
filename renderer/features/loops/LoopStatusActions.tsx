import { useState } from 'react';
import { LOOP_TRANSITIONS, type Loop, type LoopStatus } from '../../../core/api/contract/loops';
import type { FieldErrors } from '../../api/fieldErrors';
import { Field } from '../../components/Field';
import { BUTTON_MOVES, STATUS_ACTIONS } from './planForm';

interface Props {
  loop: Loop;
  owner: boolean;
  /** Why "me" may not move the loop, when not the owner. */
  why: string;
  blockers: number;
  busy: boolean;
  errors: FieldErrors;
  overrideReason: string;
  setOverrideReason(reason: string): void;
  /** "Move to planned" is the page's primary action (a draft with no blockers and nothing unsaved). */
  planIsPrimary: boolean;
  move(to: LoopStatus, cancelReason?: string): void;
}

/** The loop's next step: the status moves "me" may make, planning with an override, and cancelling. */
export function LoopStatusActions({ loop, owner, why, blockers, busy, errors, overrideReason, setOverrideReason, planIsPrimary, move }: Props) {
  const [cancelReason, setCancelReason] = useState('');
  const [confirmCancel, setConfirmCancel] = useState(false);
  return (
    <section className="status-actions" aria-label="Loop status">
      <h2>Next step</h2>
      {(loop.status === 'interviewing' || loop.status === 'debrief') && (
        <p className="muted">The debrief and the decision happen on the debrief screen: use “Open debrief” under Feedback.</p>
      )}
      {!owner && <p className="field-hint access-hint">{why}</p>}
      {owner && loop.status === 'draft' && blockers > 0 && (
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
          <button key={s} type="button" className={s === 'planned' && planIsPrimary ? 'primary' : undefined} disabled={busy} onClick={() => move(s)}>
            {s === 'planned' && blockers ? 'Plan with override' : STATUS_ACTIONS[s]}
          </button>
        ))}
      </div>
      {owner &&
        LOOP_TRANSITIONS[loop.status].includes('cancelled') &&
        (confirmCancel ? (
          <div className="cancel-box">
            <Field label="Why cancel this loop?" value={cancelReason} onChange={setCancelReason} error={errors.reason} />
            <div className="actions">
              <button type="button" onClick={() => move('cancelled', cancelReason)}>
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
  );
}
