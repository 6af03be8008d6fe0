import { readdirSync, readFileSync, rmSync } from 'node:fs';
import type { ReadableDB, WritableDB } from '../../../db/handles';
import { newId } from '../../../db/ids';
import { prepare } from '../../../db/statements';
import { writeFileAtomic } from './atomicWrite';
import { candidateKeyById, candidateOfPurpose, isErasedCandidate, keyOpensHeldCandidate, replaceCandidateKey, storeCandidateKey } from './candidateKeys';
import { grantDir, resolveIn } from './folderLayout';
import { makeKeyGrant, type KeyGrantRecord } from './keyGrant';
import type { Session } from './team';
import type { TeamView } from './teamRecords';
import { isSyncId } from './syncIds';

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

/** How many candidates were erased here, to tell when removeErasedCandidateGrants has new work. */
export const erasedCount = (db: ReadableDB): number => (prepare(db, 'SELECT count(*) AS n FROM erased_candidates').get() as { n: number }).n;

/**
 * Removes from the folder the grant files of erased candidates' keys (and of their feedback's) this device has a
 * part in: those addressed to it (under any id it had) and those it wrote to other devices. The key is gone from
 * every database, but a grant left in the folder would give it back to its recipient, and with it every old batch
 * and snapshot about the candidate. Each device removes its own part once it holds the erasure, so between them every grant goes;
 * a grant's purpose is readable without opening it. Reads every grant file: run when an erasure is new here.
 * Returns how many files were removed, null when the folder could not be read (tried again next cycle).
 */
export function removeErasedCandidateGrants(db: ReadableDB, session: Session): number | null {
  // Purposes whose keys an erasure destroyed: the candidate's, and each of their feedback's (forgetErasedKeys).
  const erased = new Set(
    prepare(
      db,
      `SELECT 'candidate:' || id AS purpose FROM erased_candidates
       UNION ALL SELECT 'feedback:' || f.id FROM feedback f JOIN loops l ON l.id = f.loop_id JOIN erased_candidates e ON e.id = l.candidate_id`,
    )
      .all()
      .map((r) => (r as { purpose: string }).purpose),
  );
  if (erased.size === 0) return 0;
  const mine = new Set([session.config.deviceId, ...session.config.previousDeviceIds]);
  let recipients: string[];
  try {
    recipients = readdirSync(resolveIn(session.config.folder, 'keys')).filter((name) => isSyncId(name));
  } catch {
    return null;
  }
  let removed = 0;
  for (const recipient of recipients) {
    const dir = resolveIn(session.config.folder, grantDir(recipient));
    let names: string[];
    try {
      names = readdirSync(dir).filter((name) => isSyncId(name));
    } catch {
      continue;
    }
    for (const name of names) {
      const record = grantHeader(`${dir}/${name}`);
      if (!record || !erased.has(record.purpose)) continue;
      if (!mine.has(recipient) && !mine.has(record.granterDeviceId)) continue;
      rmSync(`${dir}/${name}`, { force: true });
      removed++;
    }
  }
  return removed;
}

/** A grant file's purpose and granter, unverified: enough to tell it names an erased candidate or their feedback. */
function grantHeader(path: string): { purpose: string; granterDeviceId: string } | null {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { record?: { type?: unknown; purpose?: unknown; granterDeviceId?: unknown } };
    const r = parsed.record;
    return r?.type === 'key-grant' && typeof r.purpose === 'string' && typeof r.granterDeviceId === 'string' ? { purpose: r.purpose, granterDeviceId: r.granterDeviceId } : null;
  } catch {
    return null;
  }
}
