import type { ReactNode } from 'react';
import { useRowVirtualizer } from './useRowVirtualizer';

interface VirtualTableProps<T> {
  items: readonly T[];
  /** Accessible name of the table. */
  label: string;
  /** The header cells (`<th scope="col">`), one per column. */
  head: ReactNode;
  columns: number;
  getKey: (item: T) => string;
  /** The cells of one row. */
  renderRow: (item: T) => ReactNode;
  /** A first guess at a row's height in pixels; rows are measured once rendered. */
  estimateSize?: number;
}

/**
 * A table that renders only the rows in view (plus a few either side), for lists that grow with the
 * company. It stays a real table: the header row stays put while the body scrolls, and each rendered
 * row tells screen readers its place in the whole table (aria-rowindex of aria-rowcount). Empty
 * spacer rows, hidden from assistive technology, keep the scroll height of the rows not rendered.
 */
export function VirtualTable<T>({ items, label, head, columns, getKey, renderRow, estimateSize = 44 }: VirtualTableProps<T>) {
  const { scroller, virtualizer } = useRowVirtualizer(items, getKey, estimateSize);
  const rows = virtualizer.getVirtualItems();
  const before = rows[0]?.start ?? 0;
  const after = virtualizer.getTotalSize() - (rows.at(-1)?.end ?? 0);
  const spacer = (height: number, key: string) =>
    height > 0 && (
      <tr key={key} aria-hidden="true" className="virtual-spacer">
        <td colSpan={columns} style={{ height, padding: 0, border: 0 }} />
      </tr>
    );

  return (
    <div ref={scroller} className="virtual-scroller virtual-table" style={{ maxHeight: 'calc(100vh - 13rem)', overflowY: 'auto' }}>
      <table className="grid" aria-label={label} aria-rowcount={items.length + 1}>
        <thead>
          <tr aria-rowindex={1}>{head}</tr>
        </thead>
        <tbody>
          {spacer(before, 'before')}
          {rows.map((row) => {
            const item = items[row.index];
            if (item === undefined) return null;
            return (
              <tr key={row.key} data-index={row.index} aria-rowindex={row.index + 2} ref={virtualizer.measureElement}>
                {renderRow(item)}
              </tr>
            );
          })}
          {spacer(after, 'after')}
        </tbody>
      </table>
    </div>
  );
}
