import Database from 'better-sqlite3-multiple-ciphers';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { uuidv7Time } from '../../core/rules/logChain';
import { DATABASE_FILE_NAME } from '../../db/open';
import { failure, interviewingLoop, value } from '../support/company';
import { workspacePerTest } from '../support/workspace';

/** Changes the file with another tool, as someone covering their tracks would: a plain SQLite connection. */
function tamper(dir: string, sql: string, ...params: unknown[]): void {
  const db = new Database(join(dir, DATABASE_FILE_NAME));
  try {
    db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}

function logRows(dir: string): number {
  const db = new Database(join(dir, DATABASE_FILE_NAME), { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM activity').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('activity.verify: the log against its hash chain', () => {
  const w = workspacePerTest();

  it('finds the log intact after ordinary work, folded draft autosaves included', async () => {
    const s = await interviewingLoop(w.api);
    await s.as(s.eng.id);
    for (const text of ['first', 'second', 'third']) value(await w.api.call('feedback.saveDraft', { ...s.mine(), reasonToHire: text }));
    value(await w.api.call('feedback.submit', s.complete(s.slotOf(s.eng.id), 'inclined', 3)));
    await s.as(s.ceo.id);
    const report = value(await w.api.call('activity.verify', {}));
    expect(report).toEqual({ intact: true, entries: logRows(w.t.dir), problems: [], more: 0 });
    expect(report.entries).toBeGreaterThan(20);
  });

  it('reports a row changed, removed or put in with another tool, by the time its id carries and the author logged', async () => {
    const s = await interviewingLoop(w.api);
    await s.as(s.ceo.id);
    const log = value(await w.api.call('activity.list', { limit: 500 }));
    const [changed, removed] = [log[5]!, log[9]!];
    tamper(w.t.dir, `UPDATE activity SET summary = 'Nothing happened' WHERE id = ?`, changed.id);
    tamper(w.t.dir, 'DELETE FROM activity WHERE id = ?', removed.id);
    tamper(
      w.t.dir,
      `INSERT INTO activity (id, at, actor, method, entity, entity_id, summary) VALUES ('01900000-0000-7000-8000-00000000beef', '2026-01-01T00:00:00.000Z', ?, 'candidates.update', 'candidate', ?, 'Forged')`,
      s.sales.id,
      s.candidate.id,
    );
    const report = value(await w.api.call('activity.verify', {}));
    expect(report.intact).toBe(false);
    expect(report.entries).toBe(log.length);
    expect(report.problems).toEqual([
      { kind: 'inserted', id: '01900000-0000-7000-8000-00000000beef', at: '2026-01-01T00:00:00.000Z', actor: s.sales.id },
      ...[
        // Dated by the millisecond their UUIDv7 ids carry (the chain keeps no times).
        { kind: 'removed', id: removed.id, at: uuidv7Time(removed.id)!, actor: removed.actor },
        { kind: 'changed', id: changed.id, at: uuidv7Time(changed.id)!, actor: changed.actor },
      ].sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id)),
    ]);
  });

  it('an erasure redacting the log, in the workspace and in a backup restored later, is not tampering', async () => {
    const s = await interviewingLoop(w.api);
    await s.as(s.ceo.id);
    const backup = value(await w.api.call('backups.create'));
    value(await w.api.call('privacy.eraseCandidate', { id: s.candidate.id, confirmName: s.candidate.name }));
    const log = value(await w.api.call('activity.list', { limit: 500 }));
    expect(log.some((e) => e.summary.includes('Grace'))).toBe(false);
    expect(value(await w.api.call('activity.verify', {}))).toMatchObject({ intact: true, problems: [] });

    value(await w.api.call('backups.restore', { name: backup.name }));
    await s.as(s.ceo.id);
    expect(value(await w.api.call('activity.verify', {}))).toMatchObject({ intact: true, problems: [] });
  });

  it('is for founders and admins', async () => {
    const s = await interviewingLoop(w.api);
    await s.as(s.eng.id);
    expect(failure(await w.api.call('activity.verify', {})).code).toBe('FORBIDDEN');
    await s.as(s.admin.id);
    expect(value(await w.api.call('activity.verify', {})).intact).toBe(true);
  });
});
