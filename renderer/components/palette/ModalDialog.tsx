import { useEffect, useRef, type ReactNode } from 'react';

/**
 * A modal on the native <dialog>: showModal() makes the rest of the page inert and keeps Tab
 * inside, so no focus trap of our own. Escape closes through `onClose`, and focus goes back
 * to whatever had it before the dialog opened.
 */
export function ModalDialog({ labelledBy, className, onClose, children }: { labelledBy: string; className?: string; onClose: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      if (dialog?.open) dialog.close();
      // The element may have left the page meanwhile (the palette navigated): then the page keeps its own focus.
      if (before?.isConnected) before.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className={className}
      aria-modal="true"
      aria-labelledby={labelledBy}
      // The page's window-level shortcuts (Ctrl+S, Ctrl+N, Escape closing an editor) must not act behind a modal.
      onKeyDown={(e) => e.stopPropagation()}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onClick={(e) => {
        // A click on the backdrop lands on the dialog element itself, but so does one on its padding: tell them apart by position.
        const box = ref.current?.getBoundingClientRect();
        if (e.target !== ref.current || !box) return;
        const inside = e.clientX >= box.left && e.clientX <= box.right && e.clientY >= box.top && e.clientY <= box.bottom;
        if (!inside) onClose();
      }}
    >
      {children}
    </dialog>
  );
}
