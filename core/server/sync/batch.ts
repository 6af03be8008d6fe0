import type { SealedItem } from './sealedContent';

/**
 * The plain objects that travel between devices (the files layer signs, encrypts and names them; this layer
 * never sees a file). A batch holds consecutive transactions of one device; `seq` is its last transaction's
 * number, so any batching of the same transactions applies alike.
 */
export type ChangeValue = string | number | null;

export interface Change {
  table: string;
  /** The primary key's values, as a JSON array in key order. */
  pk: string;
  /** Null for a delete. */
  column: string | null;
  value: ChangeValue;
  /** insert: one change per column of the new row; update: one per changed column; delete: a tombstone. */
  op: 'insert' | 'update' | 'delete';
}

export interface SyncTransaction {
  /** This device's local sequence: consecutive from 1. */
  seq: number;
  hlc: string;
  method: string;
  actor: string;
  /** How far its device had applied each other device's transactions when it was written. */
  deps: Record<string, number>;
  changes: Change[];
  /**
   * Content sealed under keys of its own (a submitted feedback's: feedbackKeys.ts), taken out of `changes` by
   * the exporter; a device holding the key puts it back before applying, one that does not keeps it sealed.
   */
  sealed?: SealedItem[];
}

export interface Batch {
  deviceId: string;
  seq: number;
  /** Its last transaction's deps: everything it needs from other devices. */
  deps: Record<string, number>;
  transactions: SyncTransaction[];
}
