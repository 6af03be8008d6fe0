import Database from 'better-sqlite3-multiple-ciphers';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zstdDecompressSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../core/api/contract/client';
import { ERASED_CANDIDATE_NAME, ERASED_MARK } from '../../core/api/contract/privacy';
import { candidateRedactor, nameParts } from '../../core/rules/redaction';
import { monthsBefore } from '../../core/server/handlers/privacy';
import { inProcessClient, openWorkspace, openWorkspaceSafely, type Workspace } from '../../core/server/workspace';
import { failure, interviewingLoop, value } from '../support/company';
import { snapshot } from '../support/workspace';

const NAME = 'Grace Hopper';
const EMAIL = 'grace.hopper@navy.example';
const PHONE = '+1 202 555 0147';
const EVIDENCE = 'Night pages fell from nine a week to one';
const DEBRIEF_NOTE = 'calm under the pager storm';
/** Everything that must be gone from the files' bytes; also searched for in lower case (the FTS index lowercases tokens). */
const NEEDLES = [NAME, 'Grace', 'Hopper', EMAIL, PHONE, 'linkedin.example/in/ghopper', 'Admiral Nimitz', EVIDENCE, DEBRIEF_NOTE];

/** Every file SQLite keeps for the workspace: the database, and its WAL and shared-memory files when present. */
function workspaceFiles(file: string): string[] {
  return [file, `${file}-wal`, `${file}-shm`].filter((f) => existsSync(f));
}

