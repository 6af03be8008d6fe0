import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scanFolder } from '../../../core/server/sync/folderScan';
import { encodeRecordFile, signRecord } from '../../../core/server/sync/signedRecord';
import { mergeSeen, readStateRecords, sameFacts, writeStateRecord, type StateRecord } from '../../../core/server/sync/stateRecord';
import { team, tempFolder } from './syncFixtures';

const folders: { remove: () => void }[] = [];
afterEach(() => {
  for (const f of folders.splice(0)) f.remove();
});

function setup() {
  const t = team(3);
  const folder = tempFolder();
  folders.push(folder);
  const [ana, bo, cy] = t.devices as [(typeof t.devices)[0], (typeof t.devices)[0], (typeof t.devices)[0]];
  const record = (id: string, positions: Record<string, number>, writtenAt = 1): StateRecord => ({
    type: 'sync-state',
    id,
    teamId: t.teamId,
    positions,
    highest: 7,
    snapshot: null,
    writtenAt,
  });
  const known = (id: string) => t.devices.find((d) => d.id === id)?.keys.publicKeys.signing;
  return { t, root: folder.root, ana, bo, cy, record, known };
}

describe('state records (published positions)', () => {
  it('reads back what a device wrote and signed, and the folder scan does not take state/ for a device’s files', () => {
    const { t, root, ana, bo, record, known } = setup();
    writeStateRecord(root, record(ana.id, { [bo.id]: 12 }), ana.keys.secretKeys.signing);
    expect(readStateRecords(root, t.teamId, known).get(ana.id)?.positions).toEqual({ [bo.id]: 12 });
    const scan = scanFolder(root, () => 1);
    expect(scan.devices).toEqual([]);
    expect(scan.ignored).toEqual([]);
  });

  it('ignores a tampered record, one signed by another device, one at another device’s path, and an unknown device’s', () => {
    const { t, root, ana, bo, cy, record, known } = setup();
    writeStateRecord(root, record(ana.id, { [bo.id]: 12 }), ana.keys.secretKeys.signing);
    const path = join(root, 'state', `${ana.id}.json`);
    const tampered = JSON.parse(readFileSync(path, 'utf8')) as { record: StateRecord };
    tampered.record.positions[bo.id] = 999;
    writeFileSync(path, JSON.stringify(tampered));
    // Bo speaks for Cy: signed well, but not by Cy.
    writeFileSync(join(root, 'state', `${cy.id}.json`), encodeRecordFile(signRecord(record(cy.id, { [ana.id]: 50 }), bo.id, bo.keys.secretKeys.signing)));
    writeStateRecord(root, record(bo.id, { [ana.id]: 3 }), bo.keys.secretKeys.signing);
    const [stranger] = team(1).devices as [(typeof t.devices)[0]];
    writeStateRecord(root, record(stranger.id, { [ana.id]: 80 }), stranger.keys.secretKeys.signing);
    expect([...readStateRecords(root, t.teamId, known).keys()]).toEqual([bo.id]);
    // Bo's record, well signed by Bo, copied to Ana's path speaks for the wrong device.
    writeFileSync(join(root, 'state', `${ana.id}.json`), readFileSync(join(root, 'state', `${bo.id}.json`)));
    expect([...readStateRecords(root, t.teamId, known).keys()]).toEqual([bo.id]);
  });

  it('keeps the highest seen per device: an older copy arriving late lowers nothing', () => {
    const { ana, bo, cy, record } = setup();
    const newer = { ...record(ana.id, { [bo.id]: 40, [cy.id]: 5 }, 20), snapshot: { name: 'n', seq: 30, positions: { [bo.id]: 35 } } };
    const older = { ...record(ana.id, { [bo.id]: 10, [cy.id]: 9 }, 10), snapshot: { name: 'o', seq: 10, positions: { [bo.id]: 8 } } };
    const merged = mergeSeen(newer, older);
    expect(merged.positions).toEqual({ [bo.id]: 40, [cy.id]: 9 });
    expect(merged.snapshot?.name).toBe('n');
    expect(merged.writtenAt).toBe(20);
    expect(sameFacts(newer, { ...newer, writtenAt: 99 })).toBe(true);
    expect(sameFacts(newer, merged)).toBe(false);
  });
});
