import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MAX_PROBLEMS, linkHash, rowHash, verifyChain, type ChainKind, type ChainLink, type LoggedRow } from '../../core/rules/logChain';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

const row = (n: number, summary = `Entry ${n}`): LoggedRow => ({
  id: `0190000${n}-0000-7000-8000-000000000000`,
  at: `2026-01-0${n}T10:00:00.000Z`,
  actor: n % 2 ? 'alice' : 'bob',
  method: 'candidates.update',
  entity: 'candidate',
  entityId: 'c1',
  summary,
});

/** The links the app's triggers would append for these events, in order. */
function chainOf(events: readonly { kind: ChainKind; row: LoggedRow; previousId?: string }[]): ChainLink[] {
  const links: ChainLink[] = [];
  for (const [i, e] of events.entries()) {
    const link = {
      kind: e.kind,
      activityId: e.row.id,
      previousId: e.kind === 'update' ? (e.previousId ?? e.row.id) : null,
      at: e.row.at,
      actor: e.row.actor,
      rowHash: e.kind === 'delete' ? null : rowHash(e.row, sha),
    };
    links.push({ ...link, seq: i + 1, hash: linkHash(links.at(-1)?.hash ?? null, link, sha) });
  }
  return links;
}

const inserted = (rows: readonly LoggedRow[]) => chainOf(rows.map((r) => ({ kind: 'insert' as const, row: r })));
const [r1, r2, r3, r4] = [row(1), row(2), row(3), row(4)];

describe('verifyChain', () => {
  const cases: { name: string; links: ChainLink[]; rows: LoggedRow[]; problems: { kind: string; id: string; at: string; actor: string }[] }[] = [
    { name: 'an untouched log', links: inserted([r1, r2, r3]), rows: [r1, r2, r3], problems: [] },
    { name: 'an empty log', links: [], rows: [], problems: [] },
    {
      name: 'a changed summary',
      links: inserted([r1, r2, r3]),
      rows: [r1, { ...r2, summary: 'Something else' }, r3],
      problems: [{ kind: 'changed', id: r2.id, at: r2.at, actor: r2.actor }],
    },
    {
      name: 'a changed author is reported under the author logged',
      links: inserted([r1, r2]),
      rows: [r1, { ...r2, actor: 'mallory' }],
      problems: [{ kind: 'changed', id: r2.id, at: r2.at, actor: 'bob' }],
    },
    { name: 'a removed row', links: inserted([r1, r2, r3]), rows: [r1, r3], problems: [{ kind: 'removed', id: r2.id, at: r2.at, actor: r2.actor }] },
    {
      name: 'a row put in the middle',
      links: inserted([r1, r3]),
      rows: [r1, r2, r3],
      problems: [{ kind: 'inserted', id: r2.id, at: r2.at, actor: r2.actor }],
    },
    {
      name: 'a removed row and its link',
      links: inserted([r1, r2, r3]).filter((l) => l.activityId !== r2.id),
      rows: [r1, r3],
      problems: [{ kind: 'unlinked', id: r3.id, at: r3.at, actor: r3.actor }],
    },
    {
      name: 'a changed row whose link was rehashed to match, without the links after it',
      links: (() => {
        const links = inserted([r1, r2, r3]);
        const forged = { ...r2, summary: 'Forged' };
        links[1] = { ...links[1]!, rowHash: rowHash(forged, sha) };
        return links;
      })(),
      rows: [r1, { ...r2, summary: 'Forged' }, r3],
      problems: [{ kind: 'unlinked', id: r2.id, at: r2.at, actor: r2.actor }],
    },
    {
      name: 'a fold (new id, time and summary) is a link, not tampering',
      links: chainOf([
        { kind: 'insert', row: r1 },
        { kind: 'insert', row: r2 },
        { kind: 'update', row: { ...r4, summary: 'Saved a draft' }, previousId: r2.id },
      ]),
      rows: [r1, { ...r4, summary: 'Saved a draft' }],
      problems: [],
    },
    {
      name: 'an erasure redacting a summary is a link, not tampering',
      links: chainOf([
        { kind: 'insert', row: row(1, 'Added Grace Hopper') },
        { kind: 'update', row: row(1, 'Added [erased]') },
      ]),
      rows: [row(1, 'Added [erased]')],
      problems: [],
    },
    {
      name: 'the redacted row put back to its original text',
      links: chainOf([
        { kind: 'insert', row: row(1, 'Added Grace Hopper') },
        { kind: 'update', row: row(1, 'Added [erased]') },
      ]),
      rows: [row(1, 'Added Grace Hopper')],
      problems: [{ kind: 'changed', id: r1.id, at: r1.at, actor: r1.actor }],
    },
    {
      name: 'a row the app deleted',
      links: chainOf([
        { kind: 'insert', row: r1 },
        { kind: 'insert', row: r2 },
        { kind: 'delete', row: r2 },
      ]),
      rows: [r1],
      problems: [],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const report = verifyChain(c.links, c.rows, sha);
      expect(report.problems).toEqual(c.problems);
      expect(report.intact).toBe(c.problems.length === 0);
      expect(report.entries).toBe(c.rows.length);
      expect(report.more).toBe(0);
    });
  }

  it(`reports at most ${MAX_PROBLEMS} problems, oldest first, and counts the rest`, () => {
    const rows = Array.from({ length: MAX_PROBLEMS + 7 }, (_, i) => ({ ...r1, id: `id-${String(i).padStart(3, '0')}`, at: `2026-02-01T00:00:${String(i % 60).padStart(2, '0')}.${String(i).padStart(3, '0')}Z` }));
    const report = verifyChain([], rows, sha);
    expect(report.problems).toHaveLength(MAX_PROBLEMS);
    expect(report.more).toBe(7);
    expect(report.problems[0]?.id).toBe('id-000');
    expect(report.intact).toBe(false);
  });
});
