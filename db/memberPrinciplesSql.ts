/**
 * Interviews per member and principle (migration 69), kept by triggers as member_training is: readiness counts
 * trained interviewers per principle from ~1,500 × 16 stored rows instead of parsing every slot's principles
 * (170,000 slots at the bench's large scale took hundreds of milliseconds). Each change recounts only the
 * interviewers it can affect, from their own slots, so the order rows arrive in never matters.
 */
const STARTED = `('interviewing', 'debrief', 'decided', 'closed')`;

const recount = (ids: string) =>
  `DELETE FROM member_principles WHERE member_id IN (${ids});
   INSERT INTO member_principles (member_id, principle_id, interviews)
     SELECT s.interviewer_id, j.value, count(*)
     FROM loop_slots s CROSS JOIN loops l ON l.id = s.loop_id CROSS JOIN json_each(s.principle_ids) j
     WHERE s.interviewer_id IN (${ids}) AND l.status IN ${STARTED} AND j.type = 'text'
     GROUP BY s.interviewer_id, j.value;`;

const interviewersOf = (loopId: string) => `SELECT interviewer_id FROM loop_slots WHERE loop_id = ${loopId} AND interviewer_id IS NOT NULL`;

const COUNT_ALL = `INSERT INTO member_principles (member_id, principle_id, interviews)
    SELECT s.interviewer_id, j.value, count(*)
    FROM loop_slots s CROSS JOIN loops l ON l.id = s.loop_id CROSS JOIN json_each(s.principle_ids) j
    WHERE s.interviewer_id IS NOT NULL AND l.status IN ${STARTED} AND j.type = 'text'
      AND EXISTS (SELECT 1 FROM team_members m WHERE m.id = s.interviewer_id)
    GROUP BY s.interviewer_id, j.value;`;

/** Every member recounted at once: after a bulk load that ran with the triggers set aside (a team snapshot). */
export const MEMBER_PRINCIPLES_REBUILD_SQL = `DELETE FROM member_principles; ${COUNT_ALL}`;

export const MEMBER_PRINCIPLES_SQL = `
  CREATE TABLE member_principles (
    member_id TEXT NOT NULL REFERENCES team_members(id) ON DELETE CASCADE,
    principle_id TEXT NOT NULL,
    interviews INTEGER NOT NULL,
    PRIMARY KEY (member_id, principle_id)
  ) STRICT, WITHOUT ROWID;

  ${COUNT_ALL}

  CREATE TRIGGER member_principles_slot_added AFTER INSERT ON loop_slots WHEN NEW.interviewer_id IS NOT NULL BEGIN
    ${recount('NEW.interviewer_id')}
  END;
  CREATE TRIGGER member_principles_slot_removed AFTER DELETE ON loop_slots WHEN OLD.interviewer_id IS NOT NULL BEGIN
    ${recount('OLD.interviewer_id')}
  END;
  CREATE TRIGGER member_principles_slot_changed AFTER UPDATE OF interviewer_id, loop_id, principle_ids ON loop_slots
  WHEN OLD.interviewer_id IS NOT NEW.interviewer_id OR OLD.loop_id IS NOT NEW.loop_id OR OLD.principle_ids IS NOT NEW.principle_ids BEGIN
    ${recount('OLD.interviewer_id, NEW.interviewer_id')}
  END;
  CREATE TRIGGER member_principles_loop_added AFTER INSERT ON loops BEGIN
    ${recount(interviewersOf('NEW.id'))}
  END;
  CREATE TRIGGER member_principles_loop_removed AFTER DELETE ON loops BEGIN
    ${recount(interviewersOf('OLD.id'))}
  END;
  CREATE TRIGGER member_principles_loop_changed AFTER UPDATE OF status ON loops
  WHEN (OLD.status IN ${STARTED}) IS NOT (NEW.status IN ${STARTED}) BEGIN
    ${recount(interviewersOf('NEW.id'))}
  END;
`;
