import { useState } from 'react';
import type { MyFeedback } from '../../../core/api/contract/feedback';
import type { LoopStatus } from '../../../core/api/contract/loops';
import { draftStorageKey, feedbackDraftIsStale, feedbackDraftKey, readDraft } from '../../components/draftBuffer';
import type { ApiQueryError } from '../../data/queryClient';
import { useApiQuery } from '../../data/useApi';

/** Where this loop's feedback (or an amendment of `amendVersion`) is buffered, and under whose name. */
export function draftRefOf(mine: MyFeedback, amendVersion: number | null = null) {
  const key = feedbackDraftKey({ loopId: mine.loopId, slotId: mine.slotId, amendVersion });
  return { key, storageKey: draftStorageKey(key, mine.authorId) };
}

/** Drops this device's copy when it is stale: the server has that text or newer, or it was submitted. */
function dropStaleDraft(mine: MyFeedback): void {
  const { storageKey } = draftRefOf(mine);
  const local = readDraft<{ editedAt?: string }>(localStorage, storageKey);
  if (local && feedbackDraftIsStale({ loopId: mine.loopId, slotId: mine.slotId }, local.editedAt ?? null, { ok: true, value: mine })) {
    localStorage.removeItem(storageKey);
  }
}

/** An amendment typed on this device and not yet submitted reopens as one. */
function amendingOnOpen(mine: MyFeedback): boolean {
  const current = mine.current;
  return current?.status === 'submitted' && readDraft(localStorage, draftRefOf(mine, current.version).storageKey) !== null;
}

interface Opened {
  mine: MyFeedback;
  amending: boolean;
}

export interface MyFeedbackView {
  error: ApiQueryError | null;
  loaded: (Opened & { status: LoopStatus | null }) | null;
  setAmending(on: boolean): void;
}

/**
 * My feedback in a loop, kept fresh by the cache, for the author the form was
 * opened as. Switching "me" (here or in another tab: every tab follows the
 * server's "me") changes what `feedback.mine` answers, but the open form stays
 * its author's — its saves are then refused, never made as someone else. The
 * form opens as the new "me" only when it is opened again, and never on an
 * answer cached for whoever "me" was before (`me` is who opens it now).
 */
export function useMyFeedback(loopId: string, me: string | null): MyFeedbackView {
  const mineQuery = useApiQuery('feedback.mine', { loopId });
  const loopQuery = useApiQuery('loops.get', { id: loopId });
  const [opened, setOpened] = useState<Opened | null>(null);
  const data = mineQuery.data;
  if (data && data !== opened?.mine && data.authorId === (opened ? opened.mine.authorId : me)) {
    const fresh = !opened || data.authorId !== opened.mine.authorId;
    // Before the editor reads this device's buffer.
    if (fresh) dropStaleDraft(data);
    setOpened({ mine: data, amending: fresh ? amendingOnOpen(data) : opened.amending });
  }
  const ready = opened && !loopQuery.isPending;
  return {
    // Once open, a refusal meant for whoever another tab switched to does not take the form away.
    error: opened ? null : mineQuery.error,
    loaded: ready ? { ...opened, status: loopQuery.data?.loop.status ?? null } : null,
    setAmending: (on) => setOpened((o) => (o ? { ...o, amending: on } : o)),
  };
}
