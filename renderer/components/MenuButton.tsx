import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface MenuItem {
  label: string;
  onSelect(): void;
  disabled?: boolean;
}

interface Props {
  /** The button's accessible name, e.g. "Actions for Ownership". */
  label: string;
  items: readonly MenuItem[];
  /** What the button shows; "⋯" by default, with the label for screen readers. */
  children?: ReactNode;
  className?: string;
  /** Keys the button's surroundings answer to while it has focus (aria-keyshortcuts), e.g. "Alt+ArrowUp Alt+ArrowDown". */
  keyShortcuts?: string;
}

/**
 * A menu button as the ARIA practices describe it: the button says it has a menu and whether it is
 * open; Enter, Space or Arrow Down open it on the first item, Arrow Up on the last; arrows, Home and
 * End move between items; Escape closes it and gives focus back to the button; Tab or a click
 * elsewhere closes it.
 */
export function MenuButton({ label, items, children, className, keyShortcuts }: Props) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const enabled = items.map((item, i) => (item.disabled ? -1 : i)).filter((i) => i >= 0);

  useEffect(() => {
    if (!open) return;
    menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]')[active]?.focus();
  }, [open, active]);

  useEffect(() => {
    if (!open) return;
    const close = (e: PointerEvent) => {
      if (!menu.current?.contains(e.target as Node) && !button.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', close);
    return () => document.removeEventListener('pointerdown', close);
  }, [open]);

  function openAt(index: number | undefined) {
    if (index === undefined) return;
    setActive(index);
    setOpen(true);
  }

  function close(focusButton: boolean) {
    setOpen(false);
    if (focusButton) button.current?.focus();
  }

  function step(delta: 1 | -1) {
    const at = enabled.indexOf(active);
    openAt(enabled[(at + delta + enabled.length) % enabled.length]);
  }

  function onButtonKey(e: KeyboardEvent<HTMLButtonElement>) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      openAt(e.key === 'ArrowDown' ? enabled[0] : enabled.at(-1));
    }
  }

  function onMenuKey(e: KeyboardEvent<HTMLDivElement>) {
    // Alt+Arrow belongs to whatever holds the menu (a row that moves), not to the menu.
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const keys: Record<string, () => void> = {
      ArrowDown: () => step(1),
      ArrowUp: () => step(-1),
      Home: () => openAt(enabled[0]),
      End: () => openAt(enabled.at(-1)),
      Escape: () => close(true),
      Tab: () => close(false),
    };
    const act = keys[e.key];
    if (!act) return;
    if (e.key !== 'Tab') e.preventDefault();
    // Escape closes this menu only: the editor behind it, whose Escape means "cancel", stays open.
    e.stopPropagation();
    act();
  }

  return (
    <div className={`menu-button${className ? ` ${className}` : ''}`}>
      <button
        ref={button}
        type="button"
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? `${id}-menu` : undefined}
        aria-keyshortcuts={keyShortcuts}
        onClick={() => (open ? close(false) : openAt(enabled[0]))}
        onKeyDown={onButtonKey}
      >
        {children ?? <span aria-hidden="true">⋯</span>}
      </button>
      {open && (
        <div ref={menu} id={`${id}-menu`} role="menu" aria-label={label} className="menu" onKeyDown={onMenuKey}>
          {items.map((item, i) => (
            <button
              key={item.label}
              type="button"
              role="menuitem"
              tabIndex={i === active ? 0 : -1}
              disabled={item.disabled}
              onClick={() => {
                close(true);
                item.onSelect();
              }}
            >
              {item.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
