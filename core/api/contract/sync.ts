import { z } from 'zod';
import { id, optionalLine } from './fields';

const folder = z
  .string({ error: 'Folder must be a path' })
  .min(1, { error: 'Folder is required' })
  .max(4096, { error: 'Folder path is too long' })
  .refine((p) => !p.includes('\0'), { error: 'Folder path cannot contain a NUL character' })
  // A relative path would land wherever the app happened to start.
  .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\'), { error: 'Folder must be a full path' });

const passphrase = z
  .string({ error: 'Passphrase must be text' })
  .min(8, { error: 'Passphrase must be at least 8 characters' })
  .max(1024, { error: 'Passphrase is too long' });

const deviceName = optionalLine('Device name', 80);

export const MakeTeamInput = z.strictObject({
  folder,
  deviceName: deviceName.optional(),
  /** Seals this device's private keys (with the OS key store in addition, where the desktop app has one). */
  passphrase: passphrase.optional(),
});

export const InviteInput = z.strictObject({ memberId: id('memberId') });

export const JoinInput = z.strictObject({
  folder,
  invitation: z.string({ error: 'Invitation must be text' }).min(1, { error: 'Invitation is required' }).max(4096, { error: 'Invitation is too long' }),
  deviceName: deviceName.optional(),
  passphrase: passphrase.optional(),
});

export const DeviceInput = z.strictObject({ deviceId: id('deviceId') });

export const UnlockInput = z.strictObject({ passphrase });

export interface Invitation {
  /** Text to hand to the member by any channel; it holds a one-time secret, not a key. */
  invitation: string;
}

export interface SyncDevice {
  deviceId: string;
  name: string;
  memberId: string;
  ownerName: string;
  state: 'this device' | 'confirmed' | 'waiting for confirmation' | 'revoked';
  /** The newest of its files in the folder, ISO time; null before it wrote any. */
  lastSeen: string | null;
  /** The last of its changes applied here (this device: the last one written to the folder). */
  lastApplied: number;
}

export interface SyncStatus {
  mode: 'solo' | 'team';
  /** solo, in sync, syncing, waiting, locked (the keys need the passphrase), problem. */
  state: 'solo' | 'in sync' | 'syncing' | 'waiting' | 'locked' | 'problem';
  /** The state in words: "waiting for Ana's laptop: change 41 not here yet". */
  summary: string;
  /** Each problem or wait, in words. */
  details: string[];
  teamId: string | null;
  deviceId: string | null;
  folder: string | null;
  devices: SyncDevice[];
  /** Changes from other devices refused at merge (shown to admins). */
  quarantined: number;
}

/**
 * A change from another device refused at merge, whole. What it changed is summarised (how many field changes,
 * in which tables), not shown: it may hold feedback its reader is not yet entitled to see.
 */
export interface QuarantinedChange {
  deviceId: string;
  /** The change's number on its device. */
  seq: number;
  /** When its device made it (from its clock), ISO time. */
  at: string;
  method: string;
  /** Who wrote it: the member the device belongs to, and the name they have here (null when unknown here). */
  authorId: string;
  authorName: string | null;
  reason: string;
  changes: number;
  tables: string[];
}

export const ConflictsInput = z
  .strictObject({
    limit: z.number({ error: 'limit must be a number' }).int({ error: 'limit must be a whole number' }).min(1, { error: 'limit must be at least 1' }).max(100, { error: 'limit must be at most 100' }).default(20),
    offset: z.number({ error: 'offset must be a number' }).int({ error: 'offset must be a whole number' }).min(0, { error: 'offset must be at least 0' }).default(0),
  })
  .default({ limit: 20, offset: 0 });

/** One side of a resolved conflict: whose change, made when. */
export interface ConflictSide {
  deviceId: string;
  /** "Ana's laptop", "this device". */
  device: string;
  /** The device's owner (null when this device does not know them). */
  memberId: string | null;
  /** When the change was made, by its device's clock, ISO time. */
  at: string;
  /** The value it set; absent when the reader may not see it (feedback and other blind content never show). */
  value?: string | number | null;
}

/**
 * A field another device and this one both changed without seeing each other's change; the later change (by
 * the hybrid logical clock) was kept on every device. Recorded on the devices that made the two changes.
 */
export interface ResolvedConflict {
  id: number;
  table: string;
  /** The row's primary key, as a JSON array. */
  rowId: string;
  field: string;
  /** What was changed, in words: "the candidate Grace Hopper's email". */
  subject: string;
  kept: ConflictSide;
  lost: ConflictSide;
  /** Whether this device's change was kept. */
  yoursKept: boolean;
  /** When this device merged it, ISO time. */
  recordedAt: string;
  /** "Ana's laptop and yours both changed the candidate Grace Hopper's email; Ana's change (later) was kept: …" */
  summary: string;
}

export interface ConflictPage {
  items: ResolvedConflict[];
  total: number;
}
