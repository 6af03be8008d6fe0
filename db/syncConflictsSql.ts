/**
 * What concurrent edits resolved to on this device (migration 71): a change from another device met this
 * device's own change to the same field, made without seeing it, and last-writer-wins kept one. Device-local
 * (a `sync_` table: never captured, never in the state hash or exports). Values are stored as they were, and
 * shown only to a reader allowed to read that row (core/server/sync/conflictWords.ts).
 */
export const SYNC_CONFLICTS_SQL = `
  CREATE TABLE sync_conflicts (
    id INTEGER PRIMARY KEY,
    tbl TEXT NOT NULL,
    pk TEXT NOT NULL,
    col TEXT NOT NULL,
    loser_device TEXT NOT NULL,
    loser_hlc TEXT NOT NULL,
    loser_value ANY,
    winner_device TEXT NOT NULL,
    winner_hlc TEXT NOT NULL,
    winner_value ANY,
    recorded_at TEXT NOT NULL,
    UNIQUE (tbl, pk, col, loser_hlc, winner_hlc)
  ) STRICT;
  CREATE INDEX sync_conflicts_by_row ON sync_conflicts(tbl, pk);
`;
