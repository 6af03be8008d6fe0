import { join } from 'node:path';
import type { z } from 'zod';
import { methods } from '../api/contract/methods';
import type { LockState } from '../api/contract/privacy';
import type { ApiResult } from '../api/contract/result';
import type { ServerEvent } from '../api/contract/events';
import type { Settings } from '../api/contract/settings';
import type { DatabaseKey } from '../../db/cipher';
import { DATABASE_FILE_NAME } from '../../db/open';
import type { KeyProtector } from './sync/deviceStore';
import { validationError } from './dispatch';
import type { CallOptions, Workspace } from './workspace';
import { readWorkspaceKey, workspaceKeySealedBy, WrongPassphraseError, type SealedBy } from './workspaceKey';

/**
 * The app lock (issue 12 item 4): the one state machine between open and locked, around the workspace the
 * hosts serve. Locking closes the workspace (its writer, reader and worker) and forgets the key; unlocking
 * unseals the key from workspace.key (passphrase, or the OS key store) and opens the workspace again.
 * While locked every call but the lock screen's own is refused with LOCKED, and nothing is read or written.
 * Only an encrypted workspace locks: with a plaintext one anyone can read the file, so a lock would hide nothing.
 *
 * The idle timer runs here, in the host, so a page closed or hidden still locks. The page reports use
 * (`privacy.activity`); API calls themselves do not count, as pages also read on their own (server events).
 */

/** Schedules `run` after `ms`; returns the way to cancel. Injected by tests, so nothing waits for real. */
export type Schedule = (run: () => void, ms: number) => () => void;

export interface LockOptions {
  dataDir: string;
  /** Opens the workspace with its key (null: plaintext): openWorkspaceSafely, with the host's options. */
  open(key: DatabaseKey): Promise<Workspace>;
  /** The OS key store (Electron's safeStorage) for a key sealed by it; none in the browser host. */
  keychain?: () => KeyProtector | null;
  now?: () => number;
  schedule?: Schedule;
}

export interface LockableWorkspace extends Workspace {
  lockState(): LockState;
  /** Locks now; nothing for a plaintext or already locked workspace. */
  lock(): void;
}

const realSchedule: Schedule = (run, ms) => {
  const timer = setTimeout(run, ms);
  // The lock must not keep a closing host alive.
  timer.unref?.();
  return () => clearTimeout(timer);
};

const lockedResult: ApiResult<never> = { ok: false, error: { code: 'LOCKED', message: 'Principled is locked: unlock it to go on.' } };
const fail = (code: 'CONFLICT' | 'VALIDATION', message: string, path?: string): ApiResult<never> => ({
  ok: false,
  error: path ? { code, message: `${path}: ${message}`, issues: [{ path, message }] } : { code, message },
});

/**
 * Opens the workspace in `dataDir` behind the lock. A key sealed by a passphrase starts locked (the host has no
 * passphrase until someone types it); one sealed by the OS key store opens with it, and so does a plaintext one.
 */
