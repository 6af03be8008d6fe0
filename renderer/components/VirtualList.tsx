import { useEffect, type ReactNode } from 'react';
import { useRowVirtualizer } from './useRowVirtualizer';

interface VirtualListProps<T> {
  items: readonly T[];
  /** Accessible name of the list. */
  label: string;
  className?: string;
  getKey: (item: T) => string;
  renderItem: (item: T) => ReactNode;
  /** A first guess at a row's height in pixels; rows are measured once rendered. */
  estimateSize?: number;
  /** Called when the last rows come into view, to load the next page. */
  onNearEnd?: () => void;
}

/**
 * A list that renders only the rows in view (plus a few either side), so tens of thousands of rows
 * scroll without long tasks. It keeps list semantics: a <ul> with one <li> per rendered row, each
 * telling screen readers its place in the whole list (aria-posinset of aria-setsize), not in the DOM.
 */
export function VirtualList<T>({ items, label, className, getKey, renderItem, estimateSize = 64, onNearEnd }: VirtualListProps<T>) {
  const { scroller, virtualizer } = useRowVirtualizer(items, getKey, estimateSize);
  const rows = virtualizer.getVirtualItems();
  const last = rows.at(-1)?.index ?? -1;
  useEffect(() => {
    if (onNearEnd && items.length > 0 && last >= items.length - 20) onNearEnd();
  }, [last, items.length, onNearEnd]);

  return (
    <div ref={scroller} className="virtual-scroller" style={{ maxHeight: 'calc(100vh - 13rem)', overflowY: 'auto', contain: 'strict', height: 'calc(100vh - 13rem)' }}>
      <ul className={className} aria-label={label} style={{ position: 'relative', height: virtualizer.getTotalSize() }}>
        {rows.map((row) => {
          const item = items[row.index];
          if (item === undefined) return null;
          return (
            <li
              key={row.key}
              data-index={row.index}
              aria-setsize={items.length}
              aria-posinset={row.index + 1}
              ref={virtualizer.measureElement}
              style={{ position: 'absolute', top: 0, left: 0, width: '100%', transform: `translateY(${row.start}px)` }}
            >
              {renderItem(item)}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
