import type { Decision, Revote } from '../../core/api/contract/feedback';
import type { ReadableDB } from '../handles';
import { parseJsonColumn, StringList } from '../jsonColumns';
import { prepare } from '../statements';
import { type DebriefRow, type DecisionRow, rowToDecision } from './feedback';
import { feedbackDueHoursOf, SETTING_KEYS } from './settingsValues';

/** What a debrief shows of its own besides the loop and the feedback. */
export interface DebriefState {
  debrief: DebriefRow | null;
  decision: Decision | null;
  revotes: Revote[];
}

/** What a debrief shows besides the loop and its feedback. `focusPrincipleIds` is null when the role is gone. */
export interface DebriefLookups {
  focusPrincipleIds: string[] | null;
  principleNames: Map<string, string>;
  memberNames: Map<string, string>;
  dueHours: number;
  state: DebriefState;
}

type LookupRow = (DecisionRow | Record<keyof DecisionRow, null>) & {
  debrief_focus: string | null;
  debrief_due_hours: string | null;
  debrief_principle_names: string;
  debrief_member_names: string;
  debrief_opened_at: string | null;
  debrief_early_reason: string | null;
  debrief_notes: string | null;
  debrief_revotes: string;
};

/**
 * One statement for what was seven: the role's focus, the names of principles (the focus and
 * `slotPrincipleIds`) and of `memberIds`, the due-hours setting, the debrief's row, its current decision and
 * the re-votes. One by one, each cost the debrief about as much as reading its row, mostly to find one row or
 * none (bench/README.md). The lists come as JSON that SQLite builds here from typed columns (STRICT, NOT NULL),
 * not stored JSON texts, so they are not checked again; the role's stored focus list is.
 */
export function debriefLookups(
  db: ReadableDB,
  loopId: string,
  roleId: string,
  slotPrincipleIds: readonly string[],
  memberIds: readonly string[],
): DebriefLookups {
  const r = prepare(db,
    `SELECT r.focus_principle_ids AS debrief_focus, (SELECT value FROM settings WHERE key = @dueKey) AS debrief_due_hours,
       (SELECT json_group_array(json_array(p.id, p.name)) FROM principles p
         WHERE p.id IN (SELECT value FROM json_each(r.focus_principle_ids) UNION SELECT value FROM json_each(@principles))) AS debrief_principle_names,
       (SELECT json_group_array(json_array(m.id, m.name)) FROM team_members m WHERE m.id IN (SELECT value FROM json_each(@members))) AS debrief_member_names,
       b.opened_at AS debrief_opened_at, b.early_reason AS debrief_early_reason, b.notes AS debrief_notes,
       (SELECT json_group_array(json_object('id', v.id, 'authorId', v.author_id, 'fromVote', v.from_vote, 'toVote', v.to_vote,
          'note', v.note, 'at', v.at) ORDER BY v.id) FROM revotes v WHERE v.loop_id = k.id AND v.from_vote != '') AS debrief_revotes,
       d.*
     FROM (SELECT @loopId AS id, @roleId AS role_id LIMIT 1) k LEFT JOIN roles r ON r.id = k.role_id LEFT JOIN debriefs b ON b.loop_id = k.id
       LEFT JOIN decisions d ON d.loop_id = k.id AND d.superseded = 0`,
  ).get({
    loopId,
    roleId,
    dueKey: SETTING_KEYS.feedbackDueHours,
    principles: JSON.stringify(slotPrincipleIds),
    members: JSON.stringify(memberIds),
  }) as LookupRow;
  return {
    focusPrincipleIds: r.debrief_focus === null ? null : parseJsonColumn(StringList, r.debrief_focus, 'roles.focus_principle_ids'),
    principleNames: new Map(JSON.parse(r.debrief_principle_names) as [string, string][]),
    memberNames: new Map(JSON.parse(r.debrief_member_names) as [string, string][]),
    dueHours: feedbackDueHoursOf(r.debrief_due_hours),
    state: {
      debrief: r.debrief_opened_at === null ? null : { openedAt: r.debrief_opened_at, earlyReason: r.debrief_early_reason, notes: r.debrief_notes ?? '' },
      decision: r.id === null ? null : rowToDecision(r as DecisionRow),
      revotes: JSON.parse(r.debrief_revotes) as Revote[],
    },
  };
}
