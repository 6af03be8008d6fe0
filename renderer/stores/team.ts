import { create } from 'zustand';
import type { TeamMemberName } from '../../core/api/contract/team';
import { mirrorRead } from '../data/storeRefresh';
import { useApp } from './app';

interface TeamState {
  /** Names, titles, teams, status and capabilities: `team.names`, not the full list with training counts. */
  members: TeamMemberName[];
  loaded: boolean;
  /** Resolves once the names are known; later changes arrive by invalidation. */
  load(): Promise<void>;
}

/**
 * Everyone, including people who left: past loops still name them. A store
 * rather than a query in each component because it is read outside React
 * (formatActor, the access facts) and by nearly every screen; it mirrors the
 * cached `team.names` read, so the invalidation table keeps it fresh.
 */
const names = mirrorRead(
  'team.names',
  { includeLeft: true },
  (members) => useTeam.setState({ members, loaded: true }),
  (error) => useApp.getState().notify('error', error.message),
);

export const useTeam = create<TeamState>(() => ({
  members: [],
  loaded: false,
  load: () => names.ready(),
}));

export const activeMembers = <M extends Pick<TeamMemberName, 'status'>>(members: M[]) => members.filter((m) => m.status === 'active');
