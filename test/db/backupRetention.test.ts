import { describe, expect, it } from 'vitest';
import { backupsToKeep, type BackupFile } from '../../db/backupRetention';

const daily = (date: string, time = '09:00:00.000'): BackupFile => ({ name: `d-${date}-${time}`, takenAt: `${date}T${time}Z`, kind: 'daily' });

function days(from: string, count: number): BackupFile[] {
  const start = Date.parse(`${from}T09:00:00Z`);
  return Array.from({ length: count }, (_, i) => daily(new Date(start - i * 86_400_000).toISOString().slice(0, 10)));
}

describe('backupsToKeep', () => {
  it.each([
    ['no backups', [], []],
    ['three days: all kept', days('2026-11-26', 3), days('2026-11-26', 3).map((f) => f.name)],
    ['exactly seven days: all kept', days('2026-11-26', 7), days('2026-11-26', 7).map((f) => f.name)],
  ])('%s', (_label, files, kept) => {
    expect([...backupsToKeep(files)].sort()).toEqual([...kept].sort());
  });

  it('keeps 7 daily and then one per week for 4 weeks, newest first', () => {
    const files = days('2026-11-26', 60);
    const kept = [...backupsToKeep(files)].sort().reverse();
    expect(kept).toHaveLength(11);
    const dailyKept = days('2026-11-26', 7).map((f) => f.name);
    for (const name of dailyKept) expect(kept).toContain(name);
    // The newest backup of each of the four Monday-to-Sunday weeks before the dailies (2026-11-26 is a Thursday).
    const weekly = kept.filter((n) => !dailyKept.includes(n));
    expect(weekly).toEqual(['d-2026-11-19-09:00:00.000', 'd-2026-11-15-09:00:00.000', 'd-2026-11-08-09:00:00.000', 'd-2026-11-01-09:00:00.000']);
  });

  it('keeps only the newest backup of a day', () => {
    const files = [daily('2026-11-26', '08:00:00.000'), daily('2026-11-26', '18:00:00.000')];
    expect([...backupsToKeep(files)]).toEqual(['d-2026-11-26-18:00:00.000']);
  });

  it('never prunes backups taken before a migration or a restore, or by hand', () => {
    const files: BackupFile[] = [
      ...days('2026-11-26', 30),
      { name: 'pre', takenAt: '2025-01-01T00:00:00.000Z', kind: 'pre-migration' },
      { name: 'restore', takenAt: '2025-01-02T00:00:00.000Z', kind: 'before-restore' },
      { name: 'manual', takenAt: '2025-01-03T00:00:00.000Z', kind: 'manual' },
    ];
    const kept = backupsToKeep(files);
    for (const name of ['pre', 'restore', 'manual']) expect(kept.has(name)).toBe(true);
  });

  it('keeps weekly copies however old, for a workspace left unused', () => {
    const files = [...days('2026-11-26', 7), daily('2025-03-03'), daily('2025-02-03'), daily('2025-01-06'), daily('2024-12-02'), daily('2024-11-04')];
    const kept = backupsToKeep(files);
    expect(kept.size).toBe(11);
    expect(kept.has('d-2024-11-04-09:00:00.000')).toBe(false);
  });
});
