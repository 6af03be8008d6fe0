import { useRef, useState, type FormEvent } from 'react';
import type { ApiError, ApiResult } from '../../core/api/contract/result';
import { fieldErrorsFromApi, withoutErrors, type FieldErrors } from '../api/fieldErrors';
import type { Draft } from './useDraft';
import { afterErrorsRender, focusFirstError } from './focusFirstError';
import { useShortcut } from './useShortcut';
import { useFormAutosave, type AutosaveOptions } from './formAutosave';

export type { AutosaveOptions, AutosaveState } from './formAutosave';

export interface EditorFormOptions<T, V> {
  draft: Draft<T>;
  /**
   * Checked before the round trip, so most mistakes show without waiting for the API: the API's own zod
   * schema (cross-field rules included), plus whatever only the form knows (the linter's blocking findings,
   * feedback's completeness against the principles assigned).
   */
  validate(form: T): FieldErrors;
  submit(form: T): Promise<ApiResult<V>>;
  /** Called after the draft is cleared, and awaited: a store reload can finish before the editor closes. */
  onSaved(value: V): void | Promise<void>;
  /** Called after the draft is cleared, so a cancelled edit is not restored next time. */
  onCancel?(): void;
  /**
   * The form-level message after a refused check when no field in error is on screen to name; a function
   * gets the errors, to count them.
   */
  invalidMessage?: string | ((errors: FieldErrors) => string);
  /** Escape closes an editor panel; a form that is the page itself has nothing to close. */
  cancelOnEscape?: boolean;
  /** Someone who may not save sees the form, but the submit shortcut does nothing. */
  readOnly?: boolean;
  /** The key that submits: Ctrl/Cmd+S for editors; the feedback form submits with Ctrl/Cmd+Enter. */
  submitShortcut?: string;
  /**
   * `form`: the shortcuts act only while the focus is inside the element given to `formRef`, for pages that
   * hold several forms (the debrief's notes, re-vote, decision and verdict).
   */
  shortcutScope?: 'page' | 'form';
  /** Also save the draft to the server as the user types (the feedback form's draft); see formAutosave. */
  autosave?: AutosaveOptions<T>;
}

/**
 * The one way a form is built here — every editor, the feedback form, the debrief's forms: a draft
 * buffered on this device as the user types, checked with the API's own schema before the round trip,
 * errors from that check or from the API shown next to their fields (one path scheme), the first one
 * focused and the summary announced; optionally autosaved to the server.
 *
 * In-house rather than react-hook-form: the draft lives in a localStorage buffer owned by the member
 * (useDraft) and may autosave to the server with its own state, and the API's field paths must land on the
 * same fields as the local check — a resolver would own none of that, so it would sit beside this hook.
 */
export function useEditorForm<T, V>({
  draft,
  validate,
  submit,
  onSaved,
  onCancel,
  invalidMessage,
  cancelOnEscape = true,
  readOnly = false,
  submitShortcut = 'mod+s',
  shortcutScope = 'page',
  autosave: autosaveOptions,
}: EditorFormOptions<T, V>) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const mergeApiErrors = (error: ApiError) => setErrors((e) => ({ ...e, ...fieldErrorsFromApi(error) }));
  const autosave = useFormAutosave(draft, autosaveOptions, mergeApiErrors);

  async function save(event?: FormEvent) {
    event?.preventDefault();
    if (saving || readOnly) return;
    // A shortcut has no submit event: the form is the one given to formRef, or else the one holding the focus.
    const form = (event?.currentTarget as Element | undefined) ?? formRef.current ?? document.activeElement?.closest('form');
    // A refused save takes the user to the first field in error and says which fields need attention.
    const showErrors = (fallback: string | null) => afterErrorsRender(() => setFormError(focusFirstError(form) ?? fallback));
    const local = validate(draft.value);
    setErrors(local);
    setFormError(null);
    if (Object.keys(local).length) {
      showErrors(typeof invalidMessage === 'function' ? invalidMessage(local) : (invalidMessage ?? null));
      return;
    }
    setSaving(true);
    // A late autosave must not race the submission, nor save the draft again once it is submitted.
    autosave.hold(true);
    const result = await submit(draft.value);
    setSaving(false);
    if (!result.ok) {
      autosave.hold(false);
      setErrors(autosave.isConflict(result.error) ? {} : fieldErrorsFromApi(result.error));
      // An issue naming no field on screen (the author is no longer "me") is said for the whole form.
      if (!result.error.issues?.length) setFormError(result.error.message);
      else showErrors(result.error.message);
      return;
    }
    draft.clear();
    await onSaved(result.value);
  }

  function cancel() {
    draft.clear();
    onCancel?.();
  }

  /** Change the draft: the errors at `clearPath` (and under it) and the form's message go, as the user has acted on them. */
  function change(fn: (current: T) => T, clearPath?: string) {
    draft.update(fn);
    if (clearPath) setErrors((e) => withoutErrors(e, clearPath));
    setFormError(null);
    autosave.changed();
  }

  const focusInside = () => shortcutScope === 'page' || (formRef.current?.contains(document.activeElement) ?? false);
  useShortcut(submitShortcut, () => void (focusInside() && save()));
  useShortcut('Escape', () => focusInside() && cancel(), cancelOnEscape);

  return {
    errors,
    setErrors,
    /** Forget the errors at a field and under it, once the user has edited it. */
    clearError: (pathPrefix: string) => setErrors((e) => withoutErrors(e, pathPrefix)),
    formError,
    /** For actions beside the save (MemberEditor's status change) that share the footer's message. */
    setFormError,
    saving,
    /** For actions beside the save that must also hold the buttons while they run. */
    setSaving,
    save,
    cancel,
    change,
    /** For the form element: the shortcuts' scope, and where a shortcut's save looks for fields in error. */
    formRef,
    /** The autosave's state, for the status line; idle without the autosave option. */
    autosave: { state: autosave.state, pending: autosave.pending, retry: autosave.retry },
  };
}
