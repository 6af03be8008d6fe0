import { Suspense, useDeferredValue, useEffect } from 'react';
import { queryClient } from '../data/queryClient';
import { Loading } from '../data/QueryState';
import { HomeScreen } from '../features/home/HomeScreen';
import { preloadRoute } from './preloadRoute';
import { routeFromHash, type Route } from './routes';
import { screens } from './screens';

const {
  activity: { Screen: ActivityScreen },
  calibration: { Screen: CalibrationScreen },
  checkins: { Screen: CheckinScreen },
  evidence: { Screen: EvidenceSearchScreen },
  candidates: { Screen: CandidatesScreen },
  debrief: { Screen: DebriefScreen },
  feedback: { Screen: FeedbackForm },
  kit: { Screen: KitView },
  planner: { Screen: LoopPlanner },
  loops: { Screen: LoopsScreen },
  practice: { Screen: PracticeScreen },
  principles: { Screen: PrinciplesScreen },
  questions: { Screen: QuestionsScreen },
  roles: { Screen: RolesScreen },
  settings: { Screen: SettingsScreen },
  team: { Screen: TeamScreen },
  training: { Screen: ReadinessScreen },
} = screens;

/**
 * Fetches every screen's chunk once the first screen is up (the module cache makes later imports instant):
 * when no read is under way and the browser is idle, so parsing them never competes with the first screen's
 * reads, yet is done before a first click on the navigation.
 */
function usePreloadScreens() {
  useEffect(() => {
    let idle: number | undefined;
    let done = false;
    const preload = () => {
      if (done) return;
      done = true;
      unsubscribe();
      clearTimeout(latest);
      for (const screen of Object.values(screens)) screen.load().catch(() => undefined);
    };
    const whenIdle = () => {
      if (done || idle !== undefined || queryClient.isFetching() > 0) return;
      if ('requestIdleCallback' in window) idle = window.requestIdleCallback(preload, { timeout: 500 });
      else preload();
    };
    const unsubscribe = queryClient.getQueryCache().subscribe(whenIdle);
    const latest = setTimeout(preload, 3000);
    const first = setTimeout(whenIdle, 100);
    return () => {
      done = true;
      unsubscribe();
      clearTimeout(latest);
      clearTimeout(first);
      if (idle !== undefined) window.cancelIdleCallback(idle);
    };
  }, []);
}

/**
 * The next screen's chunk and reads start with the route change (a link, `go`, the back button: all change the
 * hash). In the capture phase, so before the app store's listener: React renders the route change in the microtask
 * right after that one, and the reads would wait for the whole render (~20 ms of a first visit to Team).
 */
function usePreloadOnRouteChange() {
  useEffect(() => {
    const onHashChange = () => preloadRoute(routeFromHash(window.location.hash));
    window.addEventListener('hashchange', onHashChange, { capture: true });
    return () => window.removeEventListener('hashchange', onHashChange, { capture: true });
  }, []);
}

/** The one place that knows which feature draws each route; features link to each other by route, never by import. */
export function RouteView({ route }: { route: Route }) {
  usePreloadScreens();
  usePreloadOnRouteChange();
  // A screen whose chunk is not loaded yet suspends: deferred, the current screen stays up until the next
  // one is ready instead of a fallback, which React would then hold on screen for at least 300 ms.
  const shown = useDeferredValue(route);
  return (
    <Suspense fallback={<Loading />}>
      <Screen route={shown} />
    </Suspense>
  );
}

function Screen({ route }: { route: Route }) {
  switch (route.screen) {
    case 'home':
      return <HomeScreen />;
    case 'principles':
      return <PrinciplesScreen />;
    case 'practice':
      return <PracticeScreen />;
    case 'activity':
      return <ActivityScreen />;
    case 'science':
      return <CalibrationScreen />;
    case 'evidence':
      return <EvidenceSearchScreen />;
    case 'training':
      return <ReadinessScreen />;
    case 'settings':
      return <SettingsScreen section={route.section} />;
    case 'questions':
      return <QuestionsScreen open={route.open} />;
    case 'team':
      return <TeamScreen open={route.open} />;
    case 'roles':
      return <RolesScreen open={route.open} />;
    case 'candidates':
      return <CandidatesScreen open={route.open} />;
    case 'loops': {
      const loop = route.loop;
      if (!loop) return <LoopsScreen />;
      switch (loop.view) {
        case 'kit':
          return <KitView key={`${loop.id}/${loop.slotId}`} loopId={loop.id} slotId={loop.slotId} />;
        case 'feedback':
          return <FeedbackForm key={loop.id} loopId={loop.id} />;
        case 'debrief':
          return <DebriefScreen key={loop.id} loopId={loop.id} />;
        case 'checkins':
          return <CheckinScreen key={loop.id} loopId={loop.id} />;
        case 'plan':
          return <LoopPlanner key={loop.id} loopId={loop.id} />;
      }
    }
  }
}
