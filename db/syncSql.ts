/**
 * Team sync's bookkeeping (migration 67): the outbox of this device's changes, how far each other device's
 * changes are applied, the clock of every synced row and field, and what could not be applied yet. None of
 * it is domain data: the state hash and the exports leave these tables out.
 */
export const SYNC_TABLES_SQL = `
  -- This device's id and hybrid logical clock (one row, written once capture is installed).
  CREATE TABLE sync_device (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    device_id TEXT NOT NULL,
    clock TEXT NOT NULL DEFAULT ''
  ) STRICT;

  -- The outbox: one row per local write, numbered by a local sequence, with the write's field-level changes
  -- and how far this device had applied each other device's transactions when it wrote (its causal past).
  CREATE TABLE sync_outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    hlc TEXT NOT NULL,
    method TEXT NOT NULL,
    actor TEXT NOT NULL,
    deps TEXT NOT NULL DEFAULT '{}'
  ) STRICT;
  CREATE TABLE sync_outbox_changes (
    id INTEGER PRIMARY KEY,
    seq INTEGER NOT NULL REFERENCES sync_outbox(seq) ON DELETE CASCADE,
    tbl TEXT NOT NULL,
    pk TEXT NOT NULL,
    col TEXT,
    value ANY,
    op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete'))
  ) STRICT;
  CREATE INDEX sync_outbox_changes_by_seq ON sync_outbox_changes(seq, id);

  -- The last transaction applied from each other device, and the member that device belongs to.
  CREATE TABLE sync_positions (
    device_id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    member_id TEXT NOT NULL
  ) STRICT;

  -- Clock of each synced row's existence (its last insert or delete: a tombstone when deleted) ...
  CREATE TABLE sync_rows (
    tbl TEXT NOT NULL,
    pk TEXT NOT NULL,
    hlc TEXT NOT NULL,
    deleted INTEGER NOT NULL CHECK (deleted IN (0, 1)),
    PRIMARY KEY (tbl, pk)
  ) STRICT, WITHOUT ROWID;
  -- ... and of each field updated since: a field's clock is the later of the two.
  CREATE TABLE sync_clocks (
    tbl TEXT NOT NULL,
    pk TEXT NOT NULL,
    col TEXT NOT NULL,
    hlc TEXT NOT NULL,
    PRIMARY KEY (tbl, pk, col)
  ) STRICT, WITHOUT ROWID;

  -- Changes kept but not applied: to a deleted row (used again if the row is inserted anew), or to a table or
  -- column this version does not know (a newer version wrote them; applied after upgrading).
  CREATE TABLE sync_pending (
    id INTEGER PRIMARY KEY,
    device_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    hlc TEXT NOT NULL,
    tbl TEXT NOT NULL,
    pk TEXT NOT NULL,
    col TEXT,
    value ANY,
    op TEXT NOT NULL,
    reason TEXT NOT NULL CHECK (reason IN ('row deleted', 'unknown table', 'unknown column'))
  ) STRICT;
  CREATE INDEX sync_pending_by_row ON sync_pending(tbl, pk, col, hlc);

  -- Whole transactions refused at merge (their author was not allowed, or they could not be applied), with
  -- the reason, for admins to see.
  CREATE TABLE sync_quarantine (
    id INTEGER PRIMARY KEY,
    device_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    hlc TEXT NOT NULL,
    method TEXT NOT NULL,
    actor TEXT NOT NULL,
    author_id TEXT NOT NULL,
    reason TEXT NOT NULL,
    body TEXT NOT NULL,
    UNIQUE (device_id, seq)
  ) STRICT;
`;

/**
 * Per-feedback keys (migration 76, docs/sync.md "Per-feedback keys"): the keys of the feedback this device
 * may read, the sealed content of feedback it may not read yet, and the grants it has written or taken. Local:
 * never captured, never exported, out of the state hash (the `sync_` prefix). A key sits beside the plaintext it
 * opens, so it reveals nothing the database does not already hold; the sealed rows hold ciphertext only.
 */
export const SYNC_FEEDBACK_KEYS_SQL = `
  CREATE TABLE sync_feedback_keys (
    key_id TEXT PRIMARY KEY,
    feedback_id TEXT NOT NULL,
    key BLOB NOT NULL
  ) STRICT;
  CREATE INDEX sync_feedback_keys_by_feedback ON sync_feedback_keys(feedback_id);

  -- Content of another device's feedback, as it came (sealedContent.ts): applied once its key is granted.
  CREATE TABLE sync_sealed (
    id INTEGER PRIMARY KEY,
    feedback_id TEXT NOT NULL,
    key_id TEXT NOT NULL,
    device_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    author_id TEXT NOT NULL,
    hlc TEXT NOT NULL,
    item TEXT NOT NULL
  ) STRICT;
  CREATE INDEX sync_sealed_by_key ON sync_sealed(key_id);
  CREATE INDEX sync_sealed_by_feedback ON sync_sealed(feedback_id);

  -- Grants of feedback keys this device wrote (to a device) or took (grant file names), so each is made or
  -- opened once.
  CREATE TABLE sync_grants_done (
    key_id TEXT NOT NULL,
    device_id TEXT NOT NULL,
    PRIMARY KEY (key_id, device_id)
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE sync_grants_seen (
    grant_id TEXT PRIMARY KEY
  ) STRICT, WITHOUT ROWID;
`;

/**
 * Per-candidate keys (migration 80, docs/sync.md "Per-candidate keys"): the keys of candidates whose personal
 * data leaves this device sealed, and what other devices sealed under a key not granted here yet. Local like the
 * feedback keys (`sync_` prefix: never captured, exported or hashed); an erasure deletes a candidate's rows here.
 * A candidate may have several keys (one made by each device that first wrote about it unkeyed).
 */
export const SYNC_CANDIDATE_KEYS_SQL = `
  CREATE TABLE sync_candidate_keys (
    key_id TEXT PRIMARY KEY,
    candidate_id TEXT NOT NULL,
    key BLOB NOT NULL
  ) STRICT;
  CREATE INDEX sync_candidate_keys_by_candidate ON sync_candidate_keys(candidate_id);

  -- Personal data of a candidate as it came, sealed (candidateKeys.ts): applied once its key is here. hlc is the
  -- transaction's clock ('' for a snapshot's item, whose changes carry their own).
  CREATE TABLE sync_candidate_sealed (
    id INTEGER PRIMARY KEY,
    candidate_id TEXT NOT NULL,
    key_id TEXT NOT NULL,
    device_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    author_id TEXT NOT NULL,
    hlc TEXT NOT NULL,
    method TEXT NOT NULL,
    item TEXT NOT NULL
  ) STRICT;
  CREATE INDEX sync_candidate_sealed_by_key ON sync_candidate_sealed(key_id);
  CREATE INDEX sync_candidate_sealed_by_candidate ON sync_candidate_sealed(candidate_id);
  -- (hlc, id): sync_candidate_sealed_by_clock, migration 83.
`;
