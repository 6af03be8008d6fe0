import { Bar, BarChart, CartesianGrid, ErrorBar, ReferenceLine, ResponsiveContainer, XAxis, YAxis } from 'recharts';

export interface WhiskerRow {
  label: string;
  value: number | null;
  whisker: [number, number] | null;
}

/**
 * Horizontal bars with 95% whiskers, one row each: alpha per principle, leniency per interviewer. Colours
 * are the theme's CSS variables (styles.css, "Science"), so both themes read. Recharts is only ever
 * imported by the science screens, which are their own chunk: it never enters the first screen's bundle.
 */
export function WhiskerChart({ rows, domain }: { rows: readonly WhiskerRow[]; domain: [number, number] }) {
  return (
    <ResponsiveContainer width="100%" height={Math.max(120, 36 * rows.length + 50)}>
      <BarChart layout="vertical" data={[...rows]} accessibilityLayer={false} margin={{ top: 8, right: 24, bottom: 8, left: 8 }}>
        <CartesianGrid horizontal={false} className="science-grid" />
        <XAxis type="number" domain={domain} tickFormatter={(v: number) => v.toFixed(1)} className="science-axis" />
        <YAxis type="category" dataKey="label" width={170} className="science-axis" />
        <ReferenceLine x={0} className="science-zero" />
        <Bar dataKey="value" className="science-bar" isAnimationActive={false} barSize={18}>
          <ErrorBar dataKey="whisker" direction="x" width={6} className="science-whisker" />
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}
