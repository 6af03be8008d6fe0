import { useEffect, useState, type ReactNode } from 'react';
import { api } from './api/transport';
import { useShortcut } from './components/useShortcut';
import { ActivityScreen } from './screens/ActivityScreen';
import { CandidatesScreen } from './screens/CandidatesScreen';
import { OWED_CHANGED_EVENT } from './screens/FeedbackForm';
import { onServerEvent } from './api/serverEvents';
import { ANY_ENTITY } from '../core/api/contract/events';
import { HomeScreen } from './screens/HomeScreen';
import { LoopsScreen } from './screens/LoopsScreen';
import { PrinciplesScreen } from './screens/PrinciplesScreen';
import { QuestionsScreen } from './screens/QuestionsScreen';
import { RecoveryScreen } from './screens/RecoveryScreen';
import { RolesScreen } from './screens/RolesScreen';
import { SettingsScreen } from './screens/SettingsScreen';
import { TeamScreen } from './screens/TeamScreen';
import { Welcome } from './screens/Welcome';
import { useApp, type Route, type Screen } from './stores/app';
import { useTeam } from './stores/team';

const NAV: { screen: Screen; label: string; key?: string }[] = [
  { screen: 'home', label: 'Home', key: '1' },
  { screen: 'loops', label: 'Loops', key: '2' },
  { screen: 'candidates', label: 'Candidates', key: '3' },
  { screen: 'roles', label: 'Roles', key: '4' },
  { screen: 'team', label: 'Team', key: '5' },
  { screen: 'principles', label: 'Principles', key: '6' },
  { screen: 'questions', label: 'Question bank', key: '7' },
  { screen: 'activity', label: 'Activity', key: '8' },
  { screen: 'settings', label: 'Settings', key: '9' },
];

const SCREEN_VIEWS: Record<Screen, (route: Route) => ReactNode> = {
  home: () => <HomeScreen />,
  principles: () => <PrinciplesScreen />,
  questions: () => <QuestionsScreen />,
  team: (r) => <TeamScreen selectedId={r.id} />,
  roles: (r) => <RolesScreen selectedId={r.id} />,
  candidates: (r) => <CandidatesScreen selectedId={r.id} />,
  loops: (r) => <LoopsScreen route={r} />,
  activity: () => <ActivityScreen />,
  settings: () => <SettingsScreen />,
};

export function App() {
  const { workspace, load, go } = useApp();
  const loadTeam = useTeam((s) => s.load);
  useEffect(() => {
    void load();
    void loadTeam();
  }, [load, loadTeam]);
  const started = Boolean(workspace?.started);
  useShortcut('mod+1', () => go('home'), started);
  useShortcut('mod+2', () => go('loops'), started);
  useShortcut('mod+3', () => go('candidates'), started);
  useShortcut('mod+4', () => go('roles'), started);
  useShortcut('mod+5', () => go('team'), started);
  useShortcut('mod+6', () => go('principles'), started);
  useShortcut('mod+7', () => go('questions'), started);
  useShortcut('mod+8', () => go('activity'), started);
  useShortcut('mod+9', () => go('settings'), started);
  return (
    <>
      <Body />
      <Notices />
    </>
  );
}

/** How much feedback "me" owes, for the Home link's badge: read again on every navigation and after a submit. */
function useOwedCount(enabled: boolean, route: Route, me: string | null): { count: number; overdue: boolean } {
  const [owed, setOwed] = useState({ count: 0, overdue: false });
  const [bump, setBump] = useState(0);
  useEffect(() => {
    const again = () => setBump((b) => b + 1);
    window.addEventListener(OWED_CHANGED_EVENT, again);
    // Feedback submitted or a loop moved in another window or tab changes what I owe too.
    const stop = onServerEvent('data.changed', ({ entities }) => {
      if (entities.some((e) => e === ANY_ENTITY || e === 'loop' || e === 'feedback' || e === 'settings')) again();
    });
    return () => {
      window.removeEventListener(OWED_CHANGED_EVENT, again);
      stop();
    };
  }, []);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    void api.call('feedback.owed').then((r) => {
      if (live && r.ok) setOwed({ count: r.value.length, overdue: r.value.some((o) => o.state === 'overdue') });
    });
    return () => {
      live = false;
    };
  }, [enabled, route, me, bump]);
  return enabled ? owed : { count: 0, overdue: false };
}

function Body() {
  const { workspace, recovery, loadError, signedOut, route, load, go, settings } = useApp();
  const members = useTeam((s) => s.members);
  const owed = useOwedCount(Boolean(workspace?.started && settings?.me), route, settings?.me ?? null);

  if (signedOut) {
    return (
      <main className="single">
        <h1>Principled is not signed in here</h1>
        <p role="alert">
          Open the link printed in the terminal where you started Principled. Each link works once: if you already used it,
          press Enter in that terminal for a new one.
        </p>
      </main>
    );
  }
  if (recovery) return <RecoveryScreen status={recovery} />;
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

  const me = members.find((m) => m.id === settings?.me);
  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Main">
        <div className="brand">{settings?.companyName || 'Principled'}</div>
        <ul>
          {NAV.map((n) => (
            <li key={n.screen}>
              <a
                href={`#/${n.screen}`}
                aria-current={route.screen === n.screen ? 'page' : undefined}
                onClick={(e) => {
                  e.preventDefault();
                  go(n.screen);
                }}
              >
                {n.label}
                {/* Hidden words rather than an aria-label, so the link's name keeps its visible text (WCAG 2.5.3). */}
                {n.screen === 'home' && owed.count > 0 && (
                  <span className={`nav-badge${owed.overdue ? ' nav-badge-overdue' : ''}`}>
                    {owed.count}
                    <span className="sr-only"> feedback owed</span>
                  </span>
                )}{' '}
                {n.key && <kbd aria-hidden="true">Ctrl+{n.key}</kbd>}
              </a>
            </li>
          ))}
        </ul>
        <p className="me" aria-label="Signed in as">
          {me ? `You are ${me.name}` : 'Choose who you are in Settings'}
        </p>
      </nav>
      <main className="content">{SCREEN_VIEWS[route.screen](route)}</main>
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
