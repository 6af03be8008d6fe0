import { useEffect, useState } from 'react';
import type { Principle } from '../../../core/api/contract/principles';
import { AccessHint } from '../../components/AccessHint';
import { useMay } from '../../components/useAccess';
import { useShortcut } from '../../components/useShortcut';
import { activePrinciples, usePrinciples } from '../../stores/principles';
import { PrincipleEditor } from './PrincipleEditor';
import { PrincipleHistory } from './PrincipleHistory';

type Panel = { kind: 'edit'; principle: Principle | null } | { kind: 'history'; principle: Principle } | null;

export function PrinciplesScreen() {
  const { all, loaded, load, move, setStatus } = usePrinciples();
  const [panel, setPanel] = useState<Panel>(null);
  const [showArchived, setShowArchived] = useState(false);
  // One audience edits, reorders, archives and restores principles.
  const canEdit = useMay()('principles.update');

  useEffect(() => {
    void load();
  }, [load]);
  useShortcut('mod+n', () => setPanel({ kind: 'edit', principle: null }), panel === null && canEdit);

  const active = activePrinciples(all);
  const archived = all.filter((p) => p.status === 'archived');

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
          Your culture, in your words. Every question and every rating ties to one of these. Order them by importance.
        </p>
        {loaded && active.length === 0 && (
          <p className="empty">No principles yet. Add the first one: what behaviour do you want in every hire?</p>
        )}
        <ol className="principles" aria-label="Active principles">
          {active.map((p, index) => (
            <li key={p.id} className="principle-row">
              <span className="position" aria-hidden="true">
                {index + 1}
              </span>
              <div className="principle-text">
                <h2>
                  {p.name} {p.isDraft && <span className="badge badge-draft">Draft</span>}
                </h2>
                <p>{p.summary}</p>
              </div>
              <div className="row-actions">
                {canEdit && (
                  <>
                    <button type="button" aria-label={`Move ${p.name} up`} disabled={index === 0} onClick={() => void move(p.id, -1)}>
                      ↑
                    </button>
                    <button
                      type="button"
                      aria-label={`Move ${p.name} down`}
                      disabled={index === active.length - 1}
                      onClick={() => void move(p.id, 1)}
                    >
                      ↓
                    </button>
                    <button type="button" aria-label={`Edit ${p.name}`} onClick={() => setPanel({ kind: 'edit', principle: p })}>
                      Edit
                    </button>
                  </>
                )}
                <button type="button" aria-label={`History of ${p.name}`} onClick={() => setPanel({ kind: 'history', principle: p })}>
                  History
                </button>
                {canEdit && (
                  <button
                    type="button"
                    aria-label={`Archive ${p.name}`}
                    onClick={() => {
                      if (panel?.principle?.id === p.id) setPanel(null);
                      void setStatus(p.id, 'archive');
                    }}
                  >
                    Archive
                  </button>
                )}
              </div>
            </li>
          ))}
        </ol>
        {archived.length > 0 && (
          <label className="toggle">
            <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} /> Show archived (
            {archived.length})
          </label>
        )}
        {showArchived && (
          <ul className="principles archived" aria-label="Archived principles">
            {archived.map((p) => (
              <li key={p.id} className="principle-row">
                <div className="principle-text">
                  <h2>{p.name}</h2>
                  <p>{p.summary}</p>
                </div>
                <div className="row-actions">
                  <button type="button" aria-label={`History of ${p.name}`} onClick={() => setPanel({ kind: 'history', principle: p })}>
                    History
                  </button>
                  {canEdit && (
                    <button type="button" aria-label={`Restore ${p.name}`} onClick={() => void setStatus(p.id, 'restore')}>
                      Restore
                    </button>
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
      <aside className="detail-pane">
        {panel?.kind === 'edit' && canEdit && (
          <PrincipleEditor
            key={panel.principle?.id ?? 'new'}
            principle={panel.principle}
            onDone={() => setPanel(null)}
          />
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
