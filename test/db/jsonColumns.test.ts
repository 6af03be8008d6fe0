import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { openDatabase } from '../../db/open';
import { getRole, listRoles } from '../../db/queries/roles';
import { AnchorTexts, CapabilityList, jsonColumnLength, parseJsonColumn, SHAPES, StringList, TemplateSlots } from '../../db/jsonColumns';

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
      // The list only counts the template's slots, and still refuses one that is not a template.
      expect(() => listRoles(db, 'all')).toThrow(/roles\.template/);
      db.prepare(`UPDATE roles SET template = '[]' WHERE id = 'r1'`).run();
      expect(listRoles(db, 'all').map((r) => r.interviewCount)).toEqual([0]);
      db.prepare(`UPDATE roles SET focus_principle_ids = '{"0":"p"}' WHERE id = 'r1'`).run();
      expect(() => listRoles(db, 'all')).toThrow(/roles\.focus_principle_ids/);
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

  it('tells apart texts that differ in one character, each read many times', () => {
    // Lists of similar ids: a cache that looked at part of each text would hand one out for the other.
    const texts = Array.from({ length: 40 }, (_, i) => JSON.stringify([`0190a1b2-c3d4-7e5f-8a6b-${String(i).padStart(12, '0')}`, 'x'.repeat(60)]));
    for (let round = 0; round < 3; round++) {
      texts.forEach((text, i) => expect(parseJsonColumn(StringList, text, 'loop_slots.principle_ids')[0]).toMatch(new RegExp(`${i}$`)));
    }
    expect(jsonColumnLength(TemplateSlots, '[{"title":"A","durationMinutes":1,"principleIds":[]},{"title":"B","durationMinutes":2,"principleIds":["p"]}]', 'roles.template')).toBe(2);
  });
});

/**
 * The hand-written checks stand in for the schemas: each must accept what its schema accepts, refuse what it
 * refuses, and hand out what the schema's parse would (unknown keys dropped).
 */
describe('each known JSON shape is checked exactly as its schema checks it', () => {
  const slot = { title: 'Chat', durationMinutes: 30, principleIds: ['p1'] };
  const cases: [string, z.ZodType, unknown[]][] = [
    ['StringList', StringList, [[], ['a'], ['a', ''], 'a', null, {}, [1], ['a', null], [['a']], { length: 1, 0: 'a' }]],
    [
      'CapabilityList',
      CapabilityList,
      [[], ['admin', 'interviewer'], ['founder', 'bar_raiser_in_training', 'hiring_manager', 'bar_raiser'], ['wizard'], ['Admin'], [1], 'admin', null, ['admin', null]],
    ],
    [
      'AnchorTexts',
      AnchorTexts,
      [['a', 'b', 'c', 'd'], ['', '', '', ''], ['a', 'b', 'c'], ['a', 'b', 'c', 'd', 'e'], ['a', 'b', 'c', 4], [], 'abcd', null, { 0: 'a', 1: 'b', 2: 'c', 3: 'd' }],
    ],
    [
      'TemplateSlots',
      TemplateSlots,
      [
        [],
        [slot],
        [slot, { ...slot, principleIds: [] }],
        [{ ...slot, extra: 'dropped' }],
        [{ ...slot, durationMinutes: 0.5 }],
        [{ ...slot, durationMinutes: Infinity }],
        [{ ...slot, durationMinutes: '30' }],
        [{ title: 'Chat', durationMinutes: 30 }],
        [{ ...slot, title: null }],
        [{ ...slot, principleIds: [1] }],
        [{ ...slot, principleIds: 'p1' }],
        [null],
        [['Chat', 30, ['p1']]],
        slot,
        null,
      ],
    ],
  ];
  it.each(cases.flatMap(([name, schema, values]) => values.map((v) => [name, JSON.stringify(v) ?? String(v), schema, v] as const)))(
    '%s: %s',
    (_name, _text, schema, v) => {
      const shape = SHAPES.get(schema);
      if (!shape) throw new Error('no hand-written check');
      const parsed = schema.safeParse(v);
      expect(shape.is(v)).toBe(parsed.success);
      if (parsed.success) expect(shape.copy(v as never)).toStrictEqual(parsed.data);
    },
  );

  it('covers every schema the module declares', () => {
    expect(new Set(cases.map(([, schema]) => schema))).toEqual(new Set(SHAPES.keys()));
  });
});
