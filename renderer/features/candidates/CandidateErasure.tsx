import { to } from '../../routing/routes';
import { Link } from '../../routing/Link';
import { useId, useState } from 'react';
import type { Candidate } from '../../../core/api/contract/candidates';
import { ERASED_CANDIDATE_NAME, type ErasureCopy, type ErasurePlan } from '../../../core/api/contract/privacy';
import { fieldErrorsFromApi } from '../../api/fieldErrors';
import { api } from '../../api/transport';
import { Field } from '../../components/Field';
import { useApiQuery } from '../../data/useApi';
import { useApp } from '../../stores/app';
import { useMay, useMe } from '../../components/useAccess';
import { formatSize } from '../../components/format';
import { SEALED_NAME_WORDS } from '../../components/candidateName';

const COPY_KINDS: Record<ErasureCopy['kind'], string> = {
  daily: 'Daily backup',
  'pre-migration': 'Backup before an update',
  'before-restore': 'Backup before a restore',
  manual: 'Backup made by hand',
  upload: 'File uploaded for a restore',
  temporary: 'Temporary file',
  damaged: 'Damaged database kept aside',
};

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What the erasure will do, shown before the user confirms it. */
function ErasurePlanView({ plan }: { plan: ErasurePlan }) {
  const t = plan.texts;
  const touched = plan.copies.filter((c) => c.action !== 'keep');
  return (
    <div className="erasure-plan" aria-label="What the erasure will do">
      <p className="field-hint">
        Texts emptied: {plural(t.feedback, 'feedback')}, {plural(t.ratings, 'rating note')}, {plural(t.debriefs, 'debrief note')},{' '}
        {plural(t.revotes, 're-vote note')}, {plural(t.decisions, 'decision')} and {plural(t.loops, 'loop reason')}.
        {t.checkins > 0 ? ` Check-ins on them as a hire removed: ${t.checkins}.` : ''}
      </p>
      {touched.length === 0 ? (
        <p className="field-hint">No backup or other copy holds this candidate.</p>
      ) : (
        <table className="grid" aria-label="Copies the erasure reaches">
          <thead>
            <tr>
              <th scope="col">Copy</th>
              <th scope="col">Kind</th>
              <th scope="col">Size</th>
              <th scope="col">What happens</th>
            </tr>
          </thead>
          <tbody>
            {touched.map((c) => (
              <tr key={c.name}>
                <td>
                  <code className="path">{c.name}</code>
                </td>
                <td>{COPY_KINDS[c.kind]}</td>
                <td>{formatSize(c.size)}</td>
                <td>{c.action === 'scrub' ? 'Scrubbed: the same erasure, then rewritten' : `Removed: ${c.reason}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** The name as the API compares it: trimmed, one Unicode form. */
const sameName = (typed: string, name: string) => typed.trim().normalize('NFC') === name.trim().normalize('NFC');

/**
 * "Right to be forgotten": erases the candidate's personal data everywhere,
 * keeping only anonymous ratings and votes. Admins and founders only, and the
 * name must be typed to confirm (the id, for a candidate whose name is not readable here).
 */
export function CandidateErasure({ candidate, onErased }: { candidate: Candidate; onErased(erased: Candidate): void }) {
  const id = useId();
  const me = useMe();
  const allowed = useMay()('privacy.eraseCandidate');
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  // The API marks an erased candidate by this name and an empty profile; it refuses a second erasure anyway.
  const erased = candidate.name === ERASED_CANDIDATE_NAME && !candidate.email && !candidate.phone;
  // Held blind here (team sync, key not granted yet), the name is blank: the id is typed instead, as the API asks.
  const sealed = candidate.sealed === true;
  const matches = sealed ? typed.trim() === candidate.id : sameName(typed, candidate.name);

  const plan = useApiQuery('privacy.erasurePlan', { candidateId: candidate.id }, { enabled: !erased && allowed }).data ?? null;

  async function erase() {
    setBusy(true);
    setError(undefined);
    const result = await api.call('privacy.eraseCandidate', { id: candidate.id, confirmName: typed });
    setBusy(false);
    if (!result.ok) {
      setError(fieldErrorsFromApi(result.error).confirmName ?? result.error.message);
      return;
    }
    setTyped('');
    // Unsaved feedback or notes about this candidate on this device go with the rest of their data.
    void useApp.getState().purgeDrafts();
    const copies = result.value.copies;
    const scrubbed = copies.filter((c) => c.action === 'scrub').length;
    const removed = copies.filter((c) => c.action === 'remove').length;
    useApp
      .getState()
      .notify('info', `Personal data erased (${scrubbed} backups scrubbed, ${removed} copies removed); anonymous ratings and votes are kept`);
    onErased(result.value.candidate);
  }

  return (
    <section className="candidate-section erasure" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Erase personal data</h3>
      {erased ? (
        <p className="muted">This candidate&apos;s personal data has been erased. Only anonymous ratings and votes remain.</p>
      ) : (
        <>
          <p className="field-hint">
            When a candidate asks to be forgotten: their name, email, phone, source, links and notes are erased; every text
            written on their loops (feedback reasons and evidence, questions typed in, debrief and re-vote notes, decision
            rationales, amendment and cancel reasons) becomes “[erased]”, and so does every activity log entry about them
            (their name in any other entry); search no longer finds them. Every backup holding them is scrubbed the same way, or removed when it
            cannot be. Kept, with no name attached: the ratings and votes of their interviews, so calibration stays right.
            This cannot be undone, and a later restore or import erases them again.
          </p>
          {allowed ? (
            <form
              className="erase-form"
              aria-label={`Erase the personal data of ${sealed ? `candidate ${candidate.id}` : candidate.name}`}
              noValidate
              onSubmit={(e) => {
                e.preventDefault();
                if (matches && !busy) void erase();
              }}
            >
              {plan && <ErasurePlanView plan={plan} />}
              <Field
                label={sealed ? "Type the candidate's id to confirm" : "Type the candidate's name to confirm"}
                value={typed}
                onChange={(v) => {
                  setTyped(v);
                  setError(undefined);
                }}
                error={error}
                hint={
                  sealed ? (
                    <>
                      {SEALED_NAME_WORDS}. Type its id <code className="path">{candidate.id}</code> exactly as shown.
                    </>
                  ) : (
                    <>
                      Type <strong>{candidate.name}</strong> exactly as shown.
                    </>
                  )
                }
              />
              <div className="actions">
                <button type="submit" className="danger" disabled={!matches || busy}>
                  Erase personal data
                </button>
              </div>
            </form>
          ) : (
            <p className="notice-inline">
              Only an admin or a founder can erase a candidate&apos;s personal data.{' '}
              {me ? (
                `You are ${me.name}, who is neither.`
              ) : (
                <Link to={to.screen('settings')} className="link">
                  Choose who you are in Settings
                </Link>
              )}
            </p>
          )}
        </>
      )}
    </section>
  );
}
