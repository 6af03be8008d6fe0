import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { noticeLifetimeMs, remainingAfter, type Notice } from './components/noticeQueue';
import { useShortcut } from './components/useShortcut';
import { isDesktop, PaletteHost } from './components/palette/PaletteHost';
import { screenHint, type ScreenName } from './components/palette/paletteModel';
import { queryClient } from './data/queryClient';
import { queryKeyOf, readFn, useApiQuery } from './data/useApi';
import { useApp } from './stores/app';
import { RouteView } from './routing/RouteView';
import { Link } from './routing/Link';
import { to, type Screen } from './routing/routes';
import { useTeam } from './stores/team';
import { SyncStatusLine } from './features/sync/SyncStatusLine';
import { PlaintextNotice } from './features/settings/PlaintextNotice';
import { accessFactsOf } from './components/accessFacts';
import { ADMINS, mayCall, WORKSPACE_KEEPERS, type Access } from '../core/rules/access';
import { followLock } from './features/lock/pageLock';
import { useActivityReport } from './features/lock/useActivityReport';

// Seen on a first start or after a failure only: kept out of the bundle every start parses.
const RecoveryScreen = lazy(() => import('./features/recovery/RecoveryScreen').then((m) => ({ default: m.RecoveryScreen })));
const LockScreen = lazy(() => import('./features/lock/LockScreen').then((m) => ({ default: m.LockScreen })));
const Welcome = lazy(() => import('./features/welcome/Welcome').then((m) => ({ default: m.Welcome })));

/**
 * `access`: shown only to whoever has it (the calibration judges colleagues: founders and admins, as its
 * method declares). The rule itself, not useAccess: that one reads the whole API contract (zod schemas), which
 * would double the first screen's bundle.
 */
const NAV: { screen: Screen; label: string; key?: string; access?: Access }[] = [
  { screen: 'home', label: 'Home', key: '1' },
  { screen: 'loops', label: 'Loops', key: '2' },
  { screen: 'candidates', label: 'Candidates', key: '3' },
  { screen: 'roles', label: 'Roles', key: '4' },
  { screen: 'team', label: 'Team', key: '5' },
  { screen: 'principles', label: 'Principles', key: '6' },
  { screen: 'questions', label: 'Question bank', key: '7' },
  { screen: 'training', label: 'Readiness' },
  { screen: 'practice', label: 'Practice' },
  { screen: 'science', label: 'Calibration', access: ADMINS },
  { screen: 'evidence', label: 'Evidence search' },
  { screen: 'activity', label: 'Activity', key: '8' },
  { screen: 'settings', label: 'Settings', key: '9' },
];

export function App() {
  const { workspace, go, locked } = useApp();
  useEffect(startLoading, []);
  const started = Boolean(workspace?.started) && !locked;
  useActivityReport(started);
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
      {started && <PaletteHost />}
      <Notices />
    </>
  );
}

let started = false;

/**
 * The app's first reads, once: main.tsx asks before React's first render so they overlap it. Home's own reads
 * go with them rather than after them: one round trip to the first screen, not two.
 */
export function startLoading(): void {
  if (started) return;
  started = true;
  // Before the first reads: a locked host refuses them, and the lock screen shows instead of a load error.
  followLock();
  void useApp.getState().load();
  void useTeam.getState().load();
  if (useApp.getState().route.screen !== 'home') return;
  for (const method of ['home.get', 'feedback.owed'] as const) {
    void queryClient.prefetchQuery({ queryKey: queryKeyOf(method), queryFn: readFn(method, undefined) });
  }
}

/** How much feedback "me" owes, for the Home link's badge: the cache refreshes it after a submit here or a change elsewhere. */
function useOwedCount(enabled: boolean): { count: number; overdue: boolean } {
  const owed = useApiQuery('feedback.owed', undefined, { enabled });
  if (!enabled || !owed.data) return { count: 0, overdue: false };
  return { count: owed.data.length, overdue: owed.data.some((o) => o.state === 'overdue') };
}

