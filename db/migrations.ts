import type Database from 'better-sqlite3-multiple-ciphers';
import { SCIENCE_FACTS_SQL } from './scienceDirtyLoops';
import { slimChainV74 } from './activityChain';
import { createChainV74 } from './activityChainV74';
import { asWritable } from './handles';
import { MEMBER_PRINCIPLES_SQL } from './memberPrinciplesSql';
import { MEMBER_TRAINING_SQL } from './memberTrainingSql';
import { SYNC_CONFLICTS_SQL } from './syncConflictsSql';
import { SEARCH_PENDING_SQL } from './searchPending';
import { SYNC_CANDIDATE_KEYS_SQL, SYNC_FEEDBACK_KEYS_SQL, SYNC_TABLES_SQL } from './syncSql';

export interface Migration {
  /** Numbered in tens, as Signal does, so a step can be slotted in later. */
  version: number;
  name: string;
  up(db: Database.Database): void;
  /** Frees space the step left unused by a VACUUM once all pending steps are done (it cannot run in a transaction). */
  vacuum?: boolean;
  /** Rewrites an existing file with pages of this size in that VACUUM (new files get it from `configure`). */
  pageSize?: number;
}

/**
 * Pages of 8 KiB rather than SQLite's 4 KiB: a rating carries up to ~1.5 KB of evidence, so a 4 KiB page
 * held two or three rows and left ~17 % of the ratings' pages unused (80 MB at ten years; see bench/README.md).
 */
