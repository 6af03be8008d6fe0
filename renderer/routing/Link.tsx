import type { AnchorHTMLAttributes, MouseEvent } from 'react';
import { useApp } from '../stores/app';
import { hashOf, type Route } from './routes';

/**
 * A real link to a place in the app: middle-click, Ctrl/Cmd-click and "open in new tab" get the
 * URL; a plain click navigates in place.
 */
export function Link({ to, onClick, ...rest }: { to: Route } & Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'>) {
  const go = useApp((s) => s.go);
  return (
    <a
      {...rest}
      href={hashOf(to)}
      onClick={(e: MouseEvent<HTMLAnchorElement>) => {
        onClick?.(e);
        if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        go(to);
      }}
    />
  );
}
