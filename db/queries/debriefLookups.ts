import type { ReadableDB } from '../handles';
import { parseJsonColumn, StringList } from '../jsonColumns';
import { prepare } from '../statements';
import { feedbackDueHoursOf, SETTING_KEYS } from './settingsValues';

/** What a debrief shows besides the loop and its feedback: the role's focus, names of principles and people, the due hours. */
export interface DebriefLookups {
  focusPrincipleIds: string[];
  principleNames: Map<string, string>;
  memberNames: Map<string, string>;
  dueHours: number;
}

interface LookupRow {
  kind: 'role' | 'principle' | 'member';
  id: string;
  name: string | null;
}

/**
 * One statement for what was four (the role's focus, principle names, people's names, the due-hours setting):
 * run one by one, these lookups cost the debrief more than its feedback (see bench/README.md). The principles
 * named are the role's focus and `slotPrincipleIds`; the role row carries its focus list and the setting.
 * Null when the role does not exist.
 */
export function debriefLookups(db: ReadableDB, roleId: string, slotPrincipleIds: readonly string[], memberIds: readonly string[]): DebriefLookups | null {
  const rows = prepare(db,
    `SELECT 'role' AS kind, r.focus_principle_ids AS id, (SELECT value FROM settings WHERE key = @dueKey) AS name FROM roles r WHERE r.id = @roleId
     UNION ALL
     SELECT 'principle', p.id, p.name FROM principles p
      WHERE p.id IN (SELECT value FROM json_each((SELECT focus_principle_ids FROM roles WHERE id = @roleId)) UNION SELECT value FROM json_each(@principles))
     UNION ALL
     SELECT 'member', m.id, m.name FROM team_members m WHERE m.id IN (SELECT value FROM json_each(@members))`,
  ).all({ roleId, dueKey: SETTING_KEYS.feedbackDueHours, principles: JSON.stringify(slotPrincipleIds), members: JSON.stringify(memberIds) }) as LookupRow[];
  let role: LookupRow | undefined;
  const principleNames = new Map<string, string>();
  const memberNames = new Map<string, string>();
  for (const r of rows) {
    if (r.kind === 'role') role = r;
    else (r.kind === 'principle' ? principleNames : memberNames).set(r.id, r.name ?? '');
  }
  if (!role) return null;
  return {
    focusPrincipleIds: parseJsonColumn(StringList, role.id, 'roles.focus_principle_ids'),
    principleNames,
    memberNames,
    dueHours: feedbackDueHoursOf(role.name),
  };
}
