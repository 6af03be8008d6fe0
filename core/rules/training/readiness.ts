// The readiness view's sentences (issue 13, item 5), pure so they are table-tested.

const people = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "2 bar raisers for 35 loops this month: 17 each" — each loop needs one bar raiser. */
export function bottleneckWords(barRaisers: number, loops: number): string {
  const load = `${people(loops, 'loop', 'loops')} this month`;
  if (barRaisers === 0) return loops === 0 ? 'No certified bar raisers, and no loops this month' : `No certified bar raisers for ${load}: every loop needs one`;
  if (loops === 0) return `${people(barRaisers, 'bar raiser', 'bar raisers')}, no loops this month`;
  // Rounded down, as the issue's own example reads ("35 loops … 17 each"): the remainder falls to someone.
  return `${people(barRaisers, 'bar raiser', 'bar raisers')} for ${load}: ${Math.floor(loops / barRaisers) || 'under 1'} each`;
}

/**
 * The founder rule (RESEARCH: founders interview the first 50–100 hires): how many hires had a founder on
 * the panel, against the threshold the settings give.
 */
export function founderRuleWords(threshold: number, hiresMade: number, hiresWithFounder: number): string {
  // hiresMade counts hires from before Principled too (a setting); only those made in it name their panel.
  const panel = `${people(hiresWithFounder, 'hire', 'hires')} made in Principled had a founder on the panel; ${people(hiresMade, 'hire', 'hires')} so far`;
  if (hiresMade >= threshold) return `${panel}. The first ${threshold} hires are behind you: trained interviewers and bar raisers carry the bar now.`;
  return `${panel}. Founders should be on every panel until hire ${threshold}: ${threshold - hiresMade} to go.`;
}
