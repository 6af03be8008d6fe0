import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KeyRequiredError, openKeyed, WrongKeyError, type DatabaseKey } from '../../db/cipher';
import { DATABASE_FILE_NAME } from '../../db/open';
import { inProcessClient, openWorkspace, openWorkspaceSafely, type Workspace } from '../../core/server/workspace';
import { createWorkspaceKey, readWorkspaceKey, workspaceKeyPath, WrongPassphraseError } from '../../core/server/workspaceKey';
import { interviewingLoop, value } from '../support/company';

// A made-up word the index keeps whole (see evidenceSearch.test.ts), in a sentence of evidence.
const WORD = 'qqzorbflux';
const SENTENCE = `I rewrote the ${WORD} pipeline myself`;
const CANDIDATE = ['Grace Hopper', 'grace@example.com'];
const LOW_COST = { logN: 14, r: 8, p: 1 };

const dirs: string[] = [];
const open: Workspace[] = [];
afterEach(() => {
  for (const w of open.splice(0)) w.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'principled-atrest-'));
  dirs.push(dir);
  return dir;
};

/** A workspace with a candidate and submitted evidence, and one backup of it. */
async function filled(dir: string, key: Buffer | null) {
  const workspace = openWorkspace(dir, { key, onInternalError: () => {} });
  open.push(workspace);
  const api = inProcessClient(workspace);
  const s = await interviewingLoop(api);
  await s.as(s.ceo.id);
  const feedback = s.complete(s.slotOf(s.ceo.id), 'inclined', 3);
  feedback.ratings = feedback.ratings.map((r) => ({ ...r, evidence: { ...r.evidence, action: SENTENCE } }));
  value(await api.call('feedback.submit', feedback));
  value(await api.call('backups.create', {}));
  return { workspace, api, s };
}

/** Every file the workspace wrote (database, WAL, SHM, backups) that holds any of the secrets in its raw bytes. */
function leaks(dir: string): string[] {
  const file = join(dir, DATABASE_FILE_NAME);
  const files = [file, `${file}-wal`, `${file}-shm`, ...readdirSync(join(dir, 'backups')).map((n) => join(dir, 'backups', n))].filter((f) => existsSync(f));
  expect(files.some((f) => f.includes('backups'))).toBe(true);
  return files.flatMap((f) => {
    const bytes = readFileSync(f);
    return [...CANDIDATE, WORD].filter((secret) => bytes.includes(secret)).map((secret) => `${f}: ${secret}`);
  });
}

/** Every row of every table but the log (which gains the migration's own row), through a keyed connection. */
function rows(dir: string, key: DatabaseKey): { tables: string; logRows: number } {
  const db = openKeyed(join(dir, DATABASE_FILE_NAME), key, { readonly: true });
  try {
    const names = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%' ORDER BY name`).all() as { name: string }[])
      .map((t) => t.name)
      .filter((name) => !name.startsWith('activity'));
    const tables = JSON.stringify(names.map((name) => [name, db.prepare(`SELECT * FROM "${name}" ORDER BY 1`).all()]));
    return { tables, logRows: (db.prepare('SELECT count(*) AS n FROM activity').get() as { n: number }).n };
  } finally {
    db.close();
  }
}

