import type { ReadableDB } from '../../../db/handles';
import { hasPeeked, submittedAuthorIds } from '../../../db/queries/feedback';
import { getLoop } from '../../../db/queries/loops';
import { memberAccess } from '../../../db/queries/team';
import { prepare } from '../../../db/statements';
import { feedbackVisibility, loopParticipantIds } from '../../rules/feedbackVisibility';
import { loopRoles } from '../handlers/participation';
import { feedbackPurpose } from './feedbackKeys';
import type { GrantedKey } from './keyGrant';
import type { Session } from './team';
import type { TeamView } from './teamRecords';

/**
 * Who may read a submitted feedback now (SPEC §6.1, as the API applies it: `feedbackVisibility` and
 * `feedback.list`): its author; each participant whose view is full without early access (the hiring manager
 * and bar raiser at once when they have no slot, anyone with a slot once they have submitted); an admin who
 * recorded early access with a reason (a `feedback_peeks` row, logged by `feedback.recordView`). Training
 * feedback is shown to the hiring manager and bar raiser only. Null when this device does not have the
 * feedback (submitted) or its loop yet.
 *
 * Computed once per loop and reused for its other feedback (a loop's readers differ only by author and kind),
 * with the team's members read once: at `large` asking per feedback cost 30 s a sync cycle.
 */
export class FeedbackReaders {
  private members: Map<string, { active: boolean; admin: boolean }> | null = null;
  private readonly loops = new Map<string, { hiringManagerId: string | null; barRaiserId: string | null; full: Set<string> } | null>();

  constructor(private readonly db: ReadableDB) {}

  of(feedbackId: string): Set<string> | null {
    const row = prepare(this.db, 'SELECT loop_id AS loopId, author_id AS authorId, kind, status FROM feedback WHERE id = ?').get(feedbackId) as FeedbackRouting | undefined;
    return row ? this.ofRow(row) : null;
  }

  ofRow(row: FeedbackRouting): Set<string> | null {
    if (row.status !== 'submitted') return null;
    const loop = this.loop(row.loopId);
    if (!loop) return null;
    const readers = new Set([row.authorId]);
    for (const id of loop.full) {
      if (row.kind === 'training' && id !== loop.hiringManagerId && id !== loop.barRaiserId) continue;
      readers.add(id);
    }
    return readers;
  }

  private loop(loopId: string) {
    if (this.loops.has(loopId)) return this.loops.get(loopId) ?? null;
    const loop = getLoop(this.db, loopId);
    let found: { hiringManagerId: string | null; barRaiserId: string | null; full: Set<string> } | null = null;
    if (loop) {
      const roles = loopRoles(loop);
      const submitted = submittedAuthorIds(this.db, loop.id);
      const peekers = (prepare(this.db, 'SELECT DISTINCT viewer_id AS id FROM feedback_peeks WHERE loop_id = ?').all(loop.id) as { id: string }[]).map((r) => r.id);
      const full = new Set<string>();
      for (const id of new Set([...loopParticipantIds(roles), ...peekers])) {
        const member = this.member(id);
        if (!member?.active) continue;
        const visibility = feedbackVisibility({
          viewerId: id,
          roles,
          submittedAuthorIds: submitted,
          viewerIsAdmin: member.admin,
          adminEarlyAccess: member.admin && hasPeeked(this.db, loop.id, id),
        });
        if (visibility.level === 'full') full.add(id);
      }
      found = { hiringManagerId: roles.hiringManagerId, barRaiserId: roles.barRaiserId, full };
    }
    this.loops.set(loopId, found);
    return found;
  }

  private member(id: string) {
    this.members ??= new Map(memberAccess(this.db).map((m) => [m.id, { active: m.status === 'active', admin: m.capabilities.includes('admin') }]));
    return this.members.get(id);
  }
}

interface FeedbackRouting {
  loopId: string;
  authorId: string;
  kind: string;
  status: string;
}

export const feedbackReaders = (db: ReadableDB, feedbackId: string): Set<string> | null => new FeedbackReaders(db).of(feedbackId);

/**
 * The feedback keys this device holds that each other confirmed device should be granted now: its owner may read
 * that feedback (FeedbackReaders) and has no grant of it from this device yet. Any device holding a key may grant
 * it: when a participant submits, whichever device of a reader sees it first grants them the others' feedback.
 * Only feedback of loops the owner has a part in (a role, a slot, an early look, their own) is looked at: every
 * reader is one of those.
 */
export function feedbackGrantsDue(db: ReadableDB, session: Session, team: TeamView): Map<string, GrantedKey[]> {
  const due = new Map<string, GrantedKey[]>();
  const readers = new FeedbackReaders(db);
  const devicesOf = new Map<string, string[]>();
  for (const device of team.devices.values()) {
    if (device.state !== 'confirmed' || device.record.id === session.config.deviceId) continue;
    devicesOf.set(device.record.memberId, [...(devicesOf.get(device.record.memberId) ?? []), device.record.id]);
  }
  const done = prepare(db, 'SELECT 1 FROM sync_grants_done WHERE key_id = ? AND device_id = ?');
  const ofMember = prepare(
    db,
    `SELECT k.key_id AS keyId, k.feedback_id AS feedbackId, k.key, f.loop_id AS loopId, f.author_id AS authorId, f.kind, f.status
     FROM feedback f JOIN sync_feedback_keys k ON k.feedback_id = f.id
     WHERE f.status = 'submitted' AND f.loop_id IN (
       SELECT id FROM loops WHERE hiring_manager_id = @m UNION SELECT id FROM loops WHERE bar_raiser_id = @m
       UNION SELECT loop_id FROM loop_slots WHERE interviewer_id = @m UNION SELECT loop_id FROM loop_slots WHERE trainee_id = @m
       UNION SELECT loop_id FROM loop_shadows WHERE member_id = @m UNION SELECT loop_id FROM feedback_peeks WHERE viewer_id = @m
       UNION SELECT loop_id FROM feedback WHERE author_id = @m)
     ORDER BY f.id`,
  );
  for (const [memberId, deviceIds] of devicesOf) {
    for (const row of ofMember.all({ m: memberId }) as (FeedbackRouting & { keyId: string; feedbackId: string; key: Buffer })[]) {
      // Granted to all their devices already (most of them, once a team has run a while): who may read is not asked.
      const missing = deviceIds.filter((deviceId) => !done.get(row.keyId, deviceId));
      if (missing.length === 0 || !readers.ofRow(row)?.has(memberId)) continue;
      for (const deviceId of missing) {
        let keys = due.get(deviceId);
        if (!keys) due.set(deviceId, (keys = []));
        keys.push({ keyId: row.keyId, purpose: feedbackPurpose(row.feedbackId), key: row.key });
      }
    }
  }
  return due;
}

