import type { ReadableDB, WritableDB } from '../../../db/handles';
import { newId } from '../../../db/ids';
import { prepare } from '../../../db/statements';
import { writeFileAtomic } from './atomicWrite';
import { candidateGrantsDue } from './candidateGrants';
import { feedbackGrantsDue } from './feedbackGrants';
import { resolveIn } from './folderLayout';
import { BUNDLE_KEYS, makeKeyBundle, type GrantedKey } from './keyGrant';
import type { Session } from './team';
import { supersededDevices, type TeamView } from './teamRecords';

/**
 * Grants the keys this device holds to the devices that should have them now (feedback keys to those whose owner
 * may read the feedback, candidate keys to every confirmed device): per device, one bundle file of at most
 * BUNDLE_KEYS keys, each noted in `sync_grants_done` once its file is written. Returns how many keys were granted.
 */
export function grantKeys(db: WritableDB, session: Session, team: TeamView, now: number): number {
  const due = feedbackGrantsDue(db, session, team);
  for (const [deviceId, keys] of candidateGrantsDue(db, session, team)) due.set(deviceId, (due.get(deviceId) ?? []).concat(keys));
  // Ids a restored device left behind (this one's too) still look confirmed; nobody reads under them any more.
  for (const id of supersededDevices(team)) due.delete(id);
  const note = prepare(db, 'INSERT OR IGNORE INTO sync_grants_done (key_id, device_id) VALUES (?, ?)');
  let granted = 0;
  for (const [deviceId, keys] of due) {
    const device = team.devices.get(deviceId);
    if (!device) continue;
    for (let i = 0; i < keys.length; i += BUNDLE_KEYS) {
      const chunk = keys.slice(i, i + BUNDLE_KEYS);
      const bundle = makeKeyBundle({
        teamId: session.config.teamId,
        grantId: newId(),
        keys: chunk,
        recipient: { deviceId, agreementKey: device.record.agreement },
        granter: { deviceId: session.config.deviceId, signingKey: session.secrets.device.signing },
        createdAt: now,
      });
      writeFileAtomic(resolveIn(session.config.folder, bundle.path), bundle.bytes);
      db.transaction((written: readonly GrantedKey[]) => {
        for (const k of written) note.run(k.keyId, deviceId);
      })(chunk);
      granted += chunk.length;
    }
  }
  return granted;
}

/**
 * What the keys due depend on, read cheaply: the log's newest row (every change to who is in a loop, who
 * submitted, an early look or a member's status is a logged write, here or received), the keys held, the
 * erasures, and the team's confirmed devices. While it stays the same, nothing new is due and the cycle skips
 * working it out (at `large`, tens of thousands of feedback keys: seconds even done in bulk).
 */
export function grantsFingerprint(db: ReadableDB, team: TeamView): string {
  const row = prepare(
    db,
    `SELECT (SELECT max(rowid) FROM activity) AS log, (SELECT count(*) FROM sync_feedback_keys) AS feedbackKeys,
       (SELECT count(*) FROM sync_candidate_keys) AS candidateKeys, (SELECT count(*) FROM erased_candidates) AS erased, (SELECT count(*) FROM sync_grants_done) AS done`,
  ).get() as Record<string, number | null>;
  const devices = [...team.devices.values()].map((d) => `${d.record.id}:${d.record.memberId}:${d.state}`).sort();
  return JSON.stringify([row, devices]);
}
