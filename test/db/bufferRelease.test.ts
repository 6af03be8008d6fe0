import Database from 'better-sqlite3-multiple-ciphers';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readEncryptedBackup, writeEncryptedBackup } from '../../db/backupCipher';
import { releaseBuffer } from '../../db/bufferRelease';
import { memoryDatabase } from '../../db/memoryDatabase';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A database of about a megabyte, as bytes. */
function databaseBytes(): Buffer {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)');
  const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
  for (let i = 0; i < 1000; i++) insert.run(`row ${i} ${'x'.repeat(1000)}`);
  const bytes = db.serialize();
  db.close();
  return bytes;
}

describe('plain database bytes are given back once used', () => {
  it('memoryDatabase consumes its buffer (emptied once SQLite has its copy) and the database reads', () => {
    const bytes = Buffer.from(databaseBytes());
    const db = memoryDatabase(bytes);
    expect(bytes.length).toBe(0);
    expect(db.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 1000 });
    db.close();
  });

  it('a sealed backup unpacks into one buffer of the database’s size, which memoryDatabase then releases', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'principled-release-'));
    dirs.push(dir);
    const key = randomBytes(32);
    const plain = databaseBytes();
    const size = plain.length;
    await writeEncryptedBackup(plain, join(dir, 'b.sqlite.zst.enc'), key);
    const read = readEncryptedBackup(join(dir, 'b.sqlite.zst.enc'), key);
    // Its own ArrayBuffer, exactly the database: no joined chunks, nothing else sharing it.
    expect(read.length).toBe(size);
    expect(read.byteOffset).toBe(0);
    expect(read.buffer.byteLength).toBe(size);
    const db = memoryDatabase(read);
    expect(read.length).toBe(0);
    expect(db.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 1000 });
    db.close();
  });

  it('leaves a small buffer (one of Node’s pool, shared with others) as it is', () => {
    const small = Buffer.from('a few bytes');
    releaseBuffer(small);
    expect(small.toString()).toBe('a few bytes');
  });
});
