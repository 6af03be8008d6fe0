import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';

/** The virtualizer both long-list shapes share (a list and a table): keyed rows, measured once rendered. */
export function useRowVirtualizer<T>(items: readonly T[], getKey: (item: T) => string, estimateSize: number) {
  const scroller = useRef<HTMLDivElement>(null);
  // The virtualizer re-renders its component itself on scroll; it is not meant to be memoized by the compiler.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => estimateSize,
    overscan: 8,
    getItemKey: (i) => {
      const item = items[i];
      return item === undefined ? i : getKey(item);
    },
  });
  return { scroller, virtualizer };
}
