import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open';
import { insertActivity, listActivity } from '../../db/queries/activity';

describe('listActivity', () => {
  it('gives the newest entries up to the limit, for everything or one entity, and only takes a whole-number limit', () => {
    const db = openDatabase(':memory:');
    try {
      for (let i = 0; i < 6; i++) {
        insertActivity(db, { id: `0190000${i}`, at: `2026-01-0${i + 1}T00:00:00.000Z`, actor: 'local', method: 'm', entity: 'role', entityId: i % 2 ? 'odd' : 'even', summary: `#${i}` });
      }
      expect(listActivity(db, { limit: 2 }).map((e) => e.summary)).toEqual(['#5', '#4']);
      expect(listActivity(db, { limit: 3 }).map((e) => e.summary)).toEqual(['#5', '#4', '#3']);
      expect(listActivity(db, { entityId: 'even', limit: 2 }).map((e) => e.summary)).toEqual(['#4', '#2']);
      expect(listActivity(db, { entityId: 'odd', limit: 500 }).map((e) => [e.summary, e.entityId])).toEqual([['#5', 'odd'], ['#3', 'odd'], ['#1', 'odd']]);
      // Written into the SQL, so nothing but a positive whole number gets there.
      for (const limit of [0, 2.5, -1, Number.NaN]) expect(() => listActivity(db, { limit })).toThrow(/limit/);
    } finally {
      db.close();
    }
  });
});
