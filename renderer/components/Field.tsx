import type { ReactNode } from 'react';
import { Control } from './Control';

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

/** A labelled text box whose error sits right under it and is announced with it; a counter when it has a limit. */
export function Field({ label, value, onChange, error, hint, max, multiline, rows = 3, autoFocus, placeholder }: FieldProps) {
  const over = max !== undefined && value.length > max;
  const counter =
    max === undefined ? undefined : (
      <span className={`counter${over ? ' counter-over' : ''}`} aria-hidden="true">
        {value.length}/{max}
      </span>
    );
  return (
    <Control label={label} error={error} hint={hint} aside={counter}>
      {(control) => {
        const common = {
          ...control,
          value,
          placeholder,
          autoFocus,
          onChange: (e: { target: { value: string } }) => onChange(e.target.value),
        };
        return multiline ? <textarea rows={rows} {...common} /> : <input type="text" {...common} />;
      }}
    </Control>
  );
}
