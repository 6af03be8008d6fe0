import type { AlphaReading } from './scienceWords';
import type { LeniencyLabel } from './leniency';

// How the calibration report's numbers are written, the same on the Calibration screen and in its PDF.

/** A statistic to two places, a proper minus sign, and a dash where there is none (JSON has no NaN). */
export function two(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  const s = Math.abs(x).toFixed(2);
  return x < 0 && s !== '0.00' ? `−${s}` : s;
}

/** "0.41 to 0.78", or a dash without an interval. */
export function interval(low: number | null | undefined, high: number | null | undefined): string {
  return low === null || low === undefined || high === null || high === undefined ? '—' : `${two(low)} to ${two(high)}`;
}

export const ALPHA_READING: Record<AlphaReading, string> = {
  reliable: 'Reliable',
  tentative: 'Tentative',
  unreliable: 'Not reliable',
  'no-variation': 'Everyone rated alike',
  'not-enough-data': 'Not enough data yet',
};

export const LENIENCY_LABEL: Record<LeniencyLabel, string> = { lenient: 'Rates higher', severe: 'Rates lower', 'in-line': 'In line', 'too-few': 'Too few to judge' };
