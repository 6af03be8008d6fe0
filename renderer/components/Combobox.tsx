import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import { matchOptions, type ComboboxOption } from './comboboxMatch';

export type { ComboboxOption } from './comboboxMatch';

interface Props {
  options: readonly ComboboxOption[];
  value: string;
  onChange(value: string): void;
  /** The choice of nothing ("Not chosen", "Anyone"); without it a choice cannot be cleared. */
  emptyLabel?: string;
  disabled?: boolean;
  id?: string;
  /** For a combobox not inside a <label> (a filter). */
  'aria-label'?: string;
  'aria-invalid'?: true | undefined;
  'aria-describedby'?: string | undefined;
  placeholder?: string;
}

/**
 * A text box that picks one of many (the ARIA 1.2 combobox with a listbox popup): typing narrows the list,
 * arrows move through it, Enter picks, Escape puts the choice back. Used instead of a <select> of every team
 * member, which drew a thousand options per field whether opened or not.
 */
export function Combobox({ options, value, onChange, emptyLabel, disabled, placeholder, ...aria }: Props) {
  const ownId = useId();
  const id = aria.id ?? ownId;
  const listId = `${id}-list`;
  const chosen = options.find((o) => o.value === value);
  const chosenText = chosen ? chosen.label : '';
  const [query, setQuery] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);

  const text = query ?? chosenText;
  // Opened without typing: the start of the whole list, not only the chosen name.
  const { shown, total } = useMemo(() => matchOptions(options, query ?? ''), [options, query]);
  const items: ComboboxOption[] = emptyLabel !== undefined && (query ?? '') === '' ? [{ value: '', label: emptyLabel }, ...shown] : shown;
  const activeIndex = Math.min(active, items.length - 1);

  const close = () => {
    setOpen(false);
    setQuery(null);
    setActive(0);
  };
  const pick = (option: ComboboxOption) => {
    close();
    if (option.value !== value) onChange(option.value);
  };
  const openList = () => {
    setOpen(true);
    setActive(Math.max(0, items.findIndex((o) => o.value === value)));
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!open) return openList();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive(Math.max(0, Math.min(items.length - 1, activeIndex + step)));
    } else if (e.key === 'Enter' && open) {
      e.preventDefault();
      const option = items[activeIndex];
      if (option) pick(option);
    } else if (e.key === 'Escape' && (open || query !== null)) {
      e.preventDefault();
      e.stopPropagation();
      close();
    }
  };
  const onBlur = () => {
    if (query !== null) {
      // Typed in full and left by Tab: the name typed is the choice; anything else puts the old choice back.
      const typed = query.trim().toLowerCase();
      const exact = typed === '' && emptyLabel !== undefined ? { value: '', label: '' } : options.find((o) => o.label.toLowerCase() === typed);
      if (exact) return pick(exact);
    }
    close();
  };

  return (
    <span className="combobox">
      <input
        id={id}
        type="text"
        role="combobox"
        aria-label={aria['aria-label']}
        aria-invalid={aria['aria-invalid']}
        aria-describedby={aria['aria-describedby']}
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open && items[activeIndex] ? `${id}-opt-${activeIndex}` : undefined}
        autoComplete="off"
        spellCheck={false}
        disabled={disabled}
        placeholder={placeholder ?? emptyLabel}
        value={text}
        onChange={(e) => {
          setQuery(e.target.value);
          setOpen(true);
          setActive(0);
        }}
        onClick={() => (open ? undefined : openList())}
        onKeyDown={onKeyDown}
        onBlur={onBlur}
      />
      <div className="combobox-popup" hidden={!open}>
        <ul id={listId} role="listbox" aria-label={aria['aria-label'] ?? 'Choices'}>
          {open &&
            items.map((o, i) => (
              <li
                key={o.value || '(none)'}
                id={`${id}-opt-${i}`}
                role="option"
                aria-selected={o.value === value}
                className={i === activeIndex ? 'active' : undefined}
                // Keeps focus in the text box, so blur does not undo the click.
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => pick(o)}
              >
                {o.label}
                {o.hint && <span className="muted"> {o.hint}</span>}
              </li>
            ))}
        </ul>
        {open && items.length === 0 && <p className="combobox-note">No one matches “{query}”.</p>}
        {open && total > shown.length && (
          <p className="combobox-note">
            {total - shown.length} more: type to narrow the list.
          </p>
        )}
      </div>
    </span>
  );
}

/** A combobox under its own label (the label names the text box only, not the list that opens beside it). */
export function LabelledCombobox({ label, ...props }: Omit<Props, 'id' | 'aria-label'> & { label: string }) {
  const id = useId();
  return (
    <div className="combobox-field">
      <label htmlFor={id}>{label}</label>
      <Combobox id={id} {...props} />
    </div>
  );
}
