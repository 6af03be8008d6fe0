import { useEffect } from 'react';
import { api } from '../../api/transport';
import { shouldReport } from './activityThrottle';

const USES = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

/**
 * Tells the host someone is using the app (pointer, keys), throttled, so the idle lock waits. Only real use:
 * a page left open on screen, reading on its own, lets the lock come.
 */
export function useActivityReport(enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    let last: number | null = null;
    const used = () => {
      const now = Date.now();
      if (!shouldReport(last, now)) return;
      last = now;
      void api.call('privacy.activity');
    };
    for (const use of USES) window.addEventListener(use, used, { passive: true, capture: true });
    return () => {
      for (const use of USES) window.removeEventListener(use, used, { capture: true });
    };
  }, [enabled]);
}
