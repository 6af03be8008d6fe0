import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { publishEnvelope, writeFileAtomic } from '../../../core/server/sync/atomicWrite';
import { encodeBatchFile, encodeEnvelope } from '../../../core/server/sync/batchFile';
import { readFolderFormat, writeFolderFormat } from '../../../core/server/sync/folderFormat';
import { resolveIn } from '../../../core/server/sync/folderLayout';
import { scanFolder } from '../../../core/server/sync/folderScan';
import { changes, team, tempFolder } from './syncFixtures';

const t = team(1);
const ana = t.devices[0]!;

function batch(seq: number, payload: unknown = changes(5, seq)) {
  return encodeBatchFile({ teamId: t.teamId, deviceId: ana.id, seq, createdAt: 1, keyId: t.keyId, key: t.key, payload }, ana.keys.secretKeys.signing);
}

describe('publishing envelopes', () => {
  let folder: ReturnType<typeof tempFolder>;
  beforeEach(() => {
    folder = tempFolder();
  });
  afterEach(() => folder.remove());

  it('writes the file whole under its name and leaves nothing else', () => {
    const file = batch(1);
    expect(publishEnvelope(folder.root, file)).toEqual({ ok: true, value: 'written' });
    expect(readFileSync(resolveIn(folder.root, file.path)).equals(file.bytes)).toBe(true);
    expect(readdirSync(join(folder.root, 'log', ana.id))).toEqual([file.path.split('/')[2]]);
  });

  it('skips the same name with the same bytes', () => {
    const file = batch(1);
    publishEnvelope(folder.root, file);
    expect(publishEnvelope(folder.root, file)).toEqual({ ok: true, value: 'already-there' });
  });

  it('refuses a second file under the same sequence number (a fork) and keeps the first', () => {
    const first = batch(5, { a: 1 });
    const second = batch(5, { a: 2 });
    publishEnvelope(folder.root, first);
    expect(publishEnvelope(folder.root, second)).toMatchObject({ ok: false, kind: 'fork' });
    expect(existsSync(resolveIn(folder.root, second.path))).toBe(false);
    expect(readFileSync(resolveIn(folder.root, first.path)).equals(first.bytes)).toBe(true);
  });

  it('a snapshot may supersede another under its number (a reading device snapshots again); a batch may not', () => {
    const snapshot = (payload: unknown) =>
      encodeEnvelope({ kind: 'snapshot', teamId: t.teamId, deviceId: ana.id, seq: 5, createdAt: 1, sections: [{ keyId: t.keyId, key: t.key, payload }] }, ana.keys.secretKeys.signing);
    const first = snapshot({ positions: 1 });
    const second = snapshot({ positions: 2 });
    publishEnvelope(folder.root, first);
    expect(publishEnvelope(folder.root, second)).toMatchObject({ ok: false, kind: 'fork' });
    expect(publishEnvelope(folder.root, second, {}, { supersede: true })).toEqual({ ok: true, value: 'written' });
    expect(readdirSync(join(folder.root, 'snapshots', ana.id))).toEqual([second.path.split('/')[2]]);
    expect(() => publishEnvelope(folder.root, batch(5, { a: 2 }), {}, { supersede: true })).toThrow(RangeError);
  });

  it('sees a fork through an online-only placeholder of the other file', () => {
    const first = batch(5, { a: 1 });
    const name = first.path.split('/')[2]!;
    writeFileAtomic(join(folder.root, 'log', ana.id, `.${name}.icloud`), Buffer.from('bplist'));
    expect(publishEnvelope(folder.root, batch(5, { a: 2 }))).toMatchObject({ ok: false, kind: 'fork' });
  });

  it('repairs a half-delivered copy under its own name with the bytes the name promises', () => {
    const file = batch(2);
    writeFileAtomic(resolveIn(folder.root, file.path), file.bytes.subarray(0, 10));
    expect(publishEnvelope(folder.root, file)).toEqual({ ok: true, value: 'written' });
    expect(readFileSync(resolveIn(folder.root, file.path)).equals(file.bytes)).toBe(true);
  });

  it('after a crash between the temporary write and the rename: no visible batch, and the next export succeeds', () => {
    const file = batch(3);
    const bytesFile = join(folder.root, 'bytes.bin');
    writeFileSync(bytesFile, file.bytes);
    const child = spawnSync(process.execPath, ['--import', 'tsx', 'test/support/syncCrashPublisher.ts', folder.root, file.path, bytesFile], { encoding: 'utf8' });
    expect(child.signal).toBe('SIGKILL');
    const dir = join(folder.root, 'log', ana.id);
    const left = readdirSync(dir);
    expect(left).toHaveLength(1);
    expect(left[0]).toMatch(/^\.~0000000003\.[0-9a-f]{16}\.[0-9a-f]{16}\.tmp$/);
    const scan = scanFolder(folder.root, () => 1);
    expect(scan.devices[0]).toMatchObject({ deviceId: ana.id, ready: [], highestSeq: 0 });
    expect(scan.ignored).toEqual([{ path: `log/${ana.id}/${left[0]}`, reason: 'temporary' }]);

    expect(publishEnvelope(folder.root, file)).toEqual({ ok: true, value: 'written' });
    expect(readdirSync(dir)).toEqual([file.path.split('/')[2]]);
    expect(scanFolder(folder.root, () => 3).devices[0]?.ready.map((e) => e.seq)).toEqual([3]);
  });
});

describe('format.json', () => {
  let folder: ReturnType<typeof tempFolder>;
  beforeEach(() => {
    folder = tempFolder();
  });
  afterEach(() => folder.remove());

  it('round-trips and says what is wrong with a bad one', () => {
    expect(readFolderFormat(folder.root)).toMatchObject({ ok: false, kind: 'missing' });
    writeFolderFormat(folder.root, t.teamId);
    expect(readFolderFormat(folder.root)).toEqual({ ok: true, value: { format: 1, teamId: t.teamId } });
    writeFileSync(join(folder.root, 'format.json'), '{"format": 1, "tea');
    expect(readFolderFormat(folder.root)).toMatchObject({ ok: false, kind: 'corrupt' });
    writeFileSync(join(folder.root, 'format.json'), JSON.stringify({ format: 2, teamId: t.teamId }));
    expect(readFolderFormat(folder.root)).toMatchObject({ ok: false, kind: 'newer-format' });
    writeFileSync(join(folder.root, 'format.json'), '');
    expect(readFolderFormat(folder.root)).toMatchObject({ ok: false, kind: 'missing' });
  });
});
