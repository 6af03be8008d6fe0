import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeEncryptedBackup } from '../../db/backupCipher';
import { backupBytes } from '../../db/backupCompression';
import { openKeyed } from '../../db/cipher';
import { DATABASE_FILE_NAME } from '../../db/open';
import { inProcessClient, openWorkspace, openWorkspaceSafely, type Workspace } from '../../core/server/workspace';
import { readWorkspaceKey, writeWorkspaceKey } from '../../core/server/workspaceKey';
import { interviewingLoop, value } from '../support/company';

// issue 12 item 3: encrypting a plaintext workspace in place leaves no plaintext copy of it anywhere in its folder.
const WORD = 'qqzorbflux';
const SENTENCE = `I rewrote the ${WORD} pipeline myself`;
const SECRETS = ['Grace Hopper', 'grace@example.com', WORD];
const LOW_COST = { logN: 14, r: 8, p: 1 };
// Recent, so retention keeps it.
const STAMP = new Date(Date.now() - 60_000).toISOString().replace(/[:.]/g, '-');

const dirs: string[] = [];
const open: Workspace[] = [];
afterEach(() => {
  for (const w of open.splice(0)) w.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A plaintext workspace with a candidate, submitted evidence, a compressed backup and a plain one an older version took. */
async function plainWorkspace() {
  const dir = mkdtempSync(join(tmpdir(), 'principled-sealbackups-'));
  dirs.push(dir);
  const workspace = openWorkspace(dir, { onInternalError: () => {}, sealCost: LOW_COST });
  open.push(workspace);
  const api = inProcessClient(workspace);
  const s = await interviewingLoop(api);
  await s.as(s.ceo.id);
  const feedback = s.complete(s.slotOf(s.ceo.id), 'inclined', 3);
  feedback.ratings = feedback.ratings.map((r) => ({ ...r, evidence: { ...r.evidence, action: SENTENCE } }));
  value(await api.call('feedback.submit', feedback));
  value(await api.call('backups.create', {}));
  // An uncompressed pre-migration copy, as versions before compression wrote them.
  const db = openKeyed(join(dir, DATABASE_FILE_NAME), null, { readonly: true });
  await db.backup(join(dir, 'backups', `principled-pre-migration-${STAMP}-v70.sqlite`));
  db.close();
  return { dir, workspace, api };
}

/** Every file under the folder, recursively, that holds a secret in its raw bytes. */
function leaks(dir: string): string[] {
  const found: string[] = [];
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else for (const secret of SECRETS) if (readFileSync(path).includes(secret)) found.push(`${relative(dir, path)}: ${secret}`);
    }
  };
  walk(dir);
  return found;
}

const backupNames = (dir: string) => readdirSync(join(dir, 'backups')).sort();

describe('encrypting a plaintext workspace in place', () => {
  it('control: before encrypting, the backups hold the candidate in their raw bytes', async () => {
    const { dir } = await plainWorkspace();
    expect(leaks(dir).some((l) => l.startsWith('backups/'))).toBe(true);
  });

  it('seals the backup taken first and every older backup (before-restore copies too) under the new key: no file under the folder holds the candidate, and each still restores', async () => {
    const { dir, workspace, api } = await plainWorkspace();
    const [manual] = value(await api.call('backups.list', {})).items;
    // A restore keeps the data as it was in a before-restore backup.
    value(await api.call('backups.restore', { name: manual!.name }));
    expect(backupNames(dir).some((n) => n.startsWith('principled-before-restore-'))).toBe(true);
    await workspace.encrypt({ passphrase: 'correct horse' });

    expect(leaks(dir)).toEqual([]);
    const names = backupNames(dir);
    expect(names.filter((n) => n.startsWith('principled-pre-migration-') && n.endsWith('.sqlite.zst.enc'))).toHaveLength(2);
    expect(names.every((n) => n.endsWith('.sqlite.zst.enc'))).toBe(true);
    const key = await readWorkspaceKey(dir, { passphrase: 'correct horse' });
    for (const name of names) expect(backupBytes(join(dir, 'backups', name), key).includes('Grace Hopper')).toBe(true);
    // The older version's copy, now sealed, restores on the encrypted workspace.
    value(await api.call('backups.restore', { name: `principled-pre-migration-${STAMP}-v70.sqlite.zst.enc` }));
    expect(value(await api.call('candidates.list', { limit: 10, offset: 0 })).items.map((c) => c.name)).toEqual(['Grace Hopper']);
    expect(leaks(dir)).toEqual([]);
  });

  it('a crash between the steps is finished at the next start: plain backups sealed, a plain file beside its sealed copy removed, a cut-short .part and a restore upload removed', async () => {
    const { dir, workspace } = await plainWorkspace();
    workspace.close();
    open.length = 0;
    const backups = join(dir, 'backups');
    const [compressed] = backupNames(dir).filter((n) => n.startsWith('principled-manual-'));
    const plain = `principled-pre-migration-${STAMP}-v70.sqlite`;
    // Cut short after the key file was written: the workspace itself is still plain.
    const key = randomBytes(32);
    await writeWorkspaceKey(dir, key, { passphrase: 'correct horse' }, LOW_COST);
    // Cut short after the manual backup's sealed copy was renamed into place, before its plain file went.
    const sealedTwin = join(backups, `${compressed!}.enc`);
    await writeEncryptedBackup(backupBytes(join(backups, compressed!), key), sealedTwin, key);
    const twinBytes = readFileSync(sealedTwin);
    // Cut short while the old version's copy was being sealed; and an upload a restore never finished with.
    writeFileSync(join(backups, `${plain}.zst.enc.part`), 'half a sealed file');
    copyFileSync(join(backups, plain), join(backups, `upload-${STAMP}.sqlite`));
    expect(leaks(dir).length).toBeGreaterThan(0);

    const safely = await openWorkspaceSafely(dir, { key, onInternalError: () => {}, sealCost: LOW_COST });
    open.push(safely);
    await safely.settled;

    expect(leaks(dir)).toEqual([]);
    const names = backupNames(dir);
    expect(names).toContain(`${compressed!}.enc`);
    expect(names).toContain(`${plain}.zst.enc`);
    expect(names.every((n) => n.endsWith('.sqlite.zst.enc'))).toBe(true);
    expect(readFileSync(sealedTwin).equals(twinBytes)).toBe(true);
    expect(backupBytes(join(backups, `${plain}.zst.enc`), key).includes('Grace Hopper')).toBe(true);
    expect(value(await inProcessClient(safely).call('candidates.list', { limit: 10, offset: 0 })).total).toBe(1);
  });
});
