/**
 * The background worker, seen from the thread that answers API calls: `run`
 * hands a task over and resolves with its result, so imports, exports and
 * backups never hold that thread for long.
 *
 * One worker thread per process, started on first use and shared by the open
 * workspaces (the app has one; tests open many, and starting a worker costs
 * about a second of loading). It keeps the process alive only while work is in
 * flight, and stops a while after the last workspace using it has closed.
 */
import { Worker } from 'node:worker_threads';
import type { WorkProgress } from '../api/contract/transfer';
import { ApiFailure } from './apiFailure';
import type { TaskInput, TaskName, TaskOutput, WorkerAnswer, WorkerQuestion } from './backgroundTasks';
import type { FromWorker, ToWorker } from './backgroundWorker';

export interface WorkerEntry {
  url: URL;
  execArgv: string[];
}

/**
 * Built, this code is inside dist/electron/main.cjs with backgroundWorker.cjs
 * beside it (vite.electron.config.ts builds both). From source (tests, tsx,
 * the browser host) the worker loads the TypeScript entry through tsx.
 */
export function defaultWorkerEntry(): WorkerEntry {
  const here = import.meta.url;
  if (/\.[cm]?ts$/.test(new URL(here).pathname)) {
    return { url: new URL('./backgroundWorker.ts', here), execArgv: ['--import', 'tsx'] };
  }
  return { url: new URL('./backgroundWorker.cjs', here), execArgv: [] };
}

/** Why a task did not finish when the worker itself went away: reported as an internal error. */
export class BackgroundStopped extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackgroundStopped';
  }
}

/** What the API thread does with a task's progress and its questions (see `TaskContext`). */
export interface TaskHooks {
  onProgress?: (progress: WorkProgress) => void;
  onQuestion?: (question: WorkerQuestion) => Promise<WorkerAnswer>;
}

interface Pending extends TaskHooks {
  owner: Background;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  control: Int32Array;
}

/** How long an unused worker is kept, so a workspace opened again soon (tests, a restart) finds it loaded. */
const IDLE_MS = 10_000;

class SharedWorker {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  readonly users = new Set<Background>();
  private idle: NodeJS.Timeout | null = null;

  constructor(private readonly entry: WorkerEntry) {}

  post(owner: Background, task: TaskName, input: unknown, hooks: TaskHooks): Promise<unknown> {
    const worker = this.start();
    const id = this.nextId++;
    const control = new Int32Array(new SharedArrayBuffer(4));
    return new Promise((resolve, reject) => {
      this.pending.set(id, { owner, resolve, reject, control, ...hooks });
      worker.ref();
      worker.postMessage({ id, task, input, control, key: owner.dataKey?.toString('hex') ?? null } satisfies ToWorker);
    });
  }

  /**
   * The owner's tasks end now with `error`. The worker is told to stop them: one waiting for an answer
   * fails at once; one writing rolls back before it commits. Whatever they would have returned is dropped.
   */
  abandon(owner: Background, error: Error): void {
    for (const [id, p] of this.pending) {
      if (p.owner !== owner) continue;
      this.pending.delete(id);
      Atomics.store(p.control, 0, 1);
      this.worker?.postMessage({ id, cancelled: true } satisfies ToWorker);
      p.reject(error);
    }
    this.settle();
  }

  /** Loading starts with the workspace, so the first import or backup does not wait for it. */
  use(owner: Background): void {
    this.users.add(owner);
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    this.start();
  }

  release(owner: Background): void {
    this.users.delete(owner);
    if (this.users.size > 0 || this.idle) return;
    this.idle = setTimeout(() => {
      this.idle = null;
      if (this.users.size === 0) this.stop();
    }, IDLE_MS);
    this.idle.unref();
  }

  private stop(): void {
    const worker = this.worker;
    this.worker = null;
    this.failAll(new BackgroundStopped('The background worker was stopped'));
    void worker?.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.entry.url, { execArgv: this.entry.execArgv });
    worker.on('message', (message: FromWorker) => this.receive(message));
    worker.on('error', (error) => {
      // An uncaught error ends the worker: what it was doing fails; the next task starts a new one.
      if (this.worker === worker) this.worker = null;
      this.failAll(new BackgroundStopped(`The background worker failed: ${error.message}`));
    });
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.failAll(new BackgroundStopped(`The background worker stopped (exit code ${code})`));
    });
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private receive(message: FromWorker): void {
    const pending = this.pending.get(message.id);
    if (!pending) return;
    if ('progress' in message) {
      try {
        pending.onProgress?.(message.progress);
      } catch {
        // A listener's failure is its own; the work goes on.
      }
      return;
    }
    if ('question' in message) {
      const worker = this.worker;
      const answer = pending.onQuestion ? pending.onQuestion(message.question) : Promise.reject(new Error('This task asks nothing'));
      answer.then(
        (value) => {
          if (this.pending.get(message.id) === pending) worker?.postMessage({ id: message.id, answer: value } satisfies ToWorker);
        },
        (error: unknown) => {
          // Refused: the task stops (told as if given up on) and the call fails with the refusal.
          if (this.pending.get(message.id) !== pending) return;
          this.pending.delete(message.id);
          Atomics.store(pending.control, 0, 1);
          worker?.postMessage({ id: message.id, cancelled: true } satisfies ToWorker);
          this.settle();
          pending.reject(error);
        },
      );
      return;
    }
    this.pending.delete(message.id);
    this.settle();
    if (message.ok) pending.resolve(message.value);
    else if ('apiError' in message) pending.reject(new ApiFailure(message.apiError.code, message.apiError.message, message.apiError.issues));
    else pending.reject(Object.assign(new BackgroundStopped(message.internal.message), { name: 'Error', stack: message.internal.stack }));
  }

  /** Nothing in flight: the worker no longer keeps the process alive. */
  private settle(): void {
    if (this.pending.size === 0) this.worker?.unref();
  }

  private failAll(error: Error): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(error);
  }
}

const sharedWorkers = new Map<string, SharedWorker>();

/** One workspace's use of the background worker. */
export class Background {
  private readonly shared: SharedWorker;
  private closed = false;
  /** The workspace key (db/cipher.ts) every task's connections open with; null for a plaintext workspace. */
  dataKey: Buffer | null = null;

  constructor(entry: WorkerEntry = defaultWorkerEntry()) {
    const key = `${entry.url.href} ${entry.execArgv.join(' ')}`;
    let shared = sharedWorkers.get(key);
    if (!shared) sharedWorkers.set(key, (shared = new SharedWorker(entry)));
    this.shared = shared;
    shared.use(this);
  }

  run<T extends TaskName>(task: T, input: TaskInput<T>, hooks: TaskHooks | ((progress: WorkProgress) => void) = {}): Promise<TaskOutput<T>> {
    if (this.closed) return Promise.reject(new ApiFailure('CONFLICT', 'The workspace is closed.'));
    return this.shared.post(this, task, input, typeof hooks === 'function' ? { onProgress: hooks } : hooks) as Promise<TaskOutput<T>>;
  }

  /** Work still running ends with a CONFLICT; nothing it would have written is written. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.shared.abandon(this, new ApiFailure('CONFLICT', 'The workspace was closed before this finished; nothing was changed.'));
    this.shared.release(this);
  }
}
