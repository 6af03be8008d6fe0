import Database from 'better-sqlite3-multiple-ciphers';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ERASED_CANDIDATE_NAME } from '../../core/api/contract/privacy';
import { inProcessClient, openWorkspace, type Workspace } from '../../core/server/workspace';
import { readWorkspaceKey } from '../../core/server/workspaceKey';
import { readBackupHeader, writeEncryptedBackup } from '../../db/backupCipher';
import { backupBytes } from '../../db/backupCompression';
import { backupsDir, checkBackupFile, listBackups, pruneBackups } from '../../db/backups';
import { openKeyed } from '../../db/cipher';
import { memoryDatabase, writeKeyedFile } from '../../db/memoryDatabase';
import { LATEST_SCHEMA_VERSION } from '../../db/migrations';
import { DATABASE_FILE_NAME } from '../../db/open';
import { interviewingLoop, value } from '../support/company';

const WORD = 'qqzorbflux';
const SENTENCE = `I rewrote the ${WORD} pipeline myself`;
const SECRETS = ['Grace Hopper', 'grace@example.com', WORD];
const LOW_COST = { logN: 14, r: 8, p: 1 };

const dirs: string[] = [];
const open: Workspace[] = [];
afterEach(() => {
  for (const w of open.splice(0)) w.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'principled-encbackup-'));
  dirs.push(dir);
  return dir;
};

/** A workspace with a candidate ("Grace Hopper") and submitted evidence naming WORD, and one backup of it. */
async function filled(dir: string, key: Buffer | null) {
  const workspace = openWorkspace(dir, { key, onInternalError: () => {}, sealCost: LOW_COST });
  open.push(workspace);
  const api = inProcessClient(workspace);
  const s = await interviewingLoop(api);
  value(await api.call('candidates.update', { id: s.candidate.id, revision: s.candidate.revision, name: 'Grace Hopper', email: 'grace@example.com' }));
  await s.as(s.ceo.id);
  const feedback = s.complete(s.slotOf(s.ceo.id), 'inclined', 3);
  feedback.ratings = feedback.ratings.map((r) => ({ ...r, evidence: { ...r.evidence, action: SENTENCE } }));
  value(await api.call('feedback.submit', feedback));
  value(await api.call('backups.create', {}));
  return { workspace, api, s };
}

/** A manual backup's name as the previous version wrote it for an encrypted workspace, a minute ago (so retention keeps it). */
const oldFormatName = () => `principled-manual-${new Date(Date.now() - 60_000).toISOString().replace(/[:.]/g, '-')}.sqlite`;

/** The database's content of a backup, in a memory database (never a file). */
function rowsOf(path: string, key: Buffer, sql: string): unknown[] {
  const db = memoryDatabase(backupBytes(path, key));
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}

/**
 * Runs `work` while watching `folders`: every file that appears or changes is read at once (and every file is
 * read again each millisecond), and any secret found in its raw bytes is reported. A plain copy that lives for
 * a moment — written, then encrypted or removed — is caught while it is there.
 */
async function watching<T>(folders: string[], work: () => Promise<T>): Promise<{ result: T; created: string[]; leaks: string[] }> {
  const filesIn = (folder: string) => readdirSync(folder, { withFileTypes: true }).filter((e) => !e.isDirectory()).map((e) => join(folder, e.name));
  const before = new Map(folders.flatMap((f) => filesIn(f).map((path) => [path, readFileSync(path)] as const)));
  const seen = new Set<string>();
  const leaks = new Set<string>();
  const look = (path: string) => {
    // A folder's own events (the backups folder seen from the workspace's) are no file made.
    try {
      if (statSync(path).isDirectory()) return;
    } catch {
      // Gone already: still named below.
    }
    // Named even when gone before it could be read (a rename's old name).
    seen.add(path);
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch {
      // Gone already, or a folder.
      return;
    }
    // A file from before (the plain backups of a workspace encrypted since) counts once it changes.
    if (before.get(path)?.equals(bytes)) return;
    for (const secret of SECRETS) if (bytes.includes(secret)) leaks.add(`${path.split('/').pop()}: ${secret}`);
  };
  // An event about a watched folder itself carries the folder's own name (e.g. backups/"backups"): no file in it.
  const watchers = folders.map((folder) => watch(folder, (_event, name) => name && name !== basename(folder) && look(join(folder, name))));
  const timer = setInterval(() => {
    for (const folder of folders) for (const path of filesIn(folder)) look(path);
  }, 1);
  try {
    const result = await work();
    for (const folder of folders) for (const path of filesIn(folder)) look(path);
    return { result, created: [...seen].filter((p) => !before.has(p)).map((p) => p.split('/').pop()!), leaks: [...leaks] };
  } finally {
    clearInterval(timer);
    for (const w of watchers) w.close();
  }
}

