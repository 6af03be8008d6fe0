import { describe, expect, it } from 'vitest';
import type { ApiResult } from '../../core/api/contract/result';
import {
  draftStorageKey,
  feedbackDraftIsStale,
  feedbackDraftKey,
  ME_KEY,
  noteMe,
  parseFeedbackDraftKey,
  purgeStaleDrafts,
  writeDraft,
  type DraftLookups,
  type DraftStorage,
} from '../../renderer/components/draftBuffer';

/** Web Storage over a Map, in insertion order like the browser's. */
class MapStorage implements DraftStorage {
  readonly items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  key(i: number) {
    return [...this.items.keys()][i] ?? null;
  }
  getItem(k: string) {
    return this.items.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.items.set(k, v);
  }
  removeItem(k: string) {
    this.items.delete(k);
  }
}

const ANA = '01900000-0000-7000-8000-00000000a0a0';
const BEN = '01900000-0000-7000-8000-00000000b0b0';
const LOOP = '01900000-0000-7000-8000-000000001001';
const SLOT = '01900000-0000-7000-8000-000000005001';
const write = feedbackDraftKey({ loopId: LOOP, slotId: SLOT });
const amend = feedbackDraftKey({ loopId: LOOP, slotId: SLOT, amendVersion: 2 });

type Mine = Parameters<typeof feedbackDraftIsStale>[2];
const ok = <T>(value: T): ApiResult<T> => ({ ok: true, value });
const err = (code: 'NOT_FOUND' | 'FORBIDDEN' | 'INTERNAL'): ApiResult<never> => ({ ok: false, error: { code, message: code } });
const record = (status: 'draft' | 'submitted', version: number, updatedAt: string) =>
  ({ status, version, updatedAt }) as unknown as NonNullable<Extract<Mine, { ok: true }>['value']['current']>;
const mine = (current: ReturnType<typeof record> | null, candidateName = 'Grace Hopper', slotId: string | null = SLOT): Mine =>
  ok({ slotId, candidateName, current });

describe('feedback draft keys', () => {
  it('name the member, the loop, the slot and the amended version', () => {
    expect(draftStorageKey(write, ANA)).toBe(`principled.draft.member.${ANA}.feedback.${LOOP}.${SLOT}.write`);
    expect(parseFeedbackDraftKey(amend)).toEqual({ loopId: LOOP, slotId: SLOT, amendVersion: 2 });
    expect(parseFeedbackDraftKey(feedbackDraftKey({ loopId: LOOP, slotId: null }))).toEqual({ loopId: LOOP, slotId: null, amendVersion: null });
    expect(parseFeedbackDraftKey(`feedback.${LOOP}.${ANA}.write.extra`)).toBeNull();
  });
});

describe('writeDraft', () => {
  it('buffers an owned draft only while its owner is "me"', () => {
    const s = new MapStorage();
    noteMe(s, ANA);
    expect(writeDraft(s, draftStorageKey(write, ANA), { reasonToHire: 'a' })).toBe(true);
    expect(s.getItem(draftStorageKey(write, ANA))).toBe('{"reasonToHire":"a"}');
    // Another tab switched to Ben: this tab's next keystroke leaves nothing of Ana's behind.
    s.setItem(ME_KEY, BEN);
    expect(writeDraft(s, draftStorageKey(write, ANA), { reasonToHire: 'ab' })).toBe(false);
    expect(s.getItem(draftStorageKey(write, ANA))).toBeNull();
  });

  it('writes drafts nobody owns (a principle edit) whoever is "me"', () => {
    const s = new MapStorage();
    expect(writeDraft(s, draftStorageKey('principle.new.0'), { name: 'x' })).toBe(true);
  });
});

describe('noteMe', () => {
  it("drops every owned draft of anyone else and unowned personal ones from before, keeping mine and others' editors", () => {
    const s = new MapStorage();
    s.setItem(draftStorageKey(write, ANA), '{}');
    s.setItem(draftStorageKey(amend, ANA), '{}');
    s.setItem(draftStorageKey('candidate.x.1', ANA), '{}');
    s.setItem(draftStorageKey(write, BEN), '{}');
    s.setItem(`principled.draft.feedback.${LOOP}.${ANA}.write`, '{}');
    s.setItem(`principled.draft.debrief.${LOOP}.notes`, '"notes"');
    s.setItem('principled.draft.principle.new.0', '{}');
    expect(noteMe(s, BEN)).toBe(5);
    expect([...s.items.keys()].sort()).toEqual([ME_KEY, draftStorageKey(write, BEN), 'principled.draft.principle.new.0'].sort());
    expect(s.getItem(ME_KEY)).toBe(BEN);
    noteMe(s, null);
    expect([...s.items.keys()].sort()).toEqual([ME_KEY, 'principled.draft.principle.new.0'].sort());
  });
});

