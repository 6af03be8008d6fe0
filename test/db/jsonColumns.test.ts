import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open';
import { getRole, listRoles } from '../../db/queries/roles';
import { AnchorTexts, CapabilityList, parseJsonColumn, StringList, TemplateSlots } from '../../db/jsonColumns';

describe('JSON columns are parsed with their schema', () => {
  it.each([
    ['a list of ids', StringList, '["a","b"]', ['a', 'b']],
    ['capabilities', CapabilityList, '["admin","interviewer"]', ['admin', 'interviewer']],
    ['four anchors', AnchorTexts, '["","b","c","d"]', ['', 'b', 'c', 'd']],
    ['a template', TemplateSlots, '[{"title":"T","durationMinutes":45,"principleIds":["p"]}]', [{ title: 'T', durationMinutes: 45, principleIds: ['p'] }]],
  ])('accepts %s', (_label, schema, text, expected) => {
    expect(parseJsonColumn(schema as never, text, 'x.y')).toEqual(expected);
  });

  it.each([
    ['a string where a list belongs', StringList, '"a"'],
    ['an unknown capability', CapabilityList, '["wizard"]'],
    ['three anchors', AnchorTexts, '["a","b","c"]'],
    ['a slot without its principles', TemplateSlots, '[{"title":"T","durationMinutes":45}]'],
  ])('refuses %s, naming the column', (_label, schema, text) => {
    expect(() => parseJsonColumn(schema as never, text, 'roles.template')).toThrow(/roles\.template/);
  });

  it('a damaged row fails where it is read, naming the column, not later as undefined', () => {
    const db = openDatabase(':memory:');
    try {
      const now = '2026-01-01T00:00:00.000Z';
      db.prepare(
        `INSERT INTO roles (id, title, team, level, hiring_manager_id, status, focus_principle_ids, template, revision, created_at, updated_at)
         VALUES ('r1', 'Designer', '', '', NULL, 'open', '[]', '[{"title":"Chat"}]', 1, ?, ?)`,
      ).run(now, now);
      expect(() => getRole(db, 'r1')).toThrow(/roles\.template/);
      db.prepare(`UPDATE roles SET template = '[]' WHERE id = 'r1'`).run();
      expect(listRoles(db, 'all').map((r) => r.template)).toEqual([[]]);
    } finally {
      db.close();
    }
  });

  it('hands out a fresh copy of a list it parsed before, so one caller changing it cannot change the next one\'s', () => {
    const text = '["interviewer","bar_raiser"]';
    const first = parseJsonColumn(CapabilityList, text, 'team_members.capabilities');
    first.push('admin');
    const second = parseJsonColumn(CapabilityList, text, 'team_members.capabilities');
    expect(second).toEqual(['interviewer', 'bar_raiser']);
    expect(second).not.toBe(parseJsonColumn(CapabilityList, text, 'team_members.capabilities'));
    // The same text under another schema is checked by that schema.
    expect(() => parseJsonColumn(AnchorTexts, text, 'principles.anchors')).toThrow(/principles\.anchors/);
  });

  it('hands out a fresh copy of a template it parsed before, down to each slot\'s principles', () => {
    const text = '[{"title":"Chat","durationMinutes":30,"principleIds":["p1","p2"]}]';
    const first = parseJsonColumn(TemplateSlots, text, 'roles.template');
    first[0]?.principleIds.push('p3');
    first.push({ title: 'Extra', durationMinutes: 5, principleIds: [] });
    expect(parseJsonColumn(TemplateSlots, text, 'roles.template')).toEqual([{ title: 'Chat', durationMinutes: 30, principleIds: ['p1', 'p2'] }]);
  });
});
