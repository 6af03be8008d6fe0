import { useId, type ReactNode } from 'react';

interface FieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  error?: string | undefined;
  hint?: ReactNode;
  max?: number;
  multiline?: boolean;
  rows?: number;
  autoFocus?: boolean;
  placeholder?: string;
}

/** A labelled input whose error sits right under it and is announced with it. */
export function Field({ label, value, onChange, error, hint, max, multiline, rows = 3, autoFocus, placeholder }: FieldProps) {
  const id = useId();
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    value,
    placeholder,
    autoFocus,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
    onChange: (e: { target: { value: string } }) => onChange(e.target.value),
  };
  const over = max !== undefined && value.length > max;
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <div className="field-label-row">
        <label htmlFor={id}>{label}</label>
        {max !== undefined && (
          <span className={`counter${over ? ' counter-over' : ''}`} aria-hidden="true">
            {value.length}/{max}
          </span>
        )}
      </div>
      {multiline ? <textarea rows={rows} {...common} /> : <input type="text" {...common} />}
      {hint && (
        <div className="field-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {error && (
        <div className="field-error" id={`${id}-error`} role="alert">
          {error}
        </div>
      )}
    </div>
  );
}
