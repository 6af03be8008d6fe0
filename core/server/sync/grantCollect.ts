import type { WritableDB } from '../../../db/handles';
import { isFeedbackOfErasedCandidate } from '../../../db/queries/privacy';
import { prepare } from '../../../db/statements';
import { takeCandidateGrant } from './candidateGrants';
import { applyHeldCandidateData, type HeldCursor } from './candidateHeld';
import { candidateOfPurpose } from './candidateKeys';
import type { OfferedCandidateKey } from './candidateSnapshotOpen';
import { FeedbackReaders } from './feedbackGrants';
import { applyGrantedContent, feedbackKeyById, keyOpensHeld, storeFeedbackKey } from './feedbackKeys';
import { openGrantFile, type OpenedGrants } from './keyGrant';
import { grantSeen, unseenGrantFiles, type Session } from './team';
import type { TeamView } from './teamRecords';

export interface CollectedGrants {
  /** Keys taken. */
  added: number;
  /** Items of sealed content applied with them. */
  opened: number;
  /** Grants refused, in words (a granter whose owner may not read that feedback: forged or stale), and candidate grants disputing a key taken on trust, each cycle while they wait. */
  refused: string[];
  /** Where the pass over held candidate data goes on from next cycle; null when it is done. */
  heldNext: HeldCursor | null;
}

/** A grant counts when signed by a confirmed device (whose device may grant what is the caller's rule). */
const grantOpening = (session: Session, team: TeamView, recipient: string) => ({
  teamId: session.config.teamId,
  signingKeyFor: (id: string) => {
    const d = team.devices.get(id);
    return d?.state === 'confirmed' ? d.record.signing : undefined;
  },
  me: { deviceId: recipient, agreementSecret: session.secrets.device.agreement },
});

type Outcome = 'taken' | 'seen' | 'refused' | 'wait' | 'disputed';

/**
 * Takes the feedback and candidate keys granted to this device (under any id it had), single grants and bundles
 * alike, and applies the content they open. A key counts only when its file is signed by a confirmed device, and
 * when it opens the sealed content held here under its key id; a feedback key also only when this device's owner
 * may read that feedback here and now. One whose key does not open what it names is refused (once). One that
 * cannot be judged yet (the feedback, the candidate, or what entitles this device's owner has not arrived) waits:
 * its file is read again next cycle, the keys dealt with skipped.
 */
export function collectGrantedKeys(
  db: WritableDB,
  session: Session,
  team: TeamView,
  deviceWords: (id: string) => string,
  held: { from: HeldCursor | null; limit?: number } = { from: null },
): CollectedGrants {
  const result: CollectedGrants = { added: 0, opened: 0, refused: [], heldNext: null };
  const seen = grantSeen(db);
  const markSeen = prepare(db, 'INSERT OR IGNORE INTO sync_grants_seen (grant_id) VALUES (?)');
  const readers = new FeedbackReaders(db);
  const disputes = new Map<string, number>();
  for (const { name, path, bytes, recipient } of unseenGrantFiles(session, seen)) {
    const opened = openGrantFile(path, bytes, grantOpening(session, team, recipient));
    if (!opened.ok) {
      // Not signed by its granter, or not openable here: tampering. Unknown signers may still be arriving.
      if (opened.kind === 'bad-signature' || opened.kind === 'wrong-key' || opened.kind === 'corrupt') {
        result.refused.push(`A key grant in this device's folder was refused (${opened.kind}: ${opened.detail})`);
        markSeen.run(name);
      }
      continue;
    }
    const settled = db.transaction(() => takeFile(db, session, opened.value, readers, result, deviceWords, disputes))();
    if (settled) markSeen.run(name);
  }
  for (const [granter, n] of disputes) {
    // The held key came first, from any device: the forged one of the pair may be either.
    result.refused.push(
      `${n === 1 ? 'A candidate key' : `${n} candidate keys`} granted by ${deviceWords(granter)} ${n === 1 ? 'is' : 'are'} held here with another key granted earlier: one of each pair is forged (either may be); ${n === 1 ? 'it waits' : 'they wait'} for the candidate's data to tell which`,
    );
  }
  // A candidate's data held sealed whose key is here now: granted just now, or held before a snapshot brought it;
  // a chunk a cycle (HELD_CHUNK).
  const chunk = applyHeldCandidateData(db, session.config.teamId, held.from, held.limit);
  result.opened += chunk.applied;
  result.heldNext = chunk.next;
  return result;
}

/**
 * The candidate keys in the grant files addressed to this device, signed by a confirmed device, before anything
 * checks that they open what they name: what a joining device hands its first snapshot's load, which takes a key
 * only where it opens the candidate's data (candidateSnapshotOpen.ts).
 */
