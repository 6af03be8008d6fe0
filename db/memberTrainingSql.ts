/**
 * Training counts per member (migration 64), kept by triggers: each change recounts only the people it can
 * affect, so the order rows arrive in (imports, cascades) never matters.
 */
/** Loops count towards training once interviewing has started, and not when cancelled. */
const STARTED = `('interviewing', 'debrief', 'decided', 'closed')`;
/**
 * The members `ids` (a list or a SELECT of member ids) are recounted from scratch. Delete, then insert: an
 * INSERT OR REPLACE here would take the conflict policy of the statement firing the trigger, and under an
 * outer INSERT OR IGNORE keep the stale row.
 */
const recompute = (ids: string) =>
  `DELETE FROM member_training WHERE member_id IN (${ids});
   INSERT INTO member_training SELECT * FROM member_training_fresh WHERE member_id IN (${ids});`;
/** Bar raisers of the started loops a member shadows: their reverse-shadow counts follow that member's capabilities. */
const barRaisersShadowedBy = (memberId: string) =>
  `SELECT l.bar_raiser_id FROM loop_shadows sh JOIN loops l ON l.id = sh.loop_id WHERE sh.member_id = ${memberId}`;
const peopleOfLoop = (loopId: string) =>
  `SELECT interviewer_id FROM loop_slots WHERE loop_id = ${loopId}
   UNION SELECT member_id FROM loop_shadows WHERE loop_id = ${loopId}
   UNION SELECT bar_raiser_id FROM loops WHERE id = ${loopId}`;

/**
 * The team screen's training counts, kept per member. `member_training_fresh` is their definition, each count
 * an index range over one member's own history; the triggers recompute from it every member a change can
 * touch, so the order rows arrive in (an import, a cascade) never matters. Recounting one person costs
 * about as much as their history; the team screen then reads 1,500 stored rows instead of every slot.
 */
/** Every member recounted at once: after a bulk load that ran with the triggers set aside (a team snapshot). */
export const MEMBER_TRAINING_REBUILD_SQL = 'DELETE FROM member_training; INSERT INTO member_training SELECT * FROM member_training_fresh;';

export const MEMBER_TRAINING_SQL = `
  CREATE TABLE member_training (
    member_id TEXT PRIMARY KEY REFERENCES team_members(id) ON DELETE CASCADE,
    interviews INTEGER NOT NULL,
    shadows INTEGER NOT NULL,
    bar_raised INTEGER NOT NULL,
    reverse_shadows INTEGER NOT NULL
  ) STRICT, WITHOUT ROWID;

  -- CROSS JOIN keeps each count on the member's own rows: the planner would otherwise walk every started loop.
  CREATE VIEW member_training_fresh AS
  SELECT m.id AS member_id,
    (SELECT count(*) FROM loop_slots s CROSS JOIN loops l ON l.id = s.loop_id
       WHERE s.interviewer_id = m.id AND l.status IN ${STARTED}) AS interviews,
    (SELECT count(*) FROM loop_shadows sh CROSS JOIN loops l ON l.id = sh.loop_id
       WHERE sh.member_id = m.id AND l.status IN ${STARTED}) AS shadows,
    (SELECT count(*) FROM loops l WHERE l.bar_raiser_id = m.id AND l.status IN ${STARTED}) AS bar_raised,
    (SELECT count(*) FROM loops l WHERE l.bar_raiser_id = m.id AND l.status IN ${STARTED}
       AND EXISTS (SELECT 1 FROM loop_shadows sh JOIN team_members o ON o.id = sh.member_id
                   WHERE sh.loop_id = l.id AND o.capabilities LIKE '%"bar_raiser"%')) AS reverse_shadows
  FROM team_members m;

  INSERT INTO member_training SELECT * FROM member_training_fresh;

  CREATE TRIGGER member_training_slot_added AFTER INSERT ON loop_slots WHEN NEW.interviewer_id IS NOT NULL BEGIN
    ${recompute('NEW.interviewer_id')}
  END;
  CREATE TRIGGER member_training_slot_removed AFTER DELETE ON loop_slots WHEN OLD.interviewer_id IS NOT NULL BEGIN
    ${recompute('OLD.interviewer_id')}
  END;
  CREATE TRIGGER member_training_slot_changed AFTER UPDATE OF interviewer_id, loop_id ON loop_slots
  WHEN OLD.interviewer_id IS NOT NEW.interviewer_id OR OLD.loop_id IS NOT NEW.loop_id BEGIN
    ${recompute('OLD.interviewer_id, NEW.interviewer_id')}
  END;

  CREATE TRIGGER member_training_shadow_added AFTER INSERT ON loop_shadows BEGIN
    ${recompute(`SELECT NEW.member_id UNION SELECT bar_raiser_id FROM loops WHERE id = NEW.loop_id`)}
  END;
  CREATE TRIGGER member_training_shadow_removed AFTER DELETE ON loop_shadows BEGIN
    ${recompute(`SELECT OLD.member_id UNION SELECT bar_raiser_id FROM loops WHERE id = OLD.loop_id`)}
  END;
  CREATE TRIGGER member_training_shadow_changed AFTER UPDATE ON loop_shadows BEGIN
    ${recompute(`SELECT OLD.member_id UNION SELECT NEW.member_id UNION SELECT bar_raiser_id FROM loops WHERE id IN (OLD.loop_id, NEW.loop_id)`)}
  END;

  CREATE TRIGGER member_training_loop_added AFTER INSERT ON loops BEGIN
    ${recompute(peopleOfLoop('NEW.id'))}
  END;
  CREATE TRIGGER member_training_loop_removed AFTER DELETE ON loops BEGIN
    ${recompute(`SELECT OLD.bar_raiser_id UNION ${peopleOfLoop('OLD.id')}`)}
  END;
  -- Saving a loop rewrites its status and bar raiser every time: only a change in whether it counts, or in who
  -- raised the bar, recounts anyone.
  CREATE TRIGGER member_training_loop_changed AFTER UPDATE OF status, bar_raiser_id ON loops
  WHEN (OLD.status IN ${STARTED}) IS NOT (NEW.status IN ${STARTED}) OR OLD.bar_raiser_id IS NOT NEW.bar_raiser_id BEGIN
    ${recompute(`SELECT OLD.bar_raiser_id UNION ${peopleOfLoop('NEW.id')}`)}
  END;

  CREATE TRIGGER member_training_member_added AFTER INSERT ON team_members BEGIN
    ${recompute(`SELECT NEW.id UNION ${barRaisersShadowedBy('NEW.id')}`)}
  END;
  CREATE TRIGGER member_training_capabilities_changed AFTER UPDATE OF capabilities ON team_members
  WHEN (OLD.capabilities LIKE '%"bar_raiser"%') IS NOT (NEW.capabilities LIKE '%"bar_raiser"%') BEGIN
    ${recompute(barRaisersShadowedBy('NEW.id'))}
  END;
`;
