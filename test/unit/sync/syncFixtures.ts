import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 } from 'uuid';
import { generateDeviceKeys, type DeviceKeys } from '../../../core/server/sync/deviceKeys';
import { newSymmetricKey } from '../../../core/server/sync/keyWrap';

export interface Device {
  id: string;
  keys: DeviceKeys;
}

export function device(): Device {
  return { id: v7(), keys: generateDeviceKeys() };
}

export interface Team {
  teamId: string;
  keyId: string;
  key: Buffer;
  devices: Device[];
}

export function team(deviceCount = 2): Team {
  return { teamId: v7(), keyId: v7(), key: newSymmetricKey(), devices: Array.from({ length: deviceCount }, device) };
}

/** Decode options of a device holding the team key and knowing every team device. */
export function readerOf(t: Team) {
  return {
    teamId: t.teamId,
    signingKeyFor: (id: string) => t.devices.find((d) => d.id === id)?.keys.publicKeys.signing,
    keyFor: (keyId: string) => (keyId === t.keyId ? t.key : undefined),
  };
}

export function tempFolder(): { root: string; remove: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'principled-sync-'));
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** A payload shaped like the merge layer's batches: field-level changes. */
export function changes(count: number, seed = 0): { deviceId: string; transactions: unknown[] } {
  return {
    deviceId: 'payload is opaque here',
    transactions: Array.from({ length: count }, (_, i) => ({
      table: 'questions',
      rowId: `row-${(i * 7919 + seed) % 1000}`,
      column: i % 3 === 0 ? 'text' : 'status',
      value: i % 3 === 0 ? `Tell me about a time you ${i} had to disagree and commit.` : 'active',
      hlc: `${1_700_000_000_000 + i}:${i % 5}:device`,
    })),
  };
}
