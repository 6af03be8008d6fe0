import { join } from 'node:path';
import type { ApiClient } from '../api/contract/client';
import { createClient } from '../api/contract/client';
import type { ApiResult } from '../api/contract/result';
import { DATABASE_FILE_NAME, openDatabase } from '../../db/open';
import { dispatch, type DispatchContext } from './dispatch';

export interface Workspace {
  readonly file: string;
  dispatch(method: string, input: unknown): ApiResult<unknown>;
  close(): void;
}

export interface WorkspaceOptions {
  clock?: DispatchContext['clock'];
  onInternalError?: DispatchContext['onInternalError'];
}

/** Opens the workspace in a data folder (creating and migrating it as needed). */
export function openWorkspace(dataDir: string, options: WorkspaceOptions = {}): Workspace {
  return openWorkspaceFile(join(dataDir, DATABASE_FILE_NAME), options);
}

export function openWorkspaceFile(file: string, options: WorkspaceOptions = {}): Workspace {
  const db = openDatabase(file);
  const ctx: DispatchContext = { db, dataFile: file, ...options };
  return {
    file,
    dispatch: (method, input) => dispatch(method, input, ctx),
    close: () => db.close(),
  };
}

/** The in-process transport: tests, scripts and benchmarks call dispatch directly. */
export function inProcessClient(workspace: Workspace): ApiClient {
  return createClient(async (method, input) => workspace.dispatch(method, input));
}
