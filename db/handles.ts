import type Database from 'better-sqlite3-multiple-ciphers';

// Branded handles, as Signal Desktop does: a read path is handed a ReadableDB
// and cannot call a function that needs a WritableDB, so reads cannot write.
export type ReadableDB = Database.Database & { readonly __readable: unique symbol };
export type WritableDB = ReadableDB & { readonly __writable: unique symbol };

export function asWritable(db: Database.Database): WritableDB {
  return db as WritableDB;
}
