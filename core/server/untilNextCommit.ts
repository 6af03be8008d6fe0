import type { ReadableDB } from '../../db/handles';

/**
 * Values derived from the whole workspace (every member's planning facts, question coverage) that several
 * reads need and that change only when someone writes, kept per read connection until the next commit.
 * SQLite bumps PRAGMA data_version on a connection whenever another connection has committed, and inside a
 * read transaction the value belongs to that transaction's snapshot, so a kept value is never older than the
 * data the read sees. Only read-only connections keep values: on the writer its own commits leave
 * data_version as it was. What `compute` returns is shared by every read until then, so it is frozen.
 */
const kept = new WeakMap<ReadableDB, Map<string, { version: number; value: unknown }>>();

export function untilNextCommit<T>(db: ReadableDB, key: string, compute: () => T): T {
  if (!db.readonly) return compute();
  const version = db.pragma('data_version', { simple: true }) as number;
  let values = kept.get(db);
  if (!values) {
    values = new Map();
    kept.set(db, values);
  }
  const hit = values.get(key);
  if (hit && hit.version === version) return hit.value as T;
  const value = deepFreeze(compute());
  values.set(key, { version, value });
  return value;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
