import { lazy, Suspense, useEffect, useEffectEvent, useRef, useState } from 'react';
import { useApp } from '../../stores/app';
import { setThemeChoice } from '../../theme';
import { stepKeys, takesText } from './paletteModel';
import './palette.css';

// Loaded apart from the first screen: the palette's options pull in the access rules of every API method.
const loadPalette = () => import('./CommandPalette').then((m) => ({ default: m.CommandPalette }));
const CommandPalette = lazy(loadPalette);
const ShortcutsHelp = lazy(() => import('./ShortcutsHelp').then((m) => ({ default: m.ShortcutsHelp })));

/** How long a "g" waits for its letter before it is forgotten. */
const SEQUENCE_MS = 1500;

/** The desktop app has the preload bridge; a browser tab does not (and its browser owns Ctrl+1–9). */
export const isDesktop = () => typeof window !== 'undefined' && window.principled !== undefined;

function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return takesText(target.tagName, target instanceof HTMLInputElement ? target.type : '', target.isContentEditable);
}

/** The global keys (Ctrl/Cmd+K, "?", "g" then a letter) and the two dialogs they open. */
export function PaletteHost() {
  const { go, settings } = useApp();
  const [open, setOpen] = useState<'palette' | 'help' | null>(null);
  const pending = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);

  const onKey = useEffectEvent((e: KeyboardEvent) => {
    // A dialog handles its own keys; nothing reaches here while one is open, except by a stray path.
    if (open) return;
    const step = stepKeys(pending.current, {
      key: e.key,
      ctrl: e.ctrlKey,
      meta: e.metaKey,
      alt: e.altKey,
      inField: typingIn(e.target),
    });
    pending.current = step.pending;
    clearTimeout(timer.current);
    if (step.pending) timer.current = setTimeout(() => (pending.current = false), SEQUENCE_MS);
    if (step.handled) e.preventDefault();
    if (step.action?.kind === 'palette') setOpen('palette');
    else if (step.action?.kind === 'help') setOpen('help');
    else if (step.action?.kind === 'go') go(step.action.screen);
  });

  useEffect(() => {
    const listener = (e: KeyboardEvent) => onKey(e);
    window.addEventListener('keydown', listener);
    return () => {
      window.removeEventListener('keydown', listener);
      clearTimeout(timer.current);
    };
  }, []);

  if (open === 'help') {
    return (
      <Suspense fallback={null}>
        <ShortcutsHelp desktop={isDesktop()} onClose={() => setOpen(null)} />
      </Suspense>
    );
  }
  if (open === 'palette') {
    return (
      <Suspense fallback={null}>
        <CommandPalette
          me={settings?.me ?? null}
          onClose={() => setOpen(null)}
          onChoose={(option) => {
            const target = option.target;
            if (target === 'help') {
              setOpen('help');
              return;
            }
            setOpen(null);
            if ('theme' in target) setThemeChoice(target.theme);
            else go(target);
          }}
        />
      </Suspense>
    );
  }
  return null;
}
