import { feedbackVisibility } from '../rules/feedbackVisibility';
import type { ReadableDB } from '../../db/handles';
import { topicVersion } from './keptAcrossCommits';
import { loopsOfMember, readableRatingRowids, type ReadableLoop } from '../../db/queries/evidence';

/**
 * The loops whose feedback `memberId` may read now, by the rule `feedback.list` applies (without early
 * access, which needs a recorded reason per loop): the rule sees the viewer's own part in each loop, which
 * is all it looks at.
 */
export function readableLoops(db: ReadableDB, memberId: string, isAdmin: boolean): ReadableLoop[] {
  return loopsOfMember(db, memberId).flatMap((l) => {
    const visibility = feedbackVisibility({
      viewerId: memberId,
      roles: {
        hiringManagerId: l.hiringManagerId,
        barRaiserId: l.barRaiserId,
        interviewerIds: l.interviews ? [memberId] : [],
        shadowIds: l.shadows ? [memberId] : [],
      },
      submittedAuthorIds: new Set(l.submitted ? [memberId] : []),
      viewerIsAdmin: isAdmin,
      adminEarlyAccess: false,
    });
    if (visibility.level !== 'full') return [];
    // As in feedback.list: the shadows' training feedback is for the hiring manager and the bar raiser.
    return [{ loopId: l.loopId, training: l.hiringManagerId === memberId || l.barRaiserId === memberId }];
  });
}

/** The evidence (rating rowids) one person may read now, with their range, for intersecting with index matches. */
export interface ReadableEvidence {
  rowids: ReadonlySet<number>;
  low: number;
  high: number;
}

interface Cached extends ReadableEvidence {
  viewerId: string;
  isAdmin: boolean;
  dataVersion: number;
}

// Working out what someone may read walks every loop they are part of (~1,000 for a busy interviewer at
// `large`, tens of milliseconds), while a search itself takes a few: a person refining a search reuses it,
// and so does a search after a write that cannot change who reads what (choosing "me", a draft, a
// question's edit: keptAcrossCommits); a submission, a loop's people, a team member's capabilities or any
// commit this thread did not make work it out again. Only read-only connections are cached: on the writer,
// its own commits leave data_version as it was. The key holds who "me" is and whether they are an admin.
const cache = new WeakMap<ReadableDB, Cached>();

export function readableEvidence(db: ReadableDB, viewerId: string, isAdmin: boolean): ReadableEvidence {
  const dataVersion = topicVersion(db, 'readableEvidence');
  const hit = db.readonly ? cache.get(db) : undefined;
  if (hit && hit.viewerId === viewerId && hit.isAdmin === isAdmin && hit.dataVersion === dataVersion) return hit;
  const list = readableRatingRowids(db, readableLoops(db, viewerId, isAdmin));
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const rowid of list) {
    if (rowid < low) low = rowid;
    if (rowid > high) high = rowid;
  }
  const fresh: Cached = { rowids: new Set(list), low, high, viewerId, isAdmin, dataVersion };
  if (db.readonly) cache.set(db, fresh);
  return fresh;
}
