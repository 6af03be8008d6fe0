import type { AlphaFigure, InterviewerFigure } from '../../../core/api/contract/science';
import type { Highlight } from '../../../core/api/contract/evidence';

export { two, interval, ALPHA_READING, LENIENCY_LABEL } from '../../../core/rules/science/figureFormat';

export interface AlphaBar {
  label: string;
  /** Null draws no bar: not enough data, or no variation. */
  alpha: number | null;
  /** Whisker lengths below and above the bar, as recharts' ErrorBar takes them. */
  whisker: [number, number] | null;
  n: number;
}

/** Chart rows for alpha figures: a bar only where the backend read a figure, whiskers only with an interval. */
export function alphaBars<T extends AlphaFigure>(figures: readonly T[], label: (f: T) => string): AlphaBar[] {
  return figures.map((f) => {
    const readable = f.reading !== 'not-enough-data' && f.alpha !== null;
    return {
      label: label(f),
      alpha: readable ? f.alpha : null,
      whisker: readable && f.low !== null && f.high !== null ? [f.alpha! - f.low, f.high - f.alpha!] : null,
      n: f.pairable,
    };
  });
}

export type InterviewerSort = 'name' | 'leniency' | 'agreement' | 'changes' | 'time';

const sortValue: Record<InterviewerSort, (i: InterviewerFigure) => number | string | null> = {
  name: (i) => i.name.toLocaleLowerCase('en'),
  leniency: (i) => i.leniency?.shrunk ?? null,
  agreement: (i) => (i.votes ? i.agreed / i.votes : null),
  changes: (i) => (i.votes ? i.changed / i.votes : null),
  time: (i) => i.medianHoursToSubmit,
};

/** The interviewer table in the order asked for; people without the figure go last either way, then by name. */
export function sortInterviewers(list: readonly InterviewerFigure[], by: InterviewerSort, descending: boolean): InterviewerFigure[] {
  const value = sortValue[by];
  return [...list].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === null || y === null) return x === y ? a.name.localeCompare(b.name) : x === null ? 1 : -1;
    const order = x < y ? -1 : x > y ? 1 : 0;
    return (descending ? -order : order) || a.name.localeCompare(b.name);
  });
}

/** A snippet cut into plain and matched stretches; highlights out of range or overlapping are clipped, never thrown. */
export function snippetParts(snippet: string, highlights: readonly Highlight[]): { text: string; match: boolean }[] {
  const parts: { text: string; match: boolean }[] = [];
  let at = 0;
  for (const h of [...highlights].sort((a, b) => a.start - b.start)) {
    const start = Math.max(at, Math.min(h.start, snippet.length));
    const end = Math.max(start, Math.min(h.end, snippet.length));
    if (start > at) parts.push({ text: snippet.slice(at, start), match: false });
    if (end > start) parts.push({ text: snippet.slice(start, end), match: true });
    at = end;
  }
  if (at < snippet.length) parts.push({ text: snippet.slice(at), match: false });
  return parts;
}
