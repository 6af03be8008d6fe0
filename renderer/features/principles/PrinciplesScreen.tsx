import { useLayoutEffect, useRef, useState, useEffect, type DragEvent } from 'react';
import type { Principle } from '../../../core/api/contract/principles';
import { AccessHint } from '../../components/AccessHint';
import { useMay } from '../../components/useAccess';
import { useShortcut } from '../../components/useShortcut';
import { activePrinciples, usePrinciples } from '../../stores/principles';
import { PrincipleEditor } from './PrincipleEditor';
import { PrincipleHistory } from './PrincipleHistory';
import { ActivePrincipleRow, ArchivedPrincipleRow, type DropSide } from './PrincipleRow';

type Panel = { kind: 'edit'; principle: Principle | null } | { kind: 'history'; principle: Principle } | null;

export function PrinciplesScreen() {
  const { all, loaded, load, moveTo, setStatus } = usePrinciples();
  const [panel, setPanel] = useState<Panel>(null);
  const [showArchived, setShowArchived] = useState(false);
  const [dragging, setDragging] = useState<string | null>(null);
  const [over, setOver] = useState<number | null>(null);
  const [announcement, setAnnouncement] = useState('');
  // The row whose actions button had focus when it moved: focus follows it to its new place.
  const refocus = useRef<string | null>(null);
  // One audience edits, reorders, archives and restores principles.
  const canEdit = useMay()('principles.update');

  useEffect(() => {
    void load();
  }, [load]);
  useShortcut('mod+n', () => setPanel({ kind: 'edit', principle: null }), panel === null && canEdit);

  const active = activePrinciples(all);
  const archived = all.filter((p) => p.status === 'archived');
  const order = active.map((p) => p.id).join();

  useLayoutEffect(() => {
    const id = refocus.current;
    if (!id) return;
    refocus.current = null;
    document.querySelector<HTMLElement>(`[data-principle-id="${id}"] .menu-button > button`)?.focus();
  }, [order]);

  function move(p: Principle, to: number, byKeyboard: boolean) {
    if (to < 0 || to >= active.length) return;
    if (byKeyboard) refocus.current = p.id;
    setAnnouncement(`${p.name} moved to position ${to + 1} of ${active.length}.`);
    void moveTo(p.id, to);
  }

  const draggedIndex = active.findIndex((p) => p.id === dragging);
  const dropSide = (index: number): DropSide =>
    over !== index || draggedIndex < 0 || draggedIndex === index ? null : draggedIndex > index ? 'before' : 'after';
  const endDrag = () => {
    setDragging(null);
    setOver(null);
  };
  // Dropped on a row, the dragged principle takes that row's place; the others shift to make room.
  const dragHandlers = (p: Principle, index: number) => ({
    onDragStart(e: DragEvent<HTMLLIElement>) {
      e.dataTransfer.effectAllowed = 'move';
      e.dataTransfer.setData('text/plain', p.name);
      setDragging(p.id);
    },
    onDragOver(e: DragEvent<HTMLLIElement>) {
      if (!dragging) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'move';
      if (over !== index) setOver(index);
    },
    onDrop(e: DragEvent<HTMLLIElement>) {
      e.preventDefault();
      const moved = active.find((x) => x.id === dragging);
      endDrag();
      if (moved) move(moved, index, false);
    },
    onDragEnd: endDrag,
  });

  return (
    <div className="split">
      <section className="list-pane" aria-labelledby="principles-title">
        <header className="screen-head">
          <h1 id="principles-title">Principles</h1>
          {canEdit && (
            <button type="button" className="primary" onClick={() => setPanel({ kind: 'edit', principle: null })}>
              New principle
            </button>
          )}
        </header>
        <AccessHint method="principles.update" what="Editing principles" />
        <p className="lead">
          Your culture, in your words. Every question and every rating ties to one of these. Order them by importance
          {canEdit ? ': drag one to its place, or press Alt+↑ or Alt+↓ on its actions button.' : '.'}
        </p>
        {loaded && active.length === 0 && (
          <p className="empty">No principles yet. Add the first one: what behaviour do you want in every hire?</p>
        )}
        <ol className="principles" aria-label="Active principles">
          {active.map((p, index) => (
            <ActivePrincipleRow
              key={p.id}
              principle={p}
              index={index}
              count={active.length}
              canEdit={canEdit}
              editing={panel?.kind === 'edit' && panel.principle?.id === p.id}
              dragging={dragging === p.id}
              drop={dropSide(index)}
              onEdit={() => setPanel({ kind: 'edit', principle: p })}
              onHistory={() => setPanel({ kind: 'history', principle: p })}
              onArchive={() => {
                if (panel?.principle?.id === p.id) setPanel(null);
                void setStatus(p.id, 'archive');
              }}
              onMove={(delta) => move(p, index + delta, true)}
              drag={dragHandlers(p, index)}
            />
          ))}
        </ol>
        <p role="status" className="sr-only">
          {announcement}
        </p>
        {archived.length > 0 && (
          <label className="toggle">
            <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} /> Show archived (
            {archived.length})
          </label>
        )}
        {showArchived && (
          <ul className="principles archived" aria-label="Archived principles">
            {archived.map((p) => (
              <ArchivedPrincipleRow
                key={p.id}
                principle={p}
                canEdit={canEdit}
                onHistory={() => setPanel({ kind: 'history', principle: p })}
                onRestore={() => void setStatus(p.id, 'restore')}
              />
            ))}
          </ul>
        )}
      </section>
      <aside className="detail-pane">
        {panel?.kind === 'edit' && canEdit && (
          <PrincipleEditor key={panel.principle?.id ?? 'new'} principle={panel.principle} onDone={() => setPanel(null)} />
        )}
        {panel?.kind === 'history' && (
          <PrincipleHistory principle={all.find((p) => p.id === panel.principle.id) ?? panel.principle} onClose={() => setPanel(null)} />
        )}
        {panel === null && (
          <p className="placeholder">
            {canEdit ? 'Select a principle to edit it, or press Ctrl+N to add one.' : 'Select a principle to see its history.'}
          </p>
        )}
      </aside>
    </div>
  );
}
