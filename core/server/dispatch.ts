import type { z } from 'zod';
import { isMethodName, methods, type MethodName } from '../api/contract/methods';
import { issuesFromZod } from '../api/contract/issues';
import type { ApiResult } from '../api/contract/result';
import type { ReadableDB, WritableDB } from '../../db/handles';
import { newId } from '../../db/ids';
import { foldIntoRecentActivity, insertActivity } from '../../db/queries/activity';
import { getSetting } from '../../db/queries/settings';
import { getMeAndMember, getMemberBasics } from '../../db/queries/team';
import { ApiFailure } from './apiFailure';
import { assertMayCall } from './access';
import { LOCAL_ACTOR, type ActivityNote, type MemberBasics, type ReadContext, type WriteContext } from './context';
import { handlers } from './handlers';
import { captureWrite } from './sync/outbox';
import { holdErasureMarks } from './sync/erasureMarks';

export interface DispatchContext {
  db: WritableDB;
  /**
   * The read-only connection read methods run on, so a read cannot write. Without one (an in-memory
   * database in a test has no second connection) reads use the writer.
   */
  reader?: ReadableDB;
  /**
   * Whether a connection other than this thread's writer may commit while a read runs (the background
   * worker writing an import). Without it, every read is taken to need its own transaction.
   */
  othersMayWrite?: () => boolean;
  dataFile: string;
  /** The workspace key when the database is encrypted (db/cipher.ts). */
  dataKey?: Buffer | null;
  /** Injected in tests to make times deterministic. */
  clock?: () => Date;
  /** Where unexpected errors are reported; they never reach the caller. */
  onInternalError?: (method: string, error: unknown) => void;
  /** Told after each write commits, with the kinds of entity its activity rows name. */
  onCommitted?: (method: string, entities: string[]) => void;
}

/**
 * The one door to the data: checks the method exists, validates input with its
 * schema, runs the handler — writes inside one immediate transaction together
 * with their activity rows — and returns a result, never a thrown error.
 */
export function dispatch(method: string, input: unknown, ctx: DispatchContext): ApiResult<unknown> {
  if (typeof method !== 'string' || !isMethodName(method)) {
    return { ok: false, error: { code: 'NOT_FOUND', message: `Unknown method: ${String(method).slice(0, 100)}` } };
  }
  const spec = methods[method];
  if (spec.kind === 'service') {
    return { ok: false, error: { code: 'NOT_FOUND', message: `${method} runs in the workspace, not in dispatch` } };
  }
  const parsed = (spec.input as z.ZodType).safeParse(input);
  if (!parsed.success) return { ok: false, error: validationError(parsed.error, input) };

  try {
    return { ok: true, value: run(method, parsed.data, ctx) };
  } catch (error) {
    if (error instanceof ApiFailure) return { ok: false, error: error.toApiError() };
    (ctx.onInternalError ?? defaultInternalError)(method, error);
    return { ok: false, error: { code: 'INTERNAL', message: 'Something went wrong; nothing was changed.' } };
  }
}

function run(method: MethodName, input: unknown, ctx: DispatchContext): unknown {
  const handler = (handlers as Record<string, unknown>)[method] as Handler;
  if (methods[method].kind === 'read') {
    const reader = ctx.reader ?? ctx.db;
    // Every query of a read must see the same committed state. Handlers are synchronous and this thread's
    // writer cannot commit in the middle of one, so only another connection's commit (the background
    // worker writing an import) could come between two queries: then the read runs in one read transaction.
    // Otherwise it runs without, saving a BEGIN and COMMIT that cost a small read a sixth of its time.
    if (ctx.othersMayWrite?.() === false) return runRead(method, handler, input, ctx, reader);
    return inReadTransaction(reader, () => runRead(method, handler, input, ctx, reader));
  }
  return runWrite(method, ctx, (writeCtx) => {
    // Who may call is checked inside the transaction, against the same state the write will change.
    assertMayCall(ctx.db, method, input);
    return handler(input, writeCtx as never);
  });
}

type Handler = (input: unknown, c: never) => unknown;

function runRead(method: MethodName, handler: Handler, input: unknown, ctx: DispatchContext, reader: ReadableDB): unknown {
  const context = new LazyReadContext(ctx, reader);
  // The check and the handler share one reading of "me" and of their member row.
  if (!methods[method].access.who.includes('anyone')) assertMayCall(reader, method, input, context);
  return handler(input, context as never);
}

/**
 * better-sqlite3 builds a transaction function's wrappers each time `transaction()` is called, which was a
 * seventh of a small read's cost; each connection's is built once and runs whatever read it is handed.
 */
const readTransactions = new WeakMap<ReadableDB, (body: () => unknown) => unknown>();

