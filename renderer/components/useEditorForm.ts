import { useState, type FormEvent } from 'react';
import type { ApiResult } from '../../core/api/contract/result';
import { fieldErrorsFromApi, withoutErrors, type FieldErrors } from '../api/fieldErrors';
import type { Draft } from './useDraft';
import { afterErrorsRender, focusFirstError } from './focusFirstError';
import { useShortcut } from './useShortcut';

export interface EditorFormOptions<T, V> {
  draft: Draft<T>;
  /**
   * Checked before the round trip, so most mistakes show without waiting for the API: the API's own zod
   * schema, plus whatever only the editor knows (the linter's blocking findings, a missing reason).
   */
  validate(form: T): FieldErrors;
  submit(form: T): Promise<ApiResult<V>>;
  /** Called after the draft is cleared, and awaited: a store reload can finish before the editor closes. */
  onSaved(value: V): void | Promise<void>;
  /** Called after the draft is cleared, so a cancelled edit is not restored next time. */
  onCancel(): void;
  /** A form-level message whenever fields have errors, for forms long enough that those errors may be off-screen. */
  invalidMessage?: string;
  /** Escape closes an editor panel; a form that is the page itself has nothing to close. */
  cancelOnEscape?: boolean;
  /** Someone who may not save sees the form, but Ctrl+S does nothing. */
  readOnly?: boolean;
}

/**
 * The save and cancel flow every editor shares: errors from the local check, or else from the API,
 * go next to their fields; an API error that names no field shows once for the whole form.
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
}: EditorFormOptions<T, V>) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  async function save(event?: FormEvent) {
    event?.preventDefault();
    if (saving || readOnly) return;
    // Ctrl+S has no submit event: the form is the one holding the focus.
    const form = (event?.currentTarget as Element | undefined) ?? document.activeElement?.closest('form');
    // A refused save takes the user to the first field in error and says which fields need attention.
    const showErrors = () => afterErrorsRender(() => setFormError(focusFirstError(form) ?? invalidMessage ?? null));
    const local = validate(draft.value);
    setErrors(local);
    setFormError(null);
    if (Object.keys(local).length) {
      showErrors();
      return;
    }
    setSaving(true);
    const result = await submit(draft.value);
    setSaving(false);
    if (!result.ok) {
      setErrors(fieldErrorsFromApi(result.error));
      if (!result.error.issues?.length) setFormError(result.error.message);
      else showErrors();
      return;
    }
    draft.clear();
    await onSaved(result.value);
  }

  function cancel() {
    draft.clear();
    onCancel();
  }

  useShortcut('mod+s', () => void save());
  useShortcut('Escape', cancel, cancelOnEscape);

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
  };
}
