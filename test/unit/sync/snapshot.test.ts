import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compressSection, decompressSection, encodeEnvelope, hash16Of, openEnvelope } from '../../../core/server/sync/batchFile';
import { envelopePath, parseEnvelopePath } from '../../../core/server/sync/folderLayout';
import type { EvidenceSearchResult } from '../../../core/api/contract/evidence';
import { keyHeldCandidates } from '../../../core/server/sync/candidateKeying';
import { applyHeldCandidateData } from '../../../core/server/sync/candidateHeld';
import { readSnapshotSections } from '../../../core/server/sync/snapshot';
import { applySnapshot } from '../../../core/server/sync/snapshotApply';
import { buildSnapshotFile, type SnapshotWriter } from '../../../core/server/sync/snapshotFile';
import { stateHash } from '../../../core/server/sync/stateHash';
import type { ReadableDB, WritableDB } from '../../../db/handles';
import { chainHash, readChain, readLoggedRows } from '../../../db/activityChain';
import { newId } from '../../../db/ids';
import { verifyChain } from '../../../core/rules/logChain';
import { openDatabase } from '../../../db/open';
import { buildPendingSearch, searchPending } from '../../../db/searchPending';
import { baseWorkspace, deliverAll, device, type Company, type Device } from '../../support/syncDevices';
import { readerOf, team } from './syncFixtures';

const t = team(2);
const [ana, ben] = t.devices as [(typeof t.devices)[0], (typeof t.devices)[0]];
const reader = readerOf(t);
const writer: SnapshotWriter = { teamId: t.teamId, deviceId: ana.id, keyId: t.keyId, key: t.key, signing: ana.keys.secretKeys.signing };
const from = { deviceId: ana.id, seq: 0, memberId: 'x' };

let image: Buffer;
let company: Company;
beforeAll(async () => {
  ({ image, company } = await baseWorkspace());
});

const opened: { close(): void }[] = [];
afterAll(() => opened.forEach((d) => d.close()));

/** Two devices that edited the candidate and a principle and applied each other's changes: rows, clocks and positions. */
function twoDevices(edits: string[]): [Device, Device] {
  const a = device(image, ana.id, company.ceo.id);
  const b = device(image, ben.id, company.cto.id);
  opened.push(a, b);
  edits.forEach((notes, i) => {
    const by = i % 2 === 0 ? a : b;
    const { revision } = by.call<{ revision: number }>('candidates.get', { id: company.candidate.id });
    by.call('candidates.update', { id: company.candidate.id, revision, notes });
    if (i % 3 === 0) by.call('candidates.create', { name: `Person ${i} ${notes}`, email: `p${i}@example.test` });
  });
  a.flush();
  b.flush();
  deliverAll([a, b]);
  return [a, b];
}

const fresh = (): WritableDB => {
  const db = openDatabase(':memory:');
  opened.push(db);
  return db;
};

const bookkeeping = (db: ReadableDB) => ({
  rows: db.prepare('SELECT tbl, pk, hlc, deleted FROM sync_rows ORDER BY tbl, pk').all(),
  clocks: db.prepare('SELECT tbl, pk, col, hlc FROM sync_clocks ORDER BY tbl, pk, col').all(),
  positions: db.prepare('SELECT device_id, seq, member_id FROM sync_positions WHERE device_id <> ? ORDER BY device_id').all(from.deviceId),
  training: db.prepare('SELECT * FROM member_training ORDER BY member_id').all(),
  principles: db.prepare('SELECT * FROM member_principles ORDER BY member_id, principle_id').all(),
  search: db.prepare(`SELECT rowid FROM candidates_fts WHERE candidates_fts MATCH 'person OR grace' ORDER BY rowid`).all(),
});

/** What grants give a device bootstrapped from a snapshot: the writer's candidate keys, and the data they open. */
function grantCandidateKeys(writer: ReadableDB, target: WritableDB): void {
  target.prepare('INSERT OR IGNORE INTO sync_device (id, device_id) VALUES (1, ?)').run(newId());
  const insert = target.prepare('INSERT OR IGNORE INTO sync_candidate_keys (key_id, candidate_id, key) VALUES (?, ?, ?)');
  for (const k of writer.prepare('SELECT key_id, candidate_id, key FROM sync_candidate_keys').raw().all() as [string, string, Buffer][]) insert.run(...k);
  applyHeldCandidateData(target, t.teamId);
}

