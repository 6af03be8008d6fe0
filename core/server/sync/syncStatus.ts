import type { SyncDevice, SyncStatus } from '../../api/contract/sync';
import { prepare } from '../../../db/statements';
import type { ReadableDB, WritableDB } from '../../../db/handles';
import { positionOf } from './apply';
import type { DeviceConfig } from './deviceStore';
import { lastSeen } from './importer';
import type { TeamView } from './teamRecords';

export const SOLO_STATUS: SyncStatus = {
  mode: 'solo',
  state: 'solo',
  summary: 'Solo: this workspace lives on this computer only',
  details: [],
  teamId: null,
  deviceId: null,
  folder: null,
  devices: [],
  quarantined: 0,
};

export function memberName(db: ReadableDB, team: TeamView, memberId: string): string {
  const row = prepare(db, 'SELECT name FROM team_members WHERE id = ?').get(memberId) as { name: string } | undefined;
  return row?.name ?? team.members.get(memberId)?.name ?? 'Someone';
}

/** "Ana's laptop" */
export function deviceWords(db: ReadableDB, team: TeamView, deviceId: string): string {
  const device = team.devices.get(deviceId);
  if (!device) return `device ${deviceId.slice(0, 8)}`;
  return `${memberName(db, team, device.record.memberId)}'s ${device.record.name || 'device'}`;
}

export interface LastRun {
  waits: string[];
  problems: string[];
  /** Worth knowing, not a wait: a device that keeps the folder from shrinking. */
  notices?: string[];
  /** This device's last change in the folder. */
  inFolder: number;
}

/** The sync status in words, with the device list, from the last run and the folder as it is now. */
export function syncStatus(db: WritableDB, config: DeviceConfig, team: TeamView | null, run: LastRun | null, flags: { locked: boolean; busy: boolean; bootstrapping?: boolean }): SyncStatus {
  const quarantined = (prepare(db, 'SELECT count(*) AS n FROM sync_quarantine').get() as { n: number }).n;
  const devices: SyncDevice[] = team
    ? [...team.devices.values()].map(({ record, state }) => {
        const seen = lastSeen(config.folder, record.id);
        const mine = record.id === config.deviceId;
        return {
          deviceId: record.id,
          name: record.name,
          memberId: record.memberId,
          ownerName: memberName(db, team, record.memberId),
          state: mine ? 'this device' : state === 'pending' ? 'waiting for confirmation' : state,
          lastSeen: seen === null ? null : new Date(seen).toISOString(),
          lastApplied: mine ? (run?.inFolder ?? 0) : positionOf(db, record.id),
        };
      })
    : [];
  const base = { mode: 'team' as const, teamId: config.teamId, deviceId: config.deviceId, folder: config.folder, devices, quarantined };
  if (flags.locked) return { ...base, state: 'locked', summary: 'Locked: enter the passphrase to sync', details: [] };
  // The last run's waits (for the key, for the snapshot) are over once the snapshot is being applied.
  if (flags.bootstrapping) return { ...base, state: 'syncing', summary: 'Syncing: applying the team’s data to this device…', details: [] };
  const problems = run?.problems ?? [];
  const waits = run?.waits ?? [];
  const notices = run?.notices ?? [];
  if (problems.length) return { ...base, state: 'problem', summary: `Problem: ${problems[0] ?? ''}`, details: [...problems, ...waits, ...notices] };
  if (waits.length) return { ...base, state: 'waiting', summary: capitalise(waits[0] ?? ''), details: [...waits, ...notices] };
  if (flags.busy || !run) return { ...base, state: 'syncing', summary: 'Syncing…', details: notices };
  return { ...base, state: 'in sync', summary: 'In sync', details: notices };
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
