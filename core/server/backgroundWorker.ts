/**
 * The background worker's entry: runs one task per message and answers with its
 * result, its progress, or its error. An ApiFailure keeps its code and issues;
 * anything else goes back as an internal error, never as a crash of the app.
 */
import { parentPort } from 'node:worker_threads';
import type { WorkProgress } from '../api/contract/transfer';
import { ApiFailure } from './apiFailure';
import { tasks, type TaskName } from './backgroundTasks';

export type ToWorker = { id: number; task: TaskName; input: unknown };
export type FromWorker =
  | { id: number; progress: WorkProgress }
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; apiError: ReturnType<ApiFailure['toApiError']> }
  | { id: number; ok: false; internal: { message: string; stack?: string } };

const port = parentPort;
if (!port) throw new Error('backgroundWorker.ts runs as a worker thread only');

port.on('message', ({ id, task, input }: ToWorker) => {
  void (async () => {
    let reply: FromWorker;
    try {
      const run = tasks[task] as ((input: unknown, progress: (p: WorkProgress) => void) => unknown) | undefined;
      if (typeof run !== 'function') throw new Error(`Unknown background task: ${String(task)}`);
      const value = await run(input, (progress) => port.postMessage({ id, progress } satisfies FromWorker));
      reply = { id, ok: true, value };
    } catch (error) {
      reply =
        error instanceof ApiFailure
          ? { id, ok: false, apiError: error.toApiError() }
          : { id, ok: false, internal: { message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined } };
    }
    port.postMessage(reply);
  })();
});
