import { lazyScreen } from './lazyScreen';
import type { Route } from './routes';

/**
 * Every screen but Home is its own chunk, so the first page load parses only the shell and Home (the first
 * usable screen); the rest are fetched while the browser is idle right after, or when a link to them is pointed at.
 */
export const screens = {
  activity: lazyScreen(() => import('../features/activity/ActivityScreen').then((m) => m.ActivityScreen)),
  calibration: lazyScreen(() => import('../features/science/CalibrationScreen').then((m) => m.CalibrationScreen)),
  checkins: lazyScreen(() => import('../features/science/CheckinScreen').then((m) => m.CheckinScreen)),
  evidence: lazyScreen(() => import('../features/science/EvidenceSearchScreen').then((m) => m.EvidenceSearchScreen)),
  candidates: lazyScreen(() => import('../features/candidates/CandidatesScreen').then((m) => m.CandidatesScreen)),
  debrief: lazyScreen(() => import('../features/debrief/DebriefScreen').then((m) => m.DebriefScreen)),
  feedback: lazyScreen(() => import('../features/feedback/FeedbackForm').then((m) => m.FeedbackForm)),
  kit: lazyScreen(() => import('../features/loops/KitView').then((m) => m.KitView)),
  planner: lazyScreen(() => import('../features/loops/LoopPlanner').then((m) => m.LoopPlanner)),
  loops: lazyScreen(() => import('../features/loops/LoopsScreen').then((m) => m.LoopsScreen)),
  practice: lazyScreen(() => import('../features/practice/PracticeScreen').then((m) => m.PracticeScreen)),
  principles: lazyScreen(() => import('../features/principles/PrinciplesScreen').then((m) => m.PrinciplesScreen)),
  questions: lazyScreen(() => import('../features/questions/QuestionsScreen').then((m) => m.QuestionsScreen)),
  roles: lazyScreen(() => import('../features/roles/RolesScreen').then((m) => m.RolesScreen)),
  settings: lazyScreen(() => import('../features/settings/SettingsScreen').then((m) => m.SettingsScreen)),
  team: lazyScreen(() => import('../features/team/TeamScreen').then((m) => m.TeamScreen)),
  training: lazyScreen(() => import('../features/training/ReadinessScreen').then((m) => m.ReadinessScreen)),
};

export type ScreenChunk = keyof typeof screens;

/** The chunk that draws a route (none for Home, which is in the main bundle); RouteView's switch in one word. */
export function chunkOf(route: Route): ScreenChunk | null {
  switch (route.screen) {
    case 'home':
      return null;
    case 'science':
      return 'calibration';
    case 'loops': {
      const loop = route.loop;
      if (!loop) return 'loops';
      return loop.view === 'plan' ? 'planner' : loop.view;
    }
    default:
      return route.screen;
  }
}
