import { ANY_ENTITY } from '../../core/api/contract/events';
import { onServerEvent } from '../api/serverEvents';
import { usePrinciples } from '../stores/principles';
import { useTeam } from '../stores/team';
import { WORKSPACE_WIDE } from './invalidation';

/**
 * The team and principles stores predate the query cache and feed names to
 * every screen; they read again when another window changes their kind. The
 * team list is large, so only a change to people (not to their training
 * records, which every feedback touches) reloads it.
 */
export function followServerChangesInStores(): () => void {
  const wide = new Set<string>([ANY_ENTITY, ...WORKSPACE_WIDE]);
  return onServerEvent('data.changed', ({ entities }) => {
    const touched = (kind: string) => entities.some((e) => e === kind || wide.has(e));
    if (touched('team_member') && useTeam.getState().loaded) void useTeam.getState().load();
    if (touched('principle') && usePrinciples.getState().loaded) void usePrinciples.getState().load();
  });
}
