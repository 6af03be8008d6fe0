import { z } from 'zod';
import { NewFilePassphrase } from '../../../core/api/contract/backups';
import { NewPassphraseFields, newPassphraseErrors } from '../sync/PassphraseField';

/** A copy leaving the data folder may be sealed with a passphrase (typed twice); unchecked, it is plain. */
export interface SealChoice {
  on: boolean;
  passphrase: string;
  again: string;
}

export const NO_SEAL: SealChoice = { on: false, passphrase: '', again: '' };

const SealSchema = z.strictObject({ passphrase: NewFilePassphrase });

export const SEAL_HINT =
  'The file is encrypted (AES-256-GCM, the key stretched with scrypt) and opens only with this passphrase. Nobody can recover a forgotten one.';

/** The errors to show beside the two fields; none when the choice may be used. */
export function sealErrors(choice: SealChoice) {
  if (!choice.on) return {};
  return newPassphraseErrors(SealSchema, { passphrase: choice.passphrase }, choice.again);
}

export function sealInput(choice: SealChoice): { passphrase?: string } {
  return choice.on ? { passphrase: choice.passphrase } : {};
}

export function SealOption({ label, choice, onChange, errors }: { label: string; choice: SealChoice; onChange(choice: SealChoice): void; errors: { passphrase?: string | undefined; passphraseAgain?: string | undefined } }) {
  return (
    <fieldset className="seal-option">
      <label>
        <input type="checkbox" checked={choice.on} onChange={(e) => onChange({ ...choice, on: e.target.checked })} /> {label}
      </label>
      {choice.on && (
        <NewPassphraseFields
          passphrase={choice.passphrase}
          again={choice.again}
          onPassphrase={(passphrase) => onChange({ ...choice, passphrase })}
          onAgain={(again) => onChange({ ...choice, again })}
          errors={errors}
          hint={SEAL_HINT}
        />
      )}
    </fieldset>
  );
}
