import type { DragEvent, KeyboardEvent } from 'react';
import type { Principle } from '../../../core/api/contract/principles';
import { MenuButton, type MenuItem } from '../../components/MenuButton';

/** Where a dragged row would land, drawn as a line on the side it goes. */
export type DropSide = 'before' | 'after' | null;

interface ActiveRowProps {
  principle: Principle;
  index: number;
  count: number;
  canEdit: boolean;
  /** Open in the editor beside the list. */
  editing: boolean;
  dragging: boolean;
  drop: DropSide;
  onEdit(): void;
  onHistory(): void;
  onArchive(): void;
  onMove(delta: -1 | 1): void;
  /** The HTML5 drag and drop handlers, from the list that owns the order. */
  drag: {
    onDragStart(e: DragEvent<HTMLLIElement>): void;
    onDragOver(e: DragEvent<HTMLLIElement>): void;
    onDrop(e: DragEvent<HTMLLIElement>): void;
    onDragEnd(): void;
  };
}

/** One active principle: its place, name and summary; drag it, or Alt+Arrow on its actions button, to move it. */
export function ActivePrincipleRow(props: ActiveRowProps) {
  const { principle: p, index, count, canEdit, editing, dragging, drop, drag } = props;
  const items: MenuItem[] = canEdit
    ? [
        { label: 'Edit', onSelect: props.onEdit },
        { label: 'History', onSelect: props.onHistory },
        { label: 'Move up', onSelect: () => props.onMove(-1), disabled: index === 0 },
        { label: 'Move down', onSelect: () => props.onMove(1), disabled: index === count - 1 },
        { label: 'Archive', onSelect: props.onArchive },
      ]
    : [{ label: 'History', onSelect: props.onHistory }];

  function onKeyDown(e: KeyboardEvent<HTMLLIElement>) {
    if (!canEdit || !e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
    e.preventDefault();
    const delta = e.key === 'ArrowUp' ? -1 : 1;
    if (index + delta >= 0 && index + delta < count) props.onMove(delta);
  }

  const classes = ['principle-row', editing && 'editing', dragging && 'dragging', drop && `drop-${drop}`, canEdit && 'movable'];
  return (
    <li
      className={classes.filter(Boolean).join(' ')}
      data-principle-id={p.id}
      aria-current={editing ? 'true' : undefined}
      draggable={canEdit}
      onKeyDown={onKeyDown}
      {...(canEdit ? drag : {})}
    >
      {canEdit && (
        <span className="drag-handle" aria-hidden="true" title="Drag to reorder">
          ⠿
        </span>
      )}
      <span className="position" aria-hidden="true">
        {index + 1}
      </span>
      <div className="principle-text">
        <h2>
          {p.name} {p.isDraft && <span className="badge badge-draft">Draft</span>}
        </h2>
        <p>{p.summary}</p>
      </div>
      <MenuButton label={`Actions for ${p.name}`} items={items} keyShortcuts={canEdit ? 'Alt+ArrowUp Alt+ArrowDown' : undefined} />
    </li>
  );
}

/** An archived principle: its history, and restoring it for those who may. */
export function ArchivedPrincipleRow({ principle: p, canEdit, onHistory, onRestore }: { principle: Principle; canEdit: boolean; onHistory(): void; onRestore(): void }) {
  const items: MenuItem[] = [{ label: 'History', onSelect: onHistory }, ...(canEdit ? [{ label: 'Restore', onSelect: onRestore }] : [])];
  return (
    <li className="principle-row">
      <div className="principle-text">
        <h2>{p.name}</h2>
        <p>{p.summary}</p>
      </div>
      <MenuButton label={`Actions for ${p.name}`} items={items} />
    </li>
  );
}
