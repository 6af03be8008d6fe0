import type { Home, LoopSummary } from '../../api/contract/loops';
import { COVERAGE_MINIMUM } from '../../api/contract/questions';
import { listLoops, listMySlots, loopsShadowedBy } from '../../../db/queries/loops';
import { questionCoverage } from '../../../db/queries/questions';
import { getSetting } from '../../../db/queries/settings';
import { SETTING_KEYS } from '../../../db/queries/settingsValues';
import { checkinOpen } from '../../rules/hireCheckins';
import { untilNextCommit } from '../untilNextCommit';
import { checkinDues } from './checkins';
import type { HandlersFor } from './types';

function myPart(loop: LoopSummary, me: string, interviewing: Set<string>, shadowing: Set<string>): string {
  const parts: string[] = [];
  if (loop.hiringManagerId === me) parts.push('hiring manager');
  if (loop.barRaiserId === me) parts.push('bar raiser');
  if (interviewing.has(loop.id)) parts.push('interviewer');
  if (shadowing.has(loop.id)) parts.push('shadow');
  return parts.join(', ') || 'participant';
}

export const homeHandlers: HandlersFor<'home'> = {
  'home.get': (_input, { db, now }): Home => {
    // Only who "me" is: the whole settings would also count every hire in the company.
    const me = getSetting(db, SETTING_KEYS.me);
    // An aggregate over every active question that only a write can change: kept until the next commit.
    const thinPrinciples = untilNextCommit(db, 'thinPrinciples', () => questionCoverage(db, COVERAGE_MINIMUM).filter((c) => c.thin).length);
    if (!me) return { me: null, nextInterviews: [], myLoops: [], thinPrinciples, checkinsDue: [] };
    const nextInterviews = listMySlots(db, me);
    const interviewing = new Set(nextInterviews.map((s) => s.loopId));
    const shadowing = loopsShadowedBy(db, me);
    const myLoops = listLoops(db, { status: 'open', memberId: me }).map((l) => ({ ...l, myPart: myPart(l, me, interviewing, shadowing) }));
    const checkinsDue = checkinDues(db, me, now).filter((c) => checkinOpen(c.state));
    return { me, nextInterviews, myLoops, thinPrinciples, checkinsDue };
  },
};
