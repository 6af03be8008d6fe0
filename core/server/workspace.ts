import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type { z } from 'zod';
import type { RecoveryStatus, RestoreResult } from '../api/contract/backups';
import type { ErasureCopy, ErasureResult, LockState } from '../api/contract/privacy';
import { ANY_ENTITY, type ServerEvent } from '../api/contract/events';
import type { ApiClient } from '../api/contract/client';
import { createClient } from '../api/contract/client';
import { isMethodName, methods, type MethodName } from '../api/contract/methods';
import type { ApiResult } from '../api/contract/result';
import type { Calibration } from '../api/contract/science';
import { MAX_WORKSPACE_JSON_CHARS, type WorkProgress } from '../api/contract/transfer';
import { removeWithSidecars, UNPACKED_SUFFIX } from '../../db/backupCompression';
import { backupsDir, databaseFileName, listBackups, pruneBackups, removeLeftoverParts } from '../../db/backups';
import type { ReadableDB, WritableDB } from '../../db/handles';
import { newId } from '../../db/ids';
import { acquireLock } from '../../db/lock';
import { encryptFileInPlace, KEY_BYTES, KeyRequiredError, opensWithoutKey, type DatabaseKey } from '../../db/cipher';
import { createPrivateFile } from '../../db/privateFiles';
import { workspaceKeyPath, workspaceKeySealedBy, writeWorkspaceKey, type KeyUnlock } from './workspaceKey';
import { readSettings } from '../../db/queries/settingsValues';
import { LATEST_SCHEMA_VERSION } from '../../db/migrations';
import { DATABASE_FILE_NAME } from '../../db/open';
import { ensurePrivateDir, makePrivate, writePrivateFile } from '../../db/privateFiles';
import { insertActivity } from '../../db/queries/activity';
import { compactDatabase, erasedCandidateIds, reapplyErasures } from '../../db/queries/privacy';
import { getSetting } from '../../db/queries/settings';
import { getMember } from '../../db/queries/team';
import { schemaVersion } from '../../db/queries/transfer';
import { ApiFailure, invalidField } from './apiFailure';
import { armorSealed, isPassphraseFile, openWithPassphrase, sealWithPassphrase, unarmorSealed } from './passphraseFile';
import { assertMayCall } from './access';
import { hasDecidedLoop } from '../../db/queries/science';
import { Background } from './background';
import type { TaskInput, TaskName, TaskOutput } from './backgroundTasks';
import { grantCopyAccess } from './copyAccess';
import { LOCAL_ACTOR } from './context';
import { dispatch, runWrite, validationError, type DispatchContext } from './dispatch';
import { createSyncEngine, type SyncOptions } from './sync/syncEngine';
import { applyImport, IMPORT_METHOD, workspaceExportFileName } from './handlers/transfer';
import { planFile } from './importPlan';
import { captureInstalled } from './sync/outbox';
import { assertEmpty } from './workspaceDocument';
import { renderCalibrationPdf } from './calibrationPdf';
import { afterCommit, beforeWrite, SCIENCE_CACHE_WRITE, topicVersion } from './keptAcrossCommits';
import { scienceFactsState, startNoting, storeScienceFacts } from '../../db/scienceDirtyLoops';
import { startupGate, type StartupGate, type StartupGateTiming } from './startupGate';
import { closeBoth, moveAside, openBoth, probe, READ_ONLY_SERVICES, removeSidecars, stamp, type Mode, type Open } from './workspaceFiles';

export interface CallOptions {
  /**
   * Hears how far long work has got (imports, exports, backups), for a progress
   * bar; the transports pass it on once there is a channel from server to UI.
   */
  onProgress?: (progress: WorkProgress) => void;
}

export interface Workspace {
  readonly file: string;
  /**
   * Data methods, synchronously, in one transaction for writes. It cannot wait without holding the thread,
   * so while an import is being written by the background worker a write through it is refused with
   * CONFLICT (nothing written; `call` would wait its turn instead); reads are answered as usual.
   */
  dispatch(method: string, input: unknown): ApiResult<unknown>;
  /** Every method, as the transports call them: data methods and the services (file-level and background work). */
  call(method: string, input: unknown, options?: CallOptions): Promise<ApiResult<unknown>>;
  close(): void;
  /** Work started with the workspace that the first screen need not wait for (the daily backup). */
  readonly settled: Promise<void>;
  /** Hears every event after the change it announces has committed; returns the way to stop listening. */
  subscribe(listener: (event: ServerEvent) => void): () => void;
  /**
   * Encrypts a plaintext workspace in place (issue 12 item 3): the key sealed by `unlock` into workspace.key, a
   * backup sealed under it, then an encrypted copy built beside the file, flushed, and renamed over it; then every
   * older backup sealed and its plain file removed (db/backupSealing.ts). Writes wait meanwhile. The plaintext
   * files are unlinked, but their blocks may stay on the disk until reused (on an SSD nothing an app does reaches them).
   */
  encrypt(unlock: KeyUnlock): Promise<void>;
  /** Team sync: one full export and import cycle now (tests drive sync with it; the app also runs it on timers). */
  syncNow(): Promise<void>;
}

