import { measureElement as measureObserved, useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';

/**
 * The virtualizer both long-list shapes share (a list and a table): keyed rows, measured once rendered.
 *
 * A row is measured by the ResizeObserver the virtualizer puts on it, after the browser's own layout. The
 * library's default also reads each new row's offsetHeight as React attaches it, forcing a layout per row in
 * the middle of the commit: that was half the script time of a first visit to Loops at `large`. A row not
 * measured yet counts at its estimate (or its last measured size) until the observer reports it.
 */
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
    measureElement: (element, entry, instance) => {
      if (entry) return measureObserved(element, entry, instance);
      return instance.itemSizeCache.get(instance.options.getItemKey(instance.indexFromElement(element))) ?? estimateSize;
    },
  });
  return { scroller, virtualizer };
}
