import { useId } from 'react';
import { ModalDialog } from './ModalDialog';
import { SCREEN_KEYS } from './paletteModel';

const GENERAL: { keys: string; what: string }[] = [
  { keys: 'Ctrl+K', what: 'Command palette: go anywhere, find anything, run an action' },
  { keys: '?', what: 'This list (outside a text field)' },
  { keys: 'Ctrl+N', what: 'New item on Candidates, Roles, Team, Principles and the Question bank' },
  { keys: 'Ctrl+F', what: 'Search on Candidates and the Question bank' },
  { keys: 'Ctrl+S', what: 'Save the open editor or plan' },
  { keys: 'Ctrl+Enter', what: 'Submit feedback' },
  { keys: 'Esc', what: 'Close an editor panel or a dialog' },
];

/** "?": every shortcut, with the screen keys that work here (Ctrl+digit only in the desktop app). */
export function ShortcutsHelp({ desktop, onClose }: { desktop: boolean; onClose: () => void }) {
  const base = useId();
  return (
    <ModalDialog labelledBy={`${base}-title`} className="shortcuts" onClose={onClose}>
      <header className="screen-head">
        <h2 id={`${base}-title`}>Keyboard shortcuts</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </header>
      <table className="grid" aria-label="General shortcuts">
        <thead>
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">What they do</th>
          </tr>
        </thead>
        <tbody>
          {GENERAL.map((g) => (
            <tr key={g.keys}>
              <td>
                <kbd>{g.keys}</kbd>
              </td>
              <td>{g.what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="grid" aria-label="Go to a screen">
        <thead>
          <tr>
            <th scope="col">Screen</th>
            <th scope="col">Keys</th>
          </tr>
        </thead>
        <tbody>
          {SCREEN_KEYS.map((k) => (
            <tr key={k.screen}>
              <td>{k.label}</td>
              <td>
                <kbd>G</kbd> then <kbd>{k.letter.toUpperCase()}</kbd>
                {desktop && (
                  <>
                    {' '}
                    or <kbd>Ctrl+{k.digit}</kbd>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!desktop && <p className="lead">In a browser, Ctrl+1 to Ctrl+9 switch browser tabs, so the screens answer to G and a letter.</p>}
    </ModalDialog>
  );
}
