// The facts the renderer has for `mayCall`: the same shape the API builds from
// the database, here from the stores (settings and the team list). Pure, so the
// rules about "setup" and people who left are tested without a window.

import type { Settings } from '../../core/api/contract/settings';
import type { TeamMember } from '../../core/api/contract/team';
import { DEFAULT_EDITORS, inSetup, type Access, type AccessFacts } from '../../core/rules/access';

/** The people of a loop, as the planner, the debrief and the kits know it. */
export interface LoopPeople {
  hiringManagerId: string | null;
  barRaiserId: string | null;
  shadowIds?: readonly string[];
  /** Either the interviewer ids or the slots that name them. */
  interviewerIds?: readonly string[];
  slots?: readonly { interviewerId: string | null }[];
  /** Who manages the hire the loop ended in, for check-ins. */
  hireManagerId?: string | null;
}

export interface AccessExtra {
  loop?: LoopPeople | null;
  /** The team member the call edits (for "self"). */
  subjectId?: string;
}

export function loopFacts(loop: LoopPeople): NonNullable<AccessFacts['loop']> {
  const fromSlots = (loop.slots ?? []).flatMap((s) => (s.interviewerId ? [s.interviewerId] : []));
  return {
    hiringManagerId: loop.hiringManagerId,
    barRaiserId: loop.barRaiserId,
    interviewerIds: [...new Set([...(loop.interviewerIds ?? []), ...fromSlots])],
    shadowIds: loop.shadowIds ?? [],
    ...(loop.hireManagerId !== undefined ? { hireManagerId: loop.hireManagerId } : {}),
  };
}

export function accessFactsOf(
  settings: Pick<Settings, 'me' | 'editors'> | null,
  team: { members: readonly Pick<TeamMember, 'id' | 'status' | 'capabilities'>[]; loaded: boolean },
  extra: AccessExtra = {},
): AccessFacts {
  const me = team.members.find((m) => m.id === settings?.me);
  const facts: AccessFacts = {
    actor: me && me.status === 'active' ? { id: me.id, capabilities: me.capabilities } : null,
    // Until the team list has loaded we do not know it is empty: assume not, so nothing shows that might be refused.
    setup: team.loaded && inSetup({ anyMember: team.members.length > 0, me: settings?.me ?? null }),
    editors: settings?.editors ?? DEFAULT_EDITORS,
  };
  if (extra.loop) facts.loop = loopFacts(extra.loop);
  if (extra.subjectId !== undefined) facts.subjectId = extra.subjectId;
  return facts;
}

/** The audience without "setup", for the reason shown once the team has people (it no longer applies). */
export function withoutSetup(access: Access): Access {
  return { ...access, who: access.who.filter((a) => a !== 'setup') };
}
