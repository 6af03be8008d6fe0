import type { ConflictPage, ConflictSide, ResolvedConflict } from '../../api/contract/sync';
import type { ReadableDB } from '../../../db/handles';
import { listConflicts, rowLabel, type ConflictRow } from '../../../db/queries/syncConflicts';
import { prepare } from '../../../db/statements';
import { parseHlc } from './hlc';
import { memberName } from './syncStatus';
import type { TeamView } from './teamRecords';

/**
 * Tables whose rows every team member may read through the API (their reads are open to anyone), so a
 * conflict's values are shown; with the column naming the row. Everything else (feedback and its ratings,
 * debriefs, votes, decisions, coaching notes, practice attempts, check-ins…) shows who and when, never what:
 * it may be feedback the reader is still blind to.
 */
const SHOWN: Record<string, { noun: string; label?: string }> = {
  settings: { noun: 'setting' },
  candidates: { noun: 'candidate', label: 'name' },
  principles: { noun: 'principle', label: 'name' },
  questions: { noun: 'question' },
  question_tags: { noun: 'question tag' },
  roles: { noun: 'role', label: 'title' },
  team_members: { noun: 'team member', label: 'name' },
  loops: { noun: 'loop' },
  loop_slots: { noun: 'interview slot' },
  kit_questions: { noun: 'interview kit question' },
  practice_items: { noun: 'practice item' },
};

const HIDDEN_NOUNS: Record<string, string> = {
  feedback: 'feedback',
  feedback_ratings: 'feedback rating',
  debriefs: 'debrief',
  revotes: 'revote',
  decisions: 'decision',
  coaching_notes: 'coaching note',
  practice_attempts: 'practice rating',
  hire_checkins: 'check-in',
  hire_checkin_ratings: 'check-in rating',
};

/** Who a device is, for the words. */
export interface DeviceWho {
  /** "Ana's laptop" */
  words: string;
  /** The device's own name: "laptop". */
  name: string;
  memberId: string | null;
  ownerName: string | null;
}

export interface ConflictReader {
  /** This install's device ids (the current one and any it had before a restore). */
  own: readonly string[];
  /** Who "me" is: the device's owner. */
  me: string | null;
  describe(deviceId: string): DeviceWho;
}

export function conflictPage(db: ReadableDB, reader: ConflictReader, page: { limit: number; offset: number }): ConflictPage {
  const { rows, total } = listConflicts(db, page.limit, page.offset);
  return { items: rows.map((r) => resolvedConflict(db, reader, r)), total };
}

const fieldWords = (column: string) => column.replace(/_id$/, '').replaceAll('_', ' ');

function isoOf(hlc: string): string {
  try {
    return new Date(parseHlc(hlc).millis).toISOString();
  } catch {
    return hlc.slice(0, 24);
  }
}

function quoted(value: unknown): string {
  if (value === null || value === '') return 'empty';
  const text = String(value);
  return `“${text.length > 200 ? `${text.slice(0, 199)}…` : text}”`;
}

function subjectOf(db: ReadableDB, row: ConflictRow): string {
  const field = fieldWords(row.col);
  const shown = SHOWN[row.tbl];
  const key = (JSON.parse(row.pk) as unknown[])[0];
  if (row.tbl === 'settings') return `the setting ${quoted(key)}`;
  if (!shown) return `the ${field} of a ${HIDDEN_NOUNS[row.tbl] ?? fieldWords(row.tbl)}`;
  const label = shown.label ? rowLabel(db, row.tbl, shown.label, key) : null;
  return label ? `the ${shown.noun} ${label}'s ${field}` : `the ${field} of a ${shown.noun}`;
}

function resolvedConflict(db: ReadableDB, reader: ConflictReader, row: ConflictRow): ResolvedConflict {
  const valuesShown = row.tbl in SHOWN;
  const yoursKept = reader.own.includes(row.winner_device);
  const otherId = yoursKept ? row.loser_device : row.winner_device;
  const other = reader.describe(otherId);
  const sameOwner = other.memberId !== null && other.memberId === reader.me;
  const side = (deviceId: string, hlc: string, value: string | number | null): ConflictSide => {
    const mine = reader.own.includes(deviceId);
    const who = mine ? null : other;
    return {
      deviceId,
      device: mine ? 'this device' : (who?.words ?? 'another device'),
      memberId: mine ? reader.me : (who?.memberId ?? null),
      at: isoOf(hlc),
      ...(valuesShown ? { value } : {}),
    };
  };
  const kept = side(row.winner_device, row.winner_hlc, row.winner_value);
  const lost = side(row.loser_device, row.loser_hlc, row.loser_value);
  // "Ana's" and "your" between two people; "your laptop's" and "this device's" between one person's devices.
  const otherPossessive = sameOwner ? `your ${other.name}'s` : `${other.ownerName ?? 'the other device'}'s`;
  const keptBy = yoursKept ? (sameOwner ? "this device's" : 'your') : otherPossessive;
  const lostBy = yoursKept ? otherPossessive : sameOwner ? "this device's" : 'yours';
  const subject = subjectOf(db, row);
  const both = sameOwner ? `Your ${other.name} and this device both changed` : `${other.words} and yours both changed`;
  const outcome = valuesShown
    ? `${keptBy} change (later) was kept: ${quoted(row.winner_value)} (${lostBy === 'yours' ? 'yours' : `${lostBy} change`} was ${quoted(row.loser_value)})`
    : `${keptBy} change (later) was kept (what each change said is not shown here)`;
  return {
    id: row.id,
    table: row.tbl,
    rowId: row.pk,
    field: row.col,
    subject,
    kept,
    lost,
    yoursKept,
    recordedAt: row.recorded_at,
    summary: `${both} ${subject}; ${outcome}.`,
  };
}

/** A device as the team's records name it; one they do not know yet is named by the member its changes came from. */
export function describeDevice(db: ReadableDB, team: TeamView | null, deviceId: string): DeviceWho {
  const record = team?.devices.get(deviceId)?.record;
  const memberId =
    record?.memberId ?? (prepare(db, 'SELECT member_id FROM sync_positions WHERE device_id = ?').get(deviceId) as { member_id: string } | undefined)?.member_id ?? null;
  const ownerName = memberId ? (team ? memberName(db, team, memberId) : null) : null;
  const name = record?.name || 'device';
  return { words: ownerName ? `${ownerName}'s ${name}` : `device ${deviceId.slice(0, 8)}`, name, memberId, ownerName };
}
