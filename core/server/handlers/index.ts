import { activityHandlers } from './activity';
import { principleHandlers } from './principles';
import { questionHandlers } from './questions';
import type { Handlers } from './types';
import { candidateHandlers } from './candidates';
import { checkinHandlers } from './checkins';
import { coachingHandlers } from './coaching';
import { practiceHandlers } from './practice';
import { evidenceHandlers } from './evidence';
import { homeHandlers } from './home';
import { debriefHandlers, decisionHandlers } from './debrief';
import { feedbackHandlers } from './feedback';
import { packetHandlers } from './packet';
import { privacyHandlers } from './privacy';
import { transferHandlers } from './transfer';
import { kitHandlers } from './kits';
import { loopHandlers } from './loops';
import { roleHandlers } from './roles';
import { settingsHandlers } from './settings';
import { syncHandlers } from './sync';
import { teamHandlers } from './team';
import { trainingHandlers } from './training';
import { workspaceHandlers } from './workspace';

export const handlers: Handlers = {
  ...workspaceHandlers,
  ...principleHandlers,
  ...questionHandlers,
  ...settingsHandlers,
  ...teamHandlers,
  ...trainingHandlers,
  ...roleHandlers,
  ...candidateHandlers,
  ...loopHandlers,
  ...kitHandlers,
  ...feedbackHandlers,
  ...coachingHandlers,
  ...practiceHandlers,
  ...debriefHandlers,
  ...decisionHandlers,
  ...packetHandlers,
  ...homeHandlers,
  ...checkinHandlers,
  ...evidenceHandlers,
  ...activityHandlers,
  ...privacyHandlers,
  ...transferHandlers,
  ...syncHandlers,
};
