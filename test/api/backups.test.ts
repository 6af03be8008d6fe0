import Database from 'better-sqlite3-multiple-ciphers';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zstdDecompressSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupsDir, listBackups } from '../../db/backups';
import { WorkspaceLockedError } from '../../db/lock';
import { MIGRATIONS, migrate } from '../../db/migrations';
import { DATABASE_FILE_NAME } from '../../db/open';
import { inProcessClient, openWorkspaceSafely, type Workspace } from '../../core/server/workspace';
import type { StartupGateTiming } from '../../core/server/startupGate';
import { failure, value } from '../support/company';

const ZSTD_MAGIC = Buffer.from([0x28, 0xb5, 0x2f, 0xfd]);

/** SQLite bytes opened in memory; a database in memory cannot be in WAL mode, so its header says rollback journal. */
function inMemory(bytes: Buffer): Database.Database {
  const copy = Buffer.from(bytes);
  copy[18] = 1;
  copy[19] = 1;
  return new Database(copy, { readonly: true });
}

/** A backup read as the database it holds: it must be a zstd frame of a SQLite file. */
function openBackup(path: string): Database.Database {
  const bytes = readFileSync(path);
  expect(bytes.subarray(0, 4).equals(ZSTD_MAGIC), `${path} is zstd-compressed`).toBe(true);
  return inMemory(zstdDecompressSync(bytes));
}

