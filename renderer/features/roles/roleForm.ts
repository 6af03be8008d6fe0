import type { Role, RoleStatus } from '../../../core/api/contract/roles';
import { numberFrom } from '../../components/format';

export const ROLE_STATUS_LABELS: Record<RoleStatus, string> = { open: 'Open', paused: 'Paused', closed: 'Closed' };

export interface SlotForm {
  /** Stable key for React while slots move; never sent to the API. */
  key: string;
  title: string;
  durationMinutes: string;
  principleIds: string[];
}

export interface RoleForm {
  title: string;
  team: string;
  level: string;
  /** '' for none. */
  hiringManagerId: string;
  status: RoleStatus;
  focusPrincipleIds: string[];
  template: SlotForm[];
}

let nextKey = 0;
export const slotKey = () => `slot-${Date.now().toString(36)}-${(nextKey++).toString(36)}`;

export const fromRole = (r: Role | null): RoleForm =>
  r
    ? {
        title: r.title,
        team: r.team,
        level: r.level,
        hiringManagerId: r.hiringManagerId ?? '',
        status: r.status,
        focusPrincipleIds: [...r.focusPrincipleIds],
        template: r.template.map((s, i) => ({
          key: `saved-${i}`,
          title: s.title,
          durationMinutes: String(s.durationMinutes),
          principleIds: [...s.principleIds],
        })),
      }
    : { title: '', team: '', level: '', hiringManagerId: '', status: 'open', focusPrincipleIds: [], template: [] };

export const toInput = (f: RoleForm) => ({
  title: f.title,
  team: f.team,
  level: f.level,
  hiringManagerId: f.hiringManagerId || null,
  status: f.status,
  focusPrincipleIds: f.focusPrincipleIds,
  template: f.template.map((s) => ({ title: s.title, durationMinutes: numberFrom(s.durationMinutes), principleIds: s.principleIds })),
});

/** Move the item at `index` by `delta`, returning a new array; out of range leaves it as it is. */
export function moved<T>(items: readonly T[], index: number, delta: number): T[] {
  const to = index + delta;
  if (index < 0 || to < 0 || to >= items.length) return [...items];
  const next = [...items];
  const [item] = next.splice(index, 1);
  if (item !== undefined) next.splice(to, 0, item);
  return next;
}
