import type { MyFeedback } from '../../core/api/contract/feedback';
import { ERASED_CANDIDATE_NAME } from '../../core/api/contract/erasedNames';
import type { ApiResult } from '../../core/api/contract/result';

/**
 * Unsaved edits kept in browser storage so a reload or a crash loses nothing. Drafts that can hold what
 * someone wrote about a candidate (feedback, amendments, candidate profiles, debrief notes) are "owned":
 * their key names the member who wrote them, they are written only while that member is "me", and they
 * go as soon as "me" changes, the server has them, or what they belong to is gone or erased. The
 * server's database is where drafts live; this is only a crash buffer.
 */

/** The part of Web Storage the buffer uses, so tests can hand it a plain map. */
export interface DraftStorage {
  readonly length: number;
  key(index: number): string | null;
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export const DRAFT_PREFIX = 'principled.draft.';
const OWNED_PREFIX = `${DRAFT_PREFIX}member.`;
/** Who "me" was when any tab of this browser last heard from the server; shared by all tabs. */
export const ME_KEY = 'principled.me';
const NOBODY = 'nobody';
/** Kinds whose drafts may carry candidate data; an unowned one is from before drafts were owned. */
const PERSONAL_KINDS = ['feedback', 'candidate', 'debrief'];

export const ownerToken = (memberId: string | null): string => memberId ?? NOBODY;

/** Where a draft is stored: owned drafts under their author, others as they always were. */
export function draftStorageKey(key: string, owner?: string | null): string {
  return owner === undefined ? DRAFT_PREFIX + key : `${OWNED_PREFIX}${ownerToken(owner)}.${key}`;
}

export interface OwnedDraft {
  storageKey: string;
  owner: string;
  /** The key without prefix or owner, e.g. `feedback.<loop>.<slot>.write`. */
  key: string;
}

function ownedDraft(storageKey: string): OwnedDraft | null {
  if (!storageKey.startsWith(OWNED_PREFIX)) return null;
  const rest = storageKey.slice(OWNED_PREFIX.length);
  const dot = rest.indexOf('.');
  return dot > 0 ? { storageKey, owner: rest.slice(0, dot), key: rest.slice(dot + 1) } : null;
}

function storageKeys(storage: DraftStorage): string[] {
  const keys: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key !== null) keys.push(key);
  }
  return keys;
}

export function listOwnedDrafts(storage: DraftStorage): OwnedDraft[] {
  return storageKeys(storage).flatMap((k) => ownedDraft(k) ?? []);
}

export function readDraft<T>(storage: DraftStorage, storageKey: string): T | null {
  const saved = storage.getItem(storageKey);
  if (saved === null) return null;
  try {
    return JSON.parse(saved) as T;
  } catch {
    storage.removeItem(storageKey);
    return null;
  }
}

/**
 * Buffers an edit. An owned draft is written only while its owner is "me": a tab left open after
 * another tab switched to someone else keeps the text on screen but leaves nothing of it in storage.
 */
export function writeDraft(storage: DraftStorage, storageKey: string, value: unknown): boolean {
  const owned = ownedDraft(storageKey);
  if (owned && storage.getItem(ME_KEY) !== owned.owner) {
    storage.removeItem(storageKey);
    return false;
  }
  storage.setItem(storageKey, JSON.stringify(value));
  return true;
}

/** Records who "me" is now and drops every owned draft of anyone else, and any unowned personal one. */
export function noteMe(storage: DraftStorage, memberId: string | null): number {
  const me = ownerToken(memberId);
  storage.setItem(ME_KEY, me);
  let removed = 0;
  for (const key of storageKeys(storage)) {
    const owned = ownedDraft(key);
    const legacy = !owned && PERSONAL_KINDS.some((kind) => key.startsWith(`${DRAFT_PREFIX}${kind}.`));
    if ((owned && owned.owner !== me) || legacy || (key.startsWith(OWNED_PREFIX) && !owned)) {
      storage.removeItem(key);
      removed++;
    }
  }
  return removed;
}

