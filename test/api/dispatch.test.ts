import { describe, expect, it, vi } from 'vitest';
import { dispatch } from '../../core/server/dispatch';
import { openDatabase } from '../../db/open';

function setup() {
  const db = openDatabase(':memory:');
  const onInternalError = vi.fn();
  const call = (method: string, input: unknown) =>
    dispatch(method, input, { db, dataFile: ':memory:', onInternalError, clock: () => new Date('2026-01-02T03:04:05Z') });
  return { db, call, onInternalError };
}

const count = (db: ReturnType<typeof openDatabase>, table: string) =>
  (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('dispatch', () => {
  it('writes the change and its activity row with the injected clock', () => {
    const { db, call } = setup();
    const result = call('principles.create', { name: 'Ownership', summary: 'Acts like an owner' });
    expect(result.ok).toBe(true);
    const row = db.prepare('SELECT at, method, entity, actor FROM activity').get();
    expect(row).toEqual({ at: '2026-01-02T03:04:05.000Z', method: 'principles.create', entity: 'principle', actor: 'local' });
  });

  it('uses UUIDv7 text ids', () => {
    const { call } = setup();
    const result = call('principles.create', { name: 'Ownership', summary: 's' });
    if (!result.ok) throw new Error(result.error.message);
    expect((result.value as { id: string }).id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('rolls the whole write back when any part of it fails, and hides the cause', () => {
    const { db, call, onInternalError } = setup();
    db.exec(`CREATE TRIGGER refuse_activity BEFORE INSERT ON activity BEGIN SELECT RAISE(ABORT, 'disk says no'); END`);
    const result = call('principles.create', { name: 'Ownership', summary: 's' });
    expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'Something went wrong; nothing was changed.' } });
    expect(count(db, 'principles')).toBe(0);
    expect(count(db, 'principle_revisions')).toBe(0);
    expect(onInternalError).toHaveBeenCalledOnce();
  });

  it('names the field in validation errors, including unknown fields', () => {
    const { call } = setup();
    const missing = call('principles.create', { summary: 's' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: [{ path: 'name' }] } });
    const unknown = call('principles.create', { name: 'n', summary: 's', colour: 'red' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: [{ path: 'colour' }] } });
    if (!unknown.ok) expect(unknown.error.message).toContain('colour');
    const anchors = call('principles.create', { name: 'n', summary: 's', anchors: ['a', 'b', 'c', 'x'.repeat(501)] });
    expect(anchors).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: [{ path: 'anchors.3' }] } });
  });

  it.each([undefined, null, 42, '', '__proto__', 'constructor', 'toString', 'principles.create.extra'])(
    'refuses the unknown method %j',
    (method) => {
      const { call } = setup();
      const result = call(method as string, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    },
  );
});
