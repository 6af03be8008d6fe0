import { useId } from 'react';

interface RadioOption<T extends string | number> {
  value: T;
  label: string;
  /** Shown beside the option and read as its description (a rating anchor, say). */
  description?: string;
}

/** A radio group named by its visible label; its error sits under it in role="alert". */
export function RadioGroup<T extends string | number>({
  label,
  options,
  value,
  onChange,
  error,
  disabled,
  className,
}: {
  label: string;
  options: readonly RadioOption<T>[];
  value: T | null;
  onChange(value: T): void;
  error?: string | undefined;
  disabled?: boolean;
  className?: string;
}) {
  const id = useId();
  return (
    <div className={`field radio-field${error ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <span className="group-label" id={`${id}-label`}>
        {label}
      </span>
      <div
        role="radiogroup"
        className="radio-options"
        aria-labelledby={`${id}-label`}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        {options.map((o) => (
          <label key={String(o.value)} className={`radio-option${value === o.value ? ' selected' : ''}`}>
            <input
              type="radio"
              name={id}
              checked={value === o.value}
              disabled={disabled}
              aria-label={o.description ? o.label : undefined}
              aria-describedby={o.description ? `${id}-${o.value}-desc` : undefined}
              onChange={() => onChange(o.value)}
            />
            <span className="radio-label">{o.label}</span>
            {o.description && (
              <span className="radio-description" id={`${id}-${o.value}-desc`}>
                {o.description}
              </span>
            )}
          </label>
        ))}
      </div>
      {error && (
        <div className="field-error" id={`${id}-error`} role="alert">
          {error}
        </div>
      )}
    </div>
  );
}
