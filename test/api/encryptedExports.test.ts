import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE_NAME } from '../../db/open';
import { interviewingLoop, failure, value } from '../support/company';
import { snapshot, tempWorkspace, type TestWorkspace } from '../support/workspace';

const PASSPHRASE = 'correct horse battery staple';
/** What must never be readable in a sealed copy (the company's candidate, and evidence its feedback quotes). */
const NEEDLES = ['Grace Hopper', 'Grace', 'grace@example.com', 'Night pages fell from nine a week to one'];

function holds(bytes: Buffer, needles: readonly string[]): string[] {
  return needles.filter((n) => [n, n.toLowerCase()].some((form) => bytes.includes(Buffer.from(form, 'utf8')) || bytes.includes(Buffer.from(form, 'utf16le'))));
}

describe('exports and backups sealed with a passphrase', () => {
  let source: TestWorkspace;
  let target: TestWorkspace;
  beforeEach(() => {
    source = tempWorkspace();
    target = tempWorkspace();
  });
  afterEach(() => {
    source.close();
    target.close();
  });

  async function withSubmittedFeedback() {
    const s = await interviewingLoop(source.client);
    await s.as(s.eng.id);
    value(await source.client.call('feedback.submit', s.complete(s.slotOf(s.eng.id), 'inclined', 3)));
    // An admin on no loop owes no feedback, so a copy needs no early-access reason.
    await s.as(s.admin.id);
    return s;
  }

  it('a whole-workspace export: sealed, it holds no plain text; it imports only with its passphrase, and nothing is written before', async () => {
    await withSubmittedFeedback();
    const plain = value(await source.client.call('transfer.exportWorkspace', {}));
    expect(holds(Buffer.from(plain.json), NEEDLES)).toEqual(NEEDLES);
    const sealed = value(await source.client.call('transfer.exportWorkspace', { passphrase: PASSPHRASE }));
    expect(sealed.fileName).toMatch(/^principled-workspace-\d{4}-\d{2}-\d{2}-encrypted\.json$/);
    expect(JSON.parse(sealed.json)).toMatchObject({ format: 'principled-encrypted', version: 1 });
    const raw = Buffer.from(sealed.json);
    expect(holds(raw, NEEDLES)).toEqual([]);
    expect(holds(Buffer.from((JSON.parse(sealed.json) as { sealed: string }).sealed, 'base64'), NEEDLES)).toEqual([]);
    expect(value(await source.client.call('activity.list', { limit: 1 }))[0]?.summary).toBe('Adm exported the whole workspace, encrypted with a passphrase');

    const before = snapshot(join(target.dir, DATABASE_FILE_NAME));
    const missing = failure(await target.client.call('transfer.importWorkspace', { json: sealed.json }));
    expect(missing).toMatchObject({ code: 'VALIDATION', issues: [{ path: 'passphrase' }] });
    const wrong = failure(await target.client.call('transfer.importWorkspace', { json: sealed.json, passphrase: 'correct horse battery stable' }));
    expect(wrong).toMatchObject({ code: 'VALIDATION', issues: [{ path: 'passphrase', message: expect.stringContaining('does not open') }] });
    // One character of the sealed bytes changed: refused the same way, never half-read.
    const envelope = JSON.parse(sealed.json) as { sealed: string };
    const bytes = Buffer.from(envelope.sealed, 'base64');
    bytes[bytes.length - 40]! ^= 0x01;
    const flipped = JSON.stringify({ ...envelope, sealed: bytes.toString('base64') });
    expect(failure(await target.client.call('transfer.importWorkspace', { json: flipped, passphrase: PASSPHRASE })).issues?.[0]?.path).toBe('passphrase');
    expect(snapshot(join(target.dir, DATABASE_FILE_NAME))).toBe(before);

    const result = value(await target.client.call('transfer.importWorkspace', { json: sealed.json, passphrase: PASSPHRASE }));
    expect(result.tables.feedback).toBeGreaterThan(0);
    const candidates = value(await target.client.call('candidates.list', { search: 'Hopper' })).items;
    expect(candidates.map((c) => c.name)).toEqual(['Grace Hopper']);
  });

  it('a backup saved elsewhere: sealed, it holds no plain text; it restores only with its passphrase', async () => {
    const s = await withSubmittedFeedback();
    const backup = value(await source.client.call('backups.create'));
    const copy = value(await source.client.call('backups.download', { name: backup.name, passphrase: PASSPHRASE }));
    expect(copy.fileName).toBe(`${backup.name.replace(/\.zst$/, '')}.sealed`);
    const raw = Buffer.from(copy.base64, 'base64');
    expect(raw.subarray(0, 4).toString('ascii')).toBe('PRLX');
    expect(holds(raw, NEEDLES)).toEqual([]);
    // The plain copy does hold them: the check above would have found them.
    const plainCopy = value(await source.client.call('backups.download', { name: backup.name }));
    expect(holds(Buffer.from(plainCopy.base64, 'base64'), ['Grace Hopper'])).toEqual(['Grace Hopper']);

    value(await source.client.call('candidates.update', { id: s.candidate.id, revision: value(await source.client.call('candidates.get', { id: s.candidate.id })).revision, notes: 'after the backup' }));
    const file = join(source.dir, DATABASE_FILE_NAME);
    const before = snapshot(file);
    const backupsBefore = readdirSync(join(source.dir, 'backups')).sort();
    const missing = failure(await source.client.call('backups.restore', { fileName: copy.fileName, base64: copy.base64 }));
    expect(missing).toMatchObject({ code: 'VALIDATION', issues: [{ path: 'passphrase' }] });
    const wrong = failure(await source.client.call('backups.restore', { fileName: copy.fileName, base64: copy.base64, passphrase: 'not the one' }));
    expect(wrong).toMatchObject({ code: 'VALIDATION', issues: [{ path: 'passphrase' }] });
    expect(snapshot(file)).toBe(before);
    expect(readdirSync(join(source.dir, 'backups')).sort()).toEqual(backupsBefore);

    value(await source.client.call('backups.restore', { fileName: copy.fileName, base64: copy.base64, passphrase: PASSPHRASE }));
    await s.as(s.admin.id);
    expect(value(await source.client.call('candidates.get', { id: s.candidate.id })).notes).toBe('');
  });
});
