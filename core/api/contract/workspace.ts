import { z } from 'zod';

export const WorkspaceStartInput = z.strictObject({
  starter: z.boolean({ error: 'starter must be true or false' }),
});

export interface WorkspaceInfo {
  /** False until the user has chosen "start blank" or "start from the starter set". */
  started: boolean;
  schemaVersion: number;
  appVersion: string;
  dataFile: string;
  me: string;
}
