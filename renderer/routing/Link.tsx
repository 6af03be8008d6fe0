import type { AnchorHTMLAttributes, FocusEvent, MouseEvent, PointerEvent } from 'react';
import { useApp } from '../stores/app';
import { preloadRoute } from './preloadRoute';
import { hashOf, type Route } from './routes';

/**
 * A real link to a place in the app: middle-click, Ctrl/Cmd-click and "open in new tab" get the
 * URL; a plain click navigates in place. Pointing at it or focusing it starts loading the screen it leads to
 * (its chunk and first reads), so the click finds them on their way or done.
 */
export function Link({ to, onClick, onPointerEnter, onFocus, ...rest }: { to: Route } & Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'>) {
  const go = useApp((s) => s.go);
  return (
    <a
      {...rest}
      href={hashOf(to)}
      onPointerEnter={(e: PointerEvent<HTMLAnchorElement>) => {
        onPointerEnter?.(e);
        preloadRoute(to);
      }}
      onFocus={(e: FocusEvent<HTMLAnchorElement>) => {
        onFocus?.(e);
        preloadRoute(to);
      }}
      onClick={(e: MouseEvent<HTMLAnchorElement>) => {
        onClick?.(e);
        if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        go(to);
      }}
    />
  );
}
