import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename } from 'node:path';
import type { ReadableDB, WritableDB } from '../../../db/handles';
import { prepare } from '../../../db/statements';
import { writeFileAtomic } from './atomicWrite';
import { candidateKeyById, candidateOfPurpose, candidatePurpose, isErasedCandidate, keyOpensHeldCandidate, replaceCandidateKey, storeCandidateKey } from './candidateKeys';
import { grantDir, resolveIn } from './folderLayout';
import { grantFileHeader, type GrantedKey, type KeyBundleRecord } from './keyGrant';
import { decodeRecordFile, encodeRecordFile, signRecord } from './signedRecord';
import { grantSeen, type Session } from './team';
import type { TeamView } from './teamRecords';
import { isSyncId } from './syncIds';

/**
 * The candidate keys this device holds that each other confirmed device of the team has no grant of from this
 * device yet: every member may read a candidate's profile, so the key is withheld from no one, and an erasure
 * destroys it everywhere.
 */
export function candidateGrantsDue(db: ReadableDB, session: Session, team: TeamView): Map<string, GrantedKey[]> {
  const due = new Map<string, GrantedKey[]>();
  const missing = prepare(
    db,
    `SELECT key_id AS keyId, candidate_id AS candidateId, key FROM sync_candidate_keys k
     WHERE NOT EXISTS (SELECT 1 FROM erased_candidates e WHERE e.id = k.candidate_id)
       AND NOT EXISTS (SELECT 1 FROM sync_grants_done d WHERE d.key_id = k.key_id AND d.device_id = ?)
     ORDER BY candidate_id`,
  );
  for (const device of team.devices.values()) {
    if (device.state !== 'confirmed' || device.record.id === session.config.deviceId) continue;
    const keys = missing.all(device.record.id) as { keyId: string; candidateId: string; key: Buffer }[];
    if (keys.length > 0) due.set(device.record.id, keys.map((k) => ({ keyId: k.keyId, purpose: candidatePurpose(k.candidateId), key: k.key })));
  }
  return due;
}

/**
 * What to do with a candidate key granted to this device (signed by a confirmed device, as openKeyGrant checked):
 * `seen` when dealt with (taken, already held, or of an erased candidate: nothing of them comes back), `refused`
 * when its key does not open what is held under its key id (any member's device can sign a grant), or when another
 * key is held under its key id that was made here or has opened data sealed under it, `wait` while neither the
 * candidate nor anything sealed under that key is here yet, and `disputed` while another key is held under its key
 * id that was itself taken on trust (nothing to check it by then, nor since): one of the two is forged, and the
 * data sealed under that id, when it comes, tells which. A candidate may have several key ids (each device keys
 * the candidates it got in the clear: keyHeldCandidates), but a key id names one key, made with it.
 */
export function takeCandidateGrant(
  db: WritableDB,
  teamId: string,
  grant: { keyId: string; purpose: string },
  key: Buffer,
): 'taken' | 'seen' | 'refused' | 'wait' | 'disputed' {
  const candidateId = candidateOfPurpose(grant.purpose);
  if (candidateId === null) return 'refused';
  if (isErasedCandidate(db, candidateId)) return 'seen';
  // A key id names one key. One known here as a feedback's, or under which another candidate's data is held, is
  // not this candidate's: taken, a forged grant would blind devices to that feedback or candidate for good (any
  // member's device can sign one, and key ids travel in the clear).
  if (keyIdTakenElsewhere(db, grant.keyId, candidateId)) return 'refused';
  const held = candidateKeyById(db, grant.keyId);
  if (held && held.candidateId === candidateId && key.equals(held.key)) return 'seen';
  const opens = keyOpensHeldCandidate(db, teamId, candidateId, { keyId: grant.keyId, key });
  if (opens === false) return 'refused';
  if (held) {
    // One of the two keys is forged. With nothing held under the id to tell, the held one stands if it was made
    // here or has opened data since (the newcomer is refused: waiting, it was re-read every cycle for good), and
    // both wait, said as a problem, if it too was taken on trust.
    if (opens === undefined) return held.unchecked ? 'disputed' : 'refused';
    // The first was taken (for this candidate or another) before anything sealed under its key id was here to
    // check it by. What is held under that key id now is what the held key did not open; this key opens it, so
    // the held one was the forgery.
    replaceCandidateKey(db, candidateId, { keyId: grant.keyId, key });
    return 'taken';
  }
  if (opens === undefined && !prepare(db, 'SELECT 1 FROM candidates WHERE id = ?').get(candidateId)) return 'wait';
  storeCandidateKey(db, candidateId, { keyId: grant.keyId, key }, opens === undefined);
  return 'taken';
}

