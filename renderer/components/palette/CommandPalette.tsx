import { useId, useState, type KeyboardEvent } from 'react';
import { readThemeChoice } from '../../theme';
import { useMay } from '../useAccess';
import { ModalDialog } from './ModalDialog';
import { paletteGroups, type PaletteOption } from './paletteOptions';
import { usePaletteSearch } from './usePaletteSearch';

/**
 * Ctrl/Cmd+K: a combobox over grouped results (the APG's grouped listbox). Focus stays in the
 * input; the active option is announced through aria-activedescendant.
 */
export function CommandPalette({ me, onChoose, onClose }: { me: string | null; onChoose: (option: PaletteOption) => void; onClose: () => void }) {
  const base = useId();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const may = useMay();
  const finds = usePaletteSearch(query, me);
  const groups = paletteGroups(query, finds, { newCandidate: may('candidates.create'), newLoop: may('loops.create'), theme: readThemeChoice() });
  const options = groups.flatMap((g) => g.options);
  const current = Math.min(active, options.length - 1);
  const optionId = (o: PaletteOption) => `${base}-${o.id}`;
  const searching = query.trim() !== '' && finds.settled !== query.trim();

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (options.length === 0) return;
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((current + step + options.length) % options.length);
    } else if (e.key === 'Home' || e.key === 'End') {
      if (options.length === 0) return;
      e.preventDefault();
      setActive(e.key === 'Home' ? 0 : options.length - 1);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const chosen = options[current];
      if (chosen) onChoose(chosen);
    }
  };

  return (
    <ModalDialog labelledBy={`${base}-title`} className="palette" onClose={onClose}>
      <h2 id={`${base}-title`} className="sr-only">
        Command palette
      </h2>
      <input
        autoFocus
        type="text"
        role="combobox"
        aria-label="Go to, search or run a command"
        aria-expanded={options.length > 0}
        aria-controls={`${base}-list`}
        aria-autocomplete="list"
        aria-activedescendant={options[current] ? optionId(options[current]) : undefined}
        placeholder="Go to a screen, find a candidate, loop, question or person…"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      <div id={`${base}-list`} role="listbox" aria-label="Results" className="palette-results">
        {groups.map((g) => (
          <div key={g.id} role="group" aria-labelledby={`${base}-g-${g.id}`}>
            <div role="presentation" id={`${base}-g-${g.id}`} className="palette-heading">
              {g.heading}
            </div>
            {g.options.map((o) => {
              const selected = options[current] === o;
              return (
                <div
                  key={o.id}
                  id={optionId(o)}
                  role="option"
                  aria-selected={selected}
                  className="palette-option"
                  // Keep focus in the input: the option is picked on click without taking it.
                  onMouseDown={(e) => e.preventDefault()}
                  onMouseMove={() => !selected && setActive(options.indexOf(o))}
                  onClick={() => onChoose(o)}
                >
                  <span className="palette-label">{o.label}</span>
                  {o.detail && <span className="palette-detail">{o.detail}</span>}
                </div>
              );
            })}
          </div>
        ))}
      </div>
      <p className="palette-status" role="status">
        {searching ? 'Searching…' : options.length === 0 ? 'Nothing matches.' : ''}
      </p>
      <p className="palette-foot">
        <kbd>↑</kbd> <kbd>↓</kbd> to move, <kbd>Enter</kbd> to open, <kbd>Esc</kbd> to close, <kbd>?</kbd> outside a field for all shortcuts
      </p>
    </ModalDialog>
  );
}
