import type { ReactNode } from 'react';

/** An error about the form as a whole; announced, since it names no field to sit next to. */
export function FormError({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <p className="form-error" role="alert">
      {message}
    </p>
  );
}

interface FormFooterProps {
  submitLabel: string;
  saving: boolean;
  formError: string | null;
  onCancel(): void;
  /** Off leaves out the "Ctrl+S to save · Esc to cancel" hint, which the question editor has never shown. */
  shortcutHint?: boolean;
  /** Further buttons, after Cancel. */
  children?: ReactNode;
  /** For someone who may not save: only a Close button. */
  readOnly?: boolean;
}

/** The end of every editor, kept alike so save and cancel are always found in the same place. */
export function FormFooter({ submitLabel, saving, formError, onCancel, shortcutHint = true, children, readOnly }: FormFooterProps) {
  if (readOnly) {
    return (
      <div className="actions">
        <button type="button" onClick={onCancel}>
          Close
        </button>
      </div>
    );
  }
  return (
    <>
      <FormError message={formError} />
      <div className="actions">
        <button type="submit" className="primary" disabled={saving}>
          {submitLabel}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        {children}
        {shortcutHint && <span className="shortcut-hint">Ctrl+S to save · Esc to cancel</span>}
      </div>
    </>
  );
}
