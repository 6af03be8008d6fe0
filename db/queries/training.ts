import type { CertificationEvent } from '../../core/api/contract/training';
import type { SignOffSigner, TrainingCounts, TrainingPath } from '../../core/rules/training/paths';
import type { ReadableDB, WritableDB } from '../handles';
import { prepare } from '../statements';

/** Loops count towards training once interviewing has started, and not when cancelled (as member_training). */
const STARTED = `('interviewing', 'debrief', 'decided', 'closed')`;
const TRAINED = `(o.capabilities LIKE '%"interviewer"%' OR o.capabilities LIKE '%"bar_raiser"%')`;

/**
 * The path counts of the given people. Interviews, shadows and bar-raiser reverse shadows come from
 * `member_training` (kept by triggers); the two counts that depend on who else was in the loop are counted
 * here, each an index range over the person's own slots or shadows, so asking for a few hundred trainees
 * costs their histories, not every loop. An interview counts as reverse-shadowed in either of two ways,
 * never both for one slot: the trainee led a reverse-shadow slot (`trainee_id`) whose supervisor is a trained
 * interviewer, the planner's way; or the trainee interviewed in their own slot while a trained interviewer
 * (or bar raiser) other than them shadowed the whole loop, the way teams did it before reverse-shadow slots.
 */
export function trainingCounts(db: ReadableDB, memberIds: readonly string[]): Map<string, TrainingCounts> {
  const rows = prepare(
    db,
    `SELECT m.id,
       coalesce(t.interviews, 0) AS interviews, coalesce(t.shadows, 0) AS shadows, coalesce(t.reverse_shadows, 0) AS reverse_shadows,
       (SELECT count(*) FROM loop_slots s CROSS JOIN loops l ON l.id = s.loop_id
          WHERE s.interviewer_id = m.id AND l.status IN ${STARTED}
            AND EXISTS (SELECT 1 FROM loop_shadows sh JOIN team_members o ON o.id = sh.member_id
                        WHERE sh.loop_id = l.id AND sh.member_id <> m.id AND ${TRAINED}))
       + (SELECT count(*) FROM loop_slots s CROSS JOIN loops l ON l.id = s.loop_id CROSS JOIN team_members o ON o.id = s.interviewer_id
          WHERE s.trainee_id = m.id AND l.status IN ${STARTED} AND o.id <> m.id AND ${TRAINED}) AS interviews_shadowed,
       (SELECT count(*) FROM loop_shadows sh CROSS JOIN loops l ON l.id = sh.loop_id CROSS JOIN team_members b ON b.id = l.bar_raiser_id
          WHERE sh.member_id = m.id AND l.status IN ${STARTED} AND b.id <> m.id AND b.capabilities LIKE '%"bar_raiser"%') AS bar_raiser_shadows
     FROM team_members m LEFT JOIN member_training t ON t.member_id = m.id
     WHERE m.id IN (SELECT value FROM json_each(?))`,
  ).all(JSON.stringify(memberIds)) as {
    id: string;
    interviews: number;
    shadows: number;
    reverse_shadows: number;
    interviews_shadowed: number;
    bar_raiser_shadows: number;
  }[];
  return new Map(
    rows.map((r) => [
      r.id,
      {
        interviews: r.interviews,
        shadows: r.shadows,
        interviewsShadowed: r.interviews_shadowed,
        barRaiserShadows: r.bar_raiser_shadows,
        reverseShadows: r.reverse_shadows,
      },
    ]),
  );
}

interface EventRow {
  id: string;
  member_id: string;
  path: TrainingPath;
  kind: 'sign' | 'revoke';
  actor_id: string;
  actor_name: string;
  as_bar_raiser: number;
  as_founder: number;
  reason: string;
  at: string;
}

const toEvent = (r: EventRow): CertificationEvent => ({
  id: r.id,
  memberId: r.member_id,
  path: r.path,
  kind: r.kind,
  actorId: r.actor_id,
  actorName: r.actor_name,
  asBarRaiser: r.as_bar_raiser === 1,
  asFounder: r.as_founder === 1,
  reason: r.reason,
  at: r.at,
});

/** The sign-offs on a path since its latest revocation: what counts now. */
export function liveSignOffs(db: ReadableDB, memberId: string, path: TrainingPath): (SignOffSigner & { actorName: string })[] {
  const rows = prepare(
    db,
    `SELECT e.*, a.name AS actor_name FROM certification_events e JOIN team_members a ON a.id = e.actor_id
     WHERE e.member_id = @memberId AND e.path = @path AND e.kind = 'sign'
       AND e.id > coalesce((SELECT max(id) FROM certification_events
                            WHERE member_id = @memberId AND path = @path AND kind = 'revoke'), '')
     ORDER BY e.id`,
  ).all({ memberId, path }) as EventRow[];
  return rows.map((r) => ({ actorId: r.actor_id, actorName: r.actor_name, asBarRaiser: r.as_bar_raiser === 1, asFounder: r.as_founder === 1 }));
}

/** Every sign-off and revocation of a person, newest first. */
export function certificationHistory(db: ReadableDB, memberId: string): CertificationEvent[] {
  const rows = prepare(
    db,
    `SELECT e.*, a.name AS actor_name FROM certification_events e JOIN team_members a ON a.id = e.actor_id
     WHERE e.member_id = ? ORDER BY e.id DESC`,
  ).all(memberId) as EventRow[];
  return rows.map(toEvent);
}

export function insertCertificationEvent(db: WritableDB, e: Omit<CertificationEvent, 'actorName'>): void {
  prepare(
    db,
    `INSERT INTO certification_events (id, member_id, path, kind, actor_id, as_bar_raiser, as_founder, reason, at)
     VALUES (@id, @memberId, @path, @kind, @actorId, @asBarRaiser, @asFounder, @reason, @at)`,
  ).run({ ...e, asBarRaiser: e.asBarRaiser ? 1 : 0, asFounder: e.asFounder ? 1 : 0 });
}
