import { useId, useState, type ReactNode } from 'react';

/**
 * A chart and the same numbers as a table. The table is always in the page, so screen readers read the
 * numbers whichever view is shown; "Show as table" makes it visible too, in place of the chart (which is
 * hidden from assistive technology: its SVG is only a picture of the table).
 */
export function ChartWithTable({ title, head, rows, chart }: { title: string; head: readonly string[]; rows: readonly (readonly ReactNode[])[]; chart: ReactNode }) {
  const [asTable, setAsTable] = useState(false);
  const id = useId();
  return (
    <figure className="science-chart" aria-labelledby={`${id}-title`}>
      <figcaption className="science-chart-head">
        <span id={`${id}-title`} className="science-chart-title">
          {title}
        </span>
        <button type="button" className="link" aria-pressed={asTable} onClick={() => setAsTable((t) => !t)}>
          Show as table
        </button>
      </figcaption>
      {!asTable && (
        <div className="science-chart-plot" aria-hidden="true">
          {chart}
        </div>
      )}
      <table className={asTable ? 'grid' : 'sr-only'} aria-label={title}>
        <thead>
          <tr>
            {head.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              {r.map((cell, j) => (j === 0 ? <th key={j} scope="row">{cell}</th> : <td key={j}>{cell}</td>))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
