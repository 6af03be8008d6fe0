import { onLocked } from '../../api/transport';
import { onServerEvent } from '../../api/serverEvents';
import { queryClient } from '../../data/queryClient';
import { useApp } from '../../stores/app';
import { usePrinciples } from '../../stores/principles';
import { useTeam } from '../../stores/team';

/**
 * The page's side of the app lock (the host's is core/server/appLock.ts). Locked, the page keeps nothing of
 * the workspace: the query cache is emptied and the stores go back to how they started, so neither the
 * screen nor the page's memory holds a name. Unlocking reloads the page, which reads everything afresh.
 */
export function lockPage(): void {
  if (useApp.getState().locked) return;
  queryClient.clear();
  useTeam.setState(useTeam.getInitialState(), true);
  usePrinciples.setState(usePrinciples.getInitialState(), true);
  useApp.setState({ locked: true, workspace: null, settings: null, recovery: null, loadError: null, notices: [] });
}

let following = false;

/** Locks the page when the host says so (an idle lock, "Lock now" in another window) or refuses a call as LOCKED. */
export function followLock(): void {
  if (following) return;
  following = true;
  onLocked(lockPage);
  onServerEvent('privacy.locked', lockPage);
}