describe('the encrypted database at rest', () => {
  it('control: a plaintext workspace shows the candidate and the evidence in its raw bytes', async () => {
    const dir = tempDir();
    await filled(dir, null);
    expect(leaks(dir).length).toBeGreaterThan(0);
  });

  it('keeps the name, email and evidence out of the raw bytes of the database, WAL, SHM and backups; search still finds the evidence', async () => {
    const dir = tempDir();
    const { workspace, api, s } = await filled(dir, randomBytes(32));
    // Before a checkpoint (the pages are in the WAL) and after it (in the database file).
    expect(leaks(dir)).toEqual([]);
    await s.as(s.cto.id);
    const found = value(await api.call('evidence.search', { query: WORD }));
    expect(found.total).toBe(1);
    workspace.close();
    open.length = 0;
    expect(leaks(dir)).toEqual([]);
  });

  it('keeps SQLite\'s temporary data in memory on every connection (temp files are not encrypted)', async () => {
    const dir = tempDir();
    const key = randomBytes(32);
    const { workspace } = await filled(dir, key);
    workspace.close();
    open.length = 0;
    const db = openKeyed(join(dir, DATABASE_FILE_NAME), key);
    try {
      // 2: MEMORY. The default (a file in the temp folder) would take a VACUUM's or a large sort's plain rows there.
      expect(db.pragma('temp_store', { simple: true })).toBe(2);
    } finally {
      db.close();
    }
    // A plaintext workspace's connections too: it may be encrypted in place later, and its temp files with it.
    const plainDir = tempDir();
    const plain = await filled(plainDir, null);
    plain.workspace.close();
    open.length = 0;
    const plainDb = openKeyed(join(plainDir, DATABASE_FILE_NAME), null);
    try {
      expect(plainDb.pragma('temp_store', { simple: true })).toBe(2);
    } finally {
      plainDb.close();
    }
  });

  it('refuses a wrong key with WrongKeyError and writes nothing', async () => {
    const dir = tempDir();
    const key = randomBytes(32);
    const { workspace } = await filled(dir, key);
    workspace.close();
    open.length = 0;
    const file = join(dir, DATABASE_FILE_NAME);
    const before = readFileSync(file);
    expect(() => openWorkspace(dir, { key: randomBytes(32) })).toThrow(WrongKeyError);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(existsSync(`${file}-wal`) && readFileSync(`${file}-wal`).length > 0).toBe(false);
    // The right key still opens it, with everything in it.
    const again = openWorkspace(dir, { key });
    open.push(again);
    expect(value(await inProcessClient(again).call('candidates.list', { limit: 10, offset: 0 })).total).toBe(1);
  });

  it('keeps the key only sealed, 0600, and a wrong passphrase does not open it', async () => {
    const dir = tempDir();
    const key = await createWorkspaceKey(dir, { passphrase: 'correct horse' }, LOW_COST);
    const stored = readFileSync(workspaceKeyPath(dir));
    expect(stored.includes(key.toString('hex'))).toBe(false);
    expect(stored.includes(key.toString('base64'))).toBe(false);
    if (process.platform !== 'win32') expect((await import('node:fs')).statSync(workspaceKeyPath(dir)).mode & 0o777).toBe(0o600);
    await expect(readWorkspaceKey(dir, { passphrase: 'wrong horse' })).rejects.toBeInstanceOf(WrongPassphraseError);
    expect((await readWorkspaceKey(dir, { passphrase: 'correct horse' })).equals(key)).toBe(true);
  });

  it('encrypts a plaintext workspace in place: a backup first, every row kept, no plaintext database left; the key file opens it again', async () => {
    const dir = tempDir();
    const { workspace, api } = await filled(dir, null);
    const before = rows(dir, null);
    await workspace.encrypt({ passphrase: 'correct horse' });
    // Still answering, now on the encrypted file.
    expect(value(await api.call('candidates.list', { limit: 10, offset: 0 })).total).toBe(1);
    const backups = readdirSync(join(dir, 'backups'));
    expect(backups.some((n) => n.startsWith('principled-pre-migration-'))).toBe(true);
    workspace.close();
    open.length = 0;
    expect(readdirSync(dir).filter((n) => n.includes('encrypting'))).toEqual([]);
    const bytes = readFileSync(join(dir, DATABASE_FILE_NAME));
    for (const secret of [...CANDIDATE, WORD]) expect(bytes.includes(secret)).toBe(false);
    expect(() => rows(dir, null)).toThrow();
    const key = await readWorkspaceKey(dir, { passphrase: 'correct horse' }, );
    const after = rows(dir, key);
    expect(after.tables).toBe(before.tables);
    expect(after.logRows).toBe(before.logRows + 1);
    // A copy an encryption cut short left beside the file (plain rows) is removed at the next start.
    writeFileSync(join(dir, `${DATABASE_FILE_NAME}.encrypting`), 'plain rows of a cut-short encryption');
    writeFileSync(join(dir, `${DATABASE_FILE_NAME}.encrypting-journal`), 'its journal');
    // Opened the way the app starts, without its key: refused as such, never moved aside as a damaged file.
    const file = readFileSync(join(dir, DATABASE_FILE_NAME));
    await expect(openWorkspaceSafely(dir, { onInternalError: () => {} })).rejects.toThrow(KeyRequiredError);
    expect(readdirSync(dir).filter((n) => n.includes('damaged'))).toEqual([]);
    expect(readFileSync(join(dir, DATABASE_FILE_NAME)).equals(file)).toBe(true);
    const safely = await openWorkspaceSafely(dir, { key, onInternalError: () => {} });
    open.push(safely);
    // Its daily backup runs in the background: done before the folder is removed.
    await safely.settled;
    expect(readdirSync(dir).filter((n) => n.includes('encrypting'))).toEqual([]);
    expect(value(await inProcessClient(safely).call('candidates.list', { limit: 10, offset: 0 })).total).toBe(1);
  });

  it('restores an encrypted backup with the key, and the copy kept before the restore is encrypted too', async () => {
    const dir = tempDir();
    const { api } = await filled(dir, randomBytes(32));
    const [backup] = value(await api.call('backups.list', {})).items;
    value(await api.call('candidates.create', { name: 'Ada Lovelace', email: 'ada@example.com' }));
    expect(value(await api.call('candidates.list', { limit: 10, offset: 0 })).total).toBe(2);
    value(await api.call('backups.restore', { name: backup!.name }));
    expect(value(await api.call('candidates.list', { limit: 10, offset: 0 })).total).toBe(1);
    expect(leaks(dir)).toEqual([]);
    const kept = readdirSync(join(dir, 'backups')).filter((n) => n.startsWith('principled-before-restore-'));
    expect(kept).toHaveLength(1);
    expect(readFileSync(join(dir, 'backups', kept[0]!)).includes('Ada Lovelace')).toBe(false);
  });
});
