import type { ReactNode } from 'react';
import type { z } from 'zod';
import { fieldErrorsFromSchema } from '../../api/fieldErrors';
import { Control } from '../../components/Control';

/** What the passphrase protects and what it costs, honestly for each mode. */
export function passphraseHint(): string {
  const where = window.principled !== undefined
    ? 'The desktop app does not use the system keychain for them yet'
    : 'In browser mode there is no system keychain to keep them in';
  return `It seals this device's private sync keys on this computer. ${where}, so Principled asks for this passphrase again after each start; until then your workspace works but does not sync. Nobody can recover a forgotten passphrase: the device would have to join again.`;
}

export function PassphraseField({ label, value, onChange, error, hint, autoComplete }: { label: string; value: string; onChange(value: string): void; error?: string | undefined; hint?: ReactNode; autoComplete: 'new-password' | 'current-password' }) {
  return (
    <Control label={label} error={error} hint={hint}>
      {(p) => <input {...p} type="password" autoComplete={autoComplete} value={value} onChange={(e) => onChange(e.target.value)} />}
    </Control>
  );
}

/** A new passphrase is typed twice; a second that differs is said at the second field, once the first is valid. */
export function newPassphraseErrors(schema: z.ZodType, input: { passphrase: string }, again: string) {
  const errors = fieldErrorsFromSchema(schema, input);
  if (!errors.passphrase && input.passphrase !== again) errors.passphraseAgain = 'The two passphrases differ';
  return errors;
}

export function NewPassphraseFields(props: {
  passphrase: string;
  again: string;
  onPassphrase(value: string): void;
  onAgain(value: string): void;
  errors: { passphrase?: string | undefined; passphraseAgain?: string | undefined };
  /** What this passphrase protects; by default the sync keys' words. */
  hint?: ReactNode;
}) {
  return (
    <>
      <PassphraseField label="Passphrase" value={props.passphrase} onChange={props.onPassphrase} error={props.errors.passphrase} hint={props.hint ?? passphraseHint()} autoComplete="new-password" />
      <PassphraseField label="Passphrase again" value={props.again} onChange={props.onAgain} error={props.errors.passphraseAgain} autoComplete="new-password" />
    </>
  );
}
