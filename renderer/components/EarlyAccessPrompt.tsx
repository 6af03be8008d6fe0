import { useState } from 'react';
import type { ApiError } from '../../core/api/contract/result';
import { Field } from './Field';

/**
 * The API's message when a copy of every feedback needs an early-access reason
 * (the caller still owes feedback where others have written), or null. The
 * API decides; the UI only asks for the reason once it is told.
 */
export function earlyAccessMessage(error: ApiError): string | null {
  return error.code === 'FORBIDDEN' ? (error.issues?.find((i) => i.path === 'earlyAccessReason')?.message ?? null) : null;
}

/** Asks for the reason the API requires, then retries with it. */
export function EarlyAccessPrompt({
  message,
  action,
  busy,
  onRetry,
  onCancel,
}: {
  message: string;
  action: string;
  busy: boolean;
  onRetry(reason: string): void;
  onCancel(): void;
}) {
  const [reason, setReason] = useState('');
  return (
    <form
      className="early-access"
      aria-label="Early-access reason"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (reason.trim() && !busy) onRetry(reason.trim());
      }}
    >
      <Field label="Why do you need it now?" value={reason} onChange={setReason} multiline rows={2} max={1000} hint={message} />
      <div className="actions">
        <button type="submit" className="primary" disabled={!reason.trim() || busy}>
          {action} with this reason
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
