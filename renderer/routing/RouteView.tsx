import { ActivityScreen } from '../features/activity/ActivityScreen';
import { CandidatesScreen } from '../features/candidates/CandidatesScreen';
import { DebriefScreen } from '../features/debrief/DebriefScreen';
import { FeedbackForm } from '../features/feedback/FeedbackForm';
import { HomeScreen } from '../features/home/HomeScreen';
import { KitView } from '../features/loops/KitView';
import { LoopPlanner } from '../features/loops/LoopPlanner';
import { LoopsScreen } from '../features/loops/LoopsScreen';
import { PrinciplesScreen } from '../features/principles/PrinciplesScreen';
import { QuestionsScreen } from '../features/questions/QuestionsScreen';
import { RolesScreen } from '../features/roles/RolesScreen';
import { SettingsScreen } from '../features/settings/SettingsScreen';
import { TeamScreen } from '../features/team/TeamScreen';
import type { Route } from './routes';

/** The one place that knows which feature draws each route; features link to each other by route, never by import. */
export function RouteView({ route }: { route: Route }) {
  switch (route.screen) {
    case 'home':
      return <HomeScreen />;
    case 'principles':
      return <PrinciplesScreen />;
    case 'activity':
      return <ActivityScreen />;
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
        case 'plan':
          return <LoopPlanner key={loop.id} loopId={loop.id} />;
      }
    }
  }
}
