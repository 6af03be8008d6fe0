import { prepare } from '../../../db/statements';
import type { ReadableDB, WritableDB } from '../../../db/handles';
import { newId } from '../../../db/ids';
import { hasPeeked, submittedAuthorIds } from '../../../db/queries/feedback';
import { getLoop } from '../../../db/queries/loops';
import { isFeedbackOfErasedCandidate } from '../../../db/queries/privacy';
import { getMemberBasics } from '../../../db/queries/team';
import { feedbackVisibility, loopParticipantIds } from '../../rules/feedbackVisibility';
import { loopRoles } from '../handlers/participation';
import { writeFileAtomic } from './atomicWrite';
import { takeCandidateGrant } from './candidateGrants';
import { applyHeldCandidateData } from './candidateKeys';
import { applyGrantedContent, feedbackKeyById, feedbackPurpose, keyOpensHeld, storeFeedbackKey } from './feedbackKeys';
import { resolveIn } from './folderLayout';
import { makeKeyGrant, openKeyGrant } from './keyGrant';
import { unseenGrantFiles, type Session } from './team';
import type { TeamView } from './teamRecords';

/**
 * Who may read a submitted feedback now (SPEC §6.1, as the API applies it: `feedbackVisibility` and
 * `feedback.list`): its author; each participant whose view is full without early access (the hiring manager
 * and bar raiser at once when they have no slot, anyone with a slot once they have submitted); an admin who
 * recorded early access with a reason (a `feedback_peeks` row, logged by `feedback.recordView`). Training
 * feedback is shown to the hiring manager and bar raiser only. Null when this device does not have the
 * feedback (submitted) or its loop yet.
 */
export function feedbackReaders(db: ReadableDB, feedbackId: string): Set<string> | null {
  const row = prepare(db, 'SELECT loop_id AS loopId, author_id AS authorId, kind, status FROM feedback WHERE id = ?').get(feedbackId) as
    | { loopId: string; authorId: string; kind: string; status: string }
    | undefined;
  if (!row || row.status !== 'submitted') return null;
  const loop = getLoop(db, row.loopId);
  if (!loop) return null;
  const roles = loopRoles(loop);
  const submitted = submittedAuthorIds(db, loop.id);
  const peekers = (prepare(db, 'SELECT DISTINCT viewer_id AS id FROM feedback_peeks WHERE loop_id = ?').all(loop.id) as { id: string }[]).map((r) => r.id);
  const readers = new Set([row.authorId]);
  for (const id of new Set([...loopParticipantIds(roles), ...peekers])) {
    const member = getMemberBasics(db, id);
    if (!member || member.status !== 'active') continue;
    const isAdmin = member.capabilities.includes('admin');
    const visibility = feedbackVisibility({
      viewerId: id,
      roles,
      submittedAuthorIds: submitted,
      viewerIsAdmin: isAdmin,
      adminEarlyAccess: isAdmin && hasPeeked(db, loop.id, id),
    });
    if (visibility.level !== 'full') continue;
    if (row.kind === 'training' && id !== roles.hiringManagerId && id !== roles.barRaiserId) continue;
    readers.add(id);
  }
  return readers;
}

/**
 * Grants each feedback key this device holds to every confirmed device of each member who may read that
 * feedback now and does not have it from this device yet. Any device holding a key may grant it: when a
 * participant submits, whichever device of a reader sees it first grants them the others' feedback. Returns
 * how many grants were written.
 */
export function grantFeedbackKeys(db: WritableDB, session: Session, team: TeamView, now: number): number {
  const keys = prepare(db, 'SELECT key_id AS keyId, feedback_id AS feedbackId, key FROM sync_feedback_keys ORDER BY feedback_id').all() as { keyId: string; feedbackId: string; key: Buffer }[];
  const done = prepare(db, 'SELECT 1 FROM sync_grants_done WHERE key_id = ? AND device_id = ?');
  const note = prepare(db, 'INSERT OR IGNORE INTO sync_grants_done (key_id, device_id) VALUES (?, ?)');
  let written = 0;
  for (const { keyId, feedbackId, key } of keys) {
    const readers = feedbackReaders(db, feedbackId);
    if (!readers) continue;
    for (const device of team.devices.values()) {
      if (device.state !== 'confirmed' || device.record.id === session.config.deviceId || !readers.has(device.record.memberId)) continue;
      if (done.get(keyId, device.record.id)) continue;
      const grant = makeKeyGrant({
        teamId: session.config.teamId,
        grantId: newId(),
        keyId,
        purpose: feedbackPurpose(feedbackId),
        key,
        recipient: { deviceId: device.record.id, agreementKey: device.record.agreement },
        granter: { deviceId: session.config.deviceId, signingKey: session.secrets.device.signing },
        createdAt: now,
      });
      writeFileAtomic(resolveIn(session.config.folder, grant.path), grant.bytes);
      note.run(keyId, device.record.id);
      written++;
    }
  }
  return written;
}

