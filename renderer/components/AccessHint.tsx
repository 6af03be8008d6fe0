import type { MethodName } from '../../core/api/contract/methods';
import type { AccessExtra } from './accessFacts';
import { useAccess } from './useAccess';

/** A short line saying why the actions of a screen are missing, when "me" may not call the method. */
export function AccessHint({ method, extra, what }: { method: MethodName; extra?: AccessExtra; what?: string }) {
  const { may, why } = useAccess();
  if (may(method, extra)) return null;
  return (
    <p className="field-hint access-hint" data-testid="access-hint">
      {what ? `${what}: ` : ''}
      {why(method, extra)}
    </p>
  );
}
