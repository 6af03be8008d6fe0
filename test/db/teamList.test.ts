import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open';
import { getMember, listMembers } from '../../db/queries/team';

describe('the team list', () => {
  it('gives each person as getMember does: training counts matched by id (zero without a row), duplicates flagged, sorted by name', () => {
    const db = openDatabase(':memory:');
    try {
      db.exec(`
        INSERT INTO team_members (id, name, capabilities, status, certified_at, created_at, updated_at) VALUES
          ('m1', 'bo', '["interviewer"]', 'active', NULL, 'now', 'now'),
          ('m2', 'Ada', '["bar_raiser"]', 'active', '2026-01-02T00:00:00.000Z', 'now', 'now'),
          ('m3', 'Cy', '["interviewer"]', 'left', NULL, 'now', 'now'),
          ('m0', 'Bo', '[]', 'active', NULL, 'now', 'now');
        UPDATE team_members SET duplicate_of = 'm1' WHERE id = 'm0';
        DELETE FROM member_training;
        INSERT INTO member_training (member_id, interviews, shadows, bar_raised, reverse_shadows) VALUES
          ('m1', 4, 1, 0, 0), ('m2', 9, 3, 2, 1), ('m3', 1, 0, 0, 0);
      `);
      const active = listMembers(db, false);
      expect(active.map((m) => m.id)).toEqual(['m2', 'm0', 'm1']);
      const everyone = listMembers(db, true);
      expect(everyone.map((m) => m.id)).toEqual(['m2', 'm0', 'm1', 'm3']);
      for (const m of everyone) expect(m).toEqual(getMember(db, m.id));
      expect(everyone.find((m) => m.id === 'm2')?.training).toEqual({ interviews: 9, shadows: 3, barRaised: 2, reverseShadows: 1, certifiedAt: '2026-01-02T00:00:00.000Z' });
      expect(everyone.find((m) => m.id === 'm0')).toMatchObject({ possibleDuplicateOf: 'm1', training: { interviews: 0, shadows: 0, barRaised: 0, reverseShadows: 0 } });
    } finally {
      db.close();
    }
  });
});