const keyIdTakenElsewhere = (db: ReadableDB, keyId: string, candidateId: string): boolean =>
  prepare(
    db,
    `SELECT 1 FROM sync_feedback_keys WHERE key_id = @keyId UNION ALL SELECT 1 FROM sync_sealed WHERE key_id = @keyId
     UNION ALL SELECT 1 FROM sync_candidate_sealed WHERE key_id = @keyId AND candidate_id <> @candidateId LIMIT 1`,
  ).get({ keyId, candidateId }) !== undefined;

/** How many candidates were erased here, to tell when removeErasedCandidateGrants has new work. */
export const erasedCount = (db: ReadableDB): number => (prepare(db, 'SELECT count(*) AS n FROM erased_candidates').get() as { n: number }).n;

/**
 * Removes from the folder the grants of erased candidates' keys (and of their feedback's) this device has a part
 * in: those addressed to it (under any id it had) and those it wrote to other devices. The key is gone from every
 * database, but a grant left in the folder would give it back to its recipient, and with it every old batch and
 * snapshot about the candidate. Each device removes its own part once it holds the erasure, so between them every
 * grant goes; a grant's purposes are readable without opening it. A bundle this device wrote is written again
 * without the erased keys (removed when written under an id it had before); one addressed to it is removed once
 * dealt with (every key in it taken here) or when its granter is no longer confirmed, else left to its granter,
 * who rewrites it. Reads every grant file: run when an erasure is new here. Returns how many files were removed or
 * rewritten, null when the folder could not be read (tried again next cycle).
 */
export function removeErasedCandidateGrants(db: ReadableDB, session: Session, team: TeamView): number | null {
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
  const seen = grantSeen(db);
  let recipients: string[];
  try {
    recipients = readdirSync(resolveIn(session.config.folder, 'keys')).filter((name) => isSyncId(name));
  } catch {
    return null;
  }
  let changed = 0;
  for (const recipient of recipients) {
    const dir = resolveIn(session.config.folder, grantDir(recipient));
    let names: string[];
    try {
      names = readdirSync(dir).filter((name) => isSyncId(name));
    } catch {
      continue;
    }
    for (const name of names) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(`${dir}/${name}`);
      } catch {
        continue;
      }
      const header = grantFileHeader(bytes);
      if (!header || !header.purposes.some((p) => erased.has(p))) continue;
      const wrote = mine.has(header.granterDeviceId);
      if (!wrote && !mine.has(recipient)) continue;
      const withOthers = header.type === 'key-grants' && header.purposes.some((p) => !erased.has(p));
      if (withOthers && header.granterDeviceId === session.config.deviceId && rewriteBundleWithout(bytes, erased, `${dir}/${name}`, session, team)) {
        changed++;
        continue;
      }
      // Addressed here, with keys not dealt with yet: its granter writes it again without the erased ones (unless
      // it is no longer a confirmed device: revoked, it never will, and its bundle cannot be checked here either).
      if (withOthers && !wrote && !seen(name) && team.devices.get(header.granterDeviceId)?.state === 'confirmed') continue;
      // Written under an id this device had before (it cannot sign as that id now), or dealt with here: removed whole.
      rmSync(`${dir}/${name}`, { force: true });
      changed++;
    }
  }
  return changed;
}

/**
 * A bundle this device wrote, written again (same id, signed anew) without the keys of erased purposes. The keys
 * it keeps are not in any database to wrap again, so they are carried over as wrapped: a bundle's entries are
 * bound to its id, recipient and ephemeral key, which stay. False when it is not this device's bundle after all.
 */
function rewriteBundleWithout(bytes: Buffer, erased: ReadonlySet<string>, path: string, session: Session, team: TeamView): boolean {
  const decoded = decodeRecordFile(bytes, { type: 'key-grants', id: basename(path), teamId: session.config.teamId }, (id) => team.devices.get(id)?.record.signing);
  if (!decoded.ok) return false;
  const record = decoded.value.record as unknown as KeyBundleRecord;
  if (record.granterDeviceId !== session.config.deviceId || !decoded.value.signers.includes(session.config.deviceId)) return false;
  const kept: KeyBundleRecord = { ...record, grants: record.grants.filter((g) => !erased.has(g.purpose)) };
  writeFileAtomic(path, encodeRecordFile(signRecord(kept, session.config.deviceId, session.secrets.device.signing)));
  return true;
}
