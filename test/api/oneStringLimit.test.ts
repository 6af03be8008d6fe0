import { constants } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3-multiple-ciphers';
import { join } from 'node:path';
import { tooLargeForOneString } from '../../core/server/backgroundTasks';
import { jsonCharacters, readWorkspaceDocument } from '../../core/server/workspaceDocument';
import { DATABASE_FILE_NAME } from '../../db/open';
import { company } from '../support/company';
import { workspacePerTest } from '../support/workspace';

describe('a workspace too large for the one string an export or a download hands back', () => {
  it('is refused as a CONFLICT naming its size and the limit, not as INTERNAL', () => {
    expect(tooLargeForOneString('a download', 1_000, 1_000)).toBeNull();
    const refused = tooLargeForOneString('a download', 3_000_000, 2_000_000)?.toApiError();
    expect(refused?.code).toBe('CONFLICT');
    expect(refused?.message).toContain('about 3 MB; at most 2 MB');
    expect(refused?.message).toContain('Nothing was changed');
    // An export learns it is too long only from JSON.stringify failing, without a length.
    expect(tooLargeForOneString('an export', null, 2_000_000)?.toApiError().message).toContain('as one piece (at most 2 MB)');
  });

  it('the large benchmark workspace (1.25 GB) cannot be one base64 string in this Node', () => {
    const base64Chars = Math.ceil(1_250_000_000 / 3) * 4;
    expect(base64Chars).toBeGreaterThan(constants.MAX_STRING_LENGTH);
    expect(tooLargeForOneString('a download', base64Chars)).not.toBeNull();
  });
});

describe('reading a workspace for an export, within the longest string', () => {
  const w = workspacePerTest();

  it('stops as soon as the rows read would pass the budget, with the caller\'s error, and reads everything within it', async () => {
    await company(w.api);
    const db = new Database(join(w.t.dir, DATABASE_FILE_NAME), { readonly: true });
    try {
      const whole = readWorkspaceDocument(db as never, 'now');
      const json = JSON.stringify(whole.tables).length;
      // The estimate is close to the JSON it stands for (no escapes here): never far under, never far over.
      const estimate = Object.values(whole.tables).reduce((n, rows) => n + rows.reduce((m, row) => m + jsonCharacters(row), 0), 0);
      expect(estimate).toBeGreaterThan(json * 0.9);
      expect(estimate).toBeLessThan(json * 1.5);

      let read = 0;
      const refused = new Error('too large');
      expect(() =>
        readWorkspaceDocument(db as never, 'now', (done) => (read = done), { characters: Math.floor(estimate / 2), tooLarge: () => refused }),
      ).toThrow(refused);
      // It stopped part of the way through the tables, not after reading them all.
      expect(read).toBeLessThan(Object.keys(whole.tables).length - 1);
      expect(readWorkspaceDocument(db as never, 'now', undefined, { characters: estimate, tooLarge: () => refused }).tables).toEqual(whole.tables);
    } finally {
      db.close();
    }
  });
});