describe('backups, restore and opening safely', () => {
  let dir: string;
  let open: Workspace[];
  const start = async (day = '2026-11-26T09:00:00.000Z') => {
    const ws = await openWorkspaceSafely(dir, { clock: () => new Date(day), onInternalError: () => {} });
    await ws.settled;
    open.push(ws);
    return { ws, api: inProcessClient(ws) };
  };
  const closeAll = () => {
    for (const ws of open.splice(0)) ws.close();
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'principled-backups-'));
    open = [];
  });
  afterEach(() => {
    closeAll();
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes one automatic backup a day at start', async () => {
    const first = await start();
    value(await first.api.call('workspace.start', { starter: true }));
    closeAll();
    await start('2026-11-26T17:00:00.000Z');
    closeAll();
    expect(listBackups(join(dir, DATABASE_FILE_NAME)).filter((b) => b.kind === 'daily')).toHaveLength(1);
    const { api } = await start('2026-11-27T08:00:00.000Z');
    const list = value(await api.call('backups.list'));
    expect(list.items.filter((b) => b.kind === 'daily').map((b) => b.takenAt.slice(0, 10))).toEqual(['2026-11-27', '2026-11-26']);
    expect(list.items.every((b) => b.size > 0)).toBe(true);
    expect(list.totalSize).toBe(list.items.reduce((n, b) => n + b.size, 0));
  });

  it('removes at start the partial backups a killed run left, and keeps every finished one', async () => {
    const first = await start();
    value(await first.api.call('workspace.start', { starter: true }));
    closeAll();
    const backups = join(dir, 'backups');
    const kept = readdirSync(backups).sort();
    // What a run killed in the middle of a backup leaves: the plain copy and the compressed one, both unfinished.
    for (const name of ['principled-daily-2026-11-26T09-00-00-000Z.sqlite.part', 'principled-daily-2026-11-26T09-00-00-000Z.sqlite.zst.part']) {
      writeFileSync(join(backups, name), 'half a database');
    }
    writeFileSync(join(backups, 'notes.part'), 'not ours');
    await start('2026-11-26T17:00:00.000Z');
    expect(readdirSync(backups).sort()).toEqual([...kept, 'notes.part'].sort());
  });

  it('backs up now, lets the file be downloaded, and restores it with the current data kept aside', async () => {
    const { api } = await start();
    value(await api.call('workspace.start', { starter: false }));
    value(await api.call('principles.create', { name: 'Before the backup', summary: 's' }));
    const made = value(await api.call('backups.create'));
    expect(made.kind).toBe('manual');
    // A backup holds every feedback: only admins and founders may take a copy away.
    expect(failure(await api.call('backups.download', { name: made.name })).code).toBe('FORBIDDEN');
    const founder = value(await api.call('team.create', { name: 'Fay Founder', capabilities: ['founder'] }));
    value(await api.call('settings.setMe', { memberId: founder.id }));
    const download = value(await api.call('backups.download', { name: made.name }));
    // The copy taken away is the database itself, not the compressed frame kept here.
    expect(made.name).toMatch(/\.sqlite\.zst$/);
    expect(download.fileName).toBe(made.name.replace(/\.zst$/, ''));
    const downloaded = inMemory(Buffer.from(download.base64, 'base64'));
    expect(downloaded.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((downloaded.prepare('SELECT name FROM principles').all() as { name: string }[]).map((r) => r.name)).toEqual(['Before the backup']);
    downloaded.close();

    value(await api.call('principles.create', { name: 'After the backup', summary: 's' }));
    const restored = value(await api.call('backups.restore', { name: made.name }));
    expect(value(await api.call('principles.list')).map((p) => p.name)).toEqual(['Before the backup']);
    expect(existsSync(join(backupsDir(join(dir, DATABASE_FILE_NAME)), restored.previousKeptAs))).toBe(true);
    const [entry] = value(await api.call('activity.list', { limit: 1 }));
    expect(entry?.summary).toContain(`Restored from ${made.name}`);

    // The copy kept aside holds what the restore replaced.
    const aside = openBackup(join(backupsDir(join(dir, DATABASE_FILE_NAME)), restored.previousKeptAs));
    expect((aside.prepare('SELECT name FROM principles ORDER BY position').all() as { name: string }[]).map((r) => r.name)).toEqual([
      'Before the backup',
      'After the backup',
    ]);
    aside.close();
  });

  it('writes every backup zstd-compressed, private and at most a third of the database, and counts their sizes', async () => {
    const first = await start();
    value(await first.api.call('workspace.start', { starter: true }));
    for (let i = 0; i < 40; i++) value(await first.api.call('candidates.create', { name: `Candidate ${i}`, notes: 'Met at the meetup. '.repeat(50) }));
    const made = value(await first.api.call('backups.create'));
    value(await first.api.call('backups.restore', { name: made.name })); // and a before-restore copy
    closeAll();
    await start('2026-11-27T08:00:00.000Z'); // and the next day's automatic one
    const file = join(dir, DATABASE_FILE_NAME);
    const list = listBackups(file);
    expect(new Set(list.map((b) => b.kind))).toEqual(new Set(['daily', 'manual', 'before-restore']));
    for (const b of list) {
      const path = join(backupsDir(file), b.name);
      expect(b.name).toMatch(/\.sqlite\.zst$/);
      expect(b.size).toBe(statSync(path).size);
      const db = openBackup(path);
      const plainSize = (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
      expect(b.size, b.name).toBeLessThanOrEqual(plainSize / 3);
      if (process.platform !== 'win32') expect(statSync(path).mode & 0o777, b.name).toBe(0o600);
    }
    // No working file (the uncompressed copy, the unpacked restore) is left behind.
    expect(readdirSync(backupsDir(file)).filter((n) => !n.endsWith('.sqlite.zst'))).toEqual([]);
    closeAll();
    const { api } = await start('2026-11-27T09:00:00.000Z');
    const shown = value(await api.call('backups.list'));
    expect(shown.totalSize).toBe(list.reduce((n, b) => n + statSync(join(backupsDir(file), b.name)).size, 0));
  });

  it('restores a backup made before compression (plain SQLite, told by its bytes, not its name)', async () => {
    const { api } = await start();
    value(await api.call('workspace.start', { starter: false }));
    value(await api.call('principles.create', { name: 'In the plain copy', summary: 's' }));
    const made = value(await api.call('backups.create'));
    const backups = backupsDir(join(dir, DATABASE_FILE_NAME));
    // As an older version left it: the same database, uncompressed, under the old name.
    const plain = made.name.replace(/-\d{3}Z\.sqlite\.zst$/, '-999Z.sqlite');
    writeFileSync(join(backups, plain), zstdDecompressSync(readFileSync(join(backups, made.name))));
    // And a compressed one under the plain name, as a file copied around by hand: read by its bytes as well.
    const renamed = made.name.replace(/-\d{3}Z\.sqlite\.zst$/, '-998Z.sqlite');
    writeFileSync(join(backups, renamed), readFileSync(join(backups, made.name)));
    rmSync(join(backups, made.name));
    value(await api.call('principles.create', { name: 'After the backup', summary: 's' }));

    for (const name of [plain, renamed]) {
      value(await api.call('backups.restore', { name }));
      expect(value(await api.call('principles.list')).map((p) => p.name)).toEqual(['In the plain copy']);
      value(await api.call('principles.create', { name: 'After the backup', summary: 's' }));
    }
    const founder = value(await api.call('team.create', { name: 'Fay Founder', capabilities: ['founder'] }));
    value(await api.call('settings.setMe', { memberId: founder.id }));
    for (const name of [plain, renamed]) {
      const download = value(await api.call('backups.download', { name }));
      expect(download.fileName).toBe(name);
      const copy = inMemory(Buffer.from(download.base64, 'base64'));
      expect((copy.prepare('SELECT name FROM principles').all() as { name: string }[]).map((r) => r.name)).toEqual(['In the plain copy']);
      copy.close();
    }
  });

  it('opens the workspace without waiting for the day\'s backup, which appears once the worker has made it', async () => {
    const first = await start();
    value(await first.api.call('workspace.start', { starter: true }));
    closeAll();
    const ws = await openWorkspaceSafely(dir, { clock: () => new Date('2026-11-27T08:00:00.000Z'), onInternalError: () => {} });
    open.push(ws);
    // Open has resolved and nothing else has run since: the backup, whose end the worker reports, is still pending.
    let backedUp = false;
    void ws.settled.then(() => (backedUp = true));
    await Promise.resolve();
    expect(backedUp).toBe(false);
    // The workspace answers meanwhile.
    const api = inProcessClient(ws);
    expect(value(await api.call('principles.list')).length).toBe(8);
    await ws.settled;
    expect(backedUp).toBe(true);
    const daily = listBackups(join(dir, DATABASE_FILE_NAME)).filter((b) => b.kind === 'daily');
    expect(daily.map((b) => b.takenAt.slice(0, 10))).toEqual(['2026-11-27', '2026-11-26']);
    openBackup(join(backupsDir(join(dir, DATABASE_FILE_NAME)), daily[0]?.name ?? '')).close();
  });

  /** A workspace started yesterday, opened again today as the hosts open it: the start's work held by `startupGate`. */
  const reopenHeld = async (startupGate: StartupGateTiming) => {
    const first = await start();
    value(await first.api.call('workspace.start', { starter: true }));
    closeAll();
    const ws = await openWorkspaceSafely(dir, { clock: () => new Date('2026-11-27T08:00:00.000Z'), onInternalError: () => {}, startupGate });
    open.push(ws);
    const todays = () => listBackups(join(dir, DATABASE_FILE_NAME)).filter((b) => b.takenAt.startsWith('2026-11-27'));
    return { ws, todays };
  };

  it('holds the day\'s backup, when the host asks, until a while after the first call: the first screen goes first', async () => {
    const gate = { afterFirstCallMs: 150, atLatestMs: 60_000 };
    const { ws, todays } = await reopenHeld(gate);
    let backedUp = false;
    void ws.settled.then(() => (backedUp = true));
    // Nobody has called: long past the time a backup of this small file takes, none has started.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(backedUp).toBe(false);
    expect(todays()).toEqual([]);
    // The first screen's read, then the grace: the backup follows.
    expect(value(await inProcessClient(ws).call('principles.list')).length).toBe(8);
    const calledAt = Date.now();
    await ws.settled;
    expect(Date.now() - calledAt).toBeGreaterThanOrEqual(gate.afterFirstCallMs - 20);
    expect(todays().map((b) => b.kind)).toEqual(['daily']);
  });

  it('takes the held day\'s backup at once, then the one asked for, when a backup is made by hand meanwhile', async () => {
    const { ws, todays } = await reopenHeld({ afterFirstCallMs: 60_000, atLatestMs: 60_000 });
    // Long before either timer: the hand-made backup does not wait for them, and follows the day's.
    const made = value(await inProcessClient(ws).call('backups.create'));
    await ws.settled;
    expect(todays().map((b) => b.kind).sort()).toEqual(['daily', 'manual']);
    expect(made.kind).toBe('manual');
  });

  it('never starts the held work of a workspace closed before its first call', async () => {
    const { ws, todays } = await reopenHeld({ afterFirstCallMs: 10, atLatestMs: 100 });
    ws.close();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(todays()).toEqual([]);
  });

  it('refuses to restore a file that is not a good workspace, and changes nothing', async () => {
    const { api } = await start();
    value(await api.call('workspace.start', { starter: true }));
    const garbage = failure(await api.call('backups.restore', { fileName: 'notes.sqlite', base64: Buffer.from('not a database at all').toString('base64') }));
    expect(garbage.code).toBe('VALIDATION');
    // The uploaded file goes at once, refused or restored: it is only ever a way in.
    expect(readdirSync(join(dir, 'backups')).filter((n) => n.startsWith('upload-'))).toEqual([]);
    expect(value(await api.call('principles.list')).length).toBe(8);
    expect(failure(await api.call('backups.restore', { name: '../../etc/passwd' })).code).toBe('VALIDATION');
    const admin = value(await api.call('team.create', { name: 'Ann Admin', capabilities: ['admin'] }));
    value(await api.call('settings.setMe', { memberId: admin.id }));
    expect(failure(await api.call('backups.download', { name: 'principled-manual-2000-01-01T00-00-00-000Z.sqlite' })).code).toBe('NOT_FOUND');
  });

  it('moves a damaged file aside, starts in recovery, and recovers from the latest good backup', async () => {
    const first = await start();
    value(await first.api.call('workspace.start', { starter: true }));
    // The automatic backup was taken at start, before the principles existed; this one has them.
    value(await first.api.call('backups.create'));
    closeAll();
    const file = join(dir, DATABASE_FILE_NAME);
    const damagedBytes = Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(8192, 0x5a)]);
    rmSync(`${file}-wal`, { force: true });
    rmSync(`${file}-shm`, { force: true });
    writeFileSync(file, damagedBytes);

    const { api } = await start('2026-11-27T08:00:00.000Z');
    const status = value(await api.call('recovery.status'));
    if (status.state !== 'recovery') throw new Error(`expected recovery, got ${status.state}`);
    expect(status.damagedFile && readFileSync(status.damagedFile).equals(damagedBytes)).toBe(true);
    expect(status.backups.length).toBeGreaterThan(0);
    expect(failure(await api.call('principles.list')).code).toBe('FORBIDDEN');

    const latest = status.backups.find((b) => b.kind === 'manual')?.name ?? '';
    expect(value(await api.call('recovery.restore', { name: latest })).state).toBe('ok');
    expect(value(await api.call('principles.list')).length).toBe(8);
  });

  it('can start fresh after a damaged file, keeping the damaged one', async () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, DATABASE_FILE_NAME), 'this is not sqlite');
    const { api } = await start();
    const status = value(await api.call('recovery.status'));
    expect(status.state).toBe('recovery');
    expect(value(await api.call('recovery.startFresh')).state).toBe('ok');
    expect(value(await api.call('workspace.get')).started).toBe(false);
    if (status.state === 'recovery') expect(readFileSync(status.damagedFile ?? '', 'utf8')).toBe('this is not sqlite');
  });

  it('lets only a founder or admin (as the newest backup knows them) start fresh after a damaged file', async () => {
    const first = await start();
    value(await first.api.call('workspace.start', { starter: true }));
    value(await first.api.call('team.create', { name: 'Fay Founder' }));
    const eve = value(await first.api.call('team.create', { name: 'Eve Interviewer', capabilities: ['interviewer'] }));
    value(await first.api.call('settings.setMe', { memberId: eve.id }));
    value(await first.api.call('backups.create'));
    closeAll();
    writeFileSync(join(dir, DATABASE_FILE_NAME), 'damaged beyond reading');
    rmSync(join(dir, `${DATABASE_FILE_NAME}-wal`), { force: true });
    rmSync(join(dir, `${DATABASE_FILE_NAME}-shm`), { force: true });

    const { api } = await start('2026-11-27T08:00:00.000Z');
    const refused = failure(await api.call('recovery.startFresh'));
    expect([refused.code, refused.message]).toEqual([
      'FORBIDDEN',
      expect.stringMatching(/^Only founders, admins .* may do this\. \(Checked against the newest backup, principled-manual-/),
    ]);
    expect(value(await api.call('recovery.status')).state).toBe('recovery');
    // Restoring brings back the data as it was, which anyone may do; there Fay can take over.
    const status = value(await api.call('recovery.status'));
    if (status.state !== 'recovery') throw new Error('expected recovery');
    value(await api.call('recovery.restore', { name: status.backups.find((b) => b.kind === 'manual')?.name ?? '' }));
    expect(value(await api.call('team.list')).map((m) => m.name)).toEqual(['Eve Interviewer', 'Fay Founder']);
  });

  it('leaves a database from a newer version untouched', async () => {
    const file = join(dir, DATABASE_FILE_NAME);
    const db = new Database(file);
    db.pragma('user_version = 9999');
    db.close();
    const before = readFileSync(file);
    const { api } = await start();
    const status = value(await api.call('recovery.status'));
    expect(status.state).toBe('newer');
    if (status.state === 'newer') expect(status.reason).toMatch(/newer version of Principled/);
    expect(failure(await api.call('workspace.get')).code).toBe('FORBIDDEN');
    closeAll();
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('takes a backup before migrating an older workspace', async () => {
    const file = join(dir, DATABASE_FILE_NAME);
    const db = new Database(file);
    migrate(db, MIGRATIONS.filter((m) => m.version <= 10));
    db.prepare(`INSERT INTO principles (id, name, summary, position, created_at, updated_at) VALUES ('p1', 'Old', 's', 0, 'now', 'now')`).run();
    db.close();
    const { api } = await start();
    const backups = value(await api.call('backups.list')).items;
    const pre = backups.find((b) => b.kind === 'pre-migration');
    expect(pre?.name).toMatch(/-v10\.sqlite\.zst$/);
    const copy = openBackup(join(backupsDir(file), pre?.name ?? ''));
    expect(copy.pragma('user_version', { simple: true })).toBe(10);
    copy.close();
  });

  it('refuses a second writer on the same folder', async () => {
    await start();
    await expect(openWorkspaceSafely(dir)).rejects.toBeInstanceOf(WorkspaceLockedError);
    closeAll();
    const again = await start();
    expect(value(await again.api.call('recovery.status')).state).toBe('ok');
  });
});
