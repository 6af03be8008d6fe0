import Database from 'better-sqlite3-multiple-ciphers';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { ApiClient } from '../../core/api/contract/client';
import type { SyncStatus } from '../../core/api/contract/sync';
import { stateHash } from '../../core/server/sync/stateHash';
import type { SyncOptions } from '../../core/server/sync/syncEngine';
import { inProcessClient, openWorkspace, type Workspace } from '../../core/server/workspace';
import { DATABASE_FILE_NAME } from '../../db/open';
import { interviewingLoop, value } from './company';

export const PASSPHRASE = 'correct horse battery';

/** One install of the app in a temp folder, its timers off: the test drives each sync cycle. */
export interface Install {
  dir: string;
  workspace: Workspace;
  api: ApiClient;
  call<T>(method: string, input: unknown): Promise<T>;
  hash(): string;
  row<T>(sql: string, ...args: unknown[]): T | undefined;
  status(): Promise<SyncStatus>;
}

export function openInstall(root: string, name: string, options: { sync?: SyncOptions; clock?: () => Date; quiet?: boolean } = {}): Install {
  const dir = join(root, name);
  mkdirSync(dir);
  const workspace = openWorkspace(dir, {
    sync: { auto: false, ...options.sync },
    onInternalError: options.quiet ? () => {} : (m, e) => console.error(m, e),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const api = inProcessClient(workspace);
  const read = <T>(fn: (db: Database.Database) => T): T => {
    const db = new Database(join(dir, DATABASE_FILE_NAME), { readonly: true });
    try {
      return fn(db);
    } finally {
      db.close();
    }
  };
  return {
    dir,
    workspace,
    api,
    call: async <T>(method: string, input: unknown) => value(await api.call(method as never, input as never)) as T,
    hash: () => read((db) => stateHash(db as never)),
    row: <T>(sql: string, ...args: unknown[]) => read((db) => db.prepare(sql).get(...args) as T | undefined),
    status: async () => value(await api.call('sync.status', {})) as SyncStatus,
  };
}

/**
 * Each test of the file gets a temporary root holding an empty shared folder (handed to `made`); after it, the
 * installs pushed onto the returned list are closed and the root removed. Call at the top of a test file.
 */
export function syncTestSpace<T extends { workspace: { close(): void } } = Install>(prefix: string, made: (space: { root: string; folder: string }) => void): T[] {
  const installs: T[] = [];
  let root = '';
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), prefix));
    const folder = join(root, 'shared');
    mkdirSync(folder);
    made({ root, folder });
  });
  afterEach(() => {
    for (const i of installs.splice(0)) i.workspace.close();
    rmSync(root, { recursive: true, force: true });
  });
  return installs;
}

/** Every install exports and imports until nothing changes (a change may need a second round to come back). */
export async function settle(...all: Install[]): Promise<void> {
  for (let round = 0; round < 3; round++) for (const i of all) await i.workspace.syncNow();
}

export type Company = Awaited<ReturnType<typeof interviewingLoop>>;

/** Invites a member from an admin's install, joins from a new install and confirms it there. */
export async function joinAs(admin: Install, root: string, name: string, folder: string, memberId: string): Promise<Install> {
  const other = openInstall(root, name);
  const { invitation } = await admin.call<{ invitation: string }>('sync.invite', { memberId });
  const joined = await other.call<SyncStatus>('sync.join', { folder, invitation, deviceName: name, passphrase: PASSPHRASE });
  await admin.workspace.syncNow();
  await admin.call('sync.confirmDevice', { deviceId: joined.deviceId });
  await settle(admin, other);
  return other;
}

/** Bob's device, the founder's (Ceo), made a team in `folder` with a snapshot every 10 changes: where most sync tests start. */
export async function foundedTeam(root: string, folder: string, installs: Install[]): Promise<{ c: Company; bob: Install }> {
  const bob = openInstall(root, 'bob');
  installs.push(bob);
  const c = await interviewingLoop(bob.api);
  await bob.call('settings.setMe', { memberId: c.ceo.id });
  await bob.call('settings.update', { sync: { snapshotEvery: 10 } });
  await bob.call<SyncStatus>('sync.makeTeam', { folder, deviceName: 'desk', passphrase: PASSPHRASE });
  return { c, bob };
}

/** The founder's team with Alice's device, the admin's, who may add candidates too. */
export async function founderAndAdmin(root: string, folder: string, installs: Install[]): Promise<{ c: Company; bob: Install; alice: Install }> {
  const { c, bob } = await foundedTeam(root, folder, installs);
  const alice = await joinAs(bob, root, 'alice', folder, c.admin.id);
  installs.push(alice);
  return { c, bob, alice };
}
