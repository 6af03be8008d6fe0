import type { WritableDB } from '../../../db/handles';
import { prepare } from '../../../db/statements';
import type { ChangeValue } from './batch';
import { blanksCandidateName, CANDIDATE_SEALED, candidateOfPurpose, contentOf, storeCandidateKey, type CandidateContent } from './candidateKeys';
import { candidateRows } from './candidateSnapshot';
import type { SealedItem } from './sealedContent';
import { cachedShape, quoteName } from './syncedTables';

/** A candidate key granted to a joining device before its first snapshot is applied (grantCollect.grantedCandidateKeys). */
export interface OfferedCandidateKey {
  keyId: string;
  candidateId: string;
  key: Uint8Array;
}

/**
 * A joining device is usually granted every candidate key in the cycle that confirms it, before it applies its
 * first snapshot. The snapshot's own candidate items (its writer's rows' personal data, one item per candidate
 * and table) whose key was granted are then opened in the snapshot's transaction, in the background worker, and
 * their values written into the rows just loaded while the tables' triggers are still set aside (the search
 * indexes and the log chain are rebuilt after, over the rows as they end up). At `large` that is ~60,000
 * candidates and ~500,000 log lines: applied one by one on the API thread afterwards it took most of a minute.
 *
 * A key counts only if it opens the item filed under its key id and candidate (the seal binds both): a forged
 * grant opens nothing and its items stay held for the usual path (candidateHeld.applyHeldCandidateData). An item
 * is applied only if every change is a personal column of a row about its own candidate, as that path requires;
 * else it stays held, and that path quarantines it. The values need no clock check: they and the rows' clocks
 * come from the same snapshot, each value with the clock its row or field has. Returns how many items were
 * applied.
 */
export function openSnapshotCandidateItems(db: WritableDB, teamId: string, offered: readonly OfferedCandidateKey[]): number {
  if (offered.length === 0) return 0;
  // Several offers may name one key id (a forged grant beside the real one): each is tried.
  const byKey = new Map<string, OfferedCandidateKey[]>();
  for (const k of offered) byKey.set(k.keyId, [...(byKey.get(k.keyId) ?? []), k]);
  const items = db.prepare(`SELECT id, candidate_id AS candidateId, key_id AS keyId, item FROM sync_candidate_sealed WHERE method = 'snapshot' ORDER BY id`).all() as {
    id: number;
    candidateId: string;
    keyId: string;
    item: string;
  }[];
  const rows = new RowsAbout(db);
  const applied = db.prepare('DELETE FROM sync_candidate_sealed WHERE id = ?');
  const usedKeys = new Map<string, OfferedCandidateKey>();
  let count = 0;
  for (const held of items) {
    const offers = byKey.get(held.keyId)?.filter((o) => o.candidateId === held.candidateId) ?? [];
    if (offers.length === 0) continue;
    const item = JSON.parse(held.item) as SealedItem;
    if (candidateOfPurpose(item.purpose) !== held.candidateId) continue;
    let offer: OfferedCandidateKey | undefined;
    let content: CandidateContent | null = null;
    for (const o of offers) {
      content = contentOf(item, o.key, teamId, held.candidateId);
      if (content) {
        offer = o;
        break;
      }
    }
    if (!offer || !content || content.hlcs?.length !== content.changes.length) continue;
    const own = content.changes.every(
      (c) =>
        !!c &&
        (c.op === 'insert' || c.op === 'update') &&
        !!c.column &&
        !!CANDIDATE_SEALED[c.table]?.has(c.column) &&
        rows.candidateOf(c.table, c.pk) === held.candidateId &&
        !blanksCandidateName(c),
    );
    if (!own) continue;
    // In clock order: a later value of a field is written after an earlier one.
    for (const c of content.changes) rows.set(c.table, c.pk, c.column as string, c.value);
    applied.run(held.id);
    usedKeys.set(held.keyId, offer);
    count++;
  }
  for (const [keyId, offer] of usedKeys) storeCandidateKey(db, offer.candidateId, { keyId, key: Buffer.from(offer.key) });
  return count;
}

const ROUTING = new Set(['id', 'candidate_id', 'loop_id', 'source_loop_id', 'entity', 'entity_id']);

/** The loaded rows of the tables holding personal data: which candidate each is about (read once per table), and a field's UPDATE. */
class RowsAbout {
  private readonly about = new Map<string, Map<string, string | null>>();
  private readonly candidates;
  private readonly updates = new Map<string, ReturnType<typeof prepare> | null>();

  constructor(private readonly db: WritableDB) {
    this.candidates = candidateRows(db);
  }

  candidateOf(table: string, pk: unknown): string | null {
    if (typeof pk !== 'string') return null;
    let found = this.about.get(table);
    if (!found) {
      found = new Map();
      const shape = cachedShape(this.db, table);
      if (shape) {
        // The key and what RowCandidates reads (at `large` the log's 500,000 rows: not their texts).
        const columns = shape.columns.filter((c) => shape.pk.includes(c) || ROUTING.has(c));
        for (const row of this.db.prepare(`SELECT ${columns.map(quoteName).join(', ')} FROM ${quoteName(table)}`).iterate() as Iterable<Record<string, unknown>>) {
          found.set(JSON.stringify(shape.pk.map((c) => row[c])), this.candidates.of(table, (c) => row[c]));
        }
      }
      this.about.set(table, found);
    }
    return found.get(pk) ?? null;
  }

  set(table: string, pk: string, column: string, value: ChangeValue): void {
    const id = `${table}\u0000${column}`;
    let update = this.updates.get(id);
    if (update === undefined) {
      const shape = cachedShape(this.db, table);
      update = shape ? prepare(this.db, `UPDATE ${quoteName(table)} SET ${quoteName(column)} = ? WHERE ${shape.pk.map((c) => `${quoteName(c)} = ?`).join(' AND ')}`) : null;
      this.updates.set(id, update);
    }
    update?.run(value, ...(JSON.parse(pk) as never[]));
  }
}