export interface WorkspaceOptions {
  clock?: DispatchContext['clock'];
  onInternalError?: DispatchContext['onInternalError'];
  sync?: SyncOptions;
  /** scrypt's cost for files sealed with a passphrase (PASSPHRASE_FILE_SCRYPT unless given): a test sealing hundreds passes a low one. */
  sealCost?: { logN: number; r: number; p: number };
  /**
   * The workspace key of an encrypted workspace (db/cipher.ts; unsealed from workspace.key by
   * core/server/workspaceKey.ts). Every connection on the file and on its backups is keyed with it.
   */
  key?: DatabaseKey;
  /**
   * Build the calibration report once in the background after the start's own work, when "me" may read it (the
   * app's start; openWorkspaceSafely sets it): the first report ever reads every decided loop (seconds at ten
   * years), and even from the stored facts a new worker's first report takes about a second at `large` (cold
   * code, the facts read back, the loops written since); built while the first screen shows, the view opens at once.
   */
  prepareCalibration?: boolean;
  /**
   * Hold the start's own work (the daily backup, then the calibration) until the first screen has had its reads
   * (the hosts set it; core/server/startupGate.ts). Without it, the work starts with the workspace.
   */
  startupGate?: StartupGateTiming;
}

/** The copy an encryption in place builds beside the workspace file before swapping it in. */
const ENCRYPTING_SUFFIX = '.encrypting';

