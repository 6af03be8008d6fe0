import type { WorkspaceInfo } from '../../api/contract/workspace';
import { STARTER_PRINCIPLES } from '../../rules/starterPrinciples';
import { STARTER_QUESTIONS } from '../../rules/starterQuestions';
import { APP_VERSION } from '../../appVersion';
import { getSetting, setSetting } from '../../../db/queries/settings';
import type { ReadContext } from '../context';
import { ApiFailure } from '../apiFailure';
import { addPrinciple } from './principles';
import { addQuestion } from './questions';
import type { HandlersFor } from './types';

const STARTED_KEY = 'workspace.startedAt';

function info(ctx: ReadContext): WorkspaceInfo {
  return {
    started: getSetting(ctx.db, STARTED_KEY) !== null,
    schemaVersion: ctx.db.pragma('user_version', { simple: true }) as number,
    appVersion: APP_VERSION,
    dataFile: ctx.dataFile,
    me: ctx.actor,
  };
}

export const workspaceHandlers: HandlersFor<'workspace'> = {
  'workspace.get': (_input, ctx) => info(ctx),

  'workspace.start': ({ starter }, ctx) => {
    if (getSetting(ctx.db, STARTED_KEY) !== null) throw new ApiFailure('CONFLICT', 'This workspace has already been started');
    setSetting(ctx.db, STARTED_KEY, ctx.now);
    if (starter) {
      for (const content of STARTER_PRINCIPLES) {
        const principle = addPrinciple(ctx, content, true);
        for (const text of STARTER_QUESTIONS[content.name] ?? []) {
          addQuestion(ctx, { text, principleIds: [principle.id], probes: [], tags: [], hypotheticalReason: '' });
        }
      }
    }
    ctx.log({
      entity: 'workspace',
      entityId: 'workspace',
      summary: starter ? `Started from the starter set (${STARTER_PRINCIPLES.length} draft principles with their questions)` : 'Started blank',
    });
    return info(ctx);
  },
};
