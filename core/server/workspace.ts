import Database from 'better-sqlite3';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import type { RecoveryStatus, RestoreResult } from '../api/contract/backups';
import type { ApiClient } from '../api/contract/client';
import { createClient } from '../api/contract/client';
import { isMethodName, methods, type MethodName } from '../api/contract/methods';
import type { ApiResult } from '../api/contract/result';
import type { WorkProgress } from '../api/contract/transfer';
import { backupsDir, checkBackupFile, listBackups, takeBackup } from '../../db/backups';
import { asWritable, type ReadableDB, type WritableDB } from '../../db/handles';
import { newId } from '../../db/ids';
import { acquireLock } from '../../db/lock';
import { LATEST_SCHEMA_VERSION } from '../../db/migrations';
import { DATABASE_FILE_NAME, openDatabase } from '../../db/open';
import { copyPrivateFile, ensurePrivateDir, makePrivate, writePrivateFile } from '../../db/privateFiles';
import { insertActivity } from '../../db/queries/activity';
import { getSetting } from '../../db/queries/settings';
import { getMember } from '../../db/queries/team';
import { schemaVersion } from '../../db/queries/transfer';
import { ApiFailure } from './apiFailure';
import { assertMayCall } from './access';
import { Background } from './background';
import type { TaskInput, TaskName, TaskOutput } from './backgroundTasks';
import { grantCopyAccess } from './copyAccess';
import { LOCAL_ACTOR } from './context';
import { dispatch, runWrite, validationError, type DispatchContext } from './dispatch';
import { applyImport, IMPORT_METHOD, loadWorkspace, previewOf, workspaceExportFileName } from './handlers/transfer';
import { assertEmpty } from './workspaceDocument';

export interface CallOptions {
  /**
   * Hears how far long work has got (imports, exports, backups), for a progress
   * bar; the transports pass it on once there is a channel from server to UI.
   */
  onProgress?: (progress: WorkProgress) => void;
}

export interface Workspace {
  readonly file: string;
  /** Data methods, synchronously, in one transaction for writes. */
  dispatch(method: string, input: unknown): ApiResult<unknown>;
  /** Every method, as the transports call them: data methods and the services (file-level and background work). */
  call(method: string, input: unknown, options?: CallOptions): Promise<ApiResult<unknown>>;
  close(): void;
  /** Work started with the workspace that the first screen need not wait for (the daily backup). */
  readonly settled: Promise<void>;
}

export interface WorkspaceOptions {
  clock?: DispatchContext['clock'];
  onInternalError?: DispatchContext['onInternalError'];
}

type Mode = { state: 'ok'; db: WritableDB } | { state: 'recovery'; reason: string; damagedFile: string | null } | { state: 'newer'; reason: string };

const stamp = (iso: string) => iso.replace(/[:.]/g, '-');

function moveAside(file: string, suffix: string): string {
  const aside = `${file}.${suffix}`;
  renameSync(file, aside);
  makePrivate(aside);
  for (const extra of ['-wal', '-shm']) if (existsSync(file + extra)) renameSync(file + extra, aside + extra);
  return aside;
}

function removeSidecars(file: string): void {
  for (const extra of ['-wal', '-shm']) rmSync(file + extra, { force: true });
}

/**
 * Starting fresh throws the old workspace away, so it is for founders and
 * admins — but the damaged file cannot say who anyone is. The newest backup
 * that opens can: "me" there must be a founder or admin in it. With no
 * readable backup there is nothing left to protect.
 */
function assertMayStartFresh(file: string): void {
  for (const backup of listBackups(file)) {
    let db: Database.Database | null = null;
    try {
      db = new Database(join(backupsDir(file), backup.name), { fileMustExist: true });
      assertMayCall(asWritable(db), 'recovery.startFresh', {});
      return;
    } catch (error) {
      if (error instanceof ApiFailure) {
        throw new ApiFailure('FORBIDDEN', `${error.message} (Checked against the newest backup, ${backup.name}: restore it instead, or ask a founder or admin.)`);
      }
      // Unreadable: try the next older one.
    } finally {
      db?.close();
    }
  }
}