export interface CollectedFeedbackGrants {
  /** Keys taken. */
  added: number;
  /** Items of sealed content applied with them. */
  opened: number;
  /** Grants refused, in words (a granter whose owner may not read that feedback: forged or stale). */
  refused: string[];
}

/** Grant files this device has dealt with already (taken or refused): not opened again. */
export function grantSeen(db: ReadableDB): (grantId: string) => boolean {
  const seen = prepare(db, 'SELECT 1 FROM sync_grants_seen WHERE grant_id = ?');
  return (grantId) => seen.get(grantId) !== undefined;
}

/**
 * Takes the feedback and candidate keys (candidateGrants.ts) granted to this device (under any id it had) and applies the content they open. A
 * grant counts only when signed by a confirmed device, when this device's owner may read that feedback here and
 * now, and when its key opens the sealed content held here under that key id; one whose key does not open it is
 * refused (and not opened again). One that cannot be judged yet (the feedback, or what entitles this device's
 * owner, has not arrived) waits for a later cycle.
 */
export function collectFeedbackGrants(db: WritableDB, session: Session, team: TeamView, deviceWords: (id: string) => string): CollectedFeedbackGrants {
  const result: CollectedFeedbackGrants = { added: 0, opened: 0, refused: [] };
  const seen = grantSeen(db);
  const markSeen = prepare(db, 'INSERT OR IGNORE INTO sync_grants_seen (grant_id) VALUES (?)');
  // The device that granted a key holds it: nothing to grant back (at `large`, a joining device granted back every
  // candidate key it had just been given, ~20,000 files each written and flushed, most of its bootstrap).
  const granterHolds = prepare(db, 'INSERT OR IGNORE INTO sync_grants_done (key_id, device_id) VALUES (?, ?)');
  for (const { name, path, bytes, recipient } of unseenGrantFiles(session, seen)) {
    const opened = openKeyGrant(path, bytes, {
      teamId: session.config.teamId,
      signingKeyFor: (id) => {
        const d = team.devices.get(id);
        return d?.state === 'confirmed' ? d.record.signing : undefined;
      },
      me: { deviceId: recipient, agreementSecret: session.secrets.device.agreement },
    });
    if (!opened.ok) {
      // Not signed by its granter, or not openable here: tampering. Unknown signers may still be arriving.
      if (opened.kind === 'bad-signature' || opened.kind === 'wrong-key' || opened.kind === 'corrupt') {
        result.refused.push(`A key grant in this device's folder was refused (${opened.kind}: ${opened.detail})`);
        markSeen.run(name);
      }
      continue;
    }
    const { grant, key } = opened.value;
    if (grant.purpose.startsWith('candidate:')) {
      const taken = takeCandidateGrant(db, session.config.teamId, grant, key);
      if (taken === 'taken' || taken === 'seen') granterHolds.run(grant.keyId, grant.granterDeviceId);
      if (taken === 'refused') result.refused.push(`A key grant from ${deviceWords(grant.granterDeviceId)} was refused: its key does not open the candidate it names`);
      if (taken === 'taken') result.added++;
      if (taken !== 'wait') markSeen.run(name);
      continue;
    }
    if (!grant.purpose.startsWith('feedback:')) continue;
    const feedbackId = grant.purpose.slice('feedback:'.length);
    const readers = feedbackReaders(db, feedbackId);
    if (!readers) continue;
    // Any confirmed device holding the key may grant it (issue 12): a feedback written on a solo workspace is
    // keyed on the founder's device, whose owner may not read it yet, while its author's new laptop may. What
    // protects the content is that this device's owner may read it now, and that the key is the one it was
    // sealed under (below); a grant this device's owner may not use yet waits.
    if (!readers.has(session.config.memberId)) continue;
    if (isFeedbackOfErasedCandidate(db, feedbackId)) {
      // Its key was destroyed on every device: nothing of it comes back.
      markSeen.run(name);
      continue;
    }
    const held = feedbackKeyById(db, grant.keyId);
    if (held && held.feedbackId === feedbackId && key.equals(held.key)) {
      granterHolds.run(grant.keyId, grant.granterDeviceId);
      markSeen.run(name);
      continue;
    }
    // Any reader's device can sign a grant: the key is taken only if it is the one the content was sealed under.
    if (held || !keyOpensHeld(db, session.config.teamId, feedbackId, { keyId: grant.keyId, key })) {
      result.refused.push(`A key grant from ${deviceWords(grant.granterDeviceId)} was refused: its key does not open the feedback it names`);
      markSeen.run(name);
      continue;
    }
    db.transaction(() => {
      if (storeFeedbackKey(db, feedbackId, { keyId: grant.keyId, key })) result.added++;
      granterHolds.run(grant.keyId, grant.granterDeviceId);
      result.opened += applyGrantedContent(db, session.config.teamId, grant.keyId);
      markSeen.run(name);
    })();
  }
  // A candidate's data held sealed whose key is here now: granted just now, or held before a snapshot brought it.
  result.opened += applyHeldCandidateData(db, session.config.teamId);
  return result;
}
