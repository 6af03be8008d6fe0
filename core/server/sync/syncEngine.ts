import { existsSync, readFileSync, readdirSync, rmSync, watch, writeFileSync, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { hostname } from 'node:os';
import type { MethodName } from '../../api/contract/methods';
import type { ConflictPage, SyncStatus } from '../../api/contract/sync';
import type { WritableDB } from '../../../db/handles';
import { prepare } from '../../../db/statements';
import { getMember } from '../../../db/queries/team';
import { getSetting } from '../../../db/queries/settings';
import { ApiFailure, invalidField } from '../apiFailure';
import { conflictPage, describeDevice } from './conflictWords';
import {
  passphraseProtector,
  readDeviceConfig,
  readOsSecrets,
  readSecrets,
  removeDeviceFiles,
  writeDeviceConfig,
  writeOsSecrets,
  writeSecrets,
  type DeviceConfig,
  type KeyProtector,
  type PassphraseProtector,
} from './deviceStore';
import { exportChanges } from './exporter';
import { erasedCount, removeErasedCandidateGrants } from './candidateGrants';
import { collectGrantedKeys, grantedCandidateKeys } from './grantCollect';
import type { HeldCursor } from './candidateHeld';
import { grantKeys, grantsFingerprint } from './grantKeys';
import { keyHeldCandidates } from './candidateKeying';
import { keySoloFeedback } from './feedbackKeying';
import { grow, type SeenStates, type SnapshotJobs } from './growth';
import { importChanges, snapshotChoices, snapshotKeys, type SnapshotChoice, type SnapshotKeys } from './importer';
import type { Checked } from './syncResult';
import { captureInstalled, deviceIdOf, installCapture, uninstallCapture } from './outbox';
import { searchPending } from '../../../db/searchPending';
import { publishBuiltSnapshot, type BuiltSnapshot, type SnapshotWriter } from './snapshotFile';
import { SOLO_STATUS, deviceWords, syncStatus, type LastRun } from './syncStatus';
import { collectGrants, confirmDevice, grantSeen, foundTeam, invite, joinTeam, revokeDevice, snapshotWriter, teamView, type Session } from './team';

export interface SyncOptions {
  /**
   * The OS key store (Electron's safeStorage), asked at each use since Electron knows only once ready whether there
   * is one; null when there is none. It seals the keys in addition to the passphrase (given at makeTeam/join/unlock,
   * or PRINCIPLED_SYNC_PASSPHRASE), so a start unlocks without asking.
   */
  osKeyStore?: () => KeyProtector | null;
  /** Watch the folder, rescan it and export after writes on timers (default true). Tests drive `syncNow` instead. */
  auto?: boolean;
  /** How long after a write its changes are exported, so a burst of writes makes one file. */
  exportDelayMs?: number;
  /** Rescan period: watchers miss events on network shares and some engines. */
  rescanMs?: number;
  /** Tests: held candidate items opened per cycle (default candidateKeys.HELD_CHUNK). */
  heldChunk?: number;
  /** Tests: the JSON size a snapshot section aims at (the default scales with the database). */
  snapshotSectionBytes?: number;
  /** Tests: hears each snapshot section written in the background worker. */
  onSnapshotProgress?: (sections: number) => void;
  /** Tests: hears each section of the snapshot a joining device applies in the background worker. */
  onBootstrapProgress?: (sections: number) => void;
  /** Tests: called as each snapshot build starts; throwing fails that build (how a failure is injected). */
  snapshotFault?: () => void;
}

/** A failed periodic snapshot is tried again after 1 minute, then 2, 4, … at most an hour: never every cycle. */
export function snapshotBackoffMs(failures: number): number {
  return Math.min(60 * 60_000, 60_000 * 2 ** Math.max(0, failures - 1));
}

/** What the engine needs from its workspace. */
export interface SyncHost {
  dataDir: string;
  /** The writer connection, or null while the workspace is in recovery. */
  db(): WritableDB | null;
  /** One logged write (activity row in the same transaction), as a method of the contract. */
  write(method: MethodName, entityId: string, summary: string, body?: (db: WritableDB) => void): void;
  /** A snapshot file built in the background worker from the committed database (the API thread keeps answering). */
  buildSnapshot(input: { writer: SnapshotWriter; createdAt: number; targetBytes?: number }, onProgress?: (sections: number) => void): Promise<BuiltSnapshot>;
  /**
   * A snapshot file checked and applied by the background worker on its own writer connection: this thread's
   * writes wait until it has committed, its reads are answered meanwhile.
   */
  applySnapshot(input: { folder: string; choice: SnapshotChoice; keys: SnapshotKeys }, onProgress?: (sections: number) => void): Promise<Checked<{ rows: number }, string>>;
  /** Builds the search indexes a snapshot's load left to build (db/searchPending.ts) in the background worker. */
  buildSearch(): Promise<string[]>;
  /** Resolves once no import is being written by the background worker. */
  waitForWrites(): Promise<void>;
  /** Announces changes applied from other devices (the renderer refreshes live). */
  changed(method: string): void;
  now(): number;
  onError(where: string, error: unknown): void;
  options: SyncOptions;
}

export interface SyncEngine {
  /** Reads this install's team config (on open and after a restore) and turns capture on. */
  attach(): void;
  makeTeam(input: { folder: string; deviceName?: string; passphrase?: string }): Promise<SyncStatus>;
  invite(input: { memberId: string }): { invitation: string };
  join(input: { folder: string; invitation: string; deviceName?: string; passphrase?: string }): Promise<SyncStatus>;
  confirmDevice(input: { deviceId: string }): Promise<SyncStatus>;
  revokeDevice(input: { deviceId: string }): Promise<SyncStatus>;
  unlock(input: { passphrase: string }): Promise<SyncStatus>;
  status(): SyncStatus;
  /** What concurrent edits this device was party to resolved to, newest first, in words. */
  conflicts(page: { limit: number; offset: number }): ConflictPage;
  /** One full cycle: keys granted to this device, bootstrap, export, import. Runs one at a time. */
  syncNow(): Promise<void>;
  /** Told after each committed write: exports soon, coalescing a burst. */
  onCommitted(): void;
  /** Why writes are refused now (a joined device before its first snapshot), or null. */
  writeBlocked(): string | null;
  stop(): void;
}

const envProtector = (): PassphraseProtector | null => {
  const passphrase = process.env.PRINCIPLED_SYNC_PASSPHRASE;
  return passphrase ? passphraseProtector(passphrase) : null;
};

export function createSyncEngine(host: SyncHost): SyncEngine {
  let config: DeviceConfig | null = null;
  let session: Session | null = null;
  let protector: PassphraseProtector | null = null;
  let lastRun: LastRun | null = null;
  let busy = false;
  let queue: Promise<void> = Promise.resolve();
  let exportTimer: NodeJS.Timeout | null = null;
  let rescanTimer: NodeJS.Timeout | null = null;
  let watcher: FSWatcher | null = null;
  let stopped = false;
  const partialSince = new Map<string, number>();
  const seenStates: SeenStates = new Map();
  const auto = host.options.auto ?? true;

  const buildSnapshot = async (s: Session): Promise<BuiltSnapshot> => {
    host.options.snapshotFault?.();
    return host.buildSnapshot({ writer: snapshotWriter(s), createdAt: host.now(), targetBytes: host.options.snapshotSectionBytes }, host.options.onSnapshotProgress);
  };
  let building: Promise<void> | null = null;
  let built: BuiltSnapshot | null = null;
  let snapshotFailure: { failures: number; retryAt: number; message: string } | null = null;
  /** How many erasures this device held when it last removed their grant files from the folder; -1 before the first cycle. */
  let grantsClearedAt = -1;
  // What the keys due to other devices depended on when last worked out (grantKeys.grantsFingerprint).
  let grantsCheckedAt: string | null = null;
  const snapshots: SnapshotJobs = {
    take() {
      const ready = built;
      built = null;
      return ready;
    },
    request() {
      const s = session;
      if (building || !s || (snapshotFailure && host.now() < snapshotFailure.retryAt)) return;
      building = buildSnapshot(s)
        .then(
          (ready) => {
            built = ready;
            snapshotFailure = null;
          },
          (error: unknown) => {
            const failures = (snapshotFailure?.failures ?? 0) + 1;
            snapshotFailure = { failures, retryAt: host.now() + snapshotBackoffMs(failures), message: error instanceof Error ? error.message : String(error) };
            host.onError('sync snapshot', error);
          },
        )
        .finally(() => {
          building = null;
        });
    },
  };

  const requireDb = () => {
    const db = host.db();
    if (!db) throw new ApiFailure('FORBIDDEN', 'Principled is in recovery');
    return db;
  };
  const requireSession = (): Session => {
    if (!config) throw new ApiFailure('CONFLICT', 'This workspace is not in a team');
    if (!session) throw new ApiFailure('FORBIDDEN', 'Sync is locked: enter the passphrase first');
    return session;
  };
  const protectorFor = (passphrase: string | undefined): PassphraseProtector => {
    const chosen = passphrase ? passphraseProtector(passphrase) : envProtector();
    if (!chosen) throw invalidField('passphrase', "A passphrase is needed to protect this device's keys");
    return chosen;
  };
  const osKeyStore = (): KeyProtector | null => {
    try {
      return host.options.osKeyStore?.() ?? null;
    } catch (error) {
      host.onError('sync key store', error);
      return null;
    }
  };
  const saveSecrets = () => {
    if (!session || !protector) return;
    writeSecrets(host.dataDir, session.secrets, protector);
    const os = osKeyStore();
    try {
      if (os) writeOsSecrets(host.dataDir, session.secrets, protector.stretched, os);
    } catch (error) {
      // The passphrase's copy is written: the next start asks for it.
      host.onError('sync key store', error);
    }
  };
  const saveConfig = () => {
    if (config) writeDeviceConfig(host.dataDir, config);
  };

  const installOn = (db: WritableDB) => {
    if (!config || captureInstalled(db)) return;
    // A database restored from an older backup may carry an id this install wrote under before: capture goes on
    // under it, and the exporter sees the folder ahead of the outbox and rotates to a new id.
    installCapture(db, { deviceId: deviceIdOf(db) ?? config.deviceId, now: host.now });
  };

  const startTimers = () => {
    if (!auto || !config || stopped) return;
    if (!rescanTimer) {
      rescanTimer = setInterval(() => schedule(0), host.options.rescanMs ?? 5_000);
      rescanTimer.unref();
    }
    if (!watcher) {
      try {
        watcher = watch(config.folder, { recursive: true }, (_event, name) => {
          // Our own temporaries come and go with every write.
          if (typeof name === 'string' && /(^|[/\\])\.~/.test(name)) return;
          schedule(100);
        });
        watcher.on('error', () => {
          watcher?.close();
          watcher = null;
        });
      } catch {
        watcher = null; // no recursive watch here (older Linux kernels, some network shares): the rescan covers it
      }
    }
  };

  let pending: NodeJS.Timeout | null = null;
  const schedule = (delayMs: number) => {
    if (stopped || pending) return;
    pending = setTimeout(() => {
      pending = null;
      engine.syncNow().catch((error: unknown) => host.onError('sync', error));
    }, delayMs);
    pending.unref();
  };

  let heldFrom: HeldCursor | null = null;
  const cycle = (db: WritableDB, s: Session) => {
    const now = host.now();
    let team = teamView(s.config);
    if (collectGrants(s, team, grantSeen(db)) > 0) saveSecrets();
    const waits: string[] = [];
    const problems: string[] = [];
    const mine = team.devices.get(s.config.deviceId);
    if (!mine || mine.state === 'pending') waits.push('waiting for an admin to confirm this device');
    if (mine?.state === 'revoked') problems.push('This device was revoked by an admin: its changes are no longer accepted');
    if (!s.secrets.teamKeyId && mine?.state !== 'pending') waits.push('waiting for the team key to be granted to this device');
    if (!s.config.bootstrapped && s.secrets.teamKeyId) {
      problems.push(...bootstrapProblems);
      waits.push('waiting for the team’s first snapshot to arrive in the folder');
    }
    let inFolder = 0;
    const notices: string[] = [];
    if (s.config.bootstrapped) {
      // Every candidate held in the clear has a key before this cycle's batches and snapshot are written.
      keyHeldCandidates(db);
      const exported = exportChanges(db, s, now);
      inFolder = exported.inFolder;
      if (exported.rotated) {
        saveConfig();
        team = teamView(s.config);
      }
      if (exported.problem) problems.push(exported.problem);
      const imported = importChanges(db, s, team, { now, partialSince, deviceWords: (id) => deviceWords(db, team, id) });
      waits.push(...imported.waits);
      problems.push(...imported.problems);
      // Keys granted to this device open the content kept sealed; then this device grants the keys it holds to
      // whoever may read that feedback now (someone else submitted, early access recorded).
      const granted = collectGrantedKeys(db, s, team, (id) => deviceWords(db, team, id), { from: heldFrom, limit: host.options.heldChunk });
      problems.push(...granted.refused);
      // More held candidate data to open: the next cycle at once, with calls answered in between.
      heldFrom = granted.heldNext;
      if (heldFrom && auto) schedule(0);
      // An erasure new here (made here or received): its grant files leave the folder (once per start, then per erasure).
      const erasures = erasedCount(db);
      if (erasures !== grantsClearedAt && removeErasedCandidateGrants(db, s, team) !== null) grantsClearedAt = erasures;
      if (mine?.state === 'confirmed' && grantsFingerprint(db, team) !== grantsCheckedAt) {
        grantKeys(db, s, team, now);
        grantsCheckedAt = grantsFingerprint(db, team);
      }
      if (imported.applied > 0 || granted.opened > 0) host.changed('sync.import');
      if (mine?.state === 'confirmed') {
        try {
          notices.push(...grow(db, s, team, seenStates, { now, deviceWords: (id) => deviceWords(db, team, id), snapshots }).notices);
        } catch (error) {
          problems.push(`Compacting this device's files failed (${(error as Error).message})`);
        }
      }
    }
    if (snapshotFailure) notices.push(`This device's last snapshot failed (${snapshotFailure.message}); it is tried again after ${new Date(snapshotFailure.retryAt).toISOString().slice(11, 16)} UTC`);
    lastRun = { waits, problems, notices, inFolder };
  };

  /**
   * A joined device's first data, applied in the background worker (a minute at ten years): the newest usable
   * snapshot of a confirmed device. Its problems are reported by the cycle that follows.
   */
  let bootstrapProblems: string[] = [];
  let searchBuild: Promise<void> | null = null;
  let bootstrapping = false;
  const bootstrapInBackground = async (s: Session) => {
    const team = teamView(s.config);
    if (collectGrants(s, team) > 0) saveSecrets();
    if (!s.secrets.teamKeyId) return;
    const problems: string[] = [];
    for (const choice of snapshotChoices(s, team)) {
      bootstrapping = true;
      const keys = { ...snapshotKeys(s, team), candidateKeys: grantedCandidateKeys(s, team) };
      const applied = await host.applySnapshot({ folder: s.config.folder, choice, keys }, host.options.onBootstrapProgress).finally(() => {
        bootstrapping = false;
      });
      if (!applied.ok) {
        if (applied.kind !== 'unopened') problems.push(`${choice.path} cannot be applied: ${applied.detail}`);
        continue;
      }
      const db = host.db();
      if (!db || stopped) return;
      s.config.bootstrapped = true;
      saveConfig();
      host.write('sync.join', s.config.deviceId, `${memberNameOf(db, s.config.memberId)}'s ${s.config.deviceName} joined the team`);
      host.changed('sync.join');
      break;
    }
    bootstrapProblems = problems;
  };

  /** Runs `work` after every cycle or team change queued before it, and before any queued after. */
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work);
    queue = run.then(
      () => {},
      () => {},
    );
    return run;
  };

  const memberNameOf = (db: WritableDB, memberId: string) => getMember(db, memberId)?.name ?? 'Someone';

  const engine: SyncEngine = {
    attach() {
      config = readDeviceConfig(host.dataDir);
      const db = host.db();
      if (!config || !db) return;
      installOn(db);
      if (!session) {
        const os = osKeyStore();
        const fromOs = os ? readOsSecrets(host.dataDir, os) : null;
        const chosen = fromOs ? null : envProtector();
        const secrets = chosen ? readSecrets(host.dataDir, chosen) : null;
        if (fromOs) {
          protector = fromOs.protector;
          session = { config, secrets: fromOs.secrets };
        } else if (chosen && secrets && typeof secrets === 'object') {
          protector = chosen;
          session = { config, secrets };
        }
      } else session.config = config;
      startTimers();
    },

    async makeTeam({ folder, deviceName, passphrase }) {
      const db = requireDb();
      if (config) throw new ApiFailure('CONFLICT', 'This workspace is already in a team');
      const me = getSetting(db, 'me');
      const member = me ? getMember(db, me) : null;
      if (!member) throw new ApiFailure('FORBIDDEN', 'Choose who "me" is first: the team is made in their name');
      const chosen = protectorFor(passphrase);
      // All or nothing: what the folder held before, so a team that could not be made leaves no file behind.
      const folderExisted = existsSync(folder);
      const before = new Set(folderExisted ? readdirSync(folder) : []);
      const ignores = join(folder, '.stignore');
      const ignoresBefore = existsSync(ignores) ? readFileSync(ignores) : null;
      await exclusive(async () => {
        const made = foundTeam({ folder, deviceName: deviceName || hostname(), memberId: member.id, memberName: member.name, now: host.now() });
        try {
          protector = chosen;
          session = made;
          config = made.config;
          saveSecrets();
          saveConfig();
          installOn(db);
          // Feedback submitted while solo leaves in the first snapshot sealed under keys of its own.
          keySoloFeedback(db);
          keyHeldCandidates(db);
          host.write('sync.makeTeam', made.config.teamId, `${member.name} made this workspace a team, synced through ${folder}`);
          // Everything so far, history included, becomes the team's starting point: built in the background
          // worker (a minute at ten years), so the app keeps answering meanwhile.
          publishBuiltSnapshot(folder, await buildSnapshot(made));
        } catch (error) {
          config = null;
          session = null;
          protector = null;
          if (captureInstalled(db)) uninstallCapture(db);
          prepare(db, 'DELETE FROM sync_feedback_keys').run();
          prepare(db, 'DELETE FROM sync_candidate_keys').run();
          prepare(db, `DELETE FROM activity WHERE method = 'sync.makeTeam' AND entity_id = ?`).run(made.config.teamId);
          removeDeviceFiles(host.dataDir);
          if (folderExisted) {
            for (const name of readdirSync(folder)) if (!before.has(name)) rmSync(join(folder, name), { recursive: true, force: true });
            if (ignoresBefore) writeFileSync(ignores, ignoresBefore);
            else rmSync(ignores, { force: true });
          } else rmSync(folder, { recursive: true, force: true });
          host.changed('sync.makeTeam');
          throw error;
        }
      });
      startTimers();
      await engine.syncNow();
      return engine.status();
    },

    invite({ memberId }) {
      const db = requireDb();
      const s = requireSession();
      const member = getMember(db, memberId);
      if (!member) throw invalidField('memberId', 'No such team member');
      if (member.status !== 'active') throw invalidField('memberId', `${member.name} has left the company`);
      const invitation = invite(s, { id: member.id, name: member.name, admin: member.capabilities.some((c) => c === 'founder' || c === 'admin') });
      saveSecrets();
      host.write('sync.invite', member.id, `Invited ${member.name} to join the team`);
      return { invitation };
    },

    async join({ folder, invitation, deviceName, passphrase }) {
      const db = requireDb();
      if (config) throw new ApiFailure('CONFLICT', 'This workspace is already in a team');
      if (prepare(db, 'SELECT 1 FROM team_members LIMIT 1').get()) {
        throw new ApiFailure('CONFLICT', 'Join from a new, empty workspace: this one already has a team of its own');
      }
      const chosen = protectorFor(passphrase);
      const joined = joinTeam({ folder, invitation, deviceName: deviceName || hostname(), now: host.now() });
      try {
        protector = chosen;
        session = joined;
        config = joined.config;
        saveSecrets();
        saveConfig();
        // "me" is this device's owner from now on; logged before capture starts (the snapshot replaces it).
        host.write('sync.join', joined.config.deviceId, `Joined team ${joined.config.teamId} as device ${joined.config.deviceName}; waiting for an admin to confirm it`, (w) => {
          prepare(w, `INSERT INTO settings (key, value) VALUES ('me', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(joined.config.memberId);
        });
        installOn(db);
      } catch (error) {
        config = null;
        session = null;
        removeDeviceFiles(host.dataDir);
        throw error;
      }
      startTimers();
      await engine.syncNow();
      return engine.status();
    },

    async confirmDevice({ deviceId }) {
      const db = requireDb();
      const s = requireSession();
      const record = confirmDevice(s, deviceId, host.now());
      saveSecrets();
      host.write('sync.confirmDevice', deviceId, `Confirmed ${memberNameOf(db, record.memberId)}'s ${record.name}`);
      await engine.syncNow();
      return engine.status();
    },

    async revokeDevice({ deviceId }) {
      const db = requireDb();
      const s = requireSession();
      const { record, keptUpTo } = revokeDevice(db, s, deviceId, host.now());
      saveConfig();
      saveSecrets();
      host.write('sync.revokeDevice', deviceId, `Revoked ${memberNameOf(db, record.memberId)}'s ${record.name}: its changes after ${keptUpTo} are rejected`);
      await engine.syncNow();
      return engine.status();
    },

    async unlock({ passphrase }) {
      if (!config) throw new ApiFailure('CONFLICT', 'This workspace is not in a team');
      const chosen = passphraseProtector(passphrase);
      const secrets = readSecrets(host.dataDir, chosen);
      if (secrets === 'wrong-passphrase') throw invalidField('passphrase', 'This passphrase does not open the keys of this device');
      if (typeof secrets !== 'object') throw new ApiFailure('CONFLICT', `This device's keys cannot be read (${secrets})`);
      protector = chosen;
      session = { config, secrets };
      // Sealed under the OS key store too, where there is one now: the next start unlocks without asking.
      saveSecrets();
      startTimers();
      await engine.syncNow();
      return engine.status();
    },

    status() {
      const db = host.db();
      if (!config || !db) return SOLO_STATUS;
      let team: ReturnType<typeof teamView> | null;
      try {
        team = teamView(config);
      } catch {
        team = null;
      }
      return syncStatus(db, config, team, lastRun, { locked: !session, busy, bootstrapping });
    },

    conflicts(page) {
      const db = host.db();
      if (!config || !db) return { items: [], total: 0 };
      const c = config;
      let team: ReturnType<typeof teamView> | null;
      try {
        team = teamView(c);
      } catch {
        team = null;
      }
      const reader = { own: [c.deviceId, ...c.previousDeviceIds], me: getSetting(db, 'me'), describe: (id: string) => describeDevice(db, team, id) };
      return conflictPage(db, reader, page);
    },

    syncNow() {
      const run = exclusive(async () => {
        const s = session;
        if (!s || stopped) return;
        await host.waitForWrites();
        if (!s.config.bootstrapped) await bootstrapInBackground(s);
        const db = host.db();
        if (!db || stopped) return;
        busy = true;
        try {
          // No await from here on: nothing else writes while a cycle runs.
          installOn(db);
          cycle(db, s);
        } finally {
          busy = false;
        }
        // After the cycle, not awaited: the bootstrap is done and the app in use while the evidence index is
        // built (a crash meanwhile leaves it pending, and the next cycle starts it again).
        if (!searchBuild && searchPending(db)) {
          searchBuild = host
            .buildSearch()
            .then(
              (names) => {
                if (names.length > 0) host.changed('sync.searchBuilt');
              },
              (error: unknown) => host.onError('building the search index', error),
            )
            .finally(() => {
              searchBuild = null;
            });
        }
      });
      // A snapshot asked for in this cycle is published by the next, once built: the queue is free meanwhile.
      return run.then(() => (building ? building.then(() => engine.syncNow()) : undefined));
    },

    onCommitted() {
      if (session && config?.bootstrapped && auto && !exportTimer) {
        exportTimer = setTimeout(() => {
          exportTimer = null;
          engine.syncNow().catch((error: unknown) => host.onError('sync export', error));
        }, host.options.exportDelayMs ?? 200);
        exportTimer.unref();
      }
    },

    writeBlocked() {
      if (config && !config.bootstrapped) return 'This device has joined a team and is waiting for its data: an admin must confirm it first';
      return null;
    },

    stop() {
      stopped = true;
      for (const t of [exportTimer, rescanTimer, pending]) if (t) clearTimeout(t);
      exportTimer = rescanTimer = pending = null;
      watcher?.close();
      watcher = null;
    },
  };
  return engine;
}