/** Every file under a folder, however deep: the database, its sidecars, backups, uploads, leftovers, the lock. */
function everyFile(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

const ZSTD_MAGIC = Buffer.from([0x28, 0xb5, 0x2f, 0xfd]);

/** A file's bytes; a compressed backup's as the database it holds, since its frame hides any text. */
function plainBytes(file: string): Buffer {
  const bytes = readFileSync(file);
  return bytes.subarray(0, 4).equals(ZSTD_MAGIC) ? zstdDecompressSync(bytes) : bytes;
}

/** Where each needle occurs in the raw bytes (of a compressed file: unpacked), as UTF-8 in its own case and in lower case, and as UTF-16LE. */
function rawHits(files: readonly string[], needles: readonly string[]): string[] {
  const hits: string[] = [];
  for (const file of files) {
    const bytes = plainBytes(file);
    for (const needle of needles) {
      for (const form of new Set([needle, needle.toLowerCase(), needle.toUpperCase()])) {
        for (const [encoding, pattern] of [
          ['utf8', Buffer.from(form, 'utf8')],
          ['utf16le', Buffer.from(form, 'utf16le')],
        ] as const) {
          const at = bytes.indexOf(pattern);
          if (at >= 0) hits.push(`${JSON.stringify(form)} (${encoding}) in ${file.split('/').pop()} at byte ${at}`);
        }
      }
    }
  }
  return hits;
}

function readRows(file: string, sql: string): unknown[] {
  const packed = readFileSync(file);
  let db: Database.Database;
  if (packed.subarray(0, 4).equals(ZSTD_MAGIC)) {
    // In memory a database cannot be in WAL mode: its header is made to say rollback journal.
    const bytes = zstdDecompressSync(packed);
    bytes[18] = 1;
    bytes[19] = 1;
    db = new Database(bytes, { readonly: true });
  } else db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}

/** A loop that went all the way: feedback naming the candidate, an amendment, training feedback, a debrief with notes and a re-vote, a decision reopened and made again. */
async function richWorkspace(api: ApiClient) {
  const s = await interviewingLoop(api);
  const grace = value(
    await api.call('candidates.update', {
      id: s.candidate.id,
      revision: s.candidate.revision,
      name: NAME,
      email: EMAIL,
      phone: PHONE,
      source: 'Referral from Admiral Nimitz',
      links: ['https://linkedin.example/in/ghopper'],
      notes: `${NAME} prefers mornings; reach her at ${EMAIL} or ${PHONE}.`,
    }),
  );
  const alan = value(
    await api.call('candidates.create', { name: 'Alan Turing', email: 'alan@bletchley.example', notes: 'Turing asked about remote work.' }),
  );
  value(await api.call('loops.create', { candidateId: alan.id, roleId: s.role.id }));
  // A second loop for Grace, cancelled with a reason that names her.
  const spare = value(await api.call('loops.create', { candidateId: grace.id, roleId: s.role.id }));
  value(await api.call('loops.transition', { id: spare.id, revision: spare.revision, to: 'cancelled', reason: `${NAME} asked to keep one loop` }));

  const namedEvidence = {
    situation: `${NAME} (${EMAIL}) ran the night shift for the payment service.`,
    task: 'Grace had to make it reliable without a team.',
    action: "Hopper's runbook and alerts; she paired with two engineers.",
    result: `${EVIDENCE}; GRACE HOPPER still gets thanked for it.`,
  };
  const feedback = (principleIds: readonly string[], vote: 'strong_hire' | 'inclined', rating: 3 | 4) => ({
    ...s.mine(),
    ratings: principleIds.map((principleId) => ({ principleId, rating, evidence: namedEvidence })),
    questionsAsked: [{ questionId: null, text: 'Grace, tell me about the payment service.' }],
    vote,
    raiseBar: 'yes' as const,
    reasonToHire: `${NAME} owns problems end to end.`,
    reasonNotToHire: 'Hopper has little experience with customers.',
  });

  await s.as(s.ceo.id);
  value(await api.call('feedback.submit', feedback(s.slotOf(s.ceo.id), 'strong_hire', 4)));
  await s.as(s.eng.id);
  value(await api.call('feedback.saveDraft', { ...s.mine(), reasonToHire: 'Grace, first thoughts' }));
  value(await api.call('feedback.submit', feedback(s.slotOf(s.eng.id), 'inclined', 3)));
  value(await api.call('feedback.amend', { ...feedback(s.slotOf(s.eng.id), 'inclined', 3), reason: `Fixed a typo in ${NAME}'s story` }));
  await s.as(s.ops.id);
  value(await api.call('feedback.submit', feedback([...s.slotOf(s.eng.id), ...s.slotOf(s.ceo.id)], 'inclined', 3)));
  await s.as(s.sales.id);
  value(await api.call('debrief.open', { loopId: s.loop.id }));
  value(await api.call('debrief.saveNotes', { loopId: s.loop.id, notes: `We discussed ${NAME.toUpperCase()}'s on-call story; Hopper was ${DEBRIEF_NOTE}.` }));
  await s.as(s.eng.id);
  value(await api.call('debrief.revote', { loopId: s.loop.id, vote: 'strong_hire', note: 'Changed my mind after hearing about Grace' }));
  await s.as(s.cto.id);
  value(await api.call('decision.decide', { loopId: s.loop.id, decision: 'hire', rationale: `Hire ${NAME}: strong ownership evidence.` }));
  await s.as(s.sales.id);
  value(await api.call('decision.verdict', { loopId: s.loop.id, verdict: 'concur', rationale: 'Grace is above the bar.' }));
  await s.as(s.cto.id);
  value(await api.call('decision.reopen', { loopId: s.loop.id, reason: `Reopening Hopper's decision to check references (${EMAIL})` }));
  value(await api.call('decision.decide', { loopId: s.loop.id, decision: 'hire', rationale: `References for ${NAME} are good.` }));
  await s.as(s.sales.id);
  value(await api.call('decision.verdict', { loopId: s.loop.id, verdict: 'concur', rationale: 'The evidence supports the decision.' }));
  return { ...s, grace, alan, spare };
}

const CALIBRATION_SQL = {
  ratings: 'SELECT feedback_id, principle_id, principle_revision, rating, not_assessed FROM feedback_ratings ORDER BY 1, 2',
  votes: 'SELECT id, loop_id, author_id, kind, status, version, superseded, vote, raise_bar, submitted_at FROM feedback ORDER BY id',
  revotes: 'SELECT id, author_id, from_vote, to_vote FROM revotes ORDER BY id',
  decisions: 'SELECT id, decision, verdict, outcome, superseded FROM decisions ORDER BY id',
};

describe('privacy.eraseCandidate', () => {
  let dir = '';
  let workspace: Workspace | null = null;
  afterEach(() => {
    workspace?.close();
    workspace = null;
    rmSync(dir, { recursive: true, force: true });
  });

  const open = () => {
    dir = mkdtempSync(join(tmpdir(), 'principled-erasure-'));
    workspace = openWorkspace(dir, { onInternalError: (method, error) => console.error(method, error) });
    return { api: inProcessClient(workspace), file: workspace.file };
  };

  it('erases the name and email from every byte of the database, keeping ratings and votes', async () => {
    const { api, file } = open();
    const s = await richWorkspace(api);
    expect(rawHits(workspaceFiles(file), [NAME, EMAIL]).length, 'the workspace names the candidate before the erasure').toBeGreaterThan(0);

    const calibration = Object.fromEntries(Object.entries(CALIBRATION_SQL).map(([k, sql]) => [k, readRows(file, sql)]));
    const alanBefore = readRows(file, `SELECT * FROM candidates WHERE id = '${s.alan.id}'`);
    const alanActivity = readRows(file, `SELECT * FROM activity WHERE summary LIKE '%Alan Turing%' ORDER BY id`);
    expect(alanActivity).toHaveLength(2);

    // Refusals first: each leaves the database as it was.
    const before = snapshot(file);
    await s.as(s.eng.id);
    expect(failure(await api.call('privacy.eraseCandidate', { id: s.grace.id, confirmName: NAME })).code).toBe('FORBIDDEN');
    value(await api.call('settings.setMe', { memberId: null }));
    expect(failure(await api.call('privacy.eraseCandidate', { id: s.grace.id, confirmName: NAME })).code).toBe('FORBIDDEN');
    await s.as(s.admin.id);
    const unchanged = snapshot(file);
    const wrongName = failure(await api.call('privacy.eraseCandidate', { id: s.grace.id, confirmName: 'Grace Hoper' }));
    expect(wrongName.code).toBe('VALIDATION');
    expect(wrongName.issues?.map((i) => i.path)).toEqual(['confirmName']);
    expect(failure(await api.call('privacy.eraseCandidate', { id: s.grace.id, confirmName: 'grace hopper' })).code).toBe('VALIDATION');
    expect(failure(await api.call('privacy.eraseCandidate', { id: s.loop.id, confirmName: NAME })).code).toBe('NOT_FOUND');
    expect(snapshot(file)).toBe(unchanged);
    expect(before).not.toBe(unchanged); // only the two switches of "me" happened in between

    const erased = value(await api.call('privacy.eraseCandidate', { id: s.grace.id, confirmName: ` ${NAME} ` }));
    expect(erased.candidate).toMatchObject({
      id: s.grace.id,
      name: ERASED_CANDIDATE_NAME,
      email: '',
      phone: '',
      source: '',
      links: [],
      notes: '',
      status: 'hired',
    });
    expect(erased.redacted).toMatchObject({ loops: 1, feedback: 4, debriefs: 1, revotes: 1, decisions: 2 });
    expect(erased.redacted.ratings).toBeGreaterThanOrEqual(3);
    expect(erased.redacted.activity).toBeGreaterThanOrEqual(6);
    // The clean-up after the commit ran: the WAL has been checkpointed and emptied.
    expect(statSync(`${file}-wal`).size).toBe(0);
    // Already now, with the workspace still open (a crash would leave these files as they are): nothing in any byte.
    expect(rawHits(workspaceFiles(file), NEEDLES)).toEqual([]);

    // Through the API: nothing left to find, the erasure logged without a name, a second erasure refused.
    expect(value(await api.call('candidates.get', { id: s.grace.id })).name).toBe(ERASED_CANDIDATE_NAME);
    for (const search of ['Grace', 'hopper', 'navy', PHONE.slice(-4)]) {
      expect(value(await api.call('candidates.list', { search })).total, search).toBe(0);
    }
    expect(value(await api.call('candidates.list', { search: 'Turing' })).items.map((c) => c.id)).toEqual([s.alan.id]);
    const log = value(await api.call('activity.list', { limit: 500 }));
    expect(log[0]).toMatchObject({ method: 'privacy.eraseCandidate', entityId: s.grace.id, summary: "Erased a candidate's personal data" });
    expect(JSON.stringify(log)).not.toMatch(/grace|hopper|navy/i);
    // Every other line about her or her loops is the mark whole (a line may quote a text kept nowhere else).
    const loopIds = new Set(value(await api.call('loops.list', { status: 'all', candidateId: s.grace.id })).map((l) => l.id));
    const about = log.filter((e) => e.method !== 'privacy.eraseCandidate' && (e.entityId === s.grace.id || loopIds.has(e.entityId)));
    expect(about.some((e) => e.method === 'loops.create')).toBe(true);
    expect(about.every((e) => e.summary === ERASED_MARK)).toBe(true);
    expect(failure(await api.call('privacy.eraseCandidate', { id: s.grace.id, confirmName: ERASED_CANDIDATE_NAME })).code).toBe('CONFLICT');
    await s.as(s.sales.id);
    // Every free text written about the candidate is gone whole, not just their name in it.
    const debrief = value(await api.call('debrief.open', { loopId: s.loop.id }));
    expect(debrief.notes).toBe(ERASED_MARK);
    expect(debrief.feedback[0]?.ratings[0]?.evidence).toEqual({ situation: ERASED_MARK, task: ERASED_MARK, action: ERASED_MARK, result: ERASED_MARK });
    expect(debrief.feedback[0]?.reasonToHire).toBe(ERASED_MARK);
    expect(debrief.feedback[0]?.questionsAsked).toEqual([{ questionId: null, text: ERASED_MARK }]);
    expect(debrief.decision?.rationale).toBe(ERASED_MARK);
    expect(debrief.revotes.map((r) => r.note)).toEqual([ERASED_MARK]);
    // The log keeps that it happened (who, when, which method), not what was written: "reopened the decision: <reason>" is the mark.
    expect(about.some((e) => e.method === 'decision.reopen')).toBe(true);
    expect(JSON.stringify(log)).not.toContain('ownership evidence');

    workspace?.close();
    workspace = null;

    // Ratings, votes, re-votes and outcomes are exactly as they were; the other candidate is untouched.
    for (const [k, sql] of Object.entries(CALIBRATION_SQL)) expect(readRows(file, sql), k).toEqual(calibration[k]);
    expect(readRows(file, `SELECT * FROM candidates WHERE id = '${s.alan.id}'`)).toEqual(alanBefore);
    expect(readRows(file, `SELECT * FROM activity WHERE summary LIKE '%Alan Turing%' ORDER BY id`)).toEqual(alanActivity);
    const integrity = readRows(file, 'PRAGMA integrity_check');
    expect(integrity).toEqual([{ integrity_check: 'ok' }]);

    // The raw bytes of every file SQLite keeps: none of the candidate's identifiers, in any case or encoding.
    const files = workspaceFiles(file);
    expect(rawHits(files, NEEDLES)).toEqual([]);
    // The search works: the other candidate, who was not erased, is found.
    expect(rawHits(files, ['Alan Turing', 'alan@bletchley.example']).length).toBeGreaterThan(0);
    console.log(
      `raw-byte erasure check: searched ${files.map((f) => `${f.split('/').pop()} (${statSync(f).size} bytes)`).join(', ')} ` +
        `for ${NEEDLES.map((n) => JSON.stringify(n)).join(', ')} (as UTF-8 and UTF-16LE, as written, lower and upper case): nothing found`,
    );
  });

  it('a founder may erase; the erasure needs nothing else open and leaves an intact database', async () => {
    const { api, file } = open();
    const s = await interviewingLoop(api);
    await s.as(s.ceo.id);
    const erased = value(await api.call('privacy.eraseCandidate', { id: s.candidate.id, confirmName: s.candidate.name }));
    expect(erased.candidate.status).toBe('active');
    expect(erased.redacted.activity).toBeGreaterThanOrEqual(2);
    // The loop still runs, with an anonymous candidate.
    expect(value(await api.call('loops.get', { id: s.loop.id })).candidate.name).toBe(ERASED_CANDIDATE_NAME);
    workspace?.close();
    workspace = null;
    expect(readRows(file, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    expect(rawHits(workspaceFiles(file), ['Grace Hopper', 'Grace', 'Hopper', 'grace@example.com'])).toEqual([]);
  });
});

/** A clock a second ahead at each reading, so every backup gets its own name. */
function tickingClock(startIso: string) {
  let t = new Date(startIso).getTime();
  return () => new Date((t += 1000));
}

describe('erasure reaches every copy under the data folder', () => {
  let dir = '';
  let workspace: Workspace | null = null;
  afterEach(() => {
    workspace?.close();
    workspace = null;
    rmSync(dir, { recursive: true, force: true });
  });

  /** A rich workspace with a backup of each kind holding the candidate, an upload and a temporary file left over. */
  async function withEveryCopy() {
    dir = mkdtempSync(join(tmpdir(), 'principled-erasure-copies-'));
    const first = openWorkspace(dir, { clock: tickingClock('2026-03-01T09:00:00Z') });
    const s = await richWorkspace(inProcessClient(first));
    first.close();
    // Opened the next day the host's way: the daily backup now holds the candidate.
    workspace = await openWorkspaceSafely(dir, { clock: tickingClock('2026-03-02T09:00:00Z'), onInternalError: (m, e) => console.error(m, e) });
    await workspace.settled;
    const api = inProcessClient(workspace);
    value(await api.call('settings.setMe', { memberId: s.admin.id }));
    const manual = value(await api.call('backups.create', {}));
    const saved = value(await api.call('backups.download', { name: manual.name }));
    value(await api.call('backups.restore', { name: manual.name })); // a before-restore copy
    value(await api.call('backups.restore', { fileName: 'saved.sqlite', base64: saved.base64 })); // an upload, and another before-restore copy
    const backups = join(dir, 'backups');
    // What a crash can leave: an upload never cleared, a backup cut short, and a copy made by an older version.
    copyFileSync(join(backups, manual.name), join(backups, 'upload-2026-03-02T09-30-00-000Z.sqlite'));
    copyFileSync(join(backups, manual.name), join(backups, 'principled-manual-2026-03-02T09-31-00-000Z.sqlite.part'));
    const older = join(backups, 'principled-pre-migration-2026-03-02T09-32-00-000Z-v40.sqlite');
    writeFileSync(older, plainBytes(join(backups, manual.name)));
    const db = new Database(older);
    db.pragma('user_version = 40');
    db.close();
    return { s, api, backups, saved };
  }

  it('scrubs every backup, removes what cannot be scrubbed, and leaves no byte of the candidate in any file', async () => {
    const { s, api, backups } = await withEveryCopy();
    const kinds = value(await api.call('backups.list', {})).items.map((b) => b.kind);
    expect(new Set(kinds)).toEqual(new Set(['daily', 'manual', 'before-restore', 'pre-migration']));
    expect(readdirSync(backups).some((n) => n.startsWith('upload-'))).toBe(true);
    for (const file of everyFile(backups).filter((f) => /\.(sqlite|zst|part)$/.test(f))) expect(rawHits([file], [EVIDENCE]).length, file).toBeGreaterThan(0);

    const plan = value(await api.call('privacy.erasurePlan', { candidateId: s.grace.id }));
    expect(plan.texts).toMatchObject({ loops: 1, feedback: 4, debriefs: 1, revotes: 1, decisions: 2 });
    expect([...plan.loopIds].sort()).toEqual([s.loop.id, s.spare.id].sort());
    const actions = Object.fromEntries(plan.copies.map((c) => [c.name, c.action]));
    expect(Object.entries(actions).filter(([, a]) => a === 'remove').map(([n]) => n).sort()).toEqual([
      'principled-manual-2026-03-02T09-31-00-000Z.sqlite.part',
      'principled-pre-migration-2026-03-02T09-32-00-000Z-v40.sqlite',
      'upload-2026-03-02T09-30-00-000Z.sqlite',
    ]);
    expect(plan.copies.filter((c) => c.action === 'scrub').map((c) => c.kind).sort()).toEqual(['before-restore', 'before-restore', 'daily', 'manual']);
    expect(plan.copies.every((c) => c.size > 0)).toBe(true);

    const started = performance.now();
    const erasing = api.call('privacy.eraseCandidate', { id: s.grace.id, confirmName: NAME });
    // The scrub runs after the commit, a file at a time: the app answers while the backups still hold the candidate.
    expect(value(await api.call('candidates.get', { id: s.alan.id })).name).toBe('Alan Turing');
    expect(value(await api.call('candidates.get', { id: s.grace.id })).name).toBe(ERASED_CANDIDATE_NAME);
    expect(rawHits(everyFile(backups), [EVIDENCE]).length).toBeGreaterThan(0);
    const erased = value(await erasing);
    const took = performance.now() - started;
    expect(erased.copies.map((c) => [c.name, c.action])).toEqual(plan.copies.map((c) => [c.name, c.action]));

    // Still open, as a crash would leave it: every file under the data folder, however deep.
    const files = everyFile(dir);
    expect(files.some((f) => f.includes('/backups/'))).toBe(true);
    expect(rawHits(files, NEEDLES)).toEqual([]);
    const left = readdirSync(backups).sort();
    expect(left.filter((n) => /upload-|\.part$|\.scrub|pre-migration/.test(n))).toEqual([]);
    // The scrubbed backups are whole databases, private as before, and still hold everyone else.
    expect(left.filter((n) => n.endsWith('.sqlite.zst')).length).toBe(4);
    for (const name of left.filter((n) => n.endsWith('.sqlite.zst'))) {
      const path = join(backups, name);
      // Rewritten compressed, as every backup is.
      expect(readFileSync(path).subarray(0, 4).equals(ZSTD_MAGIC), name).toBe(true);
      expect(readRows(path, 'PRAGMA integrity_check'), name).toEqual([{ integrity_check: 'ok' }]);
      expect(readRows(path, `SELECT name FROM candidates WHERE id = '${s.grace.id}'`), name).toEqual([{ name: ERASED_CANDIDATE_NAME }]);
      expect(readRows(path, `SELECT id FROM erased_candidates`), name).toEqual([{ id: s.grace.id }]);
      expect(rawHits([path], ['Alan Turing']).length, name).toBeGreaterThan(0);
    }
    workspace?.close();
    workspace = null;
    expect(rawHits(workspaceFiles(join(dir, 'principled.sqlite')), ['Alan Turing', 'alan@bletchley.example']).length).toBeGreaterThan(0);
    console.log(
      `erasure with copies: ${erased.copies.length} copies (${erased.copies.filter((c) => c.action === 'scrub').length} scrubbed, ` +
        `${erased.copies.reduce((n, c) => n + c.size, 0)} bytes) in ${took.toFixed(0)} ms; searched ${files.length} files for ${NEEDLES.length} needles`,
    );
  });

  it('a restore or an import never brings an erased candidate back', async () => {
    const { s, api, backups, saved } = await withEveryCopy();
    const exported = value(await api.call('transfer.exportWorkspace', {}));
    value(await api.call('privacy.eraseCandidate', { id: s.grace.id, confirmName: NAME }));

    // A copy saved elsewhere before the erasure, restored afterwards: erased again at once.
    const restored = value(await api.call('backups.restore', { fileName: 'old.sqlite', base64: saved.base64 }));
    expect(value(await api.call('candidates.get', { id: s.grace.id })).name).toBe(ERASED_CANDIDATE_NAME);
    expect(value(await api.call('activity.list', { limit: 1 }))[0]?.summary).toBe(
      `Restored from old.sqlite; the data as it was is kept as ${restored.previousKeptAs}; erased again a candidate erased after that copy was made`,
    );
    expect(rawHits(everyFile(dir), NEEDLES)).toEqual([]);

    // Copied back into the backups folder by hand, then the database lost: recovery restores it, erased.
    const stale = 'principled-manual-2026-01-01T00-00-00-000Z.sqlite';
    writeFileSync(join(backups, stale), Buffer.from(saved.base64, 'base64'));
    const file = workspace?.file ?? '';
    workspace?.close();
    writeFileSync(file, 'not a database');
    rmSync(`${file}-wal`, { force: true });
    workspace = await openWorkspaceSafely(dir, { clock: tickingClock('2026-03-03T09:00:00Z') });
    const again = inProcessClient(workspace);
    expect(value(await again.call('recovery.status', {})).state).toBe('recovery');
    value(await again.call('recovery.restore', { name: stale }));
    expect(value(await again.call('candidates.get', { id: s.grace.id })).name).toBe(ERASED_CANDIDATE_NAME);
    expect(rawHits([file, ...everyFile(backups)], NEEDLES)).toEqual([]);

    // A fresh start keeps the list of erased ids, so the export made before the erasure imports erased.
    workspace.close();
    writeFileSync(file, 'not a database');
    workspace = await openWorkspaceSafely(dir, { clock: tickingClock('2026-03-04T09:00:00Z') });
    const fresh = inProcessClient(workspace);
    value(await fresh.call('recovery.startFresh', {}));
    const imported = value(await fresh.call('transfer.importWorkspace', { json: exported.json }));
    expect(imported.tables.candidates).toBe(2);
    expect(value(await fresh.call('candidates.get', { id: s.grace.id })).name).toBe(ERASED_CANDIDATE_NAME);
    expect(value(await fresh.call('activity.list', { limit: 1 }))[0]?.summary).toMatch(/; erased again a candidate erased after the export$/);
    expect(rawHits(workspaceFiles(file), NEEDLES)).toEqual([]);
  });
});

describe('redacting free text', () => {
  it('erases the full name, each name part of 3+ letters and the email, in any case, as whole words', () => {
    const r = candidateRedactor('Ann-Marie de la Cruz', 'amc@mail.example');
    expect(nameParts('Ann-Marie de la Cruz')).toEqual(['Ann-Marie', 'Marie', 'Cruz', 'Ann']);
    expect(r.all('ANN-MARIE DE LA CRUZ wrote to AMC@mail.example; Ann said the annual plan is Cruz-approved, de la mode.')).toBe(
      '[erased] wrote to [erased]; [erased] said the annual plan is [erased]-approved, de la mode.',
    );
    // Elsewhere only what identifies her alone: another Ann keeps her name.
    expect(r.identifiers('Ann from sales met ann-marie   de la cruz (amc@mail.example)')).toBe('Ann from sales met [erased] ([erased])');
  });

  it('handles names with accents in either Unicode form and names with regex characters', () => {
    const r = candidateRedactor('José Ñúñez', '');
    expect(r.all('jos\u0065\u0301 and JOSÉ and Ñúñez'.normalize('NFD'))).toBe('[erased] and [erased] and [erased]');
    expect(candidateRedactor('A.J. (Bo) Smith+', '').all('A.J. (Bo) Smith+ and Smith')).toBe('[erased] and [erased]');
  });

  it('counts calendar months back, clamping to the end of a shorter month', () => {
    expect(monthsBefore('2024-03-31T10:00:00.000Z', 1)).toBe('2024-02-29T10:00:00.000Z');
    expect(monthsBefore('2024-09-01T12:00:00.000Z', 6)).toBe('2024-03-01T12:00:00.000Z');
    expect(monthsBefore('2024-01-15T00:00:00.000Z', 120)).toBe('2014-01-15T00:00:00.000Z');
  });
});

describe('privacy.retention', () => {
  let dir = '';
  let workspace: Workspace | null = null;
  afterEach(() => {
    workspace?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists candidates with no activity on them or their loops for N months, oldest first, never erased ones', async () => {
    let now = new Date('2024-01-15T09:00:00Z');
    dir = mkdtempSync(join(tmpdir(), 'principled-retention-'));
    workspace = openWorkspace(dir, { clock: () => now, onInternalError: (method, error) => console.error(method, error) });
    const api = inProcessClient(workspace);
    value(await api.call('workspace.start', { starter: false }));
    const admin = value(await api.call('team.create', { name: 'Adm', capabilities: ['admin'] }));
    value(await api.call('settings.setMe', { memberId: admin.id }));
    const role = value(await api.call('roles.create', { title: 'Designer' }));
    const a = value(await api.call('candidates.create', { name: 'Ada Old' }));
    const b = value(await api.call('candidates.create', { name: 'Bob Looped' }));
    now = new Date('2024-03-01T09:00:00Z');
    value(await api.call('loops.create', { candidateId: b.id, roleId: role.id }));
    now = new Date('2024-06-10T09:00:00Z');
    const c = value(await api.call('candidates.create', { name: 'Cy Recent' }));
    now = new Date('2024-09-01T12:00:00Z');

    const list = async (months: number) => value(await api.call('privacy.retention', { months }));
    expect(await list(6)).toEqual([
      { id: a.id, name: 'Ada Old', lastActivityAt: '2024-01-15T09:00:00.000Z' },
      { id: b.id, name: 'Bob Looped', lastActivityAt: '2024-03-01T09:00:00.000Z' },
    ]);
    expect((await list(7)).map((x) => x.id)).toEqual([a.id]);
    expect((await list(2)).map((x) => x.id)).toEqual([a.id, b.id, c.id]);
    expect(await list(120)).toEqual([]);

    value(await api.call('privacy.eraseCandidate', { id: a.id, confirmName: 'Ada Old' }));
    expect((await list(2)).map((x) => x.id)).toEqual([b.id, c.id]);

    for (const months of [0, 121, 1.5, '6', null]) {
      expect(failure(await api.call('privacy.retention', { months } as never)).code, String(months)).toBe('VALIDATION');
    }
  });
});
