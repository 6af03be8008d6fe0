import { z } from 'zod';
import { id } from './fields';

export const ActivityListInput = z
  .strictObject({
    entityId: id('entityId').optional(),
    limit: z.number().int().min(1).max(500, { error: 'limit must be at most 500' }).default(100),
  })
  .default({ limit: 100 });

export interface ActivityEntry {
  id: string;
  at: string;
  actor: string;
  method: string;
  entity: string;
  entityId: string;
  summary: string;
}

/** What `activity.verify` found: the log against this device's hash chain over it (core/rules/logChain.ts). */
export type { ChainProblem as ActivityChainProblem, ChainReport as ActivityVerifyResult } from '../../rules/logChain';
