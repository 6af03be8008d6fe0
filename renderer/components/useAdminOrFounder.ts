import { useApp } from '../stores/app';
import { useTeam } from '../stores/team';

/** "Me", when an admin or a founder: who may erase a candidate, export the whole workspace or take a backup away. */
export function useAdminOrFounder() {
  const meId = useApp((s) => s.settings?.me ?? null);
  const me = useTeam((s) => s.members.find((m) => m.id === meId) ?? null);
  const allowed = me !== null && me.status === 'active' && (me.capabilities.includes('admin') || me.capabilities.includes('founder'));
  return { me, allowed };
}