export async function openLockable(options: LockOptions): Promise<LockableWorkspace> {
  const now = options.now ?? Date.now;
  const schedule = options.schedule ?? realSchedule;
  const file = join(options.dataDir, DATABASE_FILE_NAME);
  const listeners = new Set<(event: ServerEvent) => void>();
  const emit = (event: ServerEvent) => {
    for (const listener of listeners) listener(event);
  };

  let sealedBy: SealedBy | null = workspaceKeySealedBy(options.dataDir);
  let inner: Workspace | null = null;
  let stopForwarding: (() => void) | null = null;
  let key: Buffer | null = null;
  let unlocking: Promise<ApiResult<LockState>> | null = null;
  let lockAfterMinutes = 0;
  let lastActivity = now();
  let cancelTimer: (() => void) | null = null;

  const readLockAfter = () => {
    const settings = inner?.dispatch('settings.get', undefined);
    lockAfterMinutes = (settings?.ok ? (settings.value as Partial<Settings> | null)?.privacy?.lockAfterMinutes : undefined) ?? 0;
  };

  /** One timer at the moment the idle time would run out; activity meanwhile only moves that moment on. */
  const arm = () => {
    cancelTimer?.();
    cancelTimer = null;
    if (!inner || !sealedBy || lockAfterMinutes <= 0) return;
    const idleMs = lockAfterMinutes * 60_000;
    cancelTimer = schedule(
      () => {
        cancelTimer = null;
        if (now() - lastActivity >= idleMs) lock();
        else arm();
      },
      Math.max(0, lastActivity + idleMs - now()),
    );
  };

  const attach = (workspace: Workspace) => {
    inner = workspace;
    stopForwarding = workspace.subscribe((event) => {
      // The idle time is a setting: a change here or from another device takes effect at once.
      if (event.name === 'data.changed' && (event.payload.method === 'settings.update' || event.payload.entities.includes('*'))) {
        readLockAfter();
        arm();
      }
      emit(event);
    });
    lastActivity = now();
    readLockAfter();
    arm();
  };

  const lockState = (): LockState => ({ locked: inner === null && sealedBy !== null, sealedBy, lockAfterMinutes: inner ? lockAfterMinutes : null });

  function lock(): void {
    if (!inner || !sealedBy) return;
    cancelTimer?.();
    cancelTimer = null;
    stopForwarding?.();
    stopForwarding = null;
    const closing = inner;
    inner = null;
    closing.close();
    // The connections and the worker are gone; the bytes of the key go too (the closed workspace held this buffer).
    key?.fill(0);
    key = null;
    emit({ name: 'privacy.locked', payload: {} });
  }

  const unlock = async (passphrase: string | undefined): Promise<ApiResult<LockState>> => {
    if (inner) return fail('CONFLICT', 'Principled is not locked.');
    if (!sealedBy) return fail('CONFLICT', 'This workspace is not encrypted.');
    const keychain = sealedBy === 'keychain' ? (options.keychain?.() ?? null) : null;
    if (sealedBy === 'keychain' && !keychain) return fail('CONFLICT', "The system keychain is not available, so it cannot open this workspace's key.");
    if (sealedBy === 'passphrase' && passphrase === undefined) return fail('VALIDATION', 'Enter the passphrase', 'passphrase');
    let opened: Buffer;
    try {
      opened = await readWorkspaceKey(options.dataDir, keychain ? { keychain } : { passphrase: passphrase ?? '' });
    } catch (error) {
      if (!(error instanceof WrongPassphraseError)) throw error;
      return sealedBy === 'passphrase' ? fail('VALIDATION', 'Wrong passphrase: it does not open this workspace', 'passphrase') : fail('CONFLICT', error.message);
    }
    key = opened;
    attach(await options.open(opened));
    emit({ name: 'data.changed', payload: { method: 'privacy.unlock', entities: ['*'] } });
    return { ok: true, value: lockState() };
  };

  async function call(method: string, input: unknown, callOptions?: CallOptions): Promise<ApiResult<unknown>> {
    if (method === 'privacy.lockState' || method === 'privacy.unlock' || method === 'privacy.activity' || method === 'privacy.lock') {
      const parsed = (methods[method].input as z.ZodType).safeParse(input);
      if (!parsed.success) return { ok: false, error: validationError(parsed.error, input) };
      if (method === 'privacy.lockState') return { ok: true, value: lockState() };
      if (method === 'privacy.activity') {
        lastActivity = now();
        return { ok: true, value: null };
      }
      if (method === 'privacy.unlock') {
        // Two pages unlocking at once open the workspace once.
        unlocking ??= unlock((parsed.data as { passphrase?: string }).passphrase).finally(() => (unlocking = null));
        return unlocking;
      }
      if (!sealedBy) return fail('CONFLICT', 'This workspace is not encrypted: there is nothing to lock the data with.');
      lock();
      return { ok: true, value: lockState() };
    }
    if (!inner) return lockedResult;
    const result = await (callOptions ? inner.call(method, input, callOptions) : inner.call(method, input));
    if (method === 'privacy.encryptWorkspace' && result.ok) {
      // From now on the workspace has a key to lock it with.
      sealedBy = workspaceKeySealedBy(options.dataDir);
      readLockAfter();
      arm();
    }
    return result;
  }

  if (sealedBy === 'keychain') {
    const keychain = options.keychain?.() ?? null;
    // Without the key store (another OS user, a reset keyring) the workspace stays locked: unlock says why.
    if (keychain) {
      key = await readWorkspaceKey(options.dataDir, { keychain }).catch(() => null);
      if (key) attach(await options.open(key));
    }
  } else if (sealedBy === null) {
    attach(await options.open(null));
  }

  return {
    file,
    get settled() {
      return inner?.settled ?? Promise.resolve();
    },
    dispatch: (method, input) => (inner ? inner.dispatch(method, input) : lockedResult),
    call,
    async encrypt(unlockWith) {
      if (!inner) throw new Error('Principled is locked');
      await inner.encrypt(unlockWith);
      sealedBy = workspaceKeySealedBy(options.dataDir);
      readLockAfter();
      arm();
    },
    syncNow: () => inner?.syncNow() ?? Promise.resolve(),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    lockState,
    lock,
    close() {
      cancelTimer?.();
      stopForwarding?.();
      inner?.close();
      inner = null;
      key?.fill(0);
      key = null;
      listeners.clear();
    },
  };
}