export function grantedCandidateKeys(session: Session, team: TeamView): OfferedCandidateKey[] {
  const offered: OfferedCandidateKey[] = [];
  for (const { path, bytes, recipient } of unseenGrantFiles(session, () => false)) {
    const opened = openGrantFile(path, bytes, grantOpening(session, team, recipient));
    if (!opened.ok) continue;
    for (const { keyId, purpose, key } of opened.value.keys) {
      const candidateId = candidateOfPurpose(purpose);
      if (candidateId !== null) offered.push({ keyId, candidateId, key });
    }
  }
  return offered;
}

/** Deals with each key of one grant file; true when none waits (the file need not be read again). */
function takeFile(
  db: WritableDB,
  session: Session,
  file: OpenedGrants,
  readers: FeedbackReaders,
  result: CollectedGrants,
  deviceWords: (id: string) => string,
  disputes: Map<string, number>,
): boolean {
  // The device that granted a key holds it: nothing to grant back (at `large`, a joining device granted back every
  // candidate key it had just been given, ~60,000 files each written and flushed, most of its bootstrap).
  const granterHolds = prepare(db, 'INSERT OR IGNORE INTO sync_grants_done (key_id, device_id) VALUES (?, ?)');
  // A key refused in a file read again (another of its keys waits) is not refused, nor reported, twice.
  const refusedKey = prepare(db, 'SELECT 1 FROM sync_grants_seen WHERE grant_id = ?');
  const markRefused = prepare(db, 'INSERT OR IGNORE INTO sync_grants_seen (grant_id) VALUES (?)');
  let settled = true;
  for (const granted of file.keys) {
    const mark = `${file.id}:${granted.keyId}`;
    if (file.keys.length > 1 && refusedKey.get(mark)) continue;
    const outcome = granted.purpose.startsWith('candidate:')
      ? takeCandidateGrant(db, session.config.teamId, { keyId: granted.keyId, purpose: granted.purpose }, granted.key)
      : granted.purpose.startsWith('feedback:')
        ? takeFeedbackKey(db, session, granted, readers, result)
        : 'wait'; // a team key: team.ts collectGrants takes those
    if (outcome === 'taken' || outcome === 'seen') granterHolds.run(granted.keyId, file.granterDeviceId);
    if (outcome === 'taken' && granted.purpose.startsWith('candidate:')) result.added++;
    if (outcome === 'refused') {
      const what = granted.purpose.startsWith('candidate:') ? 'the candidate' : 'the feedback';
      result.refused.push(`A key grant from ${deviceWords(file.granterDeviceId)} was refused: its key does not open ${what} it names`);
      if (file.keys.length > 1) markRefused.run(mark);
    }
    // Read again each cycle, and said each cycle (once per granter, however many keys: a modified device can
    // forge any number): until the candidate's data tells which key is real.
    if (outcome === 'disputed') disputes.set(file.granterDeviceId, (disputes.get(file.granterDeviceId) ?? 0) + 1);
    if (outcome === 'wait' || outcome === 'disputed') settled = false;
  }
  return settled;
}

function takeFeedbackKey(db: WritableDB, session: Session, granted: OpenedGrants['keys'][number], readers: FeedbackReaders, result: CollectedGrants): Outcome {
  const feedbackId = granted.purpose.slice('feedback:'.length);
  // Its key was destroyed on every device: nothing of it comes back (asked first: a key this device may not use
  // would otherwise wait for good, its bundle read every cycle and kept in the folder).
  if (isFeedbackOfErasedCandidate(db, feedbackId)) return 'seen';
  // Any confirmed device holding the key may grant it (issue 12): a feedback written on a solo workspace is
  // keyed on the founder's device, whose owner may not read it yet, while its author's new laptop may. What
  // protects the content is that this device's owner may read it now, and that the key is the one it was
  // sealed under (below); a grant this device's owner may not use yet waits.
  if (!readers.of(feedbackId)?.has(session.config.memberId)) return 'wait';
  const held = feedbackKeyById(db, granted.keyId);
  if (held && held.feedbackId === feedbackId && granted.key.equals(held.key)) return 'seen';
  // Any reader's device can sign a grant: the key is taken only if it is the one the content was sealed under.
  if (held || !keyOpensHeld(db, session.config.teamId, feedbackId, { keyId: granted.keyId, key: granted.key })) return 'refused';
  if (storeFeedbackKey(db, feedbackId, { keyId: granted.keyId, key: granted.key })) result.added++;
  result.opened += applyGrantedContent(db, session.config.teamId, granted.keyId);
  return 'taken';
}
