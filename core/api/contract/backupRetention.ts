/**
 * Which backups are kept, shown to the user in these words: the automatic ones as 7
 * daily and 4 weekly copies; of the others (made by hand, before an update, before
 * a restore) the newest few of each kind, none older than `maxAgeDays`. Files
 * uploaded for a restore are removed as soon as the restore is done.
 */
export const BACKUP_RETENTION = { daily: 7, weekly: 4, manual: 5, eachOtherKind: 3, maxAgeDays: 90 } as const;