describe('backups of an encrypted workspace', () => {
  it('are compressed, then sealed: .sqlite.zst.enc with a clear header, under a third of the database, and no plain file while one is made', async () => {
    const dir = tempDir();
    const key = randomBytes(32);
    const { api } = await filled(dir, key);
    const backups = backupsDir(join(dir, DATABASE_FILE_NAME));
    const { result: made, created, leaks } = await watching([dir, backups], async () => value(await api.call('backups.create', {})));
    expect(leaks).toEqual([]);
    expect(made.name).toMatch(/^principled-manual-.*\.sqlite\.zst\.enc$/);
    // What the watcher saw appear: the backup, and at most its temporary name (often gone before it is seen).
    expect(created.filter((n) => n !== made.name && n !== `${made.name}.part`), created.join()).toEqual([]);
    expect(created).toContain(made.name);
    const path = join(backups, made.name);
    const firstLine = readFileSync(path).subarray(0, 400).toString('latin1').split('\n')[0]!;
    expect(JSON.parse(firstLine)).toMatchObject({ format: 'principled-backup', version: 1, compression: 'zstd', cipher: 'aes-256-gcm', kdf: 'hkdf-sha256' });
    expect(readBackupHeader(path)).toMatchObject({ format: 'principled-backup', version: 1 });
    const database = backupBytes(path, key);
    expect(made.size).toBeLessThan(database.length / 3);
    expect(checkBackupFile(path, key)).toEqual({ ok: true, schemaVersion: LATEST_SCHEMA_VERSION });
    expect(rowsOf(path, key, `SELECT name FROM candidates WHERE name = 'Grace Hopper'`)).toHaveLength(1);
    // A download is the database itself, under the database's name.
    const saved = value(await api.call('backups.download', { name: made.name, earlyAccessReason: 'test of the download' }));
    expect(saved.fileName).toBe(made.name.replace(/\.zst\.enc$/, ''));
    expect(Buffer.from(saved.base64, 'base64').subarray(0, 15).toString()).toBe('SQLite format 3');
  });

  it('restores every kind of backup (sealed, VACUUM INTO under the key, plain zstd from before encryption) without a plain file on disk', async () => {
    const dir = tempDir();
    const { workspace, api, s } = await filled(dir, null);
    const file = join(dir, DATABASE_FILE_NAME);
    const backups = backupsDir(file);
    const [plainZstd] = value(await api.call('backups.list', {})).items;
    expect(plainZstd!.name).toMatch(/\.sqlite\.zst$/);
    const plainBytes = readFileSync(join(backups, plainZstd!.name));
    await workspace.encrypt({ passphrase: 'correct horse' });
    // Encrypting sealed it (encryptedAtRestBackups.test.ts); one copied back in by hand still restores.
    expect(readdirSync(backups)).not.toContain(plainZstd!.name);
    writeFileSync(join(backups, plainZstd!.name), plainBytes);
    await s.as(s.ceo.id);
    // As the previous version backed an encrypted workspace up: VACUUM INTO under the key, kept as .sqlite.
    const vacuumed = oldFormatName();
    const keyed = openKeyed(file, await readWorkspaceKey(dir, { passphrase: 'correct horse' }), { readonly: true });
    keyed.prepare('VACUUM INTO ?').run(join(backups, vacuumed));
    keyed.close();
    const sealed = value(await api.call('backups.create', {})).name;

    for (const name of [plainZstd!.name, vacuumed, sealed]) {
      value(await api.call('candidates.create', { name: 'Ada Lovelace', email: `ada.${name.length}.${Math.random()}@example.com` }));
      const { leaks, created } = await watching([dir, backups], () => api.call('backups.restore', { name }).then(value));
      expect(leaks, name).toEqual([]);
      // The watcher saw the restore's working copy.
      expect(created.some((n) => n.startsWith('principled-restore-')), name).toBe(true);
      const list = value(await api.call('candidates.list', { limit: 10, offset: 0 }));
      expect(list.items.map((c) => c.name), name).toEqual(['Grace Hopper']);
      // The full-text index came across with the rows it points at, and the result passes integrity_check.
      expect(value(await api.call('evidence.search', { query: WORD })).total, name).toBe(1);
      expect(value(await api.call('candidates.list', { limit: 10, offset: 0, search: 'Hopper' })).total, name).toBe(1);
    }
    // Each restore kept the workspace it replaced, sealed like any backup.
    expect(readdirSync(backups).filter((n) => n.startsWith('principled-before-restore-') && n.endsWith('.sqlite.zst.enc'))).toHaveLength(3);
  });

  it('an erasure scrubs sealed and VACUUM INTO backups in memory and seals them again; no plain file meanwhile', async () => {
    const dir = tempDir();
    const key = randomBytes(32);
    const { api, s } = await filled(dir, key);
    const file = join(dir, DATABASE_FILE_NAME);
    const backups = backupsDir(file);
    const vacuumed = oldFormatName();
    const keyed = openKeyed(file, key, { readonly: true });
    keyed.prepare('VACUUM INTO ?').run(join(backups, vacuumed));
    keyed.close();
    value(await api.call('candidates.create', { name: 'Alan Turing', email: 'alan@example.com' }));
    value(await api.call('backups.create', {}));
    const plan = value(await api.call('privacy.erasurePlan', { candidateId: s.candidate.id }));
    expect(plan.copies.map((c) => c.action)).toEqual(['scrub', 'scrub', 'scrub']);

    const { result: erased, leaks } = await watching([dir, backups], () => api.call('privacy.eraseCandidate', { id: s.candidate.id, confirmName: 'Grace Hopper' }).then(value));
    expect(leaks).toEqual([]);
    expect(erased.copies.map((c) => c.action)).toEqual(['scrub', 'scrub', 'scrub']);
    const left = listBackups(file).map((b) => b.name);
    // The VACUUM INTO copy comes back sealed, under its name plus .zst.enc.
    expect(left).toHaveLength(3);
    expect(left.every((n) => n.endsWith('.sqlite.zst.enc'))).toBe(true);
    for (const name of left) {
      const path = join(backups, name);
      expect(checkBackupFile(path, key), name).toEqual({ ok: true, schemaVersion: LATEST_SCHEMA_VERSION });
      expect(rowsOf(path, key, `SELECT name FROM candidates WHERE id = '${s.candidate.id}'`), name).toEqual([{ name: ERASED_CANDIDATE_NAME }]);
      expect(rowsOf(path, key, 'SELECT id FROM erased_candidates'), name).toEqual([{ id: s.candidate.id }]);
      // VACUUMed: not even a free page of the plain database keeps the candidate.
      const plain = backupBytes(path, key);
      expect(SECRETS.filter((secret) => plain.includes(secret)), name).toEqual([]);
    }
    // The one taken after Alan was added still holds him.
    expect(left.filter((n) => rowsOf(join(backups, n), key, `SELECT 1 FROM candidates WHERE name = 'Alan Turing'`).length)).toHaveLength(1);
  });
});