function open(file: { path: string; bytes: Uint8Array }) {
  const result = openEnvelope(file.path, file.bytes, reader);
  if (!result.ok) throw new Error(`${result.kind}: ${result.detail}`);
  return result.value;
}

describe('sectioned snapshots', () => {
  it('round trip: a snapshot in any number of sections gives the writer’s state hash, clocks, positions, search index and training counts', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1, maxLength: 40 }), { minLength: 1, maxLength: 12 }), fc.integer({ min: 200, max: 50_000 }), (edits, targetBytes) => {
        const [, b] = twoDevices(edits);
        // As each sync cycle does before writing: the candidates of the base workspace get their keys.
        keyHeldCandidates(b.db);
        const file = buildSnapshotFile(b.db, { ...writer, deviceId: ana.id }, 1, { targetBytes });
        const target = fresh();
        const applied = applySnapshot(target, open(file).sections, from);
        expect(applied.ok).toBe(true);
        // The candidates' personal data came sealed under their keys: granted, it opens.
        expect(target.prepare(`SELECT count(*) FROM candidates WHERE name <> ''`).pluck().get()).toBe(0);
        grantCandidateKeys(b.db, target);
        expect(stateHash(target)).toBe(stateHash(b.db));
        expect(bookkeeping(target)).toEqual(bookkeeping(b.db));
      }),
      { numRuns: 6 },
    );
  });

  it('candidate keys granted before the load fill the rows in it (search and log chain over the filled rows); a key that does not open its item is not taken', () => {
    const [, b] = twoDevices(['first notes', 'second notes', 'third notes', 'fourth']);
    keyHeldCandidates(b.db);
    const file = buildSnapshotFile(b.db, { ...writer, deviceId: ana.id }, 1, { targetBytes: 2_000 });
    const keys = b.db.prepare('SELECT key_id AS keyId, candidate_id AS candidateId, key FROM sync_candidate_keys ORDER BY candidate_id').all() as { keyId: string; candidateId: string; key: Buffer }[];
    expect(keys.length).toBeGreaterThan(2);
    // The first candidate's grant is forged: its key id is the real one, its key is not. The second's comes twice,
    // the forgery after the real one: each offer is tried.
    const [forged, ...genuine] = keys as [(typeof keys)[0], ...typeof keys];
    const offered = [{ ...forged, key: Buffer.alloc(32, 7) }, ...genuine, { ...(genuine[0] as (typeof keys)[0]), key: Buffer.alloc(32, 9) }];
    const target = fresh();
    target.prepare('INSERT OR IGNORE INTO sync_device (id, device_id) VALUES (1, ?)').run(newId());
    const applied = applySnapshot(target, open(file).sections, from, { candidateKeys: { teamId: t.teamId, keys: offered } });
    expect(applied.ok && applied.value.candidateItems).toBeGreaterThan(0);
    // Straight from the load, before any grant is collected: every candidate but the forged one's is whole.
    const names = (db: ReadableDB) => db.prepare('SELECT id, name, email, notes FROM candidates ORDER BY id').all() as { id: string; name: string }[];
    expect(names(target).filter((c) => c.id !== forged.candidateId)).toEqual(names(b.db).filter((c) => c.id !== forged.candidateId));
    expect(names(target).find((c) => c.id === forged.candidateId)?.name).toBe('');
    expect(target.prepare('SELECT key_id AS keyId FROM sync_candidate_keys ORDER BY candidate_id').all()).toEqual(genuine.map((k) => ({ keyId: k.keyId })));
    expect(target.prepare('SELECT DISTINCT candidate_id AS id FROM sync_candidate_sealed').all()).toEqual([{ id: forged.candidateId }]);
    // The search index and the log chain were made over the rows as filled (the forged one's still blank).
    const forgedRow = target.prepare('SELECT rowid FROM candidates WHERE id = ?').pluck().get(forged.candidateId);
    expect(bookkeeping(target).search).toEqual(bookkeeping(b.db).search.filter((r) => (r as { rowid: number }).rowid !== forgedRow));
    expect(bookkeeping(target).search.length).toBeGreaterThan(0);
    expect(verifyChain(readChain(target), readLoggedRows(target), chainHash)).toMatchObject({ intact: true, problems: [] });
    // The real grant then opens the rest, as for any device.
    grantCandidateKeys(b.db, target);
    expect(stateHash(target)).toBe(stateHash(b.db));
  });

  it('splits a workspace into many sections when asked for small ones, each naming its part, the manifest last', () => {
    const [a] = twoDevices(['one', 'two', 'three']);
    const { compressed, manifest } = readSnapshotSections(a.db, { targetBytes: 300 });
    expect(compressed.length).toBe(manifest.sections.length + 1);
    expect(manifest.sections.length).toBeGreaterThan(10);
    expect(manifest.sections.filter((s) => s.table === 'activity').length).toBeGreaterThan(1);
    expect(manifest.stateHash).toBe(stateHash(a.db));
  });

  it('a snapshot cut short or with a byte flipped is refused before anything is applied', () => {
    const [a] = twoDevices(['x']);
    const file = buildSnapshotFile(a.db, writer, 1, { targetBytes: 500 });
    for (const length of [0, 40, 100, Math.floor(file.bytes.length / 2), file.bytes.length - 1]) {
      expect(openEnvelope(file.path, file.bytes.subarray(0, length), reader)).toMatchObject({ ok: false, kind: 'partial' });
    }
    const flipped = Buffer.from(file.bytes);
    const at = Math.floor(flipped.length / 2);
    flipped[at] = (flipped[at] ?? 0) ^ 1;
    expect(openEnvelope(file.path, flipped, reader)).toMatchObject({ ok: false, kind: 'corrupt' });
    const where = parseEnvelopePath(file.path)!;
    const renamed = envelopePath(where.kind, where.deviceId, where.seq, hash16Of(flipped));
    expect(openEnvelope(renamed, flipped, reader)).toMatchObject({ ok: false, kind: 'bad-signature' });
  });

  it('a signed snapshot whose sections are not what its manifest says changes nothing', () => {
    const [a] = twoDevices(['x', 'y']);
    const { compressed } = readSnapshotSections(a.db, { targetBytes: 300 });
    // Two data sections swapped by the writer itself: signature and tags hold, the contents do not.
    const swapped = [compressed[1]!, compressed[0]!, ...compressed.slice(2)];
    const file = encodeEnvelope(
      { kind: 'snapshot', teamId: t.teamId, deviceId: ana.id, seq: 1, createdAt: 1, sections: swapped.map((c) => ({ keyId: t.keyId, key: t.key, compressed: c })) },
      ana.keys.secretKeys.signing,
    );
    const target = device(image, ben.id, company.cto.id);
    opened.push(target);
    const before = { hash: stateHash(target.db), ...bookkeeping(target.db) };
    expect(applySnapshot(target.db, open(file).sections, from)).toMatchObject({ ok: false, kind: 'mismatch' });
    expect({ hash: stateHash(target.db), ...bookkeeping(target.db) }).toEqual(before);
    // The triggers set aside for the load are back: a write still reaches the search index and the outbox.
    const { revision } = target.call<{ revision: number }>('candidates.get', { id: company.candidate.id });
    target.call('candidates.update', { id: company.candidate.id, revision, notes: 'after' });
    expect(target.db.prepare(`SELECT count(*) AS n FROM candidates_fts WHERE candidates_fts MATCH 'after'`).get()).toEqual({ n: 1 });
    expect((target.db.prepare('SELECT count(*) AS n FROM sync_outbox').get() as { n: number }).n).toBeGreaterThan(0);
  });

  it('a signed snapshot whose rows are not the ones the writer hashed is refused: the hash is of what was written', () => {
    const [a] = twoDevices(['x', 'y']);
    const { compressed } = readSnapshotSections(a.db, { targetBytes: 300 });
    const at = compressed.findIndex((c) => (JSON.parse(decompressSection(c)) as { table?: string }).table === 'candidates');
    const part = JSON.parse(decompressSection(compressed[at]!)) as { columns: string[]; rows: unknown[][] };
    // The writer's own signature and tags, the manifest's counts and tables all hold: only a value differs.
    part.rows[0]![part.columns.indexOf('notes')] = 'not what the writer had';
    const changed = compressed.map((c, i) => (i === at ? compressSection(JSON.stringify(part)) : c));
    const file = encodeEnvelope(
      { kind: 'snapshot', teamId: t.teamId, deviceId: ana.id, seq: 1, createdAt: 1, sections: changed.map((c) => ({ keyId: t.keyId, key: t.key, compressed: c })) },
      ana.keys.secretKeys.signing,
    );
    const target = device(image, ben.id, company.cto.id);
    opened.push(target);
    const before = { hash: stateHash(target.db), ...bookkeeping(target.db) };
    expect(applySnapshot(target.db, open(file).sections, from)).toMatchObject({ ok: false, kind: 'mismatch' });
    expect({ hash: stateHash(target.db), ...bookkeeping(target.db) }).toEqual(before);
    // The same sections unchanged apply, and give the writer's state hash.
    const whole = encodeEnvelope(
      { kind: 'snapshot', teamId: t.teamId, deviceId: ana.id, seq: 1, createdAt: 1, sections: compressed.map((c) => ({ keyId: t.keyId, key: t.key, compressed: c })) },
      ana.keys.secretKeys.signing,
    );
    expect(applySnapshot(target.db, open(whole).sections, from)).toMatchObject({ ok: true });
    expect(stateHash(target.db)).toBe(stateHash(a.db));
  });

  it('the evidence index is built after the load: until then a search says so, then it finds the evidence', () => {
    const a = device(image, ana.id, company.ceo.id);
    opened.push(a);
    a.call('feedback.submit', { ...company.complete(company.slotOf(company.ceo.id), 'inclined', 3), authorId: company.ceo.id, loopId: company.loop.id });
    const { compressed } = readSnapshotSections(a.db);
    const file = encodeEnvelope(
      { kind: 'snapshot', teamId: t.teamId, deviceId: ana.id, seq: 1, createdAt: 1, sections: compressed.map((c) => ({ keyId: t.keyId, key: t.key, compressed: c })) },
      ana.keys.secretKeys.signing,
    );
    const target = device(image, ben.id, company.ceo.id);
    opened.push(target);
    expect(applySnapshot(target.db, open(file).sections, from)).toMatchObject({ ok: true });
    const search = () => target.call<EvidenceSearchResult>('evidence.search', { query: 'runbook' });
    expect(search()).toEqual({ total: null, hasMore: false, items: [], indexBuilding: true });
    expect(searchPending(target.db)).toBe(true);
    expect(target.db.transaction(() => buildPendingSearch(target.db))()).toEqual(['evidence_fts']);
    const found = search();
    const rated = [...company.slotOf(company.ceo.id)].sort();
    expect(rated.length).toBeGreaterThan(0);
    expect([found.indexBuilding, found.total, found.items.map((h) => h.principleId).sort()]).toEqual([undefined, rated.length, rated]);
    expect(searchPending(target.db)).toBe(false);
    expect(stateHash(target.db)).toBe(stateHash(a.db));
  });

  it('reads a version 1 snapshot (one section holding the whole state)', () => {
    const [a] = twoDevices(['v1']);
    const tables: Record<string, { columns: string[]; rows: unknown[][] }> = {};
    const { manifest } = readSnapshotSections(a.db);
    for (const [table, columns] of Object.entries(manifest.columns)) {
      tables[table] = { columns, rows: a.db.prepare(`SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM "${table}"`).raw().all() as unknown[][] };
    }
    tables.settings!.rows = tables.settings!.rows.filter((r) => r[0] !== 'me');
    const payload = {
      kind: 'principled-snapshot',
      version: 1,
      tables,
      rowClocks: a.db.prepare('SELECT tbl, pk, hlc, deleted FROM sync_rows').raw().all(),
      fieldClocks: a.db.prepare('SELECT tbl, pk, col, hlc FROM sync_clocks').raw().all(),
      positions: [],
    };
    const file = encodeEnvelope({ kind: 'snapshot', teamId: t.teamId, deviceId: ana.id, seq: 1, createdAt: 1, sections: [{ keyId: t.keyId, key: t.key, payload }] }, ana.keys.secretKeys.signing);
    const target = fresh();
    expect(applySnapshot(target, open(file).sections, from).ok).toBe(true);
    expect(stateHash(target)).toBe(stateHash(a.db));

    // References are checked once after the load (no state hash to compare here): rows naming missing parents
    // are refused whole, and the connection has its foreign keys back.
    const orphaned = { ...payload, tables: { ...tables, roles: { columns: tables.roles!.columns, rows: [] } } };
    const broken = encodeEnvelope({ kind: 'snapshot', teamId: t.teamId, deviceId: ana.id, seq: 1, createdAt: 1, sections: [{ keyId: t.keyId, key: t.key, payload: orphaned }] }, ana.keys.secretKeys.signing);
    const other = fresh();
    const before = stateHash(other);
    expect(applySnapshot(other, open(broken).sections, from)).toMatchObject({ ok: false, kind: 'mismatch', detail: expect.stringMatching(/names a missing row of roles/) as string });
    expect(stateHash(other)).toBe(before);
    expect(other.pragma('foreign_keys', { simple: true })).toBe(1);
  });
});
