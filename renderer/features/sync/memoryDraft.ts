import { useCallback, useState } from 'react';
import type { Draft } from '../../components/useDraft';

/**
 * A form's draft held in memory only, for the editor form hook: these forms carry a passphrase and an
 * invitation's one-time secret, which must never be written to the browser's storage as useDraft would.
 */
export function useMemoryDraft<T>(initial: () => T): Draft<T> {
  const [value, setValue] = useState<T>(initial);
  const update = useCallback((fn: (current: T) => T) => setValue(fn), []);
  const clear = useCallback(() => undefined, []);
  return { value, update, clear, restored: false };
}