describe('the sealed backup format', () => {
  /** A sealed backup of a database big enough for several chunks (random bytes do not compress). */
  async function sealedBackup(dir: string, key: Buffer) {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE blobs(b BLOB); PRAGMA user_version = 7');
    db.prepare('INSERT INTO blobs VALUES (?)').run(randomBytes(3_500_000));
    const path = join(dir, 'principled-manual-2026-01-01T00-00-00-000Z.sqlite.zst.enc');
    await writeEncryptedBackup(db.serialize(), path, key);
    db.close();
    return path;
  }

  it('is checked whole: a changed byte, a changed header, a missing last chunk or another key are refused', async () => {
    const dir = tempDir();
    const key = randomBytes(32);
    const path = await sealedBackup(dir, key);
    expect(checkBackupFile(path, key)).toEqual({ ok: true, schemaVersion: 7 });
    const good = readFileSync(path);
    const headerEnd = good.indexOf(0x0a) + 1;
    const chunk = (1 << 20) + 16;
    expect(good.length).toBeGreaterThan(headerEnd + 3 * chunk);

    const variants: [string, (copy: string) => void][] = [
      ['a changed byte', (copy) => writeFileSync(copy, Buffer.concat([good.subarray(0, headerEnd + 500), Buffer.from([good[headerEnd + 500]! ^ 1]), good.subarray(headerEnd + 501)]))],
      ['a changed header', (copy) => writeFileSync(copy, Buffer.from(good.toString('latin1').replace('"chunkBytes":', '"chunkBytes": '), 'latin1'))],
      ['cut after whole chunks', (copy) => (copyFileSync(path, copy), truncateSync(copy, headerEnd + 2 * chunk))],
      ['cut short', (copy) => (copyFileSync(path, copy), truncateSync(copy, good.length - 10))],
      ['another key', (copy) => copyFileSync(path, copy)],
    ];
    for (const [what, make] of variants) {
      const copy = join(dir, `copy.sqlite.zst.enc`);
      make(copy);
      const check = checkBackupFile(copy, what === 'another key' ? randomBytes(32) : key);
      expect(check.ok, what).toBe(false);
      rmSync(copy);
    }
    expect(statSync(path).size).toBe(good.length);
  });

  it('is listed, kept and pruned by the same retention as compressed backups', () => {
    // A day apart for 60 days: more dailies and manual backups than retention keeps.
    const stamps = Array.from({ length: 60 }, (_, i) => new Date(Date.UTC(2026, 0, 1 + i, 9)).toISOString().replace(/[:.]/g, '-'));
    const kept = (suffix: string) => {
      const dir = tempDir();
      const file = join(dir, DATABASE_FILE_NAME);
      const folder = backupsDir(file);
      rmSync(folder, { recursive: true, force: true });
      mkdirSync(folder);
      for (const s of stamps) for (const kind of ['daily', 'manual']) writeFileSync(join(folder, `principled-${kind}-${s}.sqlite${suffix}`), 'x');
      expect(listBackups(file)).toHaveLength(stamps.length * 2);
      pruneBackups(file, '2026-03-01T10:00:00.000Z');
      return readdirSync(folder).map((n) => n.slice(0, -suffix.length)).sort();
    };
    const sealed = kept('.zst.enc');
    expect(sealed.length).toBeLessThan(stamps.length * 2);
    expect(sealed).toEqual(kept('.zst'));
  });
});

