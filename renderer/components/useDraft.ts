import { useCallback, useState } from 'react';
import { draftStorageKey, readDraft, writeDraft } from './draftBuffer';

export interface Draft<T> {
  value: T;
  update(fn: (current: T) => T): void;
  /** Forget the stored draft (after a save or an explicit discard). */
  clear(): void;
  /** True when the form opened with an unsaved draft from an earlier visit. */
  restored: boolean;
}

export interface DraftOptions {
  /**
   * The member the draft belongs to, for drafts that may hold candidate data: stored under their id,
   * written only while they are "me", dropped when "me" changes (see draftBuffer).
   */
  owner?: string | null;
}

/**
 * Form state that is written to localStorage as the user types, so an
 * unsaved edit survives a reload or a closed window.
 */
export function useDraft<T>(key: string, initial: () => T, { owner }: DraftOptions = {}): Draft<T> {
  const storageKey = draftStorageKey(key, owner);
  const [state] = useState(() => {
    const saved = readDraft<T>(localStorage, storageKey);
    return saved !== null ? { value: saved, restored: true } : { value: initial(), restored: false };
  });
  const [value, setValue] = useState<T>(state.value);

  const update = useCallback(
    (fn: (current: T) => T) =>
      setValue((current) => {
        const next = fn(current);
        writeDraft(localStorage, storageKey, next);
        return next;
      }),
    [storageKey],
  );
  const clear = useCallback(() => localStorage.removeItem(storageKey), [storageKey]);
  return { value, update, clear, restored: state.restored };
}
