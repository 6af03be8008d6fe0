import { lazy, Suspense, useDeferredValue, useEffect } from 'react';
import { queryClient } from '../data/queryClient';
import { Loading } from '../data/QueryState';
import { HomeScreen } from '../features/home/HomeScreen';
import type { Route } from './routes';

/**
 * Every screen but Home is its own chunk, so the first page load parses only the shell and Home (the first
 * usable screen); the rest are fetched while the browser is idle right after, so a navigation rarely waits for one.
 */
const screens = {
  activity: () => import('../features/activity/ActivityScreen').then((m) => ({ default: m.ActivityScreen })),
  calibration: () => import('../features/science/CalibrationScreen').then((m) => ({ default: m.CalibrationScreen })),
  checkins: () => import('../features/science/CheckinScreen').then((m) => ({ default: m.CheckinScreen })),
  evidence: () => import('../features/science/EvidenceSearchScreen').then((m) => ({ default: m.EvidenceSearchScreen })),
  candidates: () => import('../features/candidates/CandidatesScreen').then((m) => ({ default: m.CandidatesScreen })),
  debrief: () => import('../features/debrief/DebriefScreen').then((m) => ({ default: m.DebriefScreen })),
  feedback: () => import('../features/feedback/FeedbackForm').then((m) => ({ default: m.FeedbackForm })),
  kit: () => import('../features/loops/KitView').then((m) => ({ default: m.KitView })),
  planner: () => import('../features/loops/LoopPlanner').then((m) => ({ default: m.LoopPlanner })),
  loops: () => import('../features/loops/LoopsScreen').then((m) => ({ default: m.LoopsScreen })),
  practice: () => import('../features/practice/PracticeScreen').then((m) => ({ default: m.PracticeScreen })),
  principles: () => import('../features/principles/PrinciplesScreen').then((m) => ({ default: m.PrinciplesScreen })),
  questions: () => import('../features/questions/QuestionsScreen').then((m) => ({ default: m.QuestionsScreen })),
  roles: () => import('../features/roles/RolesScreen').then((m) => ({ default: m.RolesScreen })),
  settings: () => import('../features/settings/SettingsScreen').then((m) => ({ default: m.SettingsScreen })),
  team: () => import('../features/team/TeamScreen').then((m) => ({ default: m.TeamScreen })),
  training: () => import('../features/training/ReadinessScreen').then((m) => ({ default: m.ReadinessScreen })),
};

const ActivityScreen = lazy(screens.activity);
const CalibrationScreen = lazy(screens.calibration);
const CheckinScreen = lazy(screens.checkins);
const EvidenceSearchScreen = lazy(screens.evidence);
const CandidatesScreen = lazy(screens.candidates);
const DebriefScreen = lazy(screens.debrief);
const FeedbackForm = lazy(screens.feedback);
const KitView = lazy(screens.kit);
const LoopPlanner = lazy(screens.planner);
const LoopsScreen = lazy(screens.loops);
const PracticeScreen = lazy(screens.practice);
const PrinciplesScreen = lazy(screens.principles);
const QuestionsScreen = lazy(screens.questions);
const RolesScreen = lazy(screens.roles);
const SettingsScreen = lazy(screens.settings);
const TeamScreen = lazy(screens.team);
const ReadinessScreen = lazy(screens.training);

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
      for (const load of Object.values(screens)) void load();
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

/** The one place that knows which feature draws each route; features link to each other by route, never by import. */
export function RouteView({ route }: { route: Route }) {
  usePreloadScreens();
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
      return <SettingsScreen />;
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
