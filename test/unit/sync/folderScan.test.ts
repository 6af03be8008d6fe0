import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { publishEnvelope } from '../../../core/server/sync/atomicWrite';
import { encodeBatchFile, encodeEnvelope } from '../../../core/server/sync/batchFile';
import { ignoredReason } from '../../../core/server/sync/folderLayout';
import { scanFolder } from '../../../core/server/sync/folderScan';
import { changes, team, tempFolder } from './syncFixtures';

const t = team(2);
const [ana, ben] = t.devices as [(typeof t.devices)[0], (typeof t.devices)[0]];
const NAME = '0000000041.0123456789abcdef';

describe('names engines leave in the folder', () => {
  it.each([
    // Syncthing
    ['0000000041.0123456789abcdef.sync-conflict-20250102-101112-ABCDEF7', 'conflict-copy'],
    ['0000000041.sync-conflict-20250102-101112-ABCDEF7.0123456789abcdef', 'conflict-copy'],
    ['.syncthing.0000000041.0123456789abcdef.tmp', 'temporary'],
    ['~syncthing~0000000041.0123456789abcdef.tmp', 'temporary'],
    // Dropbox
    ["0000000041.0123456789abcdef (Ana's conflicted copy 2025-01-02)", 'conflict-copy'],
    ["0000000041 (Ana's conflicted copy 2025-01-02).0123456789abcdef", 'conflict-copy'],
    // Google Drive for desktop, OneDrive
    ['0000000041.0123456789abcdef (1)', 'duplicate'],
    ['0000000041 (1).0123456789abcdef', 'duplicate'],
    ['0000000041.0123456789abcdef (12)', 'duplicate'],
    ['0000000041.0123456789abcdef-ANAS-LAPTOP', 'unrecognised'],
    // iCloud Drive online-only placeholder
    [`.${NAME}.icloud`, 'placeholder'],
    // Office locks, partial downloads, our own temporaries
    [`~$${NAME}`, 'temporary'],
    [`${NAME}.tmp`, 'temporary'],
    [`${NAME}.part`, 'temporary'],
    [`${NAME}.partial`, 'temporary'],
    [`${NAME}.crdownload`, 'temporary'],
    [`.~${NAME}.0123456789abcdef.tmp`, 'temporary'],
    // Dot files of all kinds
    ['.DS_Store', 'hidden'],
    ['.stfolder', 'hidden'],
    ['desktop.ini', 'unrecognised'],
    ['0000000041.0123456789ABCDEF', 'unrecognised'],
    ['41.0123456789abcdef', 'unrecognised'],
  ])('%s is ignored as %s', (name, reason) => {
    expect(ignoredReason(name)).toBe(reason);
  });

  it('reads our own names', () => {
    expect(ignoredReason(NAME)).toBeUndefined();
  });
});

