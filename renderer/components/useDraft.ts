import { useCallback, useState } from 'react';

const PREFIX = 'principled.draft.';

export interface Draft<T> {
  value: T;
  update(fn: (current: T) => T): void;
  /** Forget the stored draft (after a save or an explicit discard). */
  clear(): void;
  /** True when the form opened with an unsaved draft from an earlier visit. */
  restored: boolean;
}

/**
 * Form state that is written to localStorage as the user types, so an
 * unsaved edit survives a reload or a closed window.
 */
export function useDraft<T>(key: string, initial: () => T): Draft<T> {
  const storageKey = PREFIX + key;
  const [state] = useState(() => {
    const saved = localStorage.getItem(storageKey);
    if (saved !== null) {
      try {
        return { value: JSON.parse(saved) as T, restored: true };
      } catch {
        localStorage.removeItem(storageKey);
      }
    }
    return { value: initial(), restored: false };
  });
  const [value, setValue] = useState<T>(state.value);

  const update = useCallback(
    (fn: (current: T) => T) =>
      setValue((current) => {
        const next = fn(current);
        localStorage.setItem(storageKey, JSON.stringify(next));
        return next;
      }),
    [storageKey],
  );
  const clear = useCallback(() => localStorage.removeItem(storageKey), [storageKey]);
  return { value, update, clear, restored: state.restored };
}

/** Forgets every stored draft whose key mentions one of `ids` (an erased candidate's loops). */
export function forgetDraftsAbout(ids: readonly string[]): number {
  const doomed: string[] = [];
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    if (key?.startsWith(PREFIX) && ids.some((id) => key.includes(id))) doomed.push(key);
  }
  for (const key of doomed) localStorage.removeItem(key);
  return doomed.length;
}
