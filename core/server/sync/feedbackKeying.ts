import { randomBytes } from 'node:crypto';
import type { WritableDB } from '../../../db/handles';
import { newId } from '../../../db/ids';
import { prepare } from '../../../db/statements';

/*
 * Every feedback submitted in a team has its key from the moment it is submitted, not only from its first
 * export: a snapshot is read in the background worker (read-only) at any time, and must seal each feedback's
 * content under that feedback's key, never under the team key. So the writer connection makes the key in the
 * submitting write itself (a TEMP trigger beside the capture triggers, named so uninstallCapture drops it),
 * and making a team keys the feedback submitted while the workspace was solo.
 */

const KEY_BYTES = 32;

function keyingTriggersSql(): string {
  const insertKey = `INSERT INTO sync_feedback_keys (key_id, feedback_id, key)
        SELECT sync_new_key_id(), NEW.id, sync_new_key() WHERE NOT EXISTS (SELECT 1 FROM sync_feedback_keys WHERE feedback_id = NEW.id);`;
  return `
    CREATE TEMP TRIGGER sync_capture_feedback_key_insert AFTER INSERT ON main.feedback
      WHEN sync_tx() IS NOT NULL AND NEW.status = 'submitted' BEGIN ${insertKey} END;
    CREATE TEMP TRIGGER sync_capture_feedback_key_submit AFTER UPDATE OF status ON main.feedback
      WHEN sync_tx() IS NOT NULL AND NEW.status = 'submitted' BEGIN ${insertKey} END;`;
}

/** Called by installCapture on the writer connection (after `sync_tx` is defined). */
export function installFeedbackKeying(db: WritableDB): void {
  db.function('sync_new_key_id', { deterministic: false }, () => newId());
  db.function('sync_new_key', { deterministic: false }, () => randomBytes(KEY_BYTES));
  db.exec(keyingTriggersSql());
}

/**
 * Gives every submitted feedback without a key one (one transaction). Only for a workspace becoming a team: all
 * its content is its own then. Later, feedback without a key here is feedback this device is blind to.
 */
export function keySoloFeedback(db: WritableDB): number {
  const ids = db.prepare(`SELECT id FROM feedback f WHERE status = 'submitted' AND NOT EXISTS (SELECT 1 FROM sync_feedback_keys k WHERE k.feedback_id = f.id)`).pluck().all() as string[];
  const insert = prepare(db, 'INSERT INTO sync_feedback_keys (key_id, feedback_id, key) VALUES (?, ?, ?)');
  db.transaction(() => {
    for (const id of ids) insert.run(newId(), id, randomBytes(KEY_BYTES));
  })();
  return ids.length;
}
