import Database from 'better-sqlite3-multiple-ciphers';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EvidenceSearchResult } from '../../core/api/contract/evidence';
import { DATABASE_FILE_NAME } from '../../db/open';
import { failure, interviewingLoop, value } from '../support/company';
import { workspacePerTest } from '../support/workspace';

// Made-up words no tokenizer rule changes (the index stems: "escalated" → "escal"), with prefixes no other
// term shares, so the index stores each whole on its page: a search of the raw bytes can find it.
const SECRET = 'qqzorbflux';
const TRAINING = 'zzvextrom';

const NONE = { total: 0, hasMore: false, items: [] };
const hitsFor = (r: EvidenceSearchResult) => r.items.map((i) => ({ author: i.authorName, kind: i.kind, field: i.field }));

describe('evidence.search', () => {
  const w = workspacePerTest();

  async function submittedByCeo() {
    const s = await interviewingLoop(w.api);
    await s.as(s.ceo.id);
    const ceoFeedback = s.complete(s.slotOf(s.ceo.id), 'inclined', 3);
    ceoFeedback.ratings = ceoFeedback.ratings.map((r) => ({
      ...r,
      evidence: { ...r.evidence, action: `I rewrote the ${SECRET} pipeline myself, and the ${SECRET} alerts went quiet.` },
    }));
    value(await w.api.call('feedback.submit', ceoFeedback));
    return s;
  }

  it('is blind: an interviewer who has not submitted gets no hit and no count from the others; after submitting, they do', async () => {
    const s = await submittedByCeo();
    const search = async (query: string) => value(await w.api.call('evidence.search', { query }));

    // Eng interviews too and has only a draft: nothing, not even a count.
    await s.as(s.eng.id);
    value(await w.api.call('feedback.saveDraft', { ...s.mine(), reasonToHire: 'first thoughts' }));
    expect(await search(SECRET)).toEqual(NONE);
    // The shadow, before their training feedback, and an admin outside the loop: nothing either.
    await s.as(s.ops.id);
    expect(await search(SECRET)).toEqual(NONE);
    await s.as(s.admin.id);
    expect(await search(SECRET)).toEqual(NONE);
    // The hiring manager and the bar raiser, with no slot: at once.
    await s.as(s.cto.id);
    expect((await search(SECRET)).total).toBe(1);
    await s.as(s.sales.id);
    expect((await search(SECRET)).total).toBe(1);

    await s.as(s.eng.id);
    expect(await search(SECRET)).toEqual(NONE);
    // Submitting is what opens the others' feedback, in the same session: nothing worked out before it still holds.
    value(await w.api.call('feedback.submit', s.complete(s.slotOf(s.eng.id), 'inclined', 3)));
    const after = await search(`${SECRET.toUpperCase()} pipelines`);
    expect(after.total).toBe(1);
    const [hit] = after.items;
    expect(hit).toMatchObject({
      loopId: s.loop.id,
      candidateId: s.candidate.id,
      candidateName: s.candidate.name,
      roleTitle: s.role.title,
      principleId: s.slotOf(s.ceo.id)[0],
      authorId: s.ceo.id,
      authorName: 'Ceo',
      kind: 'interview',
      field: 'action',
    });
    // Every highlighted stretch is a word searched for, in any form ("pipelines" finds "pipeline").
    expect(hit?.highlights.map((h) => hit.snippet.slice(h.start, h.end))).toEqual([SECRET, 'pipeline', SECRET]);
    // Words in both: Eng's own feedback and Ceo's.
    expect((await search('payment service')).items.map((i) => i.authorName).sort()).toEqual(['Ceo', 'Eng']);
  });

  it("keeps the shadows' training feedback for the hiring manager and bar raiser, and drafts out of every search", async () => {
    const s = await submittedByCeo();
    await s.as(s.eng.id);
    value(await w.api.call('feedback.submit', s.complete(s.slotOf(s.eng.id), 'inclined', 3)));
    await s.as(s.ops.id);
    const training = s.complete([...s.slotOf(s.eng.id), ...s.slotOf(s.ceo.id)], 'inclined', 3);
    training.ratings = training.ratings.map((r) => ({ ...r, evidence: { ...r.evidence, result: `The ${TRAINING} backlog was cleared.` } }));
    value(await w.api.call('feedback.saveDraft', training));
    await s.as(s.cto.id);
    expect(value(await w.api.call('evidence.search', { query: TRAINING })).total).toBe(0);

    await s.as(s.ops.id);
    value(await w.api.call('feedback.submit', training));
    await s.as(s.cto.id);
    const hm = value(await w.api.call('evidence.search', { query: TRAINING }));
    expect(hitsFor(hm)).toEqual([
      { author: 'Ops', kind: 'training', field: 'result' },
      { author: 'Ops', kind: 'training', field: 'result' },
    ]);
    // An interviewer who has submitted reads the interview feedback, not the training feedback.
    await s.as(s.eng.id);
    expect(value(await w.api.call('evidence.search', { query: TRAINING }))).toEqual(NONE);
    // The shadow, having submitted, reads the interview feedback, as feedback.list shows it.
    await s.as(s.ops.id);
    expect(value(await w.api.call('evidence.search', { query: SECRET })).total).toBe(1);
  });

  it('pages through the hits newest first, the total counting only what the caller may read', async () => {
    const s = await submittedByCeo();
    await s.as(s.eng.id);
    value(await w.api.call('feedback.submit', s.complete(s.slotOf(s.eng.id), 'inclined', 3)));
    await s.as(s.cto.id);
    const all = value(await w.api.call('evidence.search', { query: 'night' }));
    expect([all.total, all.hasMore]).toEqual([2, false]);
    // Newest first: Eng submitted last.
    expect(all.items.map((i) => i.authorName)).toEqual(['Eng', 'Ceo']);
    const first = value(await w.api.call('evidence.search', { query: 'night', limit: 1 }));
    expect(first.hasMore).toBe(true);
    const second = value(await w.api.call('evidence.search', { query: 'night', limit: 1, offset: 1 }));
    expect(second.hasMore).toBe(false);
    expect([...first.items, ...second.items]).toEqual(all.items);
    expect(value(await w.api.call('evidence.search', { query: 'night', offset: 5 }))).toEqual({ total: 2, hasMore: false, items: [] });
    // Only punctuation: no words to look for.
    expect(value(await w.api.call('evidence.search', { query: '"*:' }))).toEqual(NONE);
  });

  it('refuses bad input naming the field, and a caller who is nobody', async () => {
    const s = await interviewingLoop(w.api);
    await s.as(s.cto.id);
    for (const [input, path] of [
      [{ query: '' }, 'query'],
      [{ query: 'x'.repeat(201) }, 'query'],
      [{ query: 'night', limit: 51 }, 'limit'],
      [{ query: 'night', offset: -1 }, 'offset'],
      [{ query: 'night', extra: 1 }, ''],
    ] as const) {
      const error = failure(await w.api.call('evidence.search', input as never));
      expect(error.code).toBe('VALIDATION');
      if (path) expect(error.issues?.map((i) => i.path)).toEqual([path]);
    }
    value(await w.api.call('settings.setMe', { memberId: null }));
    expect(failure(await w.api.call('evidence.search', { query: 'night' })).code).toBe('FORBIDDEN');
  });

  it("forgets an erased candidate's evidence: gone from results and from the index's own tables and bytes", async () => {
    const s = await submittedByCeo();
    const file = join(w.t.dir, DATABASE_FILE_NAME);
    const files = () => [file, `${file}-wal`].filter((f) => existsSync(f));
    const inBytes = () => files().some((f) => readFileSync(f).includes(Buffer.from(SECRET)));
    const inIndexTables = () => {
      const db = new Database(file, { readonly: true });
      try {
        const rows = db.prepare(`SELECT block FROM evidence_fts_data`).all() as { block: Buffer | null }[];
        return rows.some((r) => r.block?.includes(Buffer.from(SECRET)));
      } finally {
        db.close();
      }
    };
    await s.as(s.cto.id);
    expect(value(await w.api.call('evidence.search', { query: SECRET })).total).toBe(1);
    // The check can see the word where it is: in the index's shadow table and in the files.
    expect(inIndexTables()).toBe(true);
    expect(inBytes()).toBe(true);

    await s.as(s.admin.id);
    value(await w.api.call('privacy.eraseCandidate', { id: s.candidate.id, confirmName: s.candidate.name }));
    await s.as(s.cto.id);
    expect(value(await w.api.call('evidence.search', { query: SECRET }))).toEqual(NONE);
    // "[erased]" is what is left of it; nothing of an erased candidate is a search result.
    expect(value(await w.api.call('evidence.search', { query: 'erased' }))).toEqual(NONE);
    expect(inIndexTables()).toBe(false);
    expect(inBytes()).toBe(false);
  });
});
