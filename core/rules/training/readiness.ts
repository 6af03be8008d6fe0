// The readiness view's sentences (issue 13, item 5), pure so they are table-tested.

// Grouped digits: at a large company's scale "8820 hires" reads as a code, "8,820 hires" as a number.
const number = (n: number) => n.toLocaleString('en-US');
const people = (n: number, one: string, many: string) => `${number(n)} ${n === 1 ? one : many}`;

/** "2 bar raisers for 35 loops this month: 17 each" — each loop needs one bar raiser. */
export function bottleneckWords(barRaisers: number, loops: number): string {
  const load = `${people(loops, 'loop', 'loops')} this month`;
  if (barRaisers === 0) return loops === 0 ? 'No certified bar raisers, and no loops this month' : `No certified bar raisers for ${load}: every loop needs one`;
  if (loops === 0) return `${people(barRaisers, 'bar raiser', 'bar raisers')}, no loops this month`;
  // Rounded down, as the issue's own example reads ("35 loops … 17 each"): the remainder falls to someone.
  return `${people(barRaisers, 'bar raiser', 'bar raisers')} for ${load}: ${Math.floor(loops / barRaisers) ? number(Math.floor(loops / barRaisers)) : 'under 1'} each`;
}

/**
 * The founder rule (RESEARCH: founders interview the first 50–100 hires): how many hires had a founder on
 * the panel, against the threshold the settings give.
 */
export function founderRuleWords(threshold: number, hiresMade: number, hiresWithFounder: number): string {
  // hiresMade counts hires from before Principled too (a setting); only those made in it name their panel, so
  // the total comes first and the founder count reads as a part of it.
  const panel = `${people(hiresMade, 'hire', 'hires')} so far; ${number(hiresWithFounder)} made in Principled with a founder on the panel`;
  if (threshold === 0) return `${panel}. The founder rule is off: trained interviewers and bar raisers carry the bar.`;
  if (hiresMade >= threshold) return `${panel}. The first ${number(threshold)} hires are behind you: trained interviewers and bar raisers carry the bar now.`;
  return `${panel}. Founders should be on every panel until hire ${number(threshold)}: ${number(threshold - hiresMade)} to go.`;
}

/** Why a non-founder can take over from the founders, in the readiness view's list. */
export function takeOverWords(who: { certified: true; barRaised: number } | { certified: false; needs: readonly string[] }): string {
  if (who.certified) return `Certified bar raiser, ${people(who.barRaised, 'loop', 'loops')} bar-raised`;
  return who.needs.length ? `Ready to be certified as a bar raiser; still needs ${who.needs.join(' and ')}` : 'Ready to be certified as a bar raiser';
}