export interface FeedbackDraftRef {
  loopId: string;
  /** The interview slot, or null for a shadow's training feedback. */
  slotId: string | null;
  /** Set for an amendment of this submitted version. */
  amendVersion?: number | null;
}

export function feedbackDraftKey({ loopId, slotId, amendVersion }: FeedbackDraftRef): string {
  return `feedback.${loopId}.${slotId ?? 'training'}.${amendVersion ? `amend.v${amendVersion}` : 'write'}`;
}

export function parseFeedbackDraftKey(key: string): FeedbackDraftRef | null {
  const m = /^feedback\.([^.]+)\.([^.]+)\.(?:write|amend\.v(\d+))$/.exec(key);
  if (!m?.[1] || !m[2]) return null;
  return { loopId: m[1], slotId: m[2] === 'training' ? null : m[2], amendVersion: m[3] ? Number(m[3]) : null };
}

/**
 * Whether a buffered feedback draft must go, given what the server says about that loop now: the
 * loop is gone or no longer mine, its candidate was erased, the server already has this text, or the
 * version an amendment was started from is no longer current. A failure that says nothing about the
 * draft (the server unreachable, say) keeps it.
 */
export function feedbackDraftIsStale(
  ref: FeedbackDraftRef,
  editedAt: string | null,
  answer: ApiResult<Pick<MyFeedback, 'slotId' | 'candidateName' | 'current'>>,
): boolean {
  if (!answer.ok) return answer.error.code === 'NOT_FOUND' || answer.error.code === 'FORBIDDEN';
  const { slotId, candidateName, current } = answer.value;
  if (candidateName === ERASED_CANDIDATE_NAME || slotId !== ref.slotId) return true;
  if (ref.amendVersion) return current?.status !== 'submitted' || current.version !== ref.amendVersion;
  if (current?.status === 'submitted') return true;
  return current !== null && (editedAt ?? '') <= current.updatedAt;
}

export interface DraftLookups {
  feedbackMine(loopId: string): Promise<ApiResult<Pick<MyFeedback, 'slotId' | 'candidateName' | 'current'>>>;
  candidate(id: string): Promise<ApiResult<{ name: string }>>;
  loop(id: string): Promise<ApiResult<{ candidate: { name: string } }>>;
}

/**
 * On start (and after an erasure): forgets everyone else's drafts, then asks the server about each of
 * mine and drops those it says are stale. Returns how many drafts were removed.
 */
export async function purgeStaleDrafts(storage: DraftStorage, memberId: string | null, ask: DraftLookups): Promise<number> {
  let removed = noteMe(storage, memberId);
  const mineByLoop = new Map<string, ReturnType<DraftLookups['feedbackMine']>>();
  for (const draft of listOwnedDrafts(storage)) {
    const [kind, id] = draft.key.split('.');
    let stale = false;
    if (kind === 'feedback') {
      const ref = parseFeedbackDraftKey(draft.key);
      if (!ref) stale = true;
      else {
        if (!mineByLoop.has(ref.loopId)) mineByLoop.set(ref.loopId, ask.feedbackMine(ref.loopId));
        const answer = await (mineByLoop.get(ref.loopId) as ReturnType<DraftLookups['feedbackMine']>);
        stale = feedbackDraftIsStale(ref, readDraft<{ editedAt?: string }>(storage, draft.storageKey)?.editedAt ?? null, answer);
      }
    } else if (kind === 'candidate' && id && id !== 'new') {
      const answer = await ask.candidate(id);
      stale = answer.ok ? answer.value.name === ERASED_CANDIDATE_NAME : answer.error.code === 'NOT_FOUND';
    } else if (kind === 'debrief' && id) {
      const answer = await ask.loop(id);
      stale = answer.ok ? answer.value.candidate.name === ERASED_CANDIDATE_NAME : answer.error.code === 'NOT_FOUND';
    }
    if (stale) {
      storage.removeItem(draft.storageKey);
      removed++;
    }
  }
  return removed;
}