describe('writeKeyedFile', () => {
  /** Every object's SQL and every table's rows (FTS5's own tables, sequences and statistics included), in order. */
  function contents(db: Database.Database): string {
    const schema = db.prepare(`SELECT type, name, sql FROM sqlite_schema ORDER BY type, name`).all() as { type: string; name: string }[];
    const sqlOf = (name: string) => (db.prepare(`SELECT sql FROM sqlite_schema WHERE name = ?`).get(name) as { sql: string }).sql;
    const tables = schema.filter((o) => o.type === 'table' && !sqlOf(o.name).startsWith('CREATE VIRTUAL'));
    // Each row with its rowid (where it has one), in a stable order.
    const rows = tables.map((t) => [t.name, (db.prepare(`SELECT ${/WITHOUT ROWID/i.test(sqlOf(t.name)) ? '' : 'rowid AS _rowid, '}* FROM "${t.name}"`).all() as unknown[]).map((r) => JSON.stringify(r, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v))).sort()]);
    return JSON.stringify({ schema, rows, version: db.pragma('user_version', { simple: true }), pageSize: db.pragma('page_size', { simple: true }) });
  }

  it('writes a keyed file equal to the memory database: schema, rows with their rowids, full-text tables, sequences and statistics', async () => {
    const dir = tempDir();
    const { workspace } = await filled(dir, null);
    workspace.close();
    open.length = 0;
    const source = new Database(join(dir, DATABASE_FILE_NAME));
    source.exec('ANALYZE');
    const memory = memoryDatabase(source.serialize());
    source.close();
    expect((memory.prepare(`SELECT count(*) AS n FROM sqlite_schema WHERE name IN ('sqlite_stat1', 'sqlite_sequence')`).get() as { n: number }).n).toBeGreaterThan(0);
    const key = randomBytes(32);
    const target = join(dir, 'copy.sqlite');
    writeKeyedFile(memory, target, key);
    const written = openKeyed(target, key, { readonly: true });
    try {
      expect(contents(written)).toBe(contents(memory));
      expect(written.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(written.prepare(`SELECT count(*) AS n FROM evidence_fts WHERE evidence_fts MATCH ?`).get(WORD)).toEqual({ n: 1 });
    } finally {
      written.close();
      memory.close();
    }
    const raw = readFileSync(target);
    expect(SECRETS.filter((secret) => raw.includes(secret))).toEqual([]);
  });
});

