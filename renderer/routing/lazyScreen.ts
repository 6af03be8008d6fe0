import { createElement, use, type ComponentType } from 'react';

export interface LazyScreen<P extends object> {
  /** Renders the screen; suspends only while its chunk is still on its way. */
  Screen: ComponentType<P>;
  /** Fetches and runs the chunk once; every later call returns the same promise. */
  load(): Promise<void>;
}

/**
 * A screen in its own chunk, like React's `lazy`, but one whose chunk was loaded beforehand (by `load`, at idle or
 * on a hover) renders at once. `lazy` only learns of a module through its own first render, so a preloaded screen
 * still suspended once on its first visit: one more render pass, and its reads left only after it (~20-60 ms of a
 * first visit to Team at `large`).
 */
export function lazyScreen<P extends object>(importer: () => Promise<ComponentType<P>>): LazyScreen<P> {
  let component: ComponentType<P> | undefined;
  let loading: Promise<void> | undefined;
  const load = () =>
    (loading ??= importer().then(
      (loaded) => {
        component = loaded;
      },
      (error: unknown) => {
        // A chunk that failed (the host restarted with a new build) is tried again on the next visit.
        loading = undefined;
        throw error;
      },
    ));
  function Screen(props: P) {
    if (!component) use(load());
    return component ? createElement(component, props) : null;
  }
  return { Screen, load };
}