export const PAGE_SIZE = 8192;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 10,
    name: 'settings, activity log, principles with revisions, question bank with full-text search',
    up(db) {
      db.exec(`
        CREATE TABLE settings (
          key TEXT PRIMARY KEY,
          value TEXT NOT NULL
        ) STRICT;

        -- Every mutation, written in the same transaction as the change; team sync
        -- will replay these, so nothing here refers to integer row ids.
        CREATE TABLE activity (
          id TEXT PRIMARY KEY,
          at TEXT NOT NULL,
          actor TEXT NOT NULL,
          method TEXT NOT NULL,
          entity TEXT NOT NULL,
          entity_id TEXT NOT NULL,
          summary TEXT NOT NULL
        ) STRICT;
        CREATE INDEX activity_by_entity ON activity(entity_id, id);

        CREATE TABLE principles (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          summary TEXT NOT NULL,
          description TEXT NOT NULL DEFAULT '',
          anchors TEXT NOT NULL DEFAULT '["","","",""]',
          position INTEGER NOT NULL,
          status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
          is_draft INTEGER NOT NULL DEFAULT 0 CHECK (is_draft IN (0, 1)),
          revision INTEGER NOT NULL DEFAULT 1,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        ) STRICT;
        CREATE UNIQUE INDEX principles_active_name ON principles(name COLLATE NOCASE) WHERE status = 'active';
        CREATE INDEX principles_by_position ON principles(status, position);

        CREATE TABLE principle_revisions (
          id TEXT PRIMARY KEY,
          principle_id TEXT NOT NULL REFERENCES principles(id),
          revision INTEGER NOT NULL,
          at TEXT NOT NULL,
          actor TEXT NOT NULL,
          before TEXT,
          after TEXT NOT NULL,
          UNIQUE (principle_id, revision)
        ) STRICT;

        CREATE TABLE questions (
          id TEXT PRIMARY KEY,
          text TEXT NOT NULL,
          probes TEXT NOT NULL DEFAULT '[]',
          kind TEXT NOT NULL CHECK (kind IN ('behavioural', 'hypothetical')),
          hypothetical_reason TEXT,
          lint_status TEXT NOT NULL CHECK (lint_status IN ('clean', 'warning')),
          lint_rules TEXT NOT NULL DEFAULT '',
          status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
          author TEXT NOT NULL,
          times_asked INTEGER NOT NULL DEFAULT 0,
          last_asked_at TEXT,
          revision INTEGER NOT NULL DEFAULT 1,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX questions_by_status ON questions(status, created_at);

        CREATE TABLE question_principles (
          question_id TEXT NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
          principle_id TEXT NOT NULL REFERENCES principles(id),
          PRIMARY KEY (question_id, principle_id)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX question_principles_by_principle ON question_principles(principle_id, question_id);

        CREATE TABLE question_tags (
          question_id TEXT NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
          tag TEXT NOT NULL,
          PRIMARY KEY (question_id, tag)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX question_tags_by_tag ON question_tags(tag, question_id);

        -- External-content FTS5 index over the question text and its probes, kept
        -- in step by triggers so no write path can forget it.
        CREATE VIRTUAL TABLE questions_fts USING fts5(
          text, probes,
          content = 'questions', content_rowid = 'rowid',
          tokenize = 'porter unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER questions_fts_insert AFTER INSERT ON questions BEGIN
          INSERT INTO questions_fts(rowid, text, probes) VALUES (new.rowid, new.text, new.probes);
        END;
        CREATE TRIGGER questions_fts_delete AFTER DELETE ON questions BEGIN
          INSERT INTO questions_fts(questions_fts, rowid, text, probes) VALUES ('delete', old.rowid, old.text, old.probes);
        END;
        CREATE TRIGGER questions_fts_update AFTER UPDATE OF text, probes ON questions BEGIN
          INSERT INTO questions_fts(questions_fts, rowid, text, probes) VALUES ('delete', old.rowid, old.text, old.probes);
          INSERT INTO questions_fts(rowid, text, probes) VALUES (new.rowid, new.text, new.probes);
        END;
      `);
    },
  },
  {
    version: 20,
    name: 'team members, roles with loop templates, candidates, loops with slots, shadows and kits',
    up(db) {
      db.exec(`
        CREATE TABLE team_members (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          email TEXT NOT NULL DEFAULT '',
          title TEXT NOT NULL DEFAULT '',
          team TEXT NOT NULL DEFAULT '',
          manager_id TEXT REFERENCES team_members(id),
          status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'left')),
          capabilities TEXT NOT NULL DEFAULT '[]',
          certified_at TEXT,
          revision INTEGER NOT NULL DEFAULT 1,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        ) STRICT;
        CREATE UNIQUE INDEX team_members_email ON team_members(email COLLATE NOCASE) WHERE email <> '';
        CREATE INDEX team_members_by_manager ON team_members(manager_id);
        CREATE INDEX team_members_by_name ON team_members(status, name COLLATE NOCASE);

        CREATE TABLE roles (
          id TEXT PRIMARY KEY,
          title TEXT NOT NULL,
          team TEXT NOT NULL DEFAULT '',
          level TEXT NOT NULL DEFAULT '',
          hiring_manager_id TEXT REFERENCES team_members(id),
          status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'paused', 'closed')),
          focus_principle_ids TEXT NOT NULL DEFAULT '[]',
          template TEXT NOT NULL DEFAULT '[]',
          revision INTEGER NOT NULL DEFAULT 1,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX roles_by_status ON roles(status, title COLLATE NOCASE);

        CREATE TABLE candidates (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          email TEXT NOT NULL DEFAULT '',
          phone TEXT NOT NULL DEFAULT '',
          source TEXT NOT NULL DEFAULT '',
          links TEXT NOT NULL DEFAULT '[]',
          notes TEXT NOT NULL DEFAULT '',
          status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'hired', 'rejected', 'withdrawn')),
          cooldown_until TEXT,
          revision INTEGER NOT NULL DEFAULT 1,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        ) STRICT;
        CREATE UNIQUE INDEX candidates_email ON candidates(email COLLATE NOCASE) WHERE email <> '';
        CREATE INDEX candidates_by_status ON candidates(status, id);
        CREATE VIRTUAL TABLE candidates_fts USING fts5(
          name, email, source, notes,
          content = 'candidates', content_rowid = 'rowid',
          tokenize = 'unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER candidates_fts_insert AFTER INSERT ON candidates BEGIN
          INSERT INTO candidates_fts(rowid, name, email, source, notes) VALUES (new.rowid, new.name, new.email, new.source, new.notes);
        END;
        CREATE TRIGGER candidates_fts_delete AFTER DELETE ON candidates BEGIN
          INSERT INTO candidates_fts(candidates_fts, rowid, name, email, source, notes)
            VALUES ('delete', old.rowid, old.name, old.email, old.source, old.notes);
        END;
        CREATE TRIGGER candidates_fts_update AFTER UPDATE OF name, email, source, notes ON candidates BEGIN
          INSERT INTO candidates_fts(candidates_fts, rowid, name, email, source, notes)
            VALUES ('delete', old.rowid, old.name, old.email, old.source, old.notes);
          INSERT INTO candidates_fts(rowid, name, email, source, notes) VALUES (new.rowid, new.name, new.email, new.source, new.notes);
        END;

        CREATE TABLE loops (
          id TEXT PRIMARY KEY,
          candidate_id TEXT NOT NULL REFERENCES candidates(id),
          role_id TEXT NOT NULL REFERENCES roles(id),
          status TEXT NOT NULL DEFAULT 'draft'
            CHECK (status IN ('draft', 'planned', 'interviewing', 'debrief', 'decided', 'closed', 'cancelled')),
          hiring_manager_id TEXT REFERENCES team_members(id),
          bar_raiser_id TEXT REFERENCES team_members(id),
          cancel_reason TEXT,
          override_reason TEXT,
          revision INTEGER NOT NULL DEFAULT 1,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX loops_by_status ON loops(status, id);
        CREATE INDEX loops_by_candidate ON loops(candidate_id, id);
        CREATE INDEX loops_by_role ON loops(role_id, id);
        CREATE INDEX loops_by_hiring_manager ON loops(hiring_manager_id);
        CREATE INDEX loops_by_bar_raiser ON loops(bar_raiser_id);

        CREATE TABLE loop_slots (
          id TEXT PRIMARY KEY,
          loop_id TEXT NOT NULL REFERENCES loops(id) ON DELETE CASCADE,
          position INTEGER NOT NULL,
          title TEXT NOT NULL,
          duration_minutes INTEGER NOT NULL,
          interviewer_id TEXT REFERENCES team_members(id),
          starts_at TEXT,
          principle_ids TEXT NOT NULL DEFAULT '[]'
        ) STRICT;
        CREATE INDEX loop_slots_by_loop ON loop_slots(loop_id, position);
        CREATE INDEX loop_slots_by_interviewer ON loop_slots(interviewer_id, starts_at);

        CREATE TABLE loop_shadows (
          loop_id TEXT NOT NULL REFERENCES loops(id) ON DELETE CASCADE,
          member_id TEXT NOT NULL REFERENCES team_members(id),
          PRIMARY KEY (loop_id, member_id)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX loop_shadows_by_member ON loop_shadows(member_id);

        CREATE TABLE kit_questions (
          slot_id TEXT NOT NULL REFERENCES loop_slots(id) ON DELETE CASCADE,
          principle_id TEXT NOT NULL REFERENCES principles(id),
          question_id TEXT NOT NULL REFERENCES questions(id),
          position INTEGER NOT NULL,
          PRIMARY KEY (slot_id, principle_id, question_id)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX kit_questions_by_question ON kit_questions(question_id);
      `);
    },
  },
  {
    version: 30,
    name: 'feedback with versions and ratings, debriefs, re-votes and decisions',
    up(db) {
      db.exec(`
        CREATE TABLE feedback (
          id TEXT PRIMARY KEY,
          loop_id TEXT NOT NULL REFERENCES loops(id),
          slot_id TEXT REFERENCES loop_slots(id),
          author_id TEXT NOT NULL REFERENCES team_members(id),
          kind TEXT NOT NULL CHECK (kind IN ('interview', 'training')),
          status TEXT NOT NULL CHECK (status IN ('draft', 'submitted')),
          version INTEGER NOT NULL DEFAULT 1,
          amendment_reason TEXT,
          -- Set on a version once an amendment replaces it; it stays readable.
          superseded INTEGER NOT NULL DEFAULT 0 CHECK (superseded IN (0, 1)),
          vote TEXT CHECK (vote IN ('strong_hire', 'inclined', 'not_inclined', 'strong_no_hire')),
          raise_bar TEXT CHECK (raise_bar IN ('yes', 'no', 'not_sure')),
          reason_to_hire TEXT NOT NULL DEFAULT '',
          reason_not_to_hire TEXT NOT NULL DEFAULT '',
          questions_asked TEXT NOT NULL DEFAULT '[]',
          saw_others INTEGER NOT NULL DEFAULT 0 CHECK (saw_others IN (0, 1)),
          submitted_at TEXT,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        ) STRICT;
        CREATE UNIQUE INDEX feedback_current ON feedback(loop_id, author_id, kind) WHERE superseded = 0;
        CREATE INDEX feedback_by_author ON feedback(author_id, status);

        CREATE TABLE feedback_ratings (
          feedback_id TEXT NOT NULL REFERENCES feedback(id) ON DELETE CASCADE,
          principle_id TEXT NOT NULL REFERENCES principles(id),
          principle_revision INTEGER NOT NULL,
          position INTEGER NOT NULL,
          rating INTEGER CHECK (rating BETWEEN 1 AND 4),
          not_assessed INTEGER NOT NULL DEFAULT 0 CHECK (not_assessed IN (0, 1)),
          not_assessed_reason TEXT NOT NULL DEFAULT '',
          situation TEXT NOT NULL DEFAULT '',
          task TEXT NOT NULL DEFAULT '',
          action TEXT NOT NULL DEFAULT '',
          result TEXT NOT NULL DEFAULT '',
          PRIMARY KEY (feedback_id, principle_id)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX feedback_ratings_by_principle ON feedback_ratings(principle_id);

        -- Someone read others' feedback for a loop before submitting their own (admin early access).
        CREATE TABLE feedback_peeks (
          loop_id TEXT NOT NULL REFERENCES loops(id),
          viewer_id TEXT NOT NULL REFERENCES team_members(id),
          at TEXT NOT NULL,
          PRIMARY KEY (loop_id, viewer_id, at)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE debriefs (
          loop_id TEXT PRIMARY KEY REFERENCES loops(id),
          opened_at TEXT NOT NULL,
          early_reason TEXT,
          notes TEXT NOT NULL DEFAULT '',
          notes_updated_at TEXT
        ) STRICT;

        CREATE TABLE revotes (
          id TEXT PRIMARY KEY,
          loop_id TEXT NOT NULL REFERENCES loops(id),
          author_id TEXT NOT NULL REFERENCES team_members(id),
          from_vote TEXT NOT NULL,
          to_vote TEXT NOT NULL,
          note TEXT NOT NULL,
          at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX revotes_by_loop ON revotes(loop_id, id);

        CREATE TABLE decisions (
          id TEXT PRIMARY KEY,
          loop_id TEXT NOT NULL REFERENCES loops(id),
          hiring_manager_id TEXT NOT NULL REFERENCES team_members(id),
          decision TEXT NOT NULL CHECK (decision IN ('hire', 'no_hire')),
          rationale TEXT NOT NULL,
          recycle TEXT CHECK (recycle IN ('recycle', 'no_recycle')),
          cooldown_until TEXT,
          decided_at TEXT NOT NULL,
          bar_raiser_id TEXT REFERENCES team_members(id),
          verdict TEXT CHECK (verdict IN ('concur', 'veto')),
          verdict_rationale TEXT NOT NULL DEFAULT '',
          cited_principle_ids TEXT NOT NULL DEFAULT '[]',
          verdict_at TEXT,
          outcome TEXT NOT NULL CHECK (outcome IN ('hire', 'no_hire', 'pending')),
          reopened_reason TEXT,
          superseded INTEGER NOT NULL DEFAULT 0 CHECK (superseded IN (0, 1))
        ) STRICT;
        CREATE UNIQUE INDEX decisions_current ON decisions(loop_id) WHERE superseded = 0;
      `);
    },
  },
  {
    version: 40,
    name: 'indexes for ten years of data: feedback by loop, slots by interviewer and loop (see bench/README.md)',
    up(db) {
      db.exec(`
        -- feedback_current is partial (superseded = 0), so "who has submitted in this loop" and the
        -- debrief's feedback list (superseded as a parameter) scanned the whole feedback table.
        CREATE INDEX feedback_by_loop ON feedback(loop_id, status, author_id);
        -- Cover "my loops" (slots by interviewer) and the team screen's training counts (slots of started
        -- loops, grouped by interviewer) without reading the slot rows themselves.
        CREATE INDEX loop_slots_by_interviewer_loop ON loop_slots(interviewer_id, loop_id);
        CREATE INDEX loop_slots_by_loop_interviewer ON loop_slots(loop_id, interviewer_id, starts_at);
      `);
    },
  },
  {
    version: 50,
    name: 'erased candidates: the ids (and nothing else) of every candidate whose personal data was erased',
    up(db) {
      db.exec(`
        -- Ids only, no personal data: after a restore or an import of an older copy the
        -- erasure is applied again to each of these, so no erased candidate comes back.
        CREATE TABLE erased_candidates (
          id TEXT PRIMARY KEY,
          erased_at TEXT NOT NULL
        ) STRICT, WITHOUT ROWID;
        -- Erasures made before this table existed are marked by their (anonymous) log entry.
        INSERT OR IGNORE INTO erased_candidates (id, erased_at)
          SELECT entity_id, min(at) FROM activity WHERE method = 'privacy.eraseCandidate' AND entity = 'candidate' GROUP BY entity_id;
      `);
    },
  },
  {
    version: 60,
    name: 'feedback ratings in an ordinary rowid table: long evidence rows left most of each page unused (see bench/README.md)',
    up(db) {
      // A WITHOUT ROWID table keeps whole rows in its b-tree, so a row of ~1 KB of evidence spills onto
      // overflow pages badly: ~3x the text's size on disk. The same columns and key in a rowid table
      // store each row once, with the key in its own (small) index. Nothing refers to this table, so it
      // is rebuilt in place; rows are copied in key order so the export (rowid order) reads as before.
      db.exec(`
        CREATE TABLE feedback_ratings_rebuilt (
          feedback_id TEXT NOT NULL REFERENCES feedback(id) ON DELETE CASCADE,
          principle_id TEXT NOT NULL REFERENCES principles(id),
          principle_revision INTEGER NOT NULL,
          position INTEGER NOT NULL,
          rating INTEGER CHECK (rating BETWEEN 1 AND 4),
          not_assessed INTEGER NOT NULL DEFAULT 0 CHECK (not_assessed IN (0, 1)),
          not_assessed_reason TEXT NOT NULL DEFAULT '',
          situation TEXT NOT NULL DEFAULT '',
          task TEXT NOT NULL DEFAULT '',
          action TEXT NOT NULL DEFAULT '',
          result TEXT NOT NULL DEFAULT '',
          PRIMARY KEY (feedback_id, principle_id)
        ) STRICT;
        INSERT INTO feedback_ratings_rebuilt SELECT * FROM feedback_ratings ORDER BY feedback_id, principle_id;
        DROP TABLE feedback_ratings;
        ALTER TABLE feedback_ratings_rebuilt RENAME TO feedback_ratings;
        CREATE INDEX feedback_ratings_by_principle ON feedback_ratings(principle_id);
      `);
    },
    // The old table's pages are free now; without this the file would stay as large as before.
    vacuum: true,
  },
  {
    version: 61,
    name: 'quality of hire: 90-day and 1-year check-ins on each hire by their manager, rated on the same principles',
    up(db) {
      db.exec(`
        -- Who manages a hire, when it is not the loop's hiring manager (a hire is a loop decided "hire").
        CREATE TABLE hire_managers (
          loop_id TEXT PRIMARY KEY REFERENCES loops(id),
          manager_id TEXT NOT NULL REFERENCES team_members(id),
          assigned_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX hire_managers_by_manager ON hire_managers(manager_id);

        CREATE TABLE hire_checkins (
          id TEXT PRIMARY KEY,
          loop_id TEXT NOT NULL REFERENCES loops(id),
          kind TEXT NOT NULL CHECK (kind IN ('day90', 'year1')),
          manager_id TEXT NOT NULL REFERENCES team_members(id),
          note TEXT NOT NULL DEFAULT '',
          recorded_at TEXT NOT NULL,
          UNIQUE (loop_id, kind)
        ) STRICT;

        -- One row per principle the loop assessed, on the same 1–4 scale and anchors as feedback;
        -- no rating: the manager could not judge it yet.
        CREATE TABLE hire_checkin_ratings (
          checkin_id TEXT NOT NULL REFERENCES hire_checkins(id) ON DELETE CASCADE,
          principle_id TEXT NOT NULL REFERENCES principles(id),
          principle_revision INTEGER NOT NULL,
          position INTEGER NOT NULL,
          rating INTEGER CHECK (rating BETWEEN 1 AND 4),
          PRIMARY KEY (checkin_id, principle_id)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX hire_checkin_ratings_by_principle ON hire_checkin_ratings(principle_id);
      `);
    },
  },
  {
    version: 62,
    name: 'full-text search over feedback evidence, kept in step by triggers',
    up(db) {
      // External content: the index holds tokens only, the text stays in feedback_ratings, whose rowids
      // VACUUM keeps (the table has indexes, so SQLite copies it rowid for rowid). secure-delete removes
      // a row's tokens from the index itself on delete instead of leaving a tombstone that still names them
      // until a merge, so an erasure (an update: delete, then insert) leaves nothing behind once vacuumed.
      db.exec(`
        CREATE VIRTUAL TABLE evidence_fts USING fts5(
          situation, task, action, result,
          content = 'feedback_ratings', content_rowid = 'rowid',
          tokenize = 'porter unicode61 remove_diacritics 2'
        );
        INSERT INTO evidence_fts(evidence_fts, rank) VALUES ('secure-delete', 1);
        CREATE TRIGGER evidence_fts_insert AFTER INSERT ON feedback_ratings BEGIN
          INSERT INTO evidence_fts(rowid, situation, task, action, result) VALUES (new.rowid, new.situation, new.task, new.action, new.result);
        END;
        CREATE TRIGGER evidence_fts_delete AFTER DELETE ON feedback_ratings BEGIN
          INSERT INTO evidence_fts(evidence_fts, rowid, situation, task, action, result)
            VALUES ('delete', old.rowid, old.situation, old.task, old.action, old.result);
        END;
        CREATE TRIGGER evidence_fts_update AFTER UPDATE OF situation, task, action, result ON feedback_ratings BEGIN
          INSERT INTO evidence_fts(evidence_fts, rowid, situation, task, action, result)
            VALUES ('delete', old.rowid, old.situation, old.task, old.action, old.result);
          INSERT INTO evidence_fts(rowid, situation, task, action, result) VALUES (new.rowid, new.situation, new.task, new.action, new.result);
        END;
        -- An existing workspace: index the feedback it already holds.
        INSERT INTO evidence_fts(evidence_fts) VALUES ('rebuild');
        -- What a search may show is the readable feedback of the caller's loops: this answers "which feedback
        -- of this loop is submitted, current and of which kind" from the index alone, without reading the rows.
        CREATE INDEX feedback_readable ON feedback(loop_id, status, superseded, kind, id);
      `);
    },
  },
  {
    version: 63,
    name: 'covering indexes for the calibration statistics: every rating and vote of decided loops without reading evidence',
    up(db) {
      // Calibration reads every current rating of every decided loop (~300,000 at ten years). Read from the
      // tables, each rating and each feedback row brings its evidence and reasons (~1 KB) with it: 3.4 s on
      // the large bench workspace. These indexes hold just what the statistics read.
      db.exec(`
        CREATE INDEX feedback_ratings_scores ON feedback_ratings(feedback_id, principle_id, rating);
        CREATE INDEX feedback_votes ON feedback(loop_id, kind, status, superseded, author_id, vote, version, submitted_at, slot_id, id);
        -- When each interview ended (time to submit) and how each loop was decided, without the slot's
        -- plan or the decision's rationale.
        CREATE INDEX loop_slots_times ON loop_slots(id, starts_at, duration_minutes);
        CREATE INDEX decisions_outcome ON decisions(loop_id, superseded, outcome);
      `);
    },
  },
  {
    version: 64,
    name: 'training counts kept per member by triggers: the team screen read ten years of slots on every call (see bench/README.md)',
    up(db) {
      db.exec(MEMBER_TRAINING_SQL);
    },
  },
  {
    version: 65,
    name: 'a smaller workspace: evidence index without positions, indexes that duplicated others or served no query dropped (see bench/README.md)',
    up(db) {
      db.exec(`
        -- The evidence index kept every word's position in every field (detail=full) and each row's field
        -- lengths (columnsize): ~185 MB at ten years, for phrase and column queries and bm25 ranking, none of
        -- which evidence search uses (every word is its own quoted term, ANDed, newest first). highlight()
        -- finds the positions by tokenizing the few rows of a page again. The triggers on feedback_ratings
        -- name the table, so they carry over to the new one.
        DROP TABLE evidence_fts;
        CREATE VIRTUAL TABLE evidence_fts USING fts5(
          situation, task, action, result,
          content = 'feedback_ratings', content_rowid = 'rowid',
          tokenize = 'porter unicode61 remove_diacritics 2',
          detail = none, columnsize = 0
        );
        INSERT INTO evidence_fts(evidence_fts, rank) VALUES ('secure-delete', 1);
        INSERT INTO evidence_fts(evidence_fts) VALUES ('rebuild');

        -- Indexes for foreign keys whose parent rows are never deleted (questions and principles are
        -- archived, not deleted): SQLite only reads them when a parent row goes, and no query asks for
        -- kits or ratings by question or principle.
        DROP INDEX kit_questions_by_question;
        DROP INDEX feedback_ratings_by_principle;

        -- A loop has a handful of feedback rows, so every per-loop read is served by any index that
        -- starts with loop_id: feedback_votes (migration 63) holds every column these two did.
        DROP INDEX feedback_by_loop;
        DROP INDEX feedback_readable;

        -- A loop has a handful of slots and a person's slots are read whole, so one index per key serves:
        -- by loop with the interviewer (a loop's slots, sorted by position after the lookup, and "does this
        -- person interview in this loop") and by interviewer with the loop ("my loops", "my slots", training
        -- counts; slots by time are sorted after the lookup, as the planner already chose to).
        DROP INDEX loop_slots_by_loop;
        DROP INDEX loop_slots_by_interviewer;
      `);
    },
    // The dropped pages are free now; without this the file would stay as large as before. The same
    // rewrite moves an existing workspace to the larger pages new ones get.
    vacuum: true,
    pageSize: PAGE_SIZE,
  },
  {
    version: 66,
    name: "a loop's slot count and first interview time from the index alone (the loops list and Home)",
    up(db) {
      // Each listed loop asks for its slots' count and earliest start: with starts_at in the index both are
      // one short index range, instead of a table lookup per slot (loops.list was 2.9x its rows' read).
      db.exec(`
        DROP INDEX loop_slots_by_loop_interviewer;
        CREATE INDEX loop_slots_by_loop_interviewer ON loop_slots(loop_id, interviewer_id, starts_at);
      `);
    },
  },
  {
    version: 67,
    name: 'team sync: the outbox of changes, positions of other devices, row and field clocks, pending and quarantined changes',
    up(db) {
      db.exec(SYNC_TABLES_SQL);
    },
  },
  {
    version: 68,
    name: 'reverse-shadow slots (a trainee leads, the slot interviewer supervises) and coaching notes on training feedback',
    up(db) {
      db.exec(`
        -- The slot's interviewer stays the one whose feedback counts; the trainee writes training feedback.
        ALTER TABLE loop_slots ADD COLUMN trainee_id TEXT REFERENCES team_members(id);
        CREATE INDEX loop_slots_by_trainee ON loop_slots(trainee_id, loop_id) WHERE trainee_id IS NOT NULL;

        -- A supervisor's (or, for a loop-level shadow, the bar raiser's) notes on a trainee's write-up.
        CREATE TABLE coaching_notes (
          id TEXT PRIMARY KEY,
          loop_id TEXT NOT NULL REFERENCES loops(id) ON DELETE CASCADE,
          trainee_id TEXT NOT NULL REFERENCES team_members(id),
          coach_id TEXT NOT NULL REFERENCES team_members(id),
          note TEXT NOT NULL,
          created_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX coaching_notes_by_trainee ON coaching_notes(trainee_id, loop_id);
        CREATE INDEX coaching_notes_by_loop ON coaching_notes(loop_id, trainee_id);
      `);
    },
  },
  {
    version: 69,
    name: 'certification as a recorded decision (who signed whom off on which training path, when and why, and revocations); interviews per member and principle kept by triggers for readiness',
    up(db) {
      db.exec(`
        -- Append-only: a sign-off or a revocation is never edited or deleted, so the history stays. The live
        -- sign-offs of a path are those after its latest revocation; ids are UUIDv7, so id order is time order.
        CREATE TABLE certification_events (
          id TEXT PRIMARY KEY,
          member_id TEXT NOT NULL REFERENCES team_members(id),
          path TEXT NOT NULL CHECK (path IN ('interviewer', 'bar_raiser')),
          kind TEXT NOT NULL CHECK (kind IN ('sign', 'revoke')),
          actor_id TEXT NOT NULL REFERENCES team_members(id),
          -- What the signer held when signing: a bar-raiser certification needs a bar raiser and a founder.
          as_bar_raiser INTEGER NOT NULL DEFAULT 0 CHECK (as_bar_raiser IN (0, 1)),
          as_founder INTEGER NOT NULL DEFAULT 0 CHECK (as_founder IN (0, 1)),
          reason TEXT NOT NULL,
          at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX certification_events_by_member ON certification_events(member_id, path, kind, id);
        CREATE INDEX certification_events_by_actor ON certification_events(actor_id);

        -- Readiness counts this month's loops per team without reading every loop.
        CREATE INDEX loops_by_created ON loops(created_at, role_id, status);
      `);
      db.exec(MEMBER_PRINCIPLES_SQL);
    },
  },
  {
    version: 70,
    name: 'calibration practice: write-ups with the candidate removed, rated blind by trainees',
    up(db) {
      db.exec(`
        -- source_loop_id is never shown: it lets an erasure of the candidate remove what was made from their loop.
        -- write_up holds the redacted evidence and reasons; answers the ratings, votes and decision shown after rating.
        CREATE TABLE practice_items (
          id TEXT PRIMARY KEY,
          source TEXT NOT NULL CHECK (source IN ('loop', 'written')),
          source_loop_id TEXT REFERENCES loops(id) ON DELETE CASCADE,
          source_feedback_id TEXT,
          title TEXT NOT NULL,
          write_up TEXT NOT NULL,
          answers TEXT NOT NULL,
          created_by TEXT NOT NULL REFERENCES team_members(id),
          created_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX practice_items_by_loop ON practice_items(source_loop_id) WHERE source_loop_id IS NOT NULL;
        CREATE UNIQUE INDEX practice_items_by_feedback ON practice_items(source_feedback_id) WHERE source_feedback_id IS NOT NULL;

        CREATE TABLE practice_attempts (
          item_id TEXT NOT NULL REFERENCES practice_items(id) ON DELETE CASCADE,
          member_id TEXT NOT NULL REFERENCES team_members(id),
          ratings TEXT NOT NULL,
          vote TEXT NOT NULL CHECK (vote IN ('strong_hire', 'inclined', 'not_inclined', 'strong_no_hire')),
          rated_at TEXT NOT NULL,
          PRIMARY KEY (item_id, member_id)
        ) STRICT;
        CREATE INDEX practice_attempts_by_member ON practice_attempts(member_id, rated_at);
      `);
    },
  },
  {
    version: 71,
    name: 'team sync: what concurrent edits of one field resolved to, kept on this device',
    up(db) {
      db.exec(SYNC_CONFLICTS_SQL);
    },
  },
  {
    version: 72,
    name: 'a decision records the feedback versions it was made on',
    up(db) {
      // A JSON array of feedback ids. NULL for decisions made before this version: what they used was never
      // recorded, and guessing it from timestamps could differ between devices that had seen different feedback.
      db.exec(`ALTER TABLE decisions ADD COLUMN feedback_ids TEXT;`);
    },
  },
  {
    version: 73,
    name: 'two devices adding one person: both rows kept, the later flagged as a possible duplicate',
    up(db) {
      // duplicate_of names the row holding the email; a flagged row is outside the unique index (core/server/sync/uniqueMerge.ts).
      db.exec(`
        ALTER TABLE candidates ADD COLUMN duplicate_of TEXT;
        ALTER TABLE team_members ADD COLUMN duplicate_of TEXT;
        DROP INDEX candidates_email;
        CREATE UNIQUE INDEX candidates_email ON candidates(email COLLATE NOCASE) WHERE email <> '' AND duplicate_of IS NULL;
        DROP INDEX team_members_email;
        CREATE UNIQUE INDEX team_members_email ON team_members(email COLLATE NOCASE) WHERE email <> '' AND duplicate_of IS NULL;
      `);
    },
  },
  {
    version: 74,
    name: "the activity log's hash chain, kept on this device (tampering shows)",
    up(db) {
      // The rows already logged are chained as they stand: what was done to them before cannot be known.
      createChainV74(db);
    },
  },
  {
    version: 75,
    name: "the calibration's facts kept in the workspace, so the first report after opening reads only what changed",
    up(db) {
      db.exec(SCIENCE_FACTS_SQL);
    },
  },
  {
    version: 76,
    name: 'team sync: per-feedback keys, sealed content and grants, kept on this device',
    up(db) {
      db.exec(SYNC_FEEDBACK_KEYS_SQL);
    },
  },
  {
    version: 77,
    name: "the activity log's hash chain in a quarter of the space (16-byte hashes and ids, no times, kept hashes every 32 links)",
    up(db) {
      // Each link keeps what it said, so a row changed before this step still shows; the running hash is new.
      slimChainV74(asWritable(db));
    },
    // 93 MB of old links at `large` become ~24 MB: the rest is returned to the file system.
    vacuum: true,
  },
  {
    version: 78,
    name: "two devices recording one hire's check-in: both kept, the later flagged as a duplicate of the earlier",
    up(db) {
      // SQLite cannot drop the table's UNIQUE (loop_id, kind), so the table is rebuilt. Its ratings are rebuilt
      // first, pointing at the new table: dropping the old parent would otherwise cascade into them (foreign keys
      // are on, and cannot be switched off inside the step's transaction). Renaming the new parent rewrites that
      // reference to the name "hire_checkins". No triggers touch these tables (sync capture installs TEMP ones
      // on the writer's connection, after migrations); duplicate_of is in core/server/sync/uniqueMerge.ts.
      db.exec(`
        CREATE TABLE hire_checkins_rebuilt (
          id TEXT PRIMARY KEY,
          loop_id TEXT NOT NULL REFERENCES loops(id),
          kind TEXT NOT NULL CHECK (kind IN ('day90', 'year1')),
          manager_id TEXT NOT NULL REFERENCES team_members(id),
          note TEXT NOT NULL DEFAULT '',
          recorded_at TEXT NOT NULL,
          duplicate_of TEXT
        ) STRICT;
        INSERT INTO hire_checkins_rebuilt (id, loop_id, kind, manager_id, note, recorded_at)
          SELECT id, loop_id, kind, manager_id, note, recorded_at FROM hire_checkins ORDER BY rowid;

        CREATE TABLE hire_checkin_ratings_rebuilt (
          checkin_id TEXT NOT NULL REFERENCES hire_checkins_rebuilt(id) ON DELETE CASCADE,
          principle_id TEXT NOT NULL REFERENCES principles(id),
          principle_revision INTEGER NOT NULL,
          position INTEGER NOT NULL,
          rating INTEGER CHECK (rating BETWEEN 1 AND 4),
          PRIMARY KEY (checkin_id, principle_id)
        ) STRICT, WITHOUT ROWID;
        INSERT INTO hire_checkin_ratings_rebuilt SELECT checkin_id, principle_id, principle_revision, position, rating FROM hire_checkin_ratings;

        DROP TABLE hire_checkin_ratings;
        DROP TABLE hire_checkins;
        ALTER TABLE hire_checkins_rebuilt RENAME TO hire_checkins;
        ALTER TABLE hire_checkin_ratings_rebuilt RENAME TO hire_checkin_ratings;
        CREATE INDEX hire_checkin_ratings_by_principle ON hire_checkin_ratings(principle_id);
        CREATE UNIQUE INDEX hire_checkins_current ON hire_checkins(loop_id, kind) WHERE duplicate_of IS NULL;
      `);
    },
  },
  {
    version: 79,
    name: "team sync: search indexes a joining device builds after its snapshot's load (db/searchPending.ts)",
    up(db) {
      db.exec(SEARCH_PENDING_SQL);
    },
  },
  {
    version: 80,
    name: 'team sync: per-candidate keys and the personal data held sealed until one is granted, kept on this device',
    up(db) {
      // The candidates a team workspace already holds get their keys in its next sync cycle (keyHeldCandidates).
      db.exec(SYNC_CANDIDATE_KEYS_SQL);
    },
  },
  {
    version: 81,
    name: "team sync: a held candidate item keeps its transaction's changes in the clear, to authorise what it opens onto",
    up(db) {
      // JSON list of the changes the transaction applied here (a snapshot's own values: none).
      db.exec(`ALTER TABLE sync_candidate_sealed ADD COLUMN changes TEXT NOT NULL DEFAULT '[]'`);
    },
  },
  {
    version: 82,
    name: 'team sync: a candidate key taken from a grant with nothing here to check it by is marked so until it opens something',
    up(db) {
      // 1 while unchecked (candidateGrants.ts): a later grant of the same key id with another key then waits for the
      // data to tell which is real, where one against a key made here or seen to open data is refused. Keys held
      // before this version count as checked: nothing tells otherwise.
      db.exec(`ALTER TABLE sync_candidate_keys ADD COLUMN unchecked INTEGER NOT NULL DEFAULT 0`);
    },
  },
  {
    version: 83,
    name: 'team sync: held candidate items in clock order, so keys that come late open them a chunk at a time',
    up(db) {
      db.exec('CREATE INDEX sync_candidate_sealed_by_clock ON sync_candidate_sealed(hlc, id)');
    },
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.at(-1)?.version ?? 0;

export class NewerDatabaseError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `This workspace was written by a newer version of Principled (schema ${found}; this version understands up to ${supported}). ` +
        'Update Principled to open it. The file has not been changed.',
    );
    this.name = 'NewerDatabaseError';
  }
}