describe('scanning the folder', () => {
  let folder: ReturnType<typeof tempFolder>;
  beforeEach(() => {
    folder = tempFolder();
  });
  afterEach(() => folder.remove());

  function put(device: typeof ana, seq: number, payload: unknown = changes(3, seq)): string {
    const file = encodeBatchFile({ teamId: t.teamId, deviceId: device.id, seq, createdAt: 1, keyId: t.keyId, key: t.key, payload }, device.keys.secretKeys.signing);
    publishEnvelope(folder.root, file);
    return file.path;
  }
  const dirOf = (device: typeof ana) => join(folder.root, 'log', device.id);

  it('lists the run from the next expected sequence number and ignores every engine copy beside it', () => {
    const paths = [1, 2, 3].map((seq) => put(ana, seq));
    const second = paths[1]!.split('/')[2]!;
    for (const copy of [`${second}.sync-conflict-20250102-101112-ABCDEF7`, `${second} (1)`, `.${second}.icloud`, `~$${second}`, '.DS_Store']) {
      writeFileSync(join(dirOf(ana), copy), 'x');
    }
    mkdirSync(join(folder.root, 'log', `${ana.id} (1)`));
    const scan = scanFolder(folder.root, (id) => (id === ana.id ? 2 : 1));
    expect(scan.devices).toHaveLength(1);
    expect(scan.devices[0]).toMatchObject({ deviceId: ana.id, nextExpected: 2, forks: [], highestSeq: 3 });
    expect(scan.devices[0]?.ready.map((e) => e.path)).toEqual(paths.slice(1));
    expect(scan.devices[0]?.waiting).toBeUndefined();
    expect(scan.ignored.map((i) => i.reason).sort()).toEqual(['conflict-copy', 'duplicate', 'duplicate', 'hidden', 'placeholder', 'temporary']);
  });

  it('reports the first gap per device with how many files wait behind it', () => {
    for (const seq of [1, 2, 3, 5, 6]) put(ana, seq);
    for (const seq of [1, 2]) put(ben, seq);
    const scan = scanFolder(folder.root, () => 1);
    const anaScan = scan.devices.find((d) => d.deviceId === ana.id);
    const benScan = scan.devices.find((d) => d.deviceId === ben.id);
    expect(anaScan?.ready.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(anaScan?.waiting).toEqual({ seq: 4, reason: 'missing', laterFiles: 2 });
    expect(benScan?.ready.map((e) => e.seq)).toEqual([1, 2]);
    expect(benScan?.waiting).toBeUndefined();
    // Waiting at the gap itself says the same; past every file there is nothing to read or wait for.
    expect(scanFolder(folder.root, () => 4).devices.find((d) => d.deviceId === ana.id)?.waiting).toEqual({ seq: 4, reason: 'missing', laterFiles: 2 });
    expect(scanFolder(folder.root, () => 7).devices.find((d) => d.deviceId === ana.id)).toMatchObject({ ready: [] });
  });

  it('says when the next file is an online-only placeholder or still empty', () => {
    put(ana, 1);
    writeFileSync(join(dirOf(ana), '.0000000002.0123456789abcdef.icloud'), 'bplist00');
    expect(scanFolder(folder.root, () => 1).devices[0]).toMatchObject({ ready: [{ seq: 1 }], waiting: { seq: 2, reason: 'placeholder', laterFiles: 0 } });
    writeFileSync(join(dirOf(ana), '0000000002.0123456789abcdef'), '');
    const scan = scanFolder(folder.root, () => 2);
    expect(scan.devices[0]).toMatchObject({ ready: [], waiting: { seq: 2, reason: 'placeholder' } });
    expect(scan.ignored).toContainEqual({ path: `log/${ana.id}/0000000002.0123456789abcdef`, reason: 'empty' });
  });

  it('stops at a fork (two hashes under one sequence number) and reports it', () => {
    put(ana, 1);
    put(ana, 2, { a: 1 });
    // A restored backup of Ana's laptop wrote another change 2; publishEnvelope refuses that, an engine delivers it.
    writeFileSync(join(dirOf(ana), '0000000002.ffffffffffffffff'), 'other');
    put(ana, 3);
    const scan = scanFolder(folder.root, () => 1);
    expect(scan.devices[0]).toMatchObject({ ready: [{ seq: 1 }], forks: [2] });
    expect(scan.devices[0]?.waiting).toBeUndefined();
  });

  it('lists snapshots separately from batches', () => {
    const snapshot = encodeEnvelope({ kind: 'snapshot', teamId: t.teamId, deviceId: ben.id, seq: 10, createdAt: 1, sections: [{ keyId: t.keyId, key: t.key, payload: {} }] }, ben.keys.secretKeys.signing);
    publishEnvelope(folder.root, snapshot);
    put(ben, 11);
    const scan = scanFolder(folder.root, () => 11);
    expect(scan.devices).toEqual([expect.objectContaining({ deviceId: ben.id, ready: [expect.objectContaining({ seq: 11 })], snapshots: [expect.objectContaining({ seq: 10, path: snapshot.path })] })]);
  });

  it('returns nothing for an empty or absent folder', () => {
    expect(scanFolder(folder.root, () => 1)).toEqual({ devices: [], ignored: [] });
    expect(scanFolder(join(folder.root, 'absent'), () => 1)).toEqual({ devices: [], ignored: [] });
  });
});
