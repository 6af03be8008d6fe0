import { useEffect, useRef, useState } from 'react';
import type { ApiError, ApiResult } from '../../core/api/contract/result';
import type { Draft } from './useDraft';
import { useDebounced } from './useDebounced';

// useEditorForm's autosave option: the server keeps a draft of the form as the user types, while the
// device's buffer (useDraft) covers the gap until each save lands.

export interface AutosaveOptions<T> {
  /** Writes the form to the server as a draft; partial is fine. */
  save(form: T): Promise<ApiResult<{ updatedAt: string }>>;
  /** What the server would hold for this form, compared to decide whether a save is needed. */
  snapshot(form: T): string;
  /** The snapshot of what the server holds as the form opens. */
  saved: string;
  /** When the server saved it last; null when it holds nothing yet. */
  savedAt: string | null;
  /** A refusal that is not about the form (its author is no longer "me"): shown as a conflict until `retry()`. */
  isConflict?(error: ApiError): boolean;
  delayMs?: number;
}

export type AutosaveState =
  | { state: 'idle' }
  | { state: 'saving' }
  | { state: 'saved'; at: string }
  | { state: 'error'; message: string }
  /** Nothing is saved until the cause goes (the author is "me" again) and `retry()` runs. */
  | { state: 'conflict'; message: string };

const noConflict = () => false;

export function useFormAutosave<T>(draft: Draft<T>, options: AutosaveOptions<T> | undefined, onFieldErrors: (error: ApiError) => void) {
  const snapshot = options?.snapshot(draft.value) ?? '';
  const [savedSnapshot, setSavedSnapshot] = useState(() => options?.saved ?? '');
  const [state, setState] = useState<AutosaveState>(() => (options?.savedAt ? { state: 'saved', at: options.savedAt } : { state: 'idle' }));
  // Set while the form is submitted, so a late autosave neither races the submission nor revives the draft.
  const held = useRef(false);
  // The form as it is now, for replies that must not clear or resend an older text.
  const latest = useRef({ form: draft.value, snapshot });
  useEffect(() => {
    latest.current = { form: draft.value, snapshot };
  }, [draft.value, snapshot]);
  const isConflict = options?.isConflict ?? noConflict;

  async function run() {
    if (!options || held.current) return;
    const { form, snapshot: sent } = latest.current;
    setState({ state: 'saving' });
    const result = await options.save(form);
    if (held.current) return;
    if (result.ok) {
      setSavedSnapshot(sent);
      setState({ state: 'saved', at: result.value.updatedAt });
      // The server has it now; a newer edit typed meanwhile keeps its buffer until its own save.
      if (latest.current.snapshot === sent) draft.clear();
    } else if (isConflict(result.error)) {
      setState({ state: 'conflict', message: result.error.message });
    } else {
      setState({ state: 'error', message: result.error.message });
      if (result.error.issues?.length) onFieldErrors(result.error);
    }
  }

  useDebounced(snapshot, options ? savedSnapshot : snapshot, () => void run(), options?.delayMs ?? 700);

  return {
    state,
    /** True while the form holds changes the server does not have yet. */
    pending: options !== undefined && snapshot !== savedSnapshot,
    hold(on: boolean) {
      held.current = on;
    },
    /** After an edit: the last save's outcome no longer describes the form, unless a save runs or is refused for a conflict. */
    changed() {
      if (options && !held.current) setState((s) => (s.state === 'saving' || s.state === 'conflict' ? s : { state: 'idle' }));
    },
    /** Try again after a conflict has gone. */
    retry() {
      if (state.state === 'conflict') void run();
    },
    isConflict,
  };
}