function inReadTransaction(reader: ReadableDB, body: () => unknown): unknown {
  let run = readTransactions.get(reader);
  if (!run) {
    run = reader.transaction((read: () => unknown) => read());
    readTransactions.set(reader, run);
  }
  return run(body);
}

/**
 * Most reads never ask who "me" is or what time it is, and looking "me" up was a third of the fixed cost of a
 * small read: both are worked out when a handler first asks, inside the same read transaction. "Me"'s member
 * row likewise, read once for the access check and the handler's `requireMe` (the debrief read it twice). A class, not an
 * object with its own getters, which cost a small read as much as its query's row mapping.
 */
class LazyReadContext implements ReadContext {
  #actor: string | undefined;
  #actorMember: MemberBasics | null | undefined;
  #now: string | undefined;
  readonly dataFile: string;
  readonly dataKey: Buffer | null;
  constructor(
    private readonly ctx: DispatchContext,
    readonly db: ReadableDB,
  ) {
    this.dataFile = ctx.dataFile;
    this.dataKey = ctx.dataKey ?? null;
  }
  get actor(): string {
    this.#actor ??= getSetting(this.db, 'me') ?? LOCAL_ACTOR;
    return this.#actor;
  }
  get actorMember(): MemberBasics | null {
    if (this.#actorMember !== undefined) return this.#actorMember;
    if (this.#actor === undefined) {
      // Asked first (the access check is): "me" and their row come in one statement.
      const { me, member } = getMeAndMember(this.db);
      this.#actor = me ?? LOCAL_ACTOR;
      this.#actorMember = this.#actor === LOCAL_ACTOR ? null : member;
    } else {
      this.#actorMember = this.#actor === LOCAL_ACTOR ? null : getMemberBasics(this.db, this.#actor);
    }
    return this.#actorMember;
  }
  get now(): string {
    this.#now ??= (this.ctx.clock?.() ?? new Date()).toISOString();
    return this.#now;
  }
}

const baseContext = (ctx: DispatchContext) => ({
  actor: getSetting(ctx.db, 'me') ?? LOCAL_ACTOR,
  now: (ctx.clock?.() ?? new Date()).toISOString(),
  dataFile: ctx.dataFile,
  dataKey: ctx.dataKey ?? null,
});

/**
 * One write: `body` runs inside one immediate transaction with the activity rows
 * it logs. Write methods come through here, and so does the writing step of a
 * service (an import whose file was checked in the background).
 */
export function runWrite<T>(method: MethodName, ctx: DispatchContext, body: (writeCtx: WriteContext) => T): T {
  const base = baseContext(ctx);
  const afterCommit: (() => void)[] = [];
  const entities = new Set<string>();
  const value = ctx.db
    .transaction(() =>
      // In a team workspace the write's changes go to the outbox in this same transaction.
      captureWrite(ctx.db, { method, actor: base.actor }, () => {
        let logged = 0;
        const log = ({ foldWithinMinutes, ...note }: ActivityNote) => {
          const entry = { id: newId(), at: base.now, actor: base.actor, method, ...note };
          const since = foldWithinMinutes ? new Date(Date.parse(base.now) - foldWithinMinutes * 60_000).toISOString() : null;
          if (!since || !foldIntoRecentActivity(ctx.db, entry, since)) insertActivity(ctx.db, entry);
          entities.add(note.entity);
          logged++;
        };
        const value = body({ ...base, db: ctx.db, log, afterCommit: (fn: () => void) => afterCommit.push(fn) });
        // A write that changed nothing worth logging is a bug in the handler: sync depends on the log.
        if (logged === 0) throw new Error(`Write method ${method} recorded no activity`);
        // In a team, an erased candidate this write touched keeps the erasure's marks (sync/erasureMarks.ts).
        holdErasureMarks(ctx.db);
        return value;
      }),
    )
    .immediate();
  // Committed: the caller gets its result even if clean-up afterwards fails, which is only reported.
  const committed = ctx.onCommitted ? [() => ctx.onCommitted?.(method, [...entities].sort())] : [];
  for (const fn of [...afterCommit, ...committed]) {
    try {
      fn();
    } catch (error) {
      (ctx.onInternalError ?? defaultInternalError)(method, error);
    }
  }
  return value;
}

/** A refused input as VALIDATION, its issues under the contract's one path scheme (ratings by principle). */
export function validationError(error: z.ZodError, input: unknown) {
  const issues = issuesFromZod(error, input);
  const first = issues[0] ?? { path: 'input', message: 'Invalid input' };
  return { code: 'VALIDATION' as const, message: `${first.path}: ${first.message}`, issues };
}

function defaultInternalError(method: string, error: unknown): void {
  console.error(`[principled] ${method} failed:`, error);
}
