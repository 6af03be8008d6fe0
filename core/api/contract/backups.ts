import { z } from 'zod';

/** Backup files are named by the app (.sqlite.zst compressed, .sqlite from before compression); anything else (paths, ..) is refused. */
const backupName = z
  .string({ error: 'name must be text' })
  // abort: the pattern backtracks quadratically, so it must never see an over-long text.
  .max(255, { error: 'name must be the name of a backup in the list', abort: true })
  .regex(/^principled-[a-z-]+-[0-9TZ-]+(?:-v\d+)?\.sqlite(?:\.zst(?:\.enc)?)?$/, { error: 'name must be the name of a backup in the list' });

export const BackupNameInput = z.strictObject({ name: backupName });

/**
 * A copy holds every feedback: someone who still owes feedback on an open loop
 * says why they need it now (early access, logged per loop).
 */
export const EarlyAccessReason = z
  .string({ error: 'earlyAccessReason must be text' })
  .trim()
  .max(1_000, { error: 'earlyAccessReason must be at most 1000 characters' })
  .default('');

/** Seals a copy that leaves the data folder (AES-256-GCM under a scrypt key); nobody can recover it if forgotten. */
export const NewFilePassphrase = z
  .string({ error: 'passphrase must be text' })
  .min(8, { error: 'passphrase must be at least 8 characters' })
  .max(1024, { error: 'passphrase is too long' });

/** Opens a sealed copy: whatever was typed is tried, so only its presence is checked here. */
export const FilePassphrase = z
  .string({ error: 'passphrase must be text' })
  .min(1, { error: 'passphrase is required' })
  .max(1024, { error: 'passphrase is too long' });

export const BackupDownloadInput = z.strictObject({ name: backupName, earlyAccessReason: EarlyAccessReason, passphrase: NewFilePassphrase.optional() });

/** 12 MB of base64 fits in the browser host's request limit; larger files restore by copying them into backups/. */
export const MAX_UPLOAD_BASE64 = 12 * 1024 * 1024;

export const BackupRestoreInput = z.union(
  [
    z.strictObject({ name: backupName }),
    z.strictObject({
      fileName: z.string().trim().min(1).max(255, { error: 'fileName is too long' }),
      base64: z
        .string({ error: 'base64 must be text' })
        .max(MAX_UPLOAD_BASE64, { error: 'The file is too large to upload here; copy it into the backups folder and restore it by name' })
        .regex(/^[A-Za-z0-9+/=]*$/, { error: 'base64 is not valid base64' }),
      /** Needed when the file was saved with a passphrase. */
      passphrase: FilePassphrase.optional(),
    }),
  ],
  { error: 'Give the name of a backup, or a file to upload' },
);

// Which backups are kept: in a module without zod, which the background worker's backups read as it starts.
export { BACKUP_RETENTION } from './backupRetention';

export interface BackupSummary {
  name: string;
  kind: 'daily' | 'pre-migration' | 'before-restore' | 'manual';
  takenAt: string;
  size: number;
}

export interface BackupList {
  folder: string;
  items: BackupSummary[];
  /** The bytes all kept backups take together. */
  totalSize: number;
}

export interface RestoreResult {
  restoredFrom: string;
  /** The database as it was before the restore, kept as a backup. */
  previousKeptAs: string;
}

export type RecoveryStatus =
  | { state: 'ok' }
  | {
      state: 'recovery';
      reason: string;
      /** Where the damaged file was moved; it is never deleted. */
      damagedFile: string | null;
      backups: BackupSummary[];
    }
  | { state: 'newer'; reason: string };
