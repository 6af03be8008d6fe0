/**
 * The background worker's entry: runs one task per message and answers with its
 * result, its progress, or its error. An ApiFailure keeps its code and issues;
 * anything else goes back as an internal error, never as a crash of the app.
 *
 * A task may also ask the API thread something and wait for the answer (may it
 * write now; take this piece of the result), and stops at its next question, or
 * before committing, once the API thread has given up on it (the workspace closed).
 */
import { parentPort } from 'node:worker_threads';
import type { WorkProgress } from '../api/contract/transfer';
import { ApiFailure } from './apiFailure';
import { tasks, type TaskContext, type TaskName, type WorkerAnswer, type WorkerQuestion } from './backgroundTasks';

/** `control[0]` becomes 1 when the API thread no longer wants the result: shared memory, seen even mid-transaction. */
export type ToWorker =
  | { id: number; task: TaskName; input: unknown; control: Int32Array; key: string | null }
  | { id: number; answer: WorkerAnswer }
  | { id: number; cancelled: true };
export type FromWorker =
  | { id: number; progress: WorkProgress }
  | { id: number; question: WorkerQuestion }
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; apiError: ReturnType<ApiFailure['toApiError']> }
  | { id: number; ok: false; internal: { message: string; stack?: string } };

const port = parentPort;
if (!port) throw new Error('backgroundWorker.ts runs as a worker thread only');

/** What a task given up on throws; its answer is dropped by the API thread anyway. */
class Cancelled extends Error {
  constructor() {
    super('The task was given up on');
  }
}

const asking = new Map<number, { resolve(answer: WorkerAnswer): void; reject(error: Error): void }>();

function contextFor(id: number, control: Int32Array, key: string | null): TaskContext {
  const cancelled = () => Atomics.load(control, 0) === 1;
  return {
    key: key === null ? null : Buffer.from(key, 'hex'),
    progress: (progress) => port!.postMessage({ id, progress } satisfies FromWorker),
    ask: (question) =>
      cancelled()
        ? Promise.reject(new Cancelled())
        : new Promise((resolve, reject) => {
            asking.set(id, { resolve, reject });
            port!.postMessage({ id, question } satisfies FromWorker);
          }),
    stopIfCancelled: () => {
      if (cancelled()) throw new Cancelled();
    },
  };
}

port.on('message', (message: ToWorker) => {
  if ('answer' in message || 'cancelled' in message) {
    const waiting = asking.get(message.id);
    asking.delete(message.id);
    if ('answer' in message) waiting?.resolve(message.answer);
    else waiting?.reject(new Cancelled());
    return;
  }
  const { id, task, input, control, key } = message;
  void (async () => {
    let reply: FromWorker;
    try {
      const run = tasks[task] as ((input: unknown, context: TaskContext) => unknown) | undefined;
      if (typeof run !== 'function') throw new Error(`Unknown background task: ${String(task)}`);
      const value = await run(input, contextFor(id, control, key));
      reply = { id, ok: true, value };
    } catch (error) {
      reply =
        error instanceof ApiFailure
          ? { id, ok: false, apiError: error.toApiError() }
          : { id, ok: false, internal: { message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined } };
    }
    asking.delete(id);
    port.postMessage(reply);
  })();
});