/** The workspace behind a data file: normally open, or in recovery when the file could not be used. */
function createWorkspace(
  file: string,
  initial: Mode,
  options: WorkspaceOptions,
  onClose: () => void,
  background: Background = new Background(),
  settled: Promise<void> = Promise.resolve(),
): Workspace {
  let mode = initial;
  /**
   * Counts the writes made through this workspace (it is the only writer of its
   * file): a plan checked in the background against an older state is checked again.
   */
  let writes = 0;
  const now = () => (options.clock?.() ?? new Date()).toISOString();
  const context = (db: WritableDB): DispatchContext => ({ db, dataFile: file, ...options });

  /** File-level changes are logged like any other: in the database they changed, in one transaction. */
  const log = (db: WritableDB, method: string, summary: string) => {
    writes++;
    return db
      .transaction(() =>
        insertActivity(db, {
          id: newId(),
          at: now(),
          actor: getSetting(db, 'me') ?? LOCAL_ACTOR,
          method,
          entity: 'workspace',
          entityId: 'workspace',
          summary,
        }),
      )
      .immediate();
  };

  const requireOpen = (): WritableDB => {
    if (mode.state !== 'ok') throw new ApiFailure('FORBIDDEN', `Principled is in recovery: ${mode.reason}`);
    return mode.db;
  };

  const recoveryStatus = (): RecoveryStatus =>
    mode.state === 'ok'
      ? { state: 'ok' }
      : mode.state === 'newer'
        ? { state: 'newer', reason: mode.reason }
        : { state: 'recovery', reason: mode.reason, damagedFile: mode.damagedFile, backups: listBackups(file) };

  /** Puts a checked file in place of the workspace and reopens it (migrating an older one). */
  const replaceWith = (source: string): WritableDB => {
    const check = checkBackupFile(source);
    if (!check.ok) throw new ApiFailure('VALIDATION', `name: ${check.reason}`, [{ path: 'name', message: check.reason }]);
    if (mode.state === 'ok') mode.db.close();
    removeSidecars(file);
    copyPrivateFile(source, file);
    const db = openDatabase(file);
    mode = { state: 'ok', db };
    writes++;
    return db;
  };

  const actorOf = (db: ReadableDB) => getSetting(db, 'me') ?? LOCAL_ACTOR;

  const nameOfMe = (db: ReadableDB) => getMember(db, actorOf(db))?.name ?? 'Someone';

  /**
   * An import's plan, checked in the background; planned again if the workspace
   * changed meanwhile, so the rows written are checked against what is there.
   */
  const planImport = async (input: Omit<TaskInput<'planImport'>, 'file'>, options: CallOptions) => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const before = writes;
      const rows = await background.run('planImport', { file, ...input }, options.onProgress);
      if (writes === before) return rows;
    }
    throw new ApiFailure('CONFLICT', 'The workspace kept changing while the file was being checked; try the import again.');
  };

  const inBackground = <T extends TaskName>(task: T, input: TaskInput<T>, options: CallOptions): Promise<TaskOutput<T>> =>
    background.run(task, input, options.onProgress);

  const backupPath = (name: string) => {
    const path = join(backupsDir(file), name);
    if (!existsSync(path)) throw new ApiFailure('NOT_FOUND', `No backup called ${name}`);
    return path;
  };

  const services: Partial<Record<MethodName, (input: never, options: CallOptions) => Promise<unknown>>> = {
    'backups.list': async () => ({ folder: backupsDir(file), items: listBackups(file) }),
    'backups.create': async (_input: unknown, options: CallOptions) => {
      requireOpen();
      const made = await inBackground('backup', { file, kind: 'manual', now: now() }, options);
      log(requireOpen(), 'backups.create', `Backed up to ${made.name}`);
      return made;
    },
    'backups.download': async ({ name, earlyAccessReason }: { name: string; earlyAccessReason: string }, options: CallOptions) => {
      const db = requireOpen();
      backupPath(name);
      // A backup holds every feedback, blind or not: blind still for what the caller owes.
      db.transaction(() => grantCopyAccess(db, 'backups.download', earlyAccessReason, now(), 'a copy of a backup')).immediate();
      const base64 = await inBackground('readBackup', { file, name }, options);
      log(requireOpen(), 'backups.download', `${nameOfMe(db)} saved a copy of ${name}`);
      return { fileName: name, base64 };
    },
    'backups.restore': async (input: { name: string } | { fileName: string; base64: string }): Promise<RestoreResult> => {
      requireOpen();
      let source: string;
      let label: string;
      if ('name' in input) {
        source = backupPath(input.name);
        label = input.name;
      } else {
        ensurePrivateDir(backupsDir(file));
        source = join(backupsDir(file), `upload-${stamp(now())}.sqlite`);
        writePrivateFile(source, Buffer.from(input.base64, 'base64'));
        label = input.fileName;
      }
      const check = checkBackupFile(source);
      if (!check.ok) throw new ApiFailure('VALIDATION', `file: ${check.reason}`, [{ path: 'name' in input ? 'name' : 'base64', message: check.reason }]);
      const previous = await background.run('backup', { file, kind: 'before-restore', now: now() });
      const restored = replaceWith(source);
      log(restored, 'backups.restore', `Restored from ${label}; the data as it was is kept as ${previous.name}`);
      return { restoredFrom: label, previousKeptAs: previous.name };
    },
    'recovery.status': async () => recoveryStatus(),

    'transfer.preview': async (input: Omit<TaskInput<'planImport'>, 'file'>, options: CallOptions) => {
      requireOpen();
      return previewOf(await planImport(input, options));
    },
    'transfer.import': async (input: Omit<TaskInput<'planImport'>, 'file'> & { mode: 'all-or-nothing' | 'valid-only' }, options: CallOptions) => {
      // Each row is created as by its own method, so each kind has that method's audience.
      assertMayCall(requireOpen(), IMPORT_METHOD[input.kind], {});
      const rows = await planImport(input, options);
      // The rows were checked in the background; writing them is one transaction, bounded by the row limit.
      writes++;
      return runWrite('transfer.import', context(requireOpen()), (ctx) => applyImport(rows, input, ctx));
    },
    'transfer.exportWorkspace': async ({ earlyAccessReason }: { earlyAccessReason: string }, options: CallOptions) => {
      const db = requireOpen();
      const at = now();
      // Blind still for what the caller owes; logged first, so the export holds its own log rows.
      db.transaction(() => grantCopyAccess(db, 'transfer.exportWorkspace', earlyAccessReason, at, 'a whole-workspace export')).immediate();
      log(db, 'transfer.exportWorkspace', `${nameOfMe(db)} exported the whole workspace`);
      const json = await inBackground('exportWorkspace', { file, now: at }, options);
      return { fileName: workspaceExportFileName(at), json };
    },
    'transfer.importWorkspace': async ({ json }: { json: string }, options: CallOptions) => {
      const db = requireOpen();
      // Refused before the document is read when the workspace is not empty; checked again in the write.
      assertEmpty(db);
      const document = await inBackground('readWorkspaceDocument', { json, currentVersion: schemaVersion(db) }, options);
      writes++;
      return runWrite('transfer.importWorkspace', context(requireOpen()), (ctx) => loadWorkspace(document, ctx));
    },
    'recovery.restore': async ({ name }: { name: string }) => {
      if (mode.state !== 'recovery') throw new ApiFailure('CONFLICT', 'The workspace is not in recovery.');
      const damaged = mode.damagedFile;
      log(replaceWith(backupPath(name)), 'recovery.restore', `Recovered from ${name}${damaged ? `; the damaged file is kept as ${damaged}` : ''}`);
      return recoveryStatus();
    },
    'recovery.startFresh': async () => {
      if (mode.state !== 'recovery') throw new ApiFailure('CONFLICT', 'The workspace is not in recovery.');
      assertMayStartFresh(file);
      removeSidecars(file);
      mode = { state: 'ok', db: openDatabase(file) };
      log(mode.db, 'recovery.startFresh', 'Started a fresh workspace after the old one could not be opened');
      return recoveryStatus();
    },
  };

  const runDispatch = (method: string, input: unknown): ApiResult<unknown> => {
    if (mode.state !== 'ok') {
      return { ok: false, error: { code: 'FORBIDDEN', message: `Principled is in recovery: ${mode.reason}` } };
    }
    if (!isMethodName(method) || methods[method].kind !== 'read') writes++;
    return dispatch(method, input, context(mode.db));
  };

  return {
    file,
    settled,
    dispatch: runDispatch,
    async call(method, input, callOptions = {}) {
      if (typeof method !== 'string' || !isMethodName(method) || methods[method].kind !== 'service') return runDispatch(method, input);
      const parsed = (methods[method].input as z.ZodType).safeParse(input);
      if (!parsed.success) return { ok: false, error: validationError(parsed.error) };
      try {
        // Who may call, from the contract's table; in recovery the file cannot say who anyone is (see each recovery service).
        if (mode.state === 'ok') assertMayCall(mode.db, method, parsed.data);
        const service = services[method] as (input: unknown, options: CallOptions) => Promise<unknown>;
        return { ok: true, value: await service(parsed.data, callOptions) };
      } catch (error) {
        if (error instanceof ApiFailure) return { ok: false, error: error.toApiError() };
        (options.onInternalError ?? ((m, e) => console.error(`[principled] ${m} failed:`, e)))(method, error);
        return { ok: false, error: { code: 'INTERNAL', message: 'Something went wrong; nothing was changed.' } };
      }
    },
    close() {
      background.close();
      if (mode.state === 'ok') mode.db.close();
      onClose();
    },
  };
}

