import type { WritableDB } from '../../../db/handles';
import { newId } from '../../../db/ids';
import { prepare } from '../../../db/statements';
import { writeFileAtomic } from './atomicWrite';
import { candidateKeyById, candidateOfPurpose, isErasedCandidate, keyOpensHeldCandidate, replaceCandidateKey, storeCandidateKey } from './candidateKeys';
import { resolveIn } from './folderLayout';
import { makeKeyGrant, type KeyGrantRecord } from './keyGrant';
import type { Session } from './team';
import type { TeamView } from './teamRecords';

/**
 * Grants each candidate key this device holds to every other confirmed device of the team that does not have it
 * from this device yet: every member may read a candidate's profile, so the key is withheld from no one, and an
 * erasure destroys it everywhere. Returns how many grants were written.
 */
export function grantCandidateKeys(db: WritableDB, session: Session, team: TeamView, now: number): number {
  const keys = prepare(
    db,
    `SELECT key_id AS keyId, candidate_id AS candidateId, key FROM sync_candidate_keys k
     WHERE NOT EXISTS (SELECT 1 FROM erased_candidates e WHERE e.id = k.candidate_id) ORDER BY candidate_id`,
  ).all() as { keyId: string; candidateId: string; key: Buffer }[];
  const recipients = [...team.devices.values()].filter((d) => d.state === 'confirmed' && d.record.id !== session.config.deviceId);
  if (keys.length === 0 || recipients.length === 0) return 0;
  const done = prepare(db, 'SELECT 1 FROM sync_grants_done WHERE key_id = ? AND device_id = ?');
  const note = prepare(db, 'INSERT OR IGNORE INTO sync_grants_done (key_id, device_id) VALUES (?, ?)');
  let written = 0;
  for (const { keyId, candidateId, key } of keys) {
    for (const device of recipients) {
      if (done.get(keyId, device.record.id)) continue;
      const grant = makeKeyGrant({
        teamId: session.config.teamId,
        grantId: newId(),
        keyId,
        purpose: `candidate:${candidateId}`,
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

/**
 * What to do with a candidate key granted to this device (signed by a confirmed device, as openKeyGrant checked):
 * `seen` when dealt with (taken, already held, or of an erased candidate: nothing of them comes back), `refused`
 * when its key does not open what is held under its key id (any member's device can sign a grant), `wait` while
 * neither the candidate nor anything sealed under that key is here yet, or while another key is held under its key
 * id and nothing here tells which of the two is the real one.
 */
export function takeCandidateGrant(db: WritableDB, teamId: string, grant: KeyGrantRecord, key: Buffer): 'taken' | 'seen' | 'refused' | 'wait' {
  const candidateId = candidateOfPurpose(grant.purpose);
  if (candidateId === null) return 'refused';
  if (isErasedCandidate(db, candidateId)) return 'seen';
  const held = candidateKeyById(db, grant.keyId);
  if (held && held.candidateId !== candidateId) return 'refused';
  if (held && key.equals(held.key)) return 'seen';
  const opens = keyOpensHeldCandidate(db, teamId, candidateId, { keyId: grant.keyId, key });
  if (opens === false) return 'refused';
  if (held) {
    // One of the two grants was forged: the first was taken before anything sealed under its key id was here to
    // check it by. What is held under that key id now is what the held key did not open; this key opens it, so the
    // held one was the forgery.
    if (opens === undefined) return 'wait';
    replaceCandidateKey(db, candidateId, { keyId: grant.keyId, key });
    return 'taken';
  }
  if (opens === undefined && !prepare(db, 'SELECT 1 FROM candidates WHERE id = ?').get(candidateId)) return 'wait';
  storeCandidateKey(db, candidateId, { keyId: grant.keyId, key });
  return 'taken';
}
