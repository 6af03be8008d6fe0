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

/**
 * Which automatic backups to keep: the newest of each of the last 7 days that
 * have one, and the newest of each of the 4 weeks before those. Backups of other
 * kinds (before a migration or a restore, or made by hand) are never pruned here;
 * the weekly ones are kept however old, so a workspace left unused still has them.
 */
export function backupsToKeep(files: readonly BackupFile[]): Set<string> {
  const keep = new Set(files.filter((f) => f.kind !== 'daily').map((f) => f.name));
  const daily = files.filter((f) => f.kind === 'daily').sort((a, b) => b.takenAt.localeCompare(a.takenAt));
  const days = new Map<string, BackupFile>();
  for (const f of daily) if (!days.has(f.takenAt.slice(0, 10))) days.set(f.takenAt.slice(0, 10), f);
  const newestDays = [...days.values()].slice(0, 7);
  for (const f of newestDays) keep.add(f.name);
  const oldestKeptDay = newestDays.at(-1)?.takenAt ?? '';
  const weeks = new Map<string, BackupFile>();
  for (const f of daily) {
    if (f.takenAt.slice(0, 10) >= oldestKeptDay.slice(0, 10)) continue;
    const week = weekOf(f.takenAt);
    if (!weeks.has(week)) weeks.set(week, f);
  }
  for (const f of [...weeks.values()].slice(0, 4)) keep.add(f.name);
  return keep;
}
