import { useId, useState } from 'react';
import type { Candidate } from '../../core/api/contract/candidates';
import { ERASED_CANDIDATE_NAME } from '../../core/api/contract/privacy';
import { fieldErrorsFromApi } from '../api/fieldErrors';
import { api } from '../api/transport';
import { Field } from '../components/Field';
import { useApp } from '../stores/app';
import { useAdminOrFounder } from '../components/useAdminOrFounder';


/** The name as the API compares it: trimmed, one Unicode form. */
const sameName = (typed: string, name: string) => typed.trim().normalize('NFC') === name.trim().normalize('NFC');

/**
 * "Right to be forgotten": erases the candidate's personal data everywhere,
 * keeping only anonymous ratings and votes. Admins and founders only, and the
 * name must be typed to confirm.
 */
export function CandidateErasure({ candidate, onErased }: { candidate: Candidate; onErased(erased: Candidate): void }) {
  const id = useId();
  const { me, allowed } = useAdminOrFounder();
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  // The API marks an erased candidate by this name and an empty profile; it refuses a second erasure anyway.
  const erased = candidate.name === ERASED_CANDIDATE_NAME && !candidate.email && !candidate.phone;
  const matches = sameName(typed, candidate.name);

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
    useApp.getState().notify('info', 'Personal data erased; anonymous ratings and votes are kept');
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
            When a candidate asks to be forgotten: their name, email, phone, source, links and notes are erased, and their
            name and email are replaced by “[erased]” wherever feedback, debrief notes, decisions and the activity log mention
            them; search no longer finds them. Kept, with no name attached: the ratings and votes of their interviews, so
            calibration stays right. This cannot be undone. Backups taken before still hold the data until they are replaced.
          </p>
          {allowed ? (
            <form
              className="erase-form"
              aria-label={`Erase the personal data of ${candidate.name}`}
              noValidate
              onSubmit={(e) => {
                e.preventDefault();
                if (matches && !busy) void erase();
              }}
            >
              <Field
                label="Type the candidate's name to confirm"
                value={typed}
                onChange={(v) => {
                  setTyped(v);
                  setError(undefined);
                }}
                error={error}
                hint={
                  <>
                    Type <strong>{candidate.name}</strong> exactly as shown.
                  </>
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
                <button type="button" className="link" onClick={() => useApp.getState().go('settings')}>
                  Choose who you are in Settings
                </button>
              )}
            </p>
          )}
        </>
      )}
    </section>
  );
}