/** The workspace behind a data file: normally open, or in recovery when the file could not be used. */
function createWorkspace(
  file: string,
  initial: Mode,
  options: WorkspaceOptions,
  onClose: () => void,
  background: Background = new Background(),
  settled: Promise<void> = Promise.resolve(),
  gate: StartupGate = startupGate(null),
): Workspace {
  let mode = initial;
  let dataKey: DatabaseKey = options.key ?? null;
  background.dataKey = dataKey;
  /**
   * Counts the writes made through this workspace (it is the only writer of its
   * file): a plan checked in the background against an older state is checked again.
   */
  let writes = 0;
  const now = () => (options.clock?.() ?? new Date()).toISOString();
  // Named apart: a service's own `options` (CallOptions) would shadow the workspace's.
  const sealCost = options.sealCost;
  const listeners = new Set<(event: ServerEvent) => void>();
  const emit = (event: ServerEvent) => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        reportInternal(event.name, error);
      }
    }
  };
  const contextOf = (open: Open, before: number | null): DispatchContext => ({
    db: open.db,
    reader: open.reader,
    dataFile: file,
    dataKey,
    othersMayWrite: () => backgroundWrite !== null,
    ...options,
    onCommitted: (method, entities) => {
      if (before !== null) afterCommit(open.reader, before, method, entities);
      emit({ name: 'data.changed', payload: { method, entities } });
      sync.onCommitted();
    },
  });
  // A read's: one per open database, not per call (building it and its functions cost a small read a tenth of
  // its time); a read commits nothing.
  const readContexts = new WeakMap<Open, DispatchContext>();
  const context = (open: Open, writing = true): DispatchContext => {
    // What the read connection sees before a write, so a commit that cannot have changed a kept value keeps
    // it (keptAcrossCommits). Read here: nothing is awaited between this and the write.
    if (writing) return contextOf(open, beforeWrite(open.reader));
    let made = readContexts.get(open);
    if (!made) {
      made = contextOf(open, null);
      readContexts.set(open, made);
    }
    return made;
  };

  const sync = createSyncEngine({
    dataDir: dirname(file),
    db: () => (mode.state === 'ok' ? mode.db : null),
    write: (method, entityId, summary, body) => {
      if (mode.state !== 'ok') throw new ApiFailure('FORBIDDEN', `Principled is in recovery: ${mode.reason}`);
      writes++;
      runWrite(method, context(mode), (w) => {
        body?.(w.db);
        w.log({ entity: 'workspace', entityId, summary });
      });
    },
    buildSnapshot: (input, onProgress) =>
      background.run('buildSnapshot', { file, ...input }, (progress) => {
        onProgress?.(progress.done);
      }),
    applySnapshot: (input, onProgress) => writeInBackground('applySnapshot', { file, ...input }, { onProgress: (p) => onProgress?.(p.done) }),
    buildSearch: () => writeInBackground('buildSearch', { file }, {}),
    waitForWrites: async () => {
      while (backgroundWrite) await backgroundWrite;
    },
    changed: (method) => {
      writes++;
      emit({ name: 'data.changed', payload: { method, entities: [ANY_ENTITY] } });
    },
    now: () => (options.clock?.() ?? new Date()).getTime(),
    onError: (where, error) => reportInternal(where, error),
    options: options.sync ?? {},
  });

  /** File-level changes are logged like any other: in the database they changed, in one transaction. */
  /**
   * File-level changes are logged like any other: in the database they changed, in one transaction.
   * A summary given as a function does its writes first, inside that transaction.
   */
  const log = (db: WritableDB, method: string, summary: string | (() => string)) => {
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
          summary: typeof summary === 'function' ? summary() : summary,
        }),
      )
      .immediate();
  };

  /**
   * Work on the backups folder runs one piece at a time, after the daily backup:
   * a scrub must never rewrite a backup twice at once, nor take a backup still
   * being written (its .part file) for a leftover.
   */
  let backupsBusy: Promise<unknown> = settled;
  const oneAtATime = <T>(work: () => Promise<T>): Promise<T> => {
    // Asked for by someone past the first screen: the start's own work, which this follows, need not wait.
    gate.openNow();
    const run = backupsBusy.then(work);
    backupsBusy = run.catch(() => {});
    return run;
  };
  /** Brings every copy under the data folder in line with the erasures the live database lists (in the worker: copies are unpacked and packed again). */
  const scrub = (): Promise<ErasureCopy[]> =>
    oneAtATime(async () => (mode.state === 'ok' ? background.run('scrubCopies', { file, ids: erasedCandidateIds(mode.db), now: now() }) : []));

  /** Every erasure known before a restore; one at a time with the scrub, which would take the copies it unpacks for leftovers. */
  const erasedBefore = (live: WritableDB | null): Promise<string[]> =>
    oneAtATime(() => background.run('erasedIds', { file, liveIds: live ? erasedCandidateIds(live) : [] }));

  /**
   * After a restore: the restored copy may predate some erasures (its own list of
   * erased ids is older), so each erasure known before the restore is applied again,
   * and the file compacted so the erased text leaves no trace in it.
   */
  const restoredFrom = (restored: WritableDB, erasedBefore: readonly string[], method: string, summary: string) => {
    let again = 0;
    log(restored, method, () => {
      again = reapplyErasures(restored, erasedBefore, now());
      return again ? `${summary}; erased again ${again === 1 ? 'a candidate' : `${again} candidates`} erased after that copy was made` : summary;
    });
    if (again) compactDatabase(restored);
  };

  const requireOpenMode = (): Open => {
    if (mode.state !== 'ok') throw new ApiFailure('FORBIDDEN', `Principled is in recovery: ${mode.reason}`);
    return mode;
  };
  const requireOpen = (): WritableDB => requireOpenMode().db;

  const lockState = (): LockState => ({
    locked: false,
    sealedBy: workspaceKeySealedBy(dirname(file)),
    lockAfterMinutes: mode.state === 'ok' ? readSettings(mode.reader).privacy.lockAfterMinutes : null,
  });

  const recoveryStatus = (): RecoveryStatus =>
    mode.state === 'ok'
      ? { state: 'ok' }
      : mode.state === 'newer'
        ? { state: 'newer', reason: mode.reason }
        : { state: 'recovery', reason: mode.reason, damagedFile: mode.damagedFile, backups: listBackups(file) };

  /**
   * A backup or upload (compressed or plain) unpacked beside the workspace and checked, in the worker: a
   * private plain copy ready to be renamed into place. Refused with VALIDATION at `field`, nothing changed.
   */
  const unpackChecked = async (source: string, field: string): Promise<string> => {
    ensurePrivateDir(backupsDir(file));
    const target = join(backupsDir(file), `principled-restore-${stamp(now())}.sqlite${UNPACKED_SUFFIX}`);
    const check = await background.run('unpackForRestore', { source, target });
    if (!check.ok) throw new ApiFailure('VALIDATION', `${field}: ${check.reason}`, [{ path: field, message: check.reason }]);
    return target;
  };

  /** Puts an unpacked, checked file (from unpackChecked) in place of the workspace and reopens it (migrating an older one). */
  const replaceWith = (unpacked: string): WritableDB => {
    if (mode.state === 'ok') closeBoth(mode);
    removeSidecars(file);
    renameSync(unpacked, file);
    makePrivate(file);
    const opened = openBoth(file, dataKey);
    mode = opened;
    writes++;
    // A restored database needs capture on its new connection; if it is older than the folder, the device rotates.
    sync.attach();
    return opened.db;
  };

  const actorOf = (db: ReadableDB) => getSetting(db, 'me') ?? LOCAL_ACTOR;

  const nameOfMe = (db: ReadableDB) => getMember(db, actorOf(db))?.name ?? 'Someone';

  /** An import's preview, checked in the background; checked again if the workspace changed meanwhile. */
  const previewImport = async (input: Omit<TaskInput<'previewImport'>, 'file'>, options: CallOptions) => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const before = writes;
      const preview = await background.run('previewImport', { file, ...input }, options.onProgress);
      if (writes === before) return preview;
    }
    throw new ApiFailure('CONFLICT', 'The workspace kept changing while the file was being checked; try again.');
  };

  const inBackground = <T extends TaskName>(task: T, input: TaskInput<T>, options: CallOptions): Promise<TaskOutput<T>> =>
    background.run(task, input, options.onProgress);

  /**
   * Set while the background worker writes (an import's rows): SQLite lets one connection write at a time
   * and better-sqlite3 waits for the lock synchronously, which would hold the API thread for the whole
   * import. So the API thread's own writes wait here, asynchronously, and reads go on being answered.
   */
  // Each write of this thread is preceded by `while (backgroundWrite) await backgroundWrite;` with no await
  // between that check and the write: a helper returning a promise would add one, in which a grant could slip.
  let backgroundWrite: Promise<void> | null = null;

  /** A task that writes in the worker: given the write lock once no write of this thread can be under way. */
  const writeInBackground = async <T extends 'importRows' | 'importWorkspace' | 'applySnapshot' | 'buildSearch'>(task: T, input: TaskInput<T>, options: CallOptions): Promise<TaskOutput<T>> => {
    let finished!: () => void;
    const done = new Promise<void>((resolve) => (finished = resolve));
    let holding = false;
    try {
      return await background.run(task, input, {
        onProgress: options.onProgress,
        onQuestion: async (question) => {
          if (question.kind !== 'write') throw new Error(`${task} asked for ${question.kind}`);
          // Checked and set with no await between: no other write can slip in.
          while (backgroundWrite) await backgroundWrite;
          requireOpen();
          backgroundWrite = done;
          holding = true;
          writes++;
          return { now: now() };
        },
      });
    } finally {
      if (holding) backgroundWrite = null;
      finished();
    }
  };

  /** A large text result, taken back piece by piece so calls waiting on this thread are answered in between. */
  const textInBackground = async <T extends 'exportWorkspace'>(task: T, input: TaskInput<T>, options: CallOptions): Promise<string> => {
    let text = '';
    await background.run(task, input, {
      onProgress: options.onProgress,
      onQuestion: async (question) => {
        if (question.kind !== 'piece') throw new Error(`${task} asked for ${question.kind}`);
        // Joined lazily (V8 keeps a rope): no copy of the whole text is made here.
        text += question.text;
        await new Promise((resolve) => setImmediate(resolve));
        return null;
      },
    });
    return text;
  };

  const backupPath = (name: string) => {
    const path = join(backupsDir(file), name);
    if (!existsSync(path)) throw new ApiFailure('NOT_FOUND', `No backup called ${name}`);
    return path;
  };

  /**
   * The calibration report, kept until the data it counts changes. Building it reads every rating of every
   * decided loop (seconds at ten years), so it is built in the background worker and kept here, keyed by
   * the reader's data_version at the last commit that may have changed it (keptAcrossCommits: choosing
   * "me" or autosaving a draft keeps it; a submission, a decision, any commit this thread did not make
   * does not). The key is taken before the worker reads, so a commit in between only makes the next call
   * build it again; it never serves figures older than the data. A restore opens a new reader, whose
   * versions start afresh, so the reader is part of the key.
   */
  let calibration: { reader: ReadableDB; version: number; report: Promise<Calibration> } | null = null;
  /**
   * The worker builds from the facts it kept, or those stored in the workspace, reading again only the loops
   * written since (calibrationFacts.ts); the facts it read go back here to be stored. A restore opens another
   * reader, on other rows: its name tells the worker not to trust what it kept.
   */
  const readerNames = new WeakMap<ReadableDB, string>();
  const readerName = (reader: ReadableDB) => {
    let name = readerNames.get(reader);
    if (!name) readerNames.set(reader, (name = newId()));
    return name;
  };
  /**
   * A cache write on this thread's connection, outside dispatch: no log row (it changes no data anyone sees), no
   * event, nothing for sync (the tables stay on this device), and kept values stay kept (keptAcrossCommits).
   * Waits for a write in the worker, like every write here; nothing if the workspace closed or was restored.
   */
  const writeScienceCache = async (reader: ReadableDB, write: (db: WritableDB) => void) => {
    while (backgroundWrite) await backgroundWrite;
    if (mode.state !== 'ok' || mode.reader !== reader) return;
    const before = beforeWrite(reader);
    write(mode.db);
    afterCommit(reader, before, SCIENCE_CACHE_WRITE, []);
  };
  const calibrationReport = (options: CallOptions): Promise<Calibration> => {
    if (mode.state !== 'ok') throw new ApiFailure('FORBIDDEN', `Principled is in recovery: ${mode.reason}`);
    const version = topicVersion(mode.reader, 'calibration');
    if (calibration?.reader !== mode.reader || calibration.version !== version) {
      const reader = mode.reader;
      const report = (async () => {
        // From now on writes note the loops they touch, so the facts read next can be brought up to date.
        if (!scienceFactsState(reader).stored) await writeScienceCache(reader, startNoting);
        const { report, toStore } = await inBackground('calibration', { file, reader: readerName(reader) }, options);
        // Stored after the report is out: the worker makes the bytes in a task of their own.
        if (toStore) {
          void inBackground('calibrationFacts', {}, {})
            .then((store) => store && writeScienceCache(reader, (db) => storeScienceFacts(db, store)))
            .catch((error: unknown) => reportInternal('science.calibration', error));
        }
        return report;
      })();
      calibration = { reader, version, report };
      // A failed build is not kept (nor are the worker's facts): the next call tries again.
      report.catch(() => {
        if (calibration?.report === report) calibration = null;
      });
    }
    return calibration.report;
  };

  if (options.prepareCalibration) {
    const prepare = async () => {
      if (mode.state !== 'ok' || !hasDecidedLoop(mode.reader)) return;
      try {
        assertMayCall(mode.reader, 'science.calibration', {});
      } catch {
        return;
      }
      await calibrationReport({});
    };
    void settled.then(prepare).catch((error: unknown) => reportInternal('science.calibration', error));
  }

  const encryptInPlace = async (unlock: KeyUnlock, onProgress?: (progress: WorkProgress) => void): Promise<void> => {
    if (dataKey) throw new ApiFailure('CONFLICT', 'The workspace is already encrypted.');
    while (backgroundWrite) await backgroundWrite;
    let finished!: () => void;
    // Held like an import's write: this thread's writes wait (or are refused by dispatch) until the swap is done.
    backgroundWrite = new Promise<void>((resolve) => (finished = resolve));
    const copy = `${file}${ENCRYPTING_SUFFIX}`;
    const key = randomBytes(KEY_BYTES);
    let backup: string | null = null;
    let swapped = false;
    try {
      const open = requireOpenMode();
      // The key file first: from here a crash leaves a plain file beside a key, which the next start encrypts
      // (then seals the backups), and the backup taken first can be sealed under a key that is kept.
      await writeWorkspaceKey(dirname(file), key, unlock, sealCost);
      onProgress?.({ stage: 'Backing up', done: 0, total: 4 });
      const made = await oneAtATime(() =>
        background.run('backup', { file, kind: 'pre-migration', now: now(), suffix: `-v${LATEST_SCHEMA_VERSION}`, sealWith: key.toString('hex') }),
      );
      backup = join(backupsDir(file), made.name);
      onProgress?.({ stage: 'Encrypting', done: 1, total: 4 });
      removeWithSidecars(copy);
      createPrivateFile(copy);
      await open.db.backup(copy);
      encryptFileInPlace(copy, key);
      fsyncFile(copy);
      onProgress?.({ stage: 'Swapping in the encrypted file', done: 2, total: 4 });
      closeBoth(open);
      removeSidecars(file);
      renameSync(copy, file);
      swapped = true;
      fsyncFile(dirname(file));
      dataKey = key;
      background.dataKey = key;
      mode = openBoth(file, key);
      sync.attach();
      calibration = null;
      log(mode.db, 'privacy.encryptWorkspace', 'Encrypted the workspace at rest');
    } catch (error) {
      // Nothing swapped: the workspace stays plain, and a key file would make the next start ask for a passphrase
      // to encrypt it; the backup sealed under that key would open with nothing once it goes.
      if (!swapped) {
        rmSync(workspaceKeyPath(dirname(file)), { force: true });
        if (backup) rmSync(backup, { force: true });
      }
      throw error;
    } finally {
      removeWithSidecars(copy);
      backgroundWrite = null;
      finished();
    }
    onProgress?.({ stage: 'Encrypting the backups', done: 3, total: 4 });
    // Every backup taken before (pre-migration and before-restore copies too) held plain pages; the next start
    // finishes this if it is cut short, so a failure here does not undo an encryption that is done.
    await oneAtATime(() => background.run('sealBackups', { file, transientToo: false })).catch((error: unknown) => reportInternal('privacy.encryptWorkspace', error));
    emit({ name: 'data.changed', payload: { method: 'privacy.encryptWorkspace', entities: [ANY_ENTITY] } });
  };

  const services: Partial<Record<MethodName, (input: never, options: CallOptions) => Promise<unknown>>> = {
    'science.calibration': (_input: unknown, options: CallOptions) => calibrationReport(options),
    'activity.verify': (_input: unknown, options: CallOptions) => inBackground('verifyLog', { file }, options),
    'science.calibrationPdf': async (_input: unknown, call: CallOptions) => {
      const at = options.clock?.() ?? new Date();
      return { fileName: `Calibration report ${at.toISOString().slice(0, 10)}.pdf`, base64: renderCalibrationPdf(await calibrationReport(call), at).toString('base64') };
    },
    'backups.list': async () => {
      const items = listBackups(file);
      return { folder: backupsDir(file), items, totalSize: items.reduce((n, b) => n + b.size, 0) };
    },
    'backups.create': (_input: unknown, options: CallOptions) =>
      oneAtATime(async () => {
        requireOpen();
        const at = now();
        const made = await inBackground('backup', { file, kind: 'manual', now: at }, options);
        pruneBackups(file, at);
        while (backgroundWrite) await backgroundWrite;
        log(requireOpen(), 'backups.create', `Backed up to ${made.name}`);
        return made;
      }),
    'backups.download': async ({ name, earlyAccessReason, passphrase }: { name: string; earlyAccessReason: string; passphrase?: string }, options: CallOptions) => {
      backupPath(name);
      while (backgroundWrite) await backgroundWrite;
      const db = requireOpen();
      // A backup holds every feedback, blind or not: blind still for what the caller owes.
      db.transaction(() => grantCopyAccess(db, 'backups.download', earlyAccessReason, now(), 'a copy of a backup')).immediate();
      const base64 = await inBackground('readBackup', { file, name }, options);
      while (backgroundWrite) await backgroundWrite;
      log(requireOpen(), 'backups.download', `${nameOfMe(db)} saved a copy of ${name}`);
      // The copy is the database itself, unpacked: the name it is saved under says so.
      const fileName = databaseFileName(name);
      if (passphrase === undefined) return { fileName, base64 };
      return { fileName: `${fileName}${SEALED_SUFFIX}`, base64: (await sealWithPassphrase(Buffer.from(base64, 'base64'), passphrase, sealCost)).toString('base64') };
    },
    'backups.restore': async (input: { name: string } | { fileName: string; base64: string; passphrase?: string }): Promise<RestoreResult> => {
      const db = requireOpen();

      let source: string;
      let label: string;
      let upload: string | null = null;
      let unpacked: string | null = null;
      if ('name' in input) {
        source = backupPath(input.name);
        label = input.name;
      } else {
        // A sealed upload is opened before anything is written: a wrong passphrase leaves no file behind.
        const bytes = await openSealed(Buffer.from(input.base64, 'base64'), input.passphrase);
        ensurePrivateDir(backupsDir(file));
        source = upload = join(backupsDir(file), `upload-${stamp(now())}.sqlite`);
        writePrivateFile(source, bytes);
        label = input.fileName;
      }
      try {
        unpacked = await unpackChecked(source, 'name' in input ? 'name' : 'base64');
        const erased = await erasedBefore(db);
        const previous = await background.run('backup', { file, kind: 'before-restore', now: now() });
        while (backgroundWrite) await backgroundWrite;
        const restored = replaceWith(unpacked);
        restoredFrom(restored, erased, 'backups.restore', `Restored from ${label}; the data as it was is kept as ${previous.name}`);
        pruneBackups(file, previous.takenAt);
        return { restoredFrom: label, previousKeptAs: previous.name };
      } finally {
        // An upload is only ever a way in: once restored (or refused) it goes.
        if (upload) for (const extra of ['', '-wal', '-shm']) rmSync(upload + extra, { force: true });
        if (unpacked) removeWithSidecars(unpacked);
        await scrub();
      }
    },
    'recovery.status': async () => recoveryStatus(),

    // The app lock itself is core/server/appLock.ts, around this workspace; opened without it, nothing locks.
    'privacy.encryptWorkspace': async ({ passphrase }: { passphrase: string }, options: CallOptions) => {
      await encryptInPlace({ passphrase }, options.onProgress);
      return lockState();
    },
    'privacy.lockState': async () => lockState(),
    'privacy.unlock': async () => {
      throw new ApiFailure('CONFLICT', 'Principled is not locked.');
    },
    'privacy.lock': async () => {
      throw new ApiFailure('CONFLICT', 'This workspace is not opened by the app, so it cannot lock.');
    },
    'privacy.activity': async () => null,

    'sync.status': async () => sync.status(),
    'sync.makeTeam': async (input: { folder: string; deviceName?: string; passphrase?: string }) => {
      while (backgroundWrite) await backgroundWrite;
      return sync.makeTeam(input);
    },
    'sync.invite': async (input: { memberId: string }) => {
      while (backgroundWrite) await backgroundWrite;
      return sync.invite(input);
    },
    'sync.join': async (input: { folder: string; invitation: string; deviceName?: string; passphrase?: string }) => {
      while (backgroundWrite) await backgroundWrite;
      return sync.join(input);
    },
    'sync.confirmDevice': async (input: { deviceId: string }) => {
      while (backgroundWrite) await backgroundWrite;
      return sync.confirmDevice(input);
    },
    'sync.revokeDevice': async (input: { deviceId: string }) => {
      while (backgroundWrite) await backgroundWrite;
      return sync.revokeDevice(input);
    },
    'sync.unlock': async (input: { passphrase: string }) => sync.unlock(input),
    'sync.conflicts': async (input: { limit: number; offset: number }) => sync.conflicts(input),

    'transfer.preview': async (input: Omit<TaskInput<'previewImport'>, 'file'>, options: CallOptions) => {
      requireOpen();
      return previewImport(input, options);
    },
    'transfer.import': async (input: Omit<TaskInput<'importRows'>, 'file'>, options: CallOptions) => {
      // Each row is created as by its own method, so each kind has that method's audience.
      const db = requireOpen();
      assertMayCall(db, IMPORT_METHOD[input.kind], {});
      if (captureInstalled(db)) {
        // In a team only this thread's connection records changes for the other devices (the worker's has no
        // capture triggers): the rows are checked and written here, holding the API thread for the import. The
        // change goes out under the kind's own create method, so every device judges it by that method's
        // audience and tables rather than by the import's wider ones.
        while (backgroundWrite) await backgroundWrite;
        const open = requireOpenMode();
        writes++;
        return runWrite(IMPORT_METHOD[input.kind], context(open), (ctx) =>
          applyImport(planFile(open.db, input.kind, input.format, input.content), input, ctx),
        );
      }
      // Checked and written by the worker, in one transaction bounded by the row limit.
      return writeInBackground('importRows', { file, ...input }, options);
    },
    'transfer.exportWorkspace': async ({ earlyAccessReason, passphrase }: { earlyAccessReason: string; passphrase?: string }, options: CallOptions) => {
      while (backgroundWrite) await backgroundWrite;
      const db = requireOpen();
      const at = now();
      // Blind still for what the caller owes; logged first, so the export holds its own log rows.
      db.transaction(() => grantCopyAccess(db, 'transfer.exportWorkspace', earlyAccessReason, at, 'a whole-workspace export')).immediate();
      log(db, 'transfer.exportWorkspace', `${nameOfMe(db)} exported the whole workspace${passphrase === undefined ? '' : ', encrypted with a passphrase'}`);
      const json = await textInBackground('exportWorkspace', { file, now: at }, options);
      if (passphrase === undefined) return { fileName: workspaceExportFileName(at), json };
      // Compressed, then sealed: JSON shrinks several times, ciphertext not at all.
      const sealed = await sealWithPassphrase(await gzipAsync(Buffer.from(json, 'utf8')), passphrase, sealCost);
      return { fileName: workspaceExportFileName(at).replace(/\.json$/, '-encrypted.json'), json: armorSealed(sealed) };
    },
    'transfer.importWorkspace': async ({ json: text, passphrase }: { json: string; passphrase?: string }, options: CallOptions) => {
      const db = requireOpen();
      if (captureInstalled(db)) throw new ApiFailure('CONFLICT', "A team's workspace takes its data from the team folder, not from an export file.");
      // Refused before the document is read when the workspace is not empty; checked again in the write.
      assertEmpty(db);
      const sealed = unarmorSealed(text);
      const json = sealed ? await sealedExportText(sealed, passphrase) : text;
      return writeInBackground('importWorkspace', { file, json, currentVersion: schemaVersion(db) }, options);
    },
    'recovery.restore': async ({ name }: { name: string }) => {
      if (mode.state !== 'recovery') throw new ApiFailure('CONFLICT', 'The workspace is not in recovery.');
      const damaged = mode.damagedFile;
      const unpacked = await unpackChecked(backupPath(name), 'name');
      try {
        const erased = await erasedBefore(null);
        if (mode.state !== 'recovery') throw new ApiFailure('CONFLICT', 'The workspace is not in recovery.');
        restoredFrom(replaceWith(unpacked), erased, 'recovery.restore', `Recovered from ${name}${damaged ? `; the damaged file is kept as ${damaged}` : ''}`);
      } finally {
        removeWithSidecars(unpacked);
      }
      await scrub();
      return recoveryStatus();
    },
    'recovery.startFresh': async () => {
      if (mode.state !== 'recovery') throw new ApiFailure('CONFLICT', 'The workspace is not in recovery.');
      await background.run('mayStartFresh', { file });
      const erased = await erasedBefore(null);
      if (mode.state !== 'recovery') throw new ApiFailure('CONFLICT', 'The workspace is not in recovery.');
      removeSidecars(file);
      const opened = openBoth(file, dataKey);
      mode = opened;
      sync.attach();
      const fresh = opened.db;
      // The fresh workspace keeps the list of erased candidates, so importing an older export cannot bring one back.
      restoredFrom(fresh, erased, 'recovery.startFresh', 'Started a fresh workspace after the old one could not be opened');
      return recoveryStatus();
    },
  };

  /**
   * Writes whose work goes on after the commit, outside the transaction: an erasure
   * then scrubs every copy under the data folder. The transports wait for it and the
   * result reports what was done; the synchronous dispatch starts it and returns.
   */
  const followUps: Partial<Record<MethodName, (value: unknown) => Promise<unknown>>> = {
    'privacy.eraseCandidate': async (value) => ({ ...(value as ErasureResult), copies: await scrub() }),
  };

  const runDispatch = (method: string, input: unknown): { result: ApiResult<unknown>; followUp: Promise<unknown> | null } => {
    if (mode.state !== 'ok') {
      return { result: { ok: false, error: { code: 'FORBIDDEN', message: `Principled is in recovery: ${mode.reason}` } }, followUp: null };
    }
    const writing = !isMethodName(method) || methods[method].kind !== 'read';
    const blocked = writing ? sync.writeBlocked() : null;
    if (blocked) return { result: { ok: false, error: { code: 'FORBIDDEN', message: blocked } }, followUp: null };
    if (writing && backgroundWrite) {
      return { result: { ok: false, error: { code: 'CONFLICT', message: 'An import is being written; try again once it has finished.' } }, followUp: null };
    }
    if (writing) writes++;
    const result = dispatch(method, input, context(mode, writing));
    const followUp = result.ok && isMethodName(method) ? followUps[method] : undefined;
    return { result, followUp: followUp && result.ok ? followUp(result.value) : null };
  };

  const reportInternal = (method: string, error: unknown) =>
    (options.onInternalError ?? ((m, e) => console.error(`[principled] ${m} failed:`, e)))(method, error);

  sync.attach();

  return {
    file,
    settled,
    dispatch(method, input) {
      gate.noteCall();
      const { result, followUp } = runDispatch(method, input);
      followUp?.catch((error: unknown) => reportInternal(method, error));
      return result;
    },
    async call(method, input, callOptions = {}) {
      gate.noteCall();
      if (typeof method !== 'string' || !isMethodName(method) || methods[method].kind !== 'service') {
        // A write waits for an import being written (reads do not); nothing may await between this and the write.
        if (typeof method === 'string' && isMethodName(method) && methods[method].kind === 'write') {
          while (backgroundWrite) await backgroundWrite;
        }
        const { result, followUp } = runDispatch(method, input);
        if (!followUp) return result;
        try {
          return { ok: true, value: await followUp };
        } catch (error) {
          // The write itself committed; only what follows it failed, and is reported.
          reportInternal(method, error);
          return result;
        }
      }
      const parsed = (methods[method].input as z.ZodType).safeParse(input);
      if (!parsed.success) return { ok: false, error: validationError(parsed.error, input) };
      try {
        // Who may call, from the contract's table; in recovery the file cannot say who anyone is (see each recovery service).
        if (mode.state === 'ok') assertMayCall(mode.db, method, parsed.data);
        const service = services[method] as (input: unknown, options: CallOptions) => Promise<unknown>;
        const value = await service(parsed.data, callOptions);
        // A file-level service (a restore, an import, a backup) may have changed anything.
        if (!READ_ONLY_SERVICES.has(method)) emit({ name: 'data.changed', payload: { method, entities: [ANY_ENTITY] } });
        return { ok: true, value };
      } catch (error) {
        if (error instanceof ApiFailure) return { ok: false, error: error.toApiError() };
        reportInternal(method, error);
        return { ok: false, error: { code: 'INTERNAL', message: 'Something went wrong; nothing was changed.' } };
      }
    },
    encrypt: (unlock) => encryptInPlace(unlock),
    syncNow: () => sync.syncNow(),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      gate.close();
      listeners.clear();
      sync.stop();
      background.close();
      if (mode.state === 'ok') closeBoth(mode);
      calibration = null;
      onClose();
    },
  };
}