describe('feedbackDraftIsStale', () => {
  const ref = { loopId: LOOP, slotId: SLOT };
  it.each<[string, { amendVersion?: number }, string | null, Mine, boolean]>([
    ['the loop is gone', {}, '2026-01-01T10:00:00Z', err('NOT_FOUND'), true],
    ['I am no longer on the loop', {}, '2026-01-01T10:00:00Z', err('FORBIDDEN'), true],
    ['the server could not answer: keep it', {}, '2026-01-01T10:00:00Z', err('INTERNAL'), false],
    ['the candidate was erased', {}, '2026-01-01T10:00:00Z', mine(null, 'Erased candidate'), true],
    ['I now have another slot', {}, '2026-01-01T10:00:00Z', mine(null, 'Grace Hopper', 'other'), true],
    ['nothing on the server yet: keep it', {}, '2026-01-01T10:00:00Z', mine(null), false],
    ['the server has this or newer', {}, '2026-01-01T10:00:00Z', mine(record('draft', 1, '2026-01-01T10:00:00Z')), true],
    ['newer than the server: keep it', {}, '2026-01-01T10:00:01Z', mine(record('draft', 1, '2026-01-01T10:00:00Z')), false],
    ['already submitted', {}, '2026-01-01T11:00:00Z', mine(record('submitted', 1, '2026-01-01T10:00:00Z')), true],
    ['an amendment of the current version: keep it', { amendVersion: 2 }, null, mine(record('submitted', 2, '2026-01-01T10:00:00Z')), false],
    ['an amendment of a superseded version', { amendVersion: 1 }, null, mine(record('submitted', 2, '2026-01-01T10:00:00Z')), true],
  ])('%s', (_name, extra, editedAt, answer, stale) => {
    expect(feedbackDraftIsStale({ ...ref, ...extra }, editedAt, answer)).toBe(stale);
  });
});

describe('purgeStaleDrafts', () => {
  it("forgets others' drafts, then asks the server about mine and drops the stale ones only", async () => {
    const s = new MapStorage();
    const gone = feedbackDraftKey({ loopId: '01900000-0000-7000-8000-00000000dead', slotId: SLOT });
    s.setItem(draftStorageKey(write, ANA), JSON.stringify({ editedAt: '2026-01-01T10:00:05Z' }));
    s.setItem(draftStorageKey(amend, ANA), '{}');
    s.setItem(draftStorageKey(gone, ANA), '{}');
    s.setItem(draftStorageKey('candidate.c1.3', ANA), '{}');
    s.setItem(draftStorageKey('candidate.new.0', ANA), '{}');
    s.setItem(draftStorageKey(`debrief.${LOOP}.notes`, ANA), '""');
    s.setItem(draftStorageKey(write, BEN), '{}');
    const asked: string[] = [];
    const lookups: DraftLookups = {
      feedbackMine: (loopId) => {
        asked.push(loopId);
        return Promise.resolve(loopId === LOOP ? mine(record('draft', 1, '2026-01-01T10:00:00Z')) : err('NOT_FOUND'));
      },
      candidate: () => Promise.resolve(ok({ name: 'Erased candidate' })),
      loop: () => Promise.resolve(ok({ candidate: { name: 'Grace Hopper' } })),
    };
    expect(await purgeStaleDrafts(s, ANA, lookups)).toBe(4);
    expect([...s.items.keys()].sort()).toEqual(
      [ME_KEY, draftStorageKey(write, ANA), draftStorageKey('candidate.new.0', ANA), draftStorageKey(`debrief.${LOOP}.notes`, ANA)].sort(),
    );
    // One question per loop, however many drafts it has.
    expect(asked.sort()).toEqual([LOOP, '01900000-0000-7000-8000-00000000dead'].sort());
  });
});
