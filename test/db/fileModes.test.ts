import Database from 'better-sqlite3-multiple-ciphers';
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE_NAME } from '../../db/open';
import { inProcessClient, openWorkspaceSafely, type Workspace } from '../../core/server/workspace';
import { value } from '../support/company';

/** Every folder and file under root with its permission bits, as `path mode` lines, for one readable diff. */
function modes(root: string): string[] {
  const lines: string[] = [`. ${(statSync(root).mode & 0o777).toString(8)}`];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      lines.push(`${relative(root, path)} ${(statSync(path).mode & 0o777).toString(8)}`);
      if (entry.isDirectory()) walk(path);
    }
  };
  walk(root);
  return lines.sort();
}

const loose = (lines: string[]) =>
  lines.filter((line) => {
    const [path = '', mode] = line.split(' ');
    return mode !== (path === '.' || path === 'backups' ? '700' : '600');
  });

// Windows has no POSIX modes: the profile folder's ACL guards the data there.
describe.skipIf(process.platform === 'win32')('files only the user can read', () => {
  let parent: string;
  let dataDir: string;
  let savedUmask: number;
  const open: Workspace[] = [];
  const start = async (day: string) => {
    const ws = await openWorkspaceSafely(dataDir, { clock: () => new Date(day), onInternalError: () => {} });
    await ws.settled;
    open.push(ws);
    return inProcessClient(ws);
  };
  const closeAll = () => {
    for (const ws of open.splice(0)) ws.close();
  };

  beforeEach(() => {
    // A umask that lets others read is the common default; the app must not depend on a stricter one.
    savedUmask = process.umask(0o022);
    parent = mkdtempSync(join(tmpdir(), 'principled-modes-'));
    dataDir = join(parent, 'data');
  });
  afterEach(() => {
    closeAll();
    process.umask(savedUmask);
    rmSync(parent, { recursive: true, force: true });
  });

  it('keeps the data folder 0700 and every file in it 0600: database, sidecars, lock, backups, uploads, damaged copies', async () => {
    const api = await start('2026-11-26T09:00:00.000Z');
    value(await api.call('workspace.start', { starter: false }));
    value(await api.call('principles.create', { name: 'Written before the backup', summary: 's' }));
    const manual = value(await api.call('backups.create'));
    value(await api.call('principles.create', { name: 'Written after it', summary: 's' }));
    value(await api.call('backups.restore', { name: manual.name }));
    const founder = value(await api.call('team.create', { name: 'Fay Founder', capabilities: ['founder'] }));
    value(await api.call('settings.setMe', { memberId: founder.id }));
    const copy = value(await api.call('backups.download', { name: manual.name }));
    value(await api.call('backups.restore', { fileName: 'saved.sqlite', base64: copy.base64 }));
    // A checkpoint from a second connection, as SQLite does on its own: the -wal and -shm stay in place.
    const other = new Database(join(dataDir, DATABASE_FILE_NAME));
    other.pragma('wal_checkpoint(PASSIVE)');
    other.close();

    const whileOpen = modes(dataDir);
    expect(whileOpen).toEqual(expect.arrayContaining([expect.stringMatching(/^principled\.sqlite-wal /), expect.stringMatching(/^principled\.lock /)]));
    // daily, manual and before-restore (both restores ran at the same fixed time, so under one name), compressed.
    expect(whileOpen.filter((l) => /^backups\/.*\.sqlite\.zst /.test(l)).length).toBeGreaterThanOrEqual(3);
    expect(loose(whileOpen)).toEqual([]);
    closeAll();

    // A damaged file is moved aside and the workspace opens in recovery, from where a backup is restored.
    writeFileSync(join(dataDir, DATABASE_FILE_NAME), 'not a database at all, but long enough to look like one'.repeat(20));
    chmodSync(join(dataDir, DATABASE_FILE_NAME), 0o644);
    const recovering = await start('2026-11-27T09:00:00.000Z');
    expect(value(await recovering.call('recovery.status')).state).toBe('recovery');
    value(await recovering.call('recovery.restore', { name: manual.name }));
    closeAll();

    const after = modes(dataDir);
    expect(after).toEqual(expect.arrayContaining([expect.stringMatching(/^principled\.sqlite\.damaged-/)]));
    expect(loose(after)).toEqual([]);
  });

  it('tightens a data folder, database and backups an older version left readable by others', async () => {
    await start('2026-11-26T09:00:00.000Z');
    closeAll();
    chmodSync(dataDir, 0o755);
    chmodSync(join(dataDir, 'backups'), 0o755);
    for (const name of readdirSync(join(dataDir, 'backups'))) chmodSync(join(dataDir, 'backups', name), 0o644);
    chmodSync(join(dataDir, DATABASE_FILE_NAME), 0o644);
    expect(loose(modes(dataDir))).not.toEqual([]);

    await start('2026-11-26T10:00:00.000Z');
    expect(loose(modes(dataDir))).toEqual([]);
  });
});