/** Opens the workspace in a data folder (creating and migrating it as needed). Tests and scripts use this. */
export function openWorkspace(dataDir: string, options: WorkspaceOptions = {}): Workspace {
  return openWorkspaceFile(join(dataDir, DATABASE_FILE_NAME), options);
}

export function openWorkspaceFile(file: string, options: WorkspaceOptions = {}): Workspace {
  return createWorkspace(file, { state: 'ok', db: openDatabase(file) }, options, () => {});
}

type Probe = { state: 'usable'; version: number } | { state: 'damaged'; reason: string } | { state: 'newer'; version: number };

/**
 * A look at the file before anything touches it: does it open, can its schema be
 * read, which version is it? After an unclean shutdown it also runs quick_check,
 * which reads every page: seconds on a large workspace, so not on every start.
 */
function probe(file: string, deep: boolean): Probe {
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { fileMustExist: true });
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    if (deep) {
      const check = db.pragma('quick_check', { simple: true });
      if (check !== 'ok') return { state: 'damaged', reason: `the integrity check failed (${String(check)})` };
    }
    const version = db.pragma('user_version', { simple: true }) as number;
    return version > LATEST_SCHEMA_VERSION ? { state: 'newer', version } : { state: 'usable', version };
  } catch (error) {
    return { state: 'damaged', reason: error instanceof Error ? error.message : String(error) };
  } finally {
    db?.close();
  }
}

