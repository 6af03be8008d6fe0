import { listActivity } from '../../../db/queries/activity';
import type { HandlersFor } from './types';

export const activityHandlers: HandlersFor<'activity'> = {
  'activity.list': (input, { db }) => listActivity(db, input),
};
