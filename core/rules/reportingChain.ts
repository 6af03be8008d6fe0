/**
 * Reporting chain: who manages whom, used for bar-raiser independence (a bar
 * raiser must come from outside the hiring manager's chain, up or down).
 *
 * Member data is edited by people and synced between machines, so a cycle
 * (A manages B, B manages A) can appear; every walk here keeps a visited set
 * and stops rather than loop forever. A member never counts as their own
 * manager or report, even inside such a cycle.
 */

import type { PlanMember } from './planTypes';

/** Managers of `memberId`, direct manager first, up to the top of the chain. */
export function managersOf(memberId: string, members: readonly PlanMember[]): string[] {
  const managerOf = managerIndex(members);
  const chain: string[] = [];
  const seen = new Set<string>([memberId]);
  let current = managerOf.get(memberId) ?? null;
  while (current !== null && !seen.has(current)) {
    chain.push(current);
    seen.add(current);
    // A manager id that points outside the member list still names a real
    // manager (e.g. someone filtered out by the caller); it simply ends the walk.
    current = managerOf.get(current) ?? null;
  }
  return chain;
}

/** Everyone below `memberId`, at any depth. */
export function reportsOf(memberId: string, members: readonly PlanMember[]): Set<string> {
  const reportsByManager = directReportsIndex(members);
  const found = new Set<string>();
  const queue: string[] = [memberId];
  for (let i = 0; i < queue.length; i++) {
    const manager = queue[i] as string;
    for (const report of reportsByManager.get(manager) ?? []) {
      if (report === memberId || found.has(report)) continue;
      found.add(report);
      queue.push(report);
    }
  }
  return found;
}

/** True when `b` is above or below `a` in the reporting chain (never for a === b). */
export function isInChain(a: string, b: string, members: readonly PlanMember[]): boolean {
  if (a === b) return false;
  return managersOf(a, members).includes(b) || managersOf(b, members).includes(a);
}

function managerIndex(members: readonly PlanMember[]): Map<string, string | null> {
  const index = new Map<string, string | null>();
  // First row wins if an id repeats, so the answer does not depend on later duplicates.
  for (const m of members) if (!index.has(m.id)) index.set(m.id, m.managerId);
  return index;
}

function directReportsIndex(members: readonly PlanMember[]): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const [id, managerId] of managerIndex(members)) {
    if (managerId === null) continue;
    const list = index.get(managerId);
    if (list) list.push(id);
    else index.set(managerId, [id]);
  }
  return index;
}
