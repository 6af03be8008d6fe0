import { useEffect, useEffectEvent } from 'react';

/**
 * A window-level keyboard shortcut. `mod` is Ctrl, or Cmd on macOS; the latest
 * handler is always called, so callers need not memoise it.
 */
export function useShortcut(combo: string, handler: () => void, enabled = true): void {
  const fire = useEffectEvent(handler);
  useEffect(() => {
    if (!enabled) return;
    const parts = combo.toLowerCase().split('+');
    const key = parts.at(-1);
    const needsMod = parts.includes('mod');
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      if (e.key.toLowerCase() !== key || mod !== needsMod) return;
      e.preventDefault();
      fire();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [combo, enabled]);
}