/**
 * How the hosts open a workspace: one writer per folder; a damaged file is moved
 * aside (never deleted) and the workspace starts in recovery; a file from a newer
 * version is left untouched; a backup is taken before migrating and once a day.
 */
export async function openWorkspaceSafely(dataDir: string, options: WorkspaceOptions = {}): Promise<Workspace> {
  const lock = acquireLock(dataDir);
  const file = join(dataDir, DATABASE_FILE_NAME);
  const now = (options.clock?.() ?? new Date()).toISOString();
  try {
    if (existsSync(file)) {
      const found = probe(file, lock.takenOverFromCrash);
      if (found.state === 'damaged') {
        const damagedFile = moveAside(file, `damaged-${stamp(now)}`);
        return createWorkspace(
          file,
          { state: 'recovery', reason: `The workspace file could not be read: ${found.reason}.`, damagedFile },
          options,
          lock.release,
        );
      }
      if (found.state === 'newer') {
        const reason = `This workspace was written by a newer version of Principled (schema ${found.version}; this version understands up to ${LATEST_SCHEMA_VERSION}). Update Principled to open it. The file has not been changed.`;
        return createWorkspace(file, { state: 'newer', reason }, options, lock.release);
      }
      if (found.version > 0 && found.version < LATEST_SCHEMA_VERSION) {
        const raw = new Database(file);
        try {
          await takeBackup(raw, file, 'pre-migration', now, `-v${found.version}`);
        } finally {
          raw.close();
        }
      }
    }
    const db = openDatabase(file);
    // The daily backup runs beside the first screen, in the background worker, instead of in front of it.
    const background = new Background();
    const settled = background.run('dailyBackup', { file, now }).then(
      () => {},
      (error: unknown) => {
        // A failed backup must not keep the user out of their data; it is retried at the next start.
        console.error('[principled] daily backup failed:', error);
      },
    );
    return createWorkspace(file, { state: 'ok', db }, options, lock.release, background, settled);
  } catch (error) {
    lock.release();
    throw error;
  }
}

/** The in-process transport: tests, scripts and benchmarks call the workspace directly. */
export function inProcessClient(workspace: Workspace): ApiClient {
  return createClient((method, input) => workspace.call(method, input));
}
