import type { ApiResult } from '../../core/api/contract/result';

export interface QueuedRead {
  method: string;
  /** The input as the request body would carry it ('' for none). */
  body: string;
}

/**
 * Reads asked for in the same turn (a screen's queries mount together: Home asks for each loop's feedback
 * status at once) leave as one request to the host's read batch instead of one each: every fetch costs the
 * page's main thread, and six at once take all of the browser's connections to the host. A read alone goes
 * as it always did. The answers come back in order, each the one its own call would have had.
 */
export function createReadBatcher(
  sendOne: (read: QueuedRead) => Promise<ApiResult<unknown>>,
  sendMany: (reads: QueuedRead[]) => Promise<ApiResult<unknown>[]>,
  max: number,
): (read: QueuedRead) => Promise<ApiResult<unknown>> {
  let queue: { read: QueuedRead; resolve: (result: ApiResult<unknown>) => void }[] = [];
  const flush = () => {
    const taken = queue;
    queue = [];
    for (let at = 0; at < taken.length; at += max) {
      const chunk = taken.slice(at, at + max);
      const first = chunk[0];
      if (chunk.length === 1 && first) {
        void sendOne(first.read).then(first.resolve);
        continue;
      }
      void sendMany(chunk.map((q) => q.read)).then((results) => chunk.forEach((q, i) => q.resolve(results[i] ?? missing)));
    }
  };
  return (read) =>
    new Promise((resolve) => {
      if (queue.length === 0) queueMicrotask(flush);
      queue.push({ read, resolve });
    });
}

const missing: ApiResult<never> = { ok: false, error: { code: 'INTERNAL', message: 'Principled gave no answer to this read; try again.' } };

/** The read batch's request body, built from the bodies already serialised for the single requests. */
export function readBatchBody(reads: readonly QueuedRead[]): string {
  return `[${reads.map((r) => `{"method":${JSON.stringify(r.method)}${r.body ? `,"input":${r.body}` : ''}}`).join(',')}]`;
}