function Body() {
  const { workspace, recovery, loadError, signedOut, locked, route, load, settings } = useApp();
  const members = useTeam((s) => s.members);
  const owed = useOwedCount(Boolean(workspace?.started && settings?.me));
  const loaded = useTeam((s) => s.loaded);
  const may = (access: Access) => mayCall(access, accessFactsOf(settings, { members, loaded })).ok;

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
  if (locked) {
    return (
      <Suspense fallback={<main className="single" aria-busy="true" />}>
        <LockScreen />
      </Suspense>
    );
  }
  if (recovery) {
    return (
      <Suspense fallback={<main className="single" aria-busy="true" />}>
        <RecoveryScreen status={recovery} />
      </Suspense>
    );
  }
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
  if (!workspace.started) {
    return (
      <Suspense fallback={<main className="single" aria-busy="true" />}>
        <Welcome />
      </Suspense>
    );
  }

  const me = members.find((m) => m.id === settings?.me);
  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Main">
        <div className="brand">{settings?.companyName || 'Principled'}</div>
        <ul>
          {NAV.filter((n) => !n.access || may(n.access)).map((n) => (
            <li key={n.screen}>
              <Link to={to.screen(n.screen)} aria-current={route.screen === n.screen ? 'page' : undefined}>
                {n.label}
                {/* Hidden words rather than an aria-label, so the link's name keeps its visible text (WCAG 2.5.3);
                    the space keeps "Home 1 feedback owed" from reading as "Home1". */}
                {n.screen === 'home' && owed.count > 0 && ' '}
                {n.screen === 'home' && owed.count > 0 && (
                  <span className={`nav-badge${owed.overdue ? ' nav-badge-overdue' : ''}`}>
                    {owed.count}
                    <span className="sr-only"> feedback owed</span>
                  </span>
                )}{' '}
                {/* Only the screens of SCREEN_KEYS have a key. */}
                {n.key && <kbd aria-hidden="true">{screenHint(n.screen as ScreenName, isDesktop())}</kbd>}
              </Link>
            </li>
          ))}
        </ul>
        <p className="me" aria-label="Signed in as">
          {me ? `You are ${me.name}` : 'Choose who you are in Settings'}
        </p>
        <SyncStatusLine />
        <PlaintextNotice mayEncrypt={may(WORKSPACE_KEEPERS)} />
      </nav>
      <main className="content"><RouteView route={route} /></main>
    </div>
  );
}

function Notices() {
  const { notices, dismiss } = useApp();
  return (
    <div className="notices" aria-live="polite">
      {notices.map((n) => (
        <NoticeItem key={n.id} notice={n} onDismiss={() => dismiss(n.id)} />
      ))}
    </div>
  );
}

/** One notice that goes away by itself; hovering or focusing it stops the clock so it can be read. */
function NoticeItem({ notice, onDismiss }: { notice: Notice; onDismiss: () => void }) {
  const [paused, setPaused] = useState({ hover: false, focus: false });
  const left = useRef(noticeLifetimeMs(notice.kind));
  const held = paused.hover || paused.focus;
  useEffect(() => {
    if (held) return;
    const startedAt = Date.now();
    const timer = setTimeout(() => useApp.getState().dismiss(notice.id), left.current);
    return () => {
      clearTimeout(timer);
      left.current = remainingAfter(left.current, startedAt, Date.now());
    };
  }, [held, notice.id]);
  return (
    <div
      className={`notice notice-${notice.kind}`}
      role={notice.kind === 'error' ? 'alert' : 'status'}
      onMouseEnter={() => setPaused((p) => ({ ...p, hover: true }))}
      onMouseLeave={() => setPaused((p) => ({ ...p, hover: false }))}
      onFocus={() => setPaused((p) => ({ ...p, focus: true }))}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget)) setPaused((p) => ({ ...p, focus: false }));
      }}
    >
      {notice.text}
      <button type="button" aria-label="Dismiss" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