/** Runs each pending step in its own transaction, bumping user_version with it. */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) throw new NewerDatabaseError(current, latest);
  let vacuum = false;
  let pageSize: number | undefined;
  for (const step of migrations) {
    if (step.version <= current) continue;
    db.transaction(() => {
      step.up(db);
      db.pragma(`user_version = ${step.version}`);
    }).immediate();
    // A new database has nothing to reclaim.
    if ((step.vacuum || step.pageSize) && current > 0 && !db.memory) vacuum = true;
    pageSize = step.pageSize ?? pageSize;
  }
  if (vacuum) {
    const journal = db.pragma('journal_mode', { simple: true }) as string;
    // The page size of a WAL file is fixed: it changes only in a VACUUM with a rollback journal. Leaving WAL
    // needs the only connection to the file, which a migration has (it runs before any reader is opened).
    // Each step is committed by now, so an interrupted VACUUM leaves a current, merely larger, file.
    const resize = pageSize !== undefined && db.pragma('page_size', { simple: true }) !== pageSize;
    if (resize && journal === 'wal') db.pragma('journal_mode = DELETE');
    if (resize) db.pragma(`page_size = ${pageSize}`);
    db.exec('VACUUM');
    if (resize && journal === 'wal') db.pragma('journal_mode = WAL');
    // In WAL mode VACUUM writes the whole file into the WAL; fold it back so the space is really returned.
    // (Out of WAL, the VACUUM wrote the file itself.)
    else if (journal === 'wal') db.pragma('wal_checkpoint(TRUNCATE)');
  }
  return db.pragma('user_version', { simple: true }) as number;
}
