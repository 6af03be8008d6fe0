import { activityHandlers } from './activity';
import { principleHandlers } from './principles';
import { questionHandlers } from './questions';
import type { Handlers } from './types';
import { workspaceHandlers } from './workspace';

export const handlers: Handlers = {
  ...workspaceHandlers,
  ...principleHandlers,
  ...questionHandlers,
  ...activityHandlers,
};
