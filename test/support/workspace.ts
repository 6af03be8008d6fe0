import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiClient } from '../../core/api/contract/client';
import { inProcessClient, openWorkspace, type Workspace } from '../../core/server/workspace';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach } from 'vitest';

export interface TestWorkspace {
  dir: string;
  workspace: Workspace;
  client: ApiClient;
  close(): void;
}

/** A real workspace on disk in a temp folder, removed on close; `clock` stands in for the time of day. */
export function tempWorkspace(options: { clock?: () => Date } = {}): TestWorkspace {
  const dir = mkdtempSync(join(tmpdir(), 'principled-test-'));
  const workspace = openWorkspace(dir, { onInternalError: () => {}, ...(options.clock ? { clock: options.clock } : {}) });
  return {
    dir,
    workspace,
    client: inProcessClient(workspace),
    close() {
      workspace.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A fresh workspace for each test of the calling suite, closed (and its folder removed) after it.
 * Read `.t` and `.api` inside tests: they change from test to test.
 */
export function workspacePerTest(): { readonly t: TestWorkspace; readonly api: ApiClient } {
  let current: TestWorkspace | null = null;
  beforeEach(() => {
    current = tempWorkspace();
  });
  afterEach(() => {
    current?.close();
    current = null;
  });
  const now = () => {
    if (!current) throw new Error('workspacePerTest: read it inside a test');
    return current;
  };
  return {
    get t() {
      return now();
    },
    get api() {
      return now().client;
    },
  };
}

/** Every row of every ordinary table, read through a second connection, to prove a refused call wrote nothing. */
export function snapshot(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    return rowsOf(db);
  } finally {
    db.close();
  }
}

function rowsOf(db: Database.Database): string {
  const tables = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts%' ORDER BY name`)
    .all() as { name: string }[];
  return JSON.stringify(tables.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}" ORDER BY 1`).all()]));
}
