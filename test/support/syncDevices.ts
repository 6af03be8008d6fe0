import Database from 'better-sqlite3-multiple-ciphers';
import { createClient } from '../../core/api/contract/client';
import { dispatch, type DispatchContext } from '../../core/server/dispatch';
import { applyBatch, type ApplyResult } from '../../core/server/sync/apply';
import type { Batch } from '../../core/server/sync/batch';
import { installCapture, takeBatch } from '../../core/server/sync/outbox';
import { asWritable, type WritableDB } from '../../db/handles';
import { openDatabase } from '../../db/open';
import { setSetting } from '../../db/queries/settings';
import { interviewingLoop, value } from './company';

export type Company = Awaited<ReturnType<typeof interviewingLoop>>;

/** The shared start of every simulated device: the company of test/support/company.ts with a loop in interviewing. */
export async function baseWorkspace(): Promise<{ image: Buffer; company: Company }> {
  const db = openDatabase(':memory:');
  try {
    const ctx: DispatchContext = { db, dataFile: ':memory:', onInternalError: (m, e) => console.error(m, e) };
    const company = await interviewingLoop(createClient((method, input) => Promise.resolve(dispatch(method, input, ctx))));
    return { image: db.serialize(), company };
  } finally {
    db.close();
  }
}

export interface Device {
  id: string;
  ownerId: string;
  db: WritableDB;
  /** Batches this device has written, in order. */
  batches: Batch[];
  call<T = unknown>(method: string, input: unknown): T;
  /** Cuts the transactions written since the last batch into a batch (at most `limit` transactions). */
  flush(limit?: number): void;
  apply(batch: Batch, authorId: string): ApplyResult;
  /** Moves this device's clock on by `ms` (weeks passing between steps of a scenario). */
  travel(ms: number): void;
  close(): void;
}

/** A device: its own in-memory copy of the base workspace, owned by one member, its clock `skewMs` off. */
export function device(image: Buffer, id: string, ownerId: string, skewMs = 0): Device {
  const db = asWritable(new Database(image));
  db.pragma('foreign_keys = ON');
  // Who "me" is stays on this device (it is not synced).
  setSetting(db, 'me', ownerId);
  let offset = skewMs;
  const now = () => Date.now() + offset;
  installCapture(db, { deviceId: id, now });
  const ctx: DispatchContext = {
    db,
    dataFile: ':memory:',
    clock: () => new Date(now()),
    onInternalError: (method, error) => {
      throw error instanceof Error ? error : new Error(`${method}: ${String(error)}`);
    },
  };
  const batches: Batch[] = [];
  return {
    id,
    ownerId,
    db,
    batches,
    call: <T>(method: string, input: unknown) => value(dispatch(method, input, ctx)) as T,
    flush(limit) {
      let from = batches.at(-1)?.seq ?? 0;
      for (let batch = takeBatch(db, from, { limit }); batch; batch = takeBatch(db, from, { limit })) {
        batches.push(batch);
        from = batch.seq;
      }
    },
    apply: (batch, authorId) => applyBatch(db, batch, authorId, { now }),
    travel(ms) {
      offset += ms;
    },
    close: () => db.close(),
  };
}

/** Delivers every batch of every device to every other one until nothing is left to apply. */
export function deliverAll(devices: readonly Device[], order: (batches: { to: Device; batch: Batch; author: string }[]) => typeof batches = (b) => b): void {
  for (let round = 0; round < 100; round++) {
    const pending = devices.flatMap((to) =>
      devices.filter((from) => from !== to).flatMap((from) => from.batches.map((batch) => ({ to, batch, author: from.ownerId }))),
    );
    let progress = false;
    for (const { to, batch, author } of order(pending)) if (to.apply(batch, author).status === 'applied') progress = true;
    if (!progress) return;
  }
  throw new Error('Delivery did not settle');
}
