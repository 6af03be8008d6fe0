import { useEffect } from 'react';
import { useShortcut } from './components/useShortcut';
import { ActivityScreen } from './screens/ActivityScreen';
import { PrinciplesScreen } from './screens/PrinciplesScreen';
import { QuestionsScreen } from './screens/QuestionsScreen';
import { Welcome } from './screens/Welcome';
import { SCREENS, useApp, type Screen } from './stores/app';

const LABELS: Record<Screen, string> = { principles: 'Principles', questions: 'Question bank', activity: 'Activity' };

export function App() {
  const { workspace, load, go } = useApp();
  useEffect(() => {
    void load();
  }, [load]);
  const started = Boolean(workspace?.started);
  useShortcut('mod+1', () => go('principles'), started);
  useShortcut('mod+2', () => go('questions'), started);
  useShortcut('mod+3', () => go('activity'), started);
  return (
    <>
      <Body />
      <Notices />
    </>
  );
}

function Body() {
  const { workspace, loadError, screen, load, go } = useApp();

  if (loadError) {
    return (
      <main className="single">
        <h1>Principled could not open your workspace</h1>
        <p role="alert">{loadError}</p>
        <button type="button" onClick={() => void load()}>
          Try again
        </button>
      </main>
    );
  }
  if (!workspace) return <main className="single" aria-busy="true" />;
  if (!workspace.started) return <Welcome />;

  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Main">
        <div className="brand">Principled</div>
        <ul>
          {SCREENS.map((s, i) => (
            <li key={s}>
              <a
                href={`#/${s}`}
                aria-current={screen === s ? 'page' : undefined}
                onClick={(e) => {
                  e.preventDefault();
                  go(s);
                }}
              >
                {LABELS[s]} <kbd aria-hidden="true">Ctrl+{i + 1}</kbd>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main className="content">
        {screen === 'principles' && <PrinciplesScreen />}
        {screen === 'questions' && <QuestionsScreen />}
        {screen === 'activity' && <ActivityScreen />}
      </main>
    </div>
  );
}

function Notices() {
  const { notices, dismiss } = useApp();
  return (
    <div className="notices" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className={`notice notice-${n.kind}`} role={n.kind === 'error' ? 'alert' : 'status'}>
          {n.text}
          <button type="button" aria-label="Dismiss" onClick={() => dismiss(n.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
