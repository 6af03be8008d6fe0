import { BACKUP_RETENTION } from '../core/api/contract/backupRetention';

export interface BackupFile {
  name: string;
  /** ISO timestamp the backup was taken. */
  takenAt: string;
  kind: 'daily' | 'pre-migration' | 'before-restore' | 'manual';
}

/** Monday of the ISO week a date falls in, as YYYY-MM-DD: the key for "one per week". */
function weekOf(iso: string): string {
  const d = new Date(iso);
  const monday = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - ((d.getUTCDay() + 6) % 7)));
  return monday.toISOString().slice(0, 10);
}

const DAY_MS = 86_400_000;

/**
 * Which backups to keep (BACKUP_RETENTION, as the user is told it). Automatic
 * ones: the newest of each of the last 7 days that have one, and the newest of
 * each of the 4 weeks before those, kept however old, so a workspace left unused
 * still has them. The others: the newest 5 made by hand and the newest 3 taken
 * before an update and before a restore, none older than 90 days before `now`.
 */
export function backupsToKeep(files: readonly BackupFile[], now: string): Set<string> {
  const keep = new Set<string>();
  const oldest = new Date(Date.parse(now) - BACKUP_RETENTION.maxAgeDays * DAY_MS).toISOString();
  const newestFirst = [...files].sort((a, b) => b.takenAt.localeCompare(a.takenAt));
  for (const kind of ['manual', 'pre-migration', 'before-restore'] as const) {
    const limit = kind === 'manual' ? BACKUP_RETENTION.manual : BACKUP_RETENTION.eachOtherKind;
    const recent = newestFirst.filter((f) => f.kind === kind && f.takenAt >= oldest);
    for (const f of recent.slice(0, limit)) keep.add(f.name);
  }
  const daily = newestFirst.filter((f) => f.kind === 'daily');
  const days = new Map<string, BackupFile>();
  for (const f of daily) if (!days.has(f.takenAt.slice(0, 10))) days.set(f.takenAt.slice(0, 10), f);
  const newestDays = [...days.values()].slice(0, BACKUP_RETENTION.daily);
  for (const f of newestDays) keep.add(f.name);
  const oldestKeptDay = newestDays.at(-1)?.takenAt ?? '';
  const weeks = new Map<string, BackupFile>();
  for (const f of daily) {
    if (f.takenAt.slice(0, 10) >= oldestKeptDay.slice(0, 10)) continue;
    const week = weekOf(f.takenAt);
    if (!weeks.has(week)) weeks.set(week, f);
  }
  for (const f of [...weeks.values()].slice(0, BACKUP_RETENTION.weekly)) keep.add(f.name);
  return keep;
}
