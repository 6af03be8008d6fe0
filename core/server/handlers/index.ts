import { activityHandlers } from './activity';
import { principleHandlers } from './principles';
import { questionHandlers } from './questions';
import type { Handlers } from './types';
import { candidateHandlers } from './candidates';
import { homeHandlers } from './home';
import { kitHandlers } from './kits';
import { loopHandlers } from './loops';
import { roleHandlers } from './roles';
import { settingsHandlers } from './settings';
import { teamHandlers } from './team';
import { workspaceHandlers } from './workspace';

export const handlers: Handlers = {
  ...workspaceHandlers,
  ...principleHandlers,
  ...questionHandlers,
  ...settingsHandlers,
  ...teamHandlers,
  ...roleHandlers,
  ...candidateHandlers,
  ...loopHandlers,
  ...kitHandlers,
  ...homeHandlers,
  ...activityHandlers,
};
