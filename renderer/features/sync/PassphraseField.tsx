import type { ReactNode } from 'react';
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
