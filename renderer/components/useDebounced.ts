import { useEffect, useEffectEvent } from 'react';

/**
 * Hands `value` to `commit` once it has stayed the same for `delayMs`, so a search box follows the
 * typing a beat behind and each keystroke doesn't start a query. `committed` is the value in effect;
 * it may also be set directly (a "Clear filters" button does so at once), and a matching value
 * starts no timer. The latest `commit` is always called, so callers need not memoise it.
 */
export function useDebounced<T>(value: T, committed: T, commit: (value: T) => void, delayMs = 120): void {
  const fire = useEffectEvent(commit);
  useEffect(() => {
    if (value === committed) return;
    const timer = setTimeout(() => fire(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, committed, delayMs]);
}