/** Opens the workspace in a data folder (creating and migrating it as needed). Tests and scripts use this. */
/** What a backup saved with a passphrase is called: the database's name, plus this. */
export const SEALED_SUFFIX = '.sealed';

const gzipAsync = promisify(gzip);

function fsyncFile(path: string): void {
  try {
    const fd = openSync(path, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Windows cannot open a folder to flush it; NTFS journals the rename.
  }
}
const gunzipAsync = promisify(gunzip);

const passphraseFailure = (message: string) => invalidField('passphrase', message);

/** The bytes of an upload, opened with the passphrase when it was sealed (passphraseFile.ts); plain bytes as they are. */
async function openSealed(bytes: Buffer, passphrase: string | undefined): Promise<Buffer> {
  if (!isPassphraseFile(bytes)) return bytes;
  if (passphrase === undefined) throw passphraseFailure('This file is encrypted: enter the passphrase it was saved with');
  const opened = await openWithPassphrase(bytes, passphrase);
  if (opened.ok) return opened.plain;
  if (opened.reason === 'wrong-passphrase') throw passphraseFailure('The passphrase does not open this file (or the file was changed since it was saved)');
  throw passphraseFailure('This encrypted file was made by a newer version of Principled, or is damaged');
}

/** A sealed whole-workspace export's JSON, held to the same size limit as a plain one. */
async function sealedExportText(sealed: Buffer, passphrase: string | undefined): Promise<string> {
  const zipped = await openSealed(sealed, passphrase);
  const tooLarge = `The file is too large: at most ${MAX_WORKSPACE_JSON_CHARS / 1024 / 1024} MB`;
  let plain: Buffer;
  try {
    // A UTF-8 character is at most 4 bytes: nothing within the limit is cut off, and no bomb fills the memory.
    plain = await gunzipAsync(zipped, { maxOutputLength: MAX_WORKSPACE_JSON_CHARS * 4 });
  } catch {
    throw invalidField('json', tooLarge);
  }
  const json = plain.toString('utf8');
  if (json.length > MAX_WORKSPACE_JSON_CHARS) throw invalidField('json', tooLarge);
  return json;
}

export function openWorkspace(dataDir: string, options: WorkspaceOptions = {}): Workspace {
  return openWorkspaceFile(join(dataDir, DATABASE_FILE_NAME), options);
}

export function openWorkspaceFile(file: string, options: WorkspaceOptions = {}): Workspace {
  return createWorkspace(file, openBoth(file, options.key ?? null), options, () => {});
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
  const background = new Background();
  try {
    // A backup the last run was killed while writing is a database-sized leftover; the lock says none is being written.
    removeLeftoverParts(file);
    // An encryption cut short leaves its copy (plain rows, mid-rekey): the workspace file itself is whole, so it goes.
    removeWithSidecars(`${file}${ENCRYPTING_SUFFIX}`);
    const key = options.key ?? null;
    background.dataKey = key;
    // Without its key an encrypted file reads as "not a database", which the probe below would take for damage
    // and move aside (and an erasure then delete). A plain file beside a key file is a cut-short encryption: it opens.
    if (!key && existsSync(file) && workspaceKeySealedBy(dataDir) !== null && !opensWithoutKey(file)) throw new KeyRequiredError(file);
    // Encrypting was cut short after the key file was written (see encryptWorkspace): the file is still plain.
    if (key && existsSync(file) && opensWithoutKey(file)) encryptFileInPlace(file, key);
    if (existsSync(file)) {
      const found = probe(file, lock.takenOverFromCrash, key);
      if (found.state === 'damaged') {
        const damagedFile = moveAside(file, `damaged-${stamp(now)}`);
        return createWorkspace(
          file,
          { state: 'recovery', reason: `The workspace file could not be read: ${found.reason}.`, damagedFile },
          options,
          lock.release,
          background,
        );
      }
      if (found.state === 'newer') {
        const reason = `This workspace was written by a newer version of Principled (schema ${found.version}; this version understands up to ${LATEST_SCHEMA_VERSION}). Update Principled to open it. The file has not been changed.`;
        return createWorkspace(file, { state: 'newer', reason }, options, lock.release, background);
      }
      if (found.version > 0 && found.version < LATEST_SCHEMA_VERSION) {
        // The one backup the first screen waits for: the migration must not start before it is complete.
        await background.run('backup', { file, kind: 'pre-migration', now, suffix: `-v${found.version}` });
      }
    }
    const opened = openBoth(file, key);
    const gate = startupGate(options.startupGate ?? null);
    // The daily backup runs after the first screen (when the hosts ask: startupGate), in the background worker, never
    // in front of it. An encryption in place cut short (or an older version's) may have left backups with plain
    // pages: sealed before anything else runs on the folder, with the uploads and working copies a crash left.
    const sealed = key
      ? gate.opened.then(() => background.run('sealBackups', { file, transientToo: true })).then(
          () => {},
          (error: unknown) => console.error('[principled] sealing plain backups failed:', error),
        )
      : gate.opened;
    const settled = sealed.then(() => background.run('dailyBackup', { file, now })).then(
      () => {},
      (error: unknown) => {
        // A failed backup must not keep the user out of their data; it is retried at the next start.
        console.error('[principled] daily backup failed:', error);
      },
    );
    return createWorkspace(file, opened, { prepareCalibration: true, ...options }, lock.release, background, settled, gate);
  } catch (error) {
    background.close();
    lock.release();
    throw error;
  }
}

/** The in-process transport: tests, scripts and benchmarks call the workspace directly. */
export function inProcessClient(workspace: Workspace): ApiClient {
  return createClient((method, input) => workspace.call(method, input));
}
