import { randomBytes } from 'node:crypto';
import type { WritableDB } from '../../../db/handles';
import { newId } from '../../../db/ids';
import { prepare } from '../../../db/statements';

/*
 * Every candidate written in a team has its key from the write that creates it (docs/sync.md, "Per-candidate
 * keys"): a snapshot, read in the background worker at any time, seals each candidate's personal data under the
 * candidate's key, never the team key. A TEMP trigger beside the capture triggers (named so uninstallCapture
 * drops it) makes it; the candidates a device holds from before are keyed by keyHeldCandidates.
 */

const KEY_BYTES = 32;

/** Called by installCapture after installFeedbackKeying (which defines sync_new_key_id and sync_new_key). */
export function installCandidateKeying(db: WritableDB): void {
  db.exec(`
    CREATE TEMP TRIGGER sync_capture_candidate_key_insert AFTER INSERT ON main.candidates WHEN sync_tx() IS NOT NULL BEGIN
      INSERT INTO sync_candidate_keys (key_id, candidate_id, key)
        SELECT sync_new_key_id(), NEW.id, sync_new_key() WHERE NOT EXISTS (SELECT 1 FROM sync_candidate_keys WHERE candidate_id = NEW.id);
    END;`);
}

/**
 * Gives a key to every candidate this device holds the profile of in the clear without one (one transaction): a
 * solo workspace becoming a team, one already in a team before this version (all came in the clear), a device
 * bootstrapped from such a snapshot. Run before each cycle's export and snapshot. A row held blind (its name blank
 * until a key is granted: every candidate has a name) is not keyed: its key is on its way, and a key made here
 * would seal the blank over the real profile.
 */
export function keyHeldCandidates(db: WritableDB): number {
  const ids = prepare(
    db,
    `SELECT id FROM candidates c WHERE name <> ''
       AND NOT EXISTS (SELECT 1 FROM sync_candidate_keys k WHERE k.candidate_id = c.id)
       AND NOT EXISTS (SELECT 1 FROM erased_candidates e WHERE e.id = c.id)`,
  )
    .all()
    .map((r) => (r as { id: string }).id);
  if (ids.length === 0) return 0;
  const insert = prepare(db, 'INSERT INTO sync_candidate_keys (key_id, candidate_id, key) VALUES (?, ?, ?)');
  db.transaction(() => {
    for (const id of ids) insert.run(newId(), id, randomBytes(KEY_BYTES));
  })();
  return ids.length;
}
