import { describe, expect, it } from 'vitest';
import { backupsToKeep, type BackupFile } from '../../db/backupRetention';

const daily = (date: string, time = '09:00:00.000'): BackupFile => ({ name: `d-${date}-${time}`, takenAt: `${date}T${time}Z`, kind: 'daily' });

function days(from: string, count: number): BackupFile[] {
  const start = Date.parse(`${from}T09:00:00Z`);
  return Array.from({ length: count }, (_, i) => daily(new Date(start - i * 86_400_000).toISOString().slice(0, 10)));
}

const NOW = '2026-11-26T12:00:00.000Z';
const other = (kind: BackupFile['kind'], daysAgo: number, n = 0): BackupFile => ({
  name: `${kind}-${daysAgo}-${n}`,
  takenAt: new Date(Date.parse(NOW) - daysAgo * 86_400_000 - n * 60_000).toISOString(),
  kind,
});

describe('backupsToKeep', () => {
  it.each([
    ['no backups', [], []],
    ['three days: all kept', days('2026-11-26', 3), days('2026-11-26', 3).map((f) => f.name)],
    ['exactly seven days: all kept', days('2026-11-26', 7), days('2026-11-26', 7).map((f) => f.name)],
  ])('%s', (_label, files, kept) => {
    expect([...backupsToKeep(files, NOW)].sort()).toEqual([...kept].sort());
  });

  it('keeps 7 daily and then one per week for 4 weeks, newest first', () => {
    const files = days('2026-11-26', 60);
    const kept = [...backupsToKeep(files, NOW)].sort().reverse();
    expect(kept).toHaveLength(11);
    const dailyKept = days('2026-11-26', 7).map((f) => f.name);
    for (const name of dailyKept) expect(kept).toContain(name);
    // The newest backup of each of the four Monday-to-Sunday weeks before the dailies (2026-11-26 is a Thursday).
    const weekly = kept.filter((n) => !dailyKept.includes(n));
    expect(weekly).toEqual(['d-2026-11-19-09:00:00.000', 'd-2026-11-15-09:00:00.000', 'd-2026-11-08-09:00:00.000', 'd-2026-11-01-09:00:00.000']);
  });

  it('keeps only the newest backup of a day', () => {
    const files = [daily('2026-11-26', '08:00:00.000'), daily('2026-11-26', '18:00:00.000')];
    expect([...backupsToKeep(files, NOW)]).toEqual(['d-2026-11-26-18:00:00.000']);
  });

  it.each([
    ['5 by hand, all kept', [0, 1, 2, 3, 4].map((d) => other('manual', d)), ['manual-0-0', 'manual-1-0', 'manual-2-0', 'manual-3-0', 'manual-4-0']],
    ['6 by hand: the oldest goes', [5, 0, 1, 2, 3, 4].map((d) => other('manual', d)), ['manual-0-0', 'manual-1-0', 'manual-2-0', 'manual-3-0', 'manual-4-0']],
    ['4 before a restore: the newest 3', [0, 1, 2, 3].map((d) => other('before-restore', d)), ['before-restore-0-0', 'before-restore-1-0', 'before-restore-2-0']],
    ['4 before an update: the newest 3', [10, 20, 30, 40].map((d) => other('pre-migration', d)), ['pre-migration-10-0', 'pre-migration-20-0', 'pre-migration-30-0']],
    ['the same day: by time', [0, 1, 2, 3].map((n) => other('before-restore', 0, n)), ['before-restore-0-0', 'before-restore-0-1', 'before-restore-0-2']],
    ['90 days old is kept, 91 is not', [other('manual', 90), other('manual', 91), other('pre-migration', 91)], ['manual-90-0']],
    ['only old ones: none kept', [other('manual', 200), other('before-restore', 120)], []],
    [
      'each kind counted on its own',
      [other('manual', 1), other('pre-migration', 1), other('before-restore', 1), ...days('2026-11-26', 2)],
      ['manual-1-0', 'pre-migration-1-0', 'before-restore-1-0', ...days('2026-11-26', 2).map((f) => f.name)],
    ],
  ])('other kinds: %s', (_label, files, kept) => {
    expect([...backupsToKeep(files, NOW)].sort()).toEqual([...kept].sort());
  });

  it('keeps weekly copies however old, for a workspace left unused', () => {
    const files = [...days('2026-11-26', 7), daily('2025-03-03'), daily('2025-02-03'), daily('2025-01-06'), daily('2024-12-02'), daily('2024-11-04')];
    const kept = backupsToKeep(files, NOW);
    expect(kept.size).toBe(11);
    expect(kept.has('d-2024-11-04-09:00:00.000')).toBe(false);
  });
});
