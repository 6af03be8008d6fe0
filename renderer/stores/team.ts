import { create } from 'zustand';
import type { TeamMember } from '../../core/api/contract/team';
import { api } from '../api/transport';
import { useApp } from './app';

interface TeamState {
  members: TeamMember[];
  loaded: boolean;
  load(): Promise<void>;
}

/** Everyone, including people who left: past loops still name them. */
export const useTeam = create<TeamState>((set) => ({
  members: [],
  loaded: false,
  async load() {
    const result = await api.call('team.list', { includeLeft: true });
    if (result.ok) set({ members: result.value, loaded: true });
    else useApp.getState().notify('error', result.error.message);
  },
}));

export const activeMembers = (members: TeamMember[]) => members.filter((m) => m.status === 'active');
