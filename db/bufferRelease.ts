/**
 * Gives a database-sized buffer's memory back at once, instead of whenever the collector next runs a full pass:
 * a restore, a backup check or a scrub of an encrypted workspace holds the plain database in memory in several
 * forms one after the other (unsealed bytes, SQLite's copy of them, a serialized copy), and with each left for the
 * collector they added up to ~4× the database (bench/README.md, "Encryption at rest"). The buffer is emptied
 * (its ArrayBuffer detached: ES2024 `transfer`), so the caller must hold no other view of it. Only a buffer with
 * an ArrayBuffer of its own is released: small ones share Node's pool, and are not worth it anyway.
 */
export function releaseBuffer(buffer: Uint8Array): void {
  const whole = buffer.buffer as ArrayBuffer & { transfer?: (length: number) => ArrayBuffer };
  if (!(whole instanceof ArrayBuffer) || whole.byteLength <= Buffer.poolSize || typeof whole.transfer !== 'function') return;
  try {
    whole.transfer(0);
  } catch {
    // Not detachable (memory SQLite or zlib still owns): the collector frees it as before.
  }
}
