import type { ReadableDB, WritableDB } from '../../../db/handles';
import { prepare } from '../../../db/statements';
import { applySnapshotValues, applyUnsealed } from './apply';
import { refusal, type FactsCache } from './authorise';
import type { Change, SyncTransaction } from './batch';
import { contentOf, contentRefusal, markCandidateKeysChecked, quarantineCandidateData, txValues, type CandidateContent } from './candidateKeys';
import type { SealedItem } from './sealedContent';

/*
 * A candidate's data held sealed on this device (sync_candidate_sealed: it arrived before its key), applied once
 * the key is here, a chunk at a time (docs/sync.md, "Per-candidate keys").
 */

/**
 * Why a held item, opened, may not be applied, or null. Its data must be its candidate's own, and a transaction's
 * item is authorised with the changes it came with, as one in the clear is (`refusal`: its method may change those
 * tables, its author may call it); a snapshot's own values are the writer's rows, with no transaction to check.
 */
function heldRefusal(db: ReadableDB, row: HeldRow, content: CandidateContent, facts: FactsCache): string | null {
  const visible = parseChanges(row.changes);
  if (!visible) return 'A sealed candidate item is not what it says';
  const changes = [...visible, ...content.changes];
  const own = contentRefusal(db, content, txValues(changes));
  if (own || content.hlcs) return own;
  const tx: SyncTransaction = { seq: row.seq, hlc: row.hlc, method: row.method, actor: row.authorId, deps: {}, changes };
  return refusal(db, tx, row.authorId, facts, { applied: true });
}

function parseChanges(json: string): Change[] | null {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) && v.every((c) => !!c && typeof c === 'object' && typeof (c as Change).table === 'string' && typeof (c as Change).pk === 'string') ? (v as Change[]) : null;
  } catch {
    return null;
  }
}

interface HeldRow {
  id: number;
  candidateId: string;
  keyId: string;
  deviceId: string;
  seq: number;
  authorId: string;
  hlc: string;
  method: string;
  item: string;
  changes: string;
  key: Buffer;
}

/** Where a pass over the held items goes on from: the clock and id of the last item looked at. */
export interface HeldCursor {
  hlc: string;
  id: number;
}

/**
 * Held items applied per transaction. A device whose candidate keys arrive after its first snapshot holds every
 * candidate's data (~300,000 items at `large`, ~46 s to apply in one go): in one transaction on the API thread
 * that froze the app for as long. A chunk takes a fraction of a second, and the engine runs the next cycle at
 * once while a pass is under way, so calls are answered in between.
 */
export const HELD_CHUNK = 2_000;

/**
 * Applies the next `limit` held items whose key is here now (one transaction), oldest first from `from`, each
 * with its transaction's clock (a snapshot's item with each change's own), so a later change (an erasure's mark,
 * an edit here) still wins. An item that its transaction could not have written (`heldRefusal`) goes to the
 * quarantine; one the key does not open stays held (the cursor moves past it). Returns how many items were
 * applied, and where the pass goes on from: null once it has looked at every held item with a key.
 */
export function applyHeldCandidateData(
  db: WritableDB,
  teamId: string,
  from: HeldCursor | null = null,
  limit = HELD_CHUNK,
): { applied: number; next: HeldCursor | null } {
  // In clock order by the (hlc, id) index (migration 83): each chunk reads only its own rows.
  const rows = prepare(
    db,
    `SELECT s.id, s.candidate_id AS candidateId, s.key_id AS keyId, s.device_id AS deviceId, s.seq, s.author_id AS authorId, s.hlc, s.method, s.item, s.changes, k.key
     FROM sync_candidate_sealed s INDEXED BY sync_candidate_sealed_by_clock
     JOIN sync_candidate_keys k ON k.key_id = s.key_id AND k.candidate_id = s.candidate_id
     WHERE (s.hlc, s.id) > (@hlc, @id) ORDER BY s.hlc, s.id LIMIT @limit`,
  ).all({ hlc: from?.hlc ?? '', id: from?.id ?? 0, limit }) as HeldRow[];
  if (rows.length === 0) return { applied: 0, next: null };
  const tail = rows.at(-1);
  const next = rows.length < limit || !tail ? null : { hlc: tail.hlc, id: tail.id };
  let applied = 0;
  const facts: FactsCache = {};
  db.transaction(() => {
    for (const row of rows) {
      const content = contentOf(JSON.parse(row.item) as SealedItem, row.key, teamId, row.candidateId);
      // Kept: the key held under its key id may be a forged grant's, which the real grant replaces (takeCandidateGrant).
      if (!content) continue;
      markCandidateKeysChecked(db, [row.keyId]);
      const reason = heldRefusal(db, row, content, facts);
      try {
        if (reason) throw new Error(reason);
        // Consecutive changes of one clock are applied as one transaction of that clock.
        const runs: { hlc: string; changes: Change[] }[] = [];
        content.changes.forEach((change, i) => {
          const hlc = content.hlcs?.[i] ?? row.hlc;
          const last = runs.at(-1);
          if (last?.hlc === hlc) last.changes.push(change);
          else runs.push({ hlc, changes: [change] });
        });
        for (const run of runs) {
          if (content.hlcs) {
            applySnapshotValues(db, run.changes, run.hlc);
            continue;
          }
          const tx: SyncTransaction = { seq: row.seq, hlc: run.hlc, method: row.method, actor: row.authorId, deps: {}, changes: run.changes };
          applyUnsealed(db, row.deviceId, tx, run.changes);
        }
        applied++;
      } catch (error) {
        quarantineCandidateData(db, row, reason ?? `Could not be applied: ${(error as Error).message}`);
      }
      prepare(db, 'DELETE FROM sync_candidate_sealed WHERE id = ?').run(row.id);
    }
  })();
  return { applied, next };
}
