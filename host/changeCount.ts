import { randomUUID } from 'node:crypto';
import type { Workspace } from '../core/server/workspace';

/**
 * How many changes this host has told pages about, and which host is counting. A page that read something
 * when the count was N and opens its event stream when it is still N (same instance) has missed nothing, so
 * it need not read everything again; after a restart the instance differs and it always does.
 */
export interface ChangeCount {
  instance: string;
  current(): number;
}

export function countChanges(workspace: Workspace): ChangeCount {
  const instance = randomUUID();
  let count = 0;
  workspace.subscribe((event) => {
    if (event.name === 'data.changed') count++;
  });
  return { instance, current: () => count };
}
