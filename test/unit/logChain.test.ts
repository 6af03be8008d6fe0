import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CHECKPOINT, MAX_PROBLEMS, keepsHash, linkHash, rowHash, uuidv7Time, verifyChain, type ChainKind, type ChainLink, type LoggedRow } from '../../core/rules/logChain';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

/** The time a UUIDv7 id carries: the test rows' ids are made at their `at`. */
const idAt = (n: number) => new Date(Date.UTC(2026, 0, n, 10)).getTime().toString(16).padStart(12, '0');

const row = (n: number, summary = `Entry ${n}`): LoggedRow => ({
  id: `${idAt(n).slice(0, 8)}-${idAt(n).slice(8)}-7000-8000-00000000000${n}`,
  at: `2026-01-0${n}T10:00:00.000Z`,
  actor: n % 2 ? 'alice' : 'bob',
  method: 'candidates.update',
  entity: 'candidate',
  entityId: 'c1',
  summary,
});

/** The links the app's triggers would append for these events, in order, each keeping its running hash. */
function chainOf(events: readonly { kind: ChainKind; row: LoggedRow; previousId?: string }[]): (ChainLink & { hash: string })[] {
  const links: (ChainLink & { hash: string })[] = [];
  for (const [i, e] of events.entries()) {
    const link = {
      kind: e.kind,
      activityId: e.row.id,
      previousId: e.kind === 'update' && e.previousId !== undefined && e.previousId !== e.row.id ? e.previousId : null,
      actor: e.row.actor,
      rowHash: e.kind === 'delete' ? null : rowHash(e.row, sha),
    };
    links.push({ ...link, seq: i + 1, hash: linkHash(links.at(-1)?.hash ?? null, link, sha) });
  }
  return links;
}

/** As stored: the running hash only every CHECKPOINT-th link and on the newest. */
const stored = (links: readonly ChainLink[]): ChainLink[] => links.map((l, i) => ({ ...l, hash: keepsHash(l.seq, i === links.length - 1) ? l.hash : null }));


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
  // As the database keeps them: most links without their running hash.
  const many = Array.from({ length: 2 * CHECKPOINT + 5 }, (_, i) => ({ ...r1, id: `${idAt(1).slice(0, 8)}-${idAt(1).slice(8)}-7000-8000-${String(i).padStart(12, '0')}` }));
  const manyLinks = inserted(many);
  cases.push(
    { name: 'a long chain kept with hashes only at checkpoints', links: stored(manyLinks), rows: many, problems: [] },
    {
      name: 'a link edited between checkpoints is reported at the first link after the last good one',
      links: stored(manyLinks).map((l) => (l.seq === CHECKPOINT + 7 ? { ...l, rowHash: rowHash({ ...many[CHECKPOINT + 6]!, summary: 'Forged' }, sha) } : l)),
      rows: many.map((r, i) => (i === CHECKPOINT + 6 ? { ...r, summary: 'Forged' } : r)),
      problems: [{ kind: 'unlinked', id: many[CHECKPOINT]!.id, at: r1.at, actor: r1.actor }],
    },
    {
      name: 'the newest row removed with its link',
      links: stored(manyLinks).slice(0, -1),
      rows: many.slice(0, -1),
      problems: [{ kind: 'unlinked', id: many[2 * CHECKPOINT]!.id, at: r1.at, actor: r1.actor }],
    },
    {
      name: "a removed row is dated by its id and named by the author the chain logged, whatever its row said",
      links: inserted([r1, { ...r2, at: '2031-01-01T00:00:00.000Z' }, r3]),
      rows: [r1, r3],
      problems: [{ kind: 'removed', id: r2.id, at: '2026-01-02T10:00:00.000Z', actor: r2.actor }],
    },
  );
  for (const c of cases) {
    it(c.name, () => {
      const report = verifyChain(c.links, c.rows, sha);
      expect(report.problems).toEqual(c.problems);
      expect(report.intact).toBe(c.problems.length === 0);
      expect(report.entries).toBe(c.rows.length);
      expect(report.more).toBe(0);
    });
  }

  it('dates a UUIDv7 id by the millisecond it carries, and no other kind of id', () => {
    expect(uuidv7Time('019a2b3c-4d5e-7abc-8def-0123456789ab')).toBe(new Date(0x019a2b3c4d5e).toISOString());
    expect(uuidv7Time('019a2b3c-4d5e-4abc-8def-0123456789ab')).toBeNull();
    expect(uuidv7Time('id-000')).toBeNull();
  });

  it(`reports at most ${MAX_PROBLEMS} problems, oldest first, and counts the rest`, () => {
    const rows = Array.from({ length: MAX_PROBLEMS + 7 }, (_, i) => ({ ...r1, id: `id-${String(i).padStart(3, '0')}`, at: `2026-02-01T00:00:${String(i % 60).padStart(2, '0')}.${String(i).padStart(3, '0')}Z` }));
    const report = verifyChain([], rows, sha);
    expect(report.problems).toHaveLength(MAX_PROBLEMS);
    expect(report.more).toBe(7);
    expect(report.problems[0]?.id).toBe('id-000');
    expect(report.intact).toBe(false);
  });
});
