import type Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WritableDB } from '../../db/handles';
import { openDatabase } from '../../db/open';
import { listActivity } from '../../db/queries/activity';
import { findCandidateByEmail, listCandidates } from '../../db/queries/candidates';
import { getCurrentFeedback, listFeedbackDuties, listRevotes, listSubmittedFeedback, submittedAuthorIds } from '../../db/queries/feedback';
import { getKitEntries, getLoop, listLoopKits, listLoops, listMySlots, listEarlierLoops, loopsShadowedBy } from '../../db/queries/loops';
import { listQuestions, questionCoverage } from '../../db/queries/questions';
import { calibrationFeedback, calibrationLoops, calibrationRatings, calibrationRevotes, questionRatingCounts, questionUses } from '../../db/queries/science';
import { getMember, listMembers, memberNames } from '../../db/queries/team';
import { getHire, listCheckins, listHires } from '../../db/queries/checkins';
import { evidenceRows, loopsOfMember, matchesBetween, readableRatingRowids } from '../../db/queries/evidence';
import { debriefLookups } from '../../db/queries/debriefLookups';
import { certificationHistory, liveSignOffs, trainingCounts } from '../../db/queries/training';
import { barRaisersByTeam, hiresWithFounder, loopsByTeamBetween, peopleOnPaths, trainedInterviewersPerPrinciple } from '../../db/queries/trainingReadiness';

// The hot queries of every screen, planned by SQLite: none may read a whole large table row by row.
// A "SCAN t" without an index on one of these tables is what made screens slow at ten years of data
// (see bench/README.md); these tests make sure it cannot come back unnoticed.
const LARGE_TABLES = ['loops', 'loop_slots', 'loop_shadows', 'kit_questions', 'feedback', 'feedback_ratings', 'candidates', 'activity', 'revotes', 'decisions'];

interface Captured {
  sql: string;
  args: unknown[];
}

let db: WritableDB;
let captured: Captured[] = [];

beforeAll(() => {
  db = openDatabase(':memory:');
  // Record every statement the query functions run, with its arguments, to plan it afterwards.
  const prepare = db.prepare.bind(db) as (sql: string) => Database.Statement;
  (db as unknown as { prepare: (sql: string) => Database.Statement }).prepare = (sql: string) => {
    const statement = prepare(sql);
    for (const method of ['all', 'get', 'run', 'iterate'] as const) {
      const original = statement[method].bind(statement) as (...args: unknown[]) => unknown;
      (statement as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        captured.push({ sql, args });
        return original(...args);
      };
    }
    return statement;
  };
});

afterAll(() => db.close());

function plansOf(run: () => unknown): { sql: string; plan: string[] }[] {
  captured = [];
  run();
  return captured.map(({ sql, args }) => ({
    sql,
    plan: (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail),
  }));
}

/** Bare scans of large tables ("SCAN l", "SCAN loops"), resolving aliases from the SQL. */
function fullScans(sql: string, plan: string[]): string[] {
  const aliases = new Map<string, string>();
  for (const m of sql.matchAll(/\b(?:FROM|JOIN)\s+(\w+)(?:\s+(?:AS\s+)?(\w+))?/gi)) {
    const table = m[1] ?? '';
    aliases.set(table, table);
    const alias = m[2];
    if (alias && !/^(WHERE|JOIN|ON|LEFT|ORDER|GROUP|LIMIT|UNION|AND|INNER)$/i.test(alias)) aliases.set(alias, table);
  }
  // A scan of a subquery's result (already limited by its own plan) is not a table scan.
  const subqueries = new Set(plan.flatMap((line) => /^(?:CO-ROUTINE|MATERIALIZE) (\w+)/.exec(line)?.[1] ?? []));
  return plan.filter((line) => {
    const m = /^SCAN (\w+)$/.exec(line);
    return m?.[1] !== undefined && !subqueries.has(m[1]) && LARGE_TABLES.includes(aliases.get(m[1]) ?? m[1]);
  });
}

const ID = '01900000-0000-7000-8000-000000000000';
const hot: Record<string, () => unknown> = {
  'loops.list (open)': () => listLoops(db, { status: 'open' }),
  'loops.list (status)': () => listLoops(db, { status: 'interviewing' }),
  'loops.list (all)': () => listLoops(db, { status: 'all' }),
  'loops.list (role)': () => listLoops(db, { status: 'all', roleId: ID }),
  'loops.list (person, as home.get)': () => listLoops(db, { status: 'open', memberId: ID }),
  'loops.list (candidate history)': () => listLoops(db, { status: 'all', candidateId: ID }),
  'loops.get': () => getLoop(db, ID),
  'kits.get and kits.swap': () => [listLoopKits(db, ID, null), listLoopKits(db, ID, ID), getKitEntries(db, ID), listEarlierLoops(db, ID, ID)],
  'home.get': () => [listMySlots(db, ID), loopsShadowedBy(db, ID)],
  'feedback.owed': () => listFeedbackDuties(db, ID),
  'feedback (who submitted)': () => submittedAuthorIds(db, ID),
  'debrief.get': () => [
    listSubmittedFeedback(db, ID, 'interview'),
    listSubmittedFeedback(db, ID, 'interview', true),
    listRevotes(db, ID),
    debriefLookups(db, ID, ID, [ID], [ID]),
    memberNames(db, [ID]),
  ],
  'feedback.mine': () => getCurrentFeedback(db, ID, ID, 'interview'),
  'candidates.list': () => [
    listCandidates(db, { search: '', status: 'all', limit: 100, offset: 0 }),
    listCandidates(db, { search: 'ada', status: 'all', limit: 100, offset: 0 }),
    listCandidates(db, { search: '', status: 'hired', limit: 100, offset: 0 }),
  ],
  'questions.list': () => [
    listQuestions(db, { search: '', status: 'active', limit: 100, offset: 0 }),
    listQuestions(db, { search: 'conflict', status: 'active', limit: 100, offset: 0, principleId: ID }),
  ],
  'team.list and team.get': () => [listMembers(db, false), getMember(db, ID)],
  // Every created or imported candidate is looked up by email: a scan here made an import of 20,000 take minutes.
  'a candidate by email (create, import)': () => findCandidateByEmail(db, 'ada@example.test'),
  'activity.list': () => [listActivity(db, { limit: 100 }), listActivity(db, { entityId: ID, limit: 100 })],
  'checkins (mine, one hire, home.get)': () => [listHires(db, ID), getHire(db, ID), listCheckins(db, [ID])],
  'evidence.search': () => [
    loopsOfMember(db, ID),
    readableRatingRowids(db, [{ loopId: ID, training: true }]),
    matchesBetween(db, '"customer"', 1, 100),
    evidenceRows(db, '"customer"', [1, 2]),
  ],
  'training.progress': () => [trainingCounts(db, [ID]), liveSignOffs(db, ID, 'bar_raiser'), certificationHistory(db, ID)],
  'training.readiness': () => [
    trainedInterviewersPerPrinciple(db),
    barRaisersByTeam(db),
    loopsByTeamBetween(db, '2026-11-01', '2026-12-01'),
    hiresWithFounder(db),
    peopleOnPaths(db),
  ],
  'science.calibration': () => [calibrationLoops(db), calibrationFeedback(db), [...calibrationRatings(db)], calibrationRevotes(db), questionUses(db, '2026-01-01'), questionUses(db, '2026-01-01', [ID]), calibrationLoops(db, [ID]), calibrationFeedback(db, [ID]), [...calibrationRatings(db, [ID])], calibrationRevotes(db, [ID]), questionRatingCounts(db, [ID])],
};

describe('query plans of the hot reads', () => {
  it('calibration reads ratings, votes, slot times and outcomes from covering indexes, never the rows with evidence', () => {
    const plans = plansOf(() => [calibrationLoops(db), calibrationFeedback(db), [...calibrationRatings(db)]]);
    const lines = plans.flatMap((p) => p.plan);
    for (const table of ['feedback_ratings_scores', 'feedback_votes', 'loop_slots_times', 'decisions_outcome']) {
      expect(lines.some((line) => line.includes(`COVERING INDEX ${table}`)), table).toBe(true);
    }
    expect(lines.filter((line) => /\b(?:SEARCH|SCAN) (?:r|f|s|d)\b(?!.*COVERING)/.test(line))).toEqual([]);
  });

  for (const [name, run] of Object.entries(hot)) {
    it(`${name}: no full scan of a large table`, () => {
      const plans = plansOf(run);
      expect(plans.length).toBeGreaterThan(0);
      for (const { sql, plan } of plans) expect({ sql: sql.replace(/\s+/g, ' ').trim(), scans: fullScans(sql, plan) }).toMatchObject({ scans: [] });
    });
  }

  it("a trainee's reverse-shadow slots are counted from the trainee index, not by walking the slots", () => {
    const text = plansOf(() => trainingCounts(db, [ID]))
      .flatMap((p) => p.plan)
      .join('\n');
    expect(text).toMatch(/SEARCH s USING (?:COVERING )?INDEX loop_slots_by_trainee \(trainee_id=\?/);
  });

  // With "interviewer OR trainee" and the names in one WHERE, SQLite walked every open loop and read its candidate
  // and role before asking whether the person was in it. Which side leads (the person's slots, or the open loops
  // by status) is the planner's choice by statistics.
  it.each([
    ['"feedback owed"', () => listFeedbackDuties(db, ID)],
    ['"my next interviews" (Home)', () => listMySlots(db, ID)],
  ])("%s finds the person's slots in the open loops before it looks up any candidate or role", (_name, read) => {
    const lines = plansOf(read).flatMap((p) => p.plan);
    const at = (pattern: RegExp) => lines.findIndex((line) => pattern.test(line));
    const slots = at(/SEARCH s USING (?:COVERING )?INDEX loop_slots_by_/);
    expect(slots).toBeGreaterThanOrEqual(0);
    expect(at(/SEARCH c USING/)).toBeGreaterThan(slots);
    expect(at(/SEARCH r USING/)).toBeGreaterThan(slots);
  });

  it('a page of active questions walks the id index newest first, never sorting every active question (what SQLite chose in a file without statistics)', () => {
    const page = plansOf(() => listQuestions(db, { search: '', status: 'active', limit: 100, offset: 0 })).find((p) => p.sql.includes('ORDER BY q.id DESC'));
    expect(page?.plan.join(' | ')).toMatch(/SCAN q USING INDEX sqlite_autoindex_questions_1/);
    expect(page?.plan.join(' | ')).not.toMatch(/TEMP B-TREE/);
  });

  it("question coverage counts the active questions outward from the status index, not by looking up each principle's linked questions one by one", () => {
    const [plan] = plansOf(() => questionCoverage(db, 2));
    expect(plan?.plan.join(' | ')).toMatch(/SEARCH q USING INDEX questions_by_status/);
    expect(plan?.plan.join(' | ')).not.toMatch(/SEARCH q USING INDEX sqlite_autoindex_questions_1 \(id=\?\)/);
  });

  it('the debrief finds who has submitted from an index by loop alone', () => {
    const [plan] = plansOf(() => submittedAuthorIds(db, ID));
    expect(plan?.plan.join('\n')).toMatch(/COVERING INDEX feedback_votes \(loop_id=\?/);
  });

  it('evidence search reads which feedback of a loop is readable from an index alone', () => {
    const [plan] = plansOf(() => readableRatingRowids(db, [{ loopId: ID, training: false }]));
    expect(plan?.plan.join('\n')).toMatch(/COVERING INDEX feedback_votes \(loop_id=\?/);
  });

  it('"my loops" is a union of index lookups, not a test of every loop', () => {
    const plans = plansOf(() => listLoops(db, { status: 'all', memberId: ID }));
    const text = plans.flatMap((p) => p.plan).join('\n');
    expect(text).toMatch(/loops_by_hiring_manager/);
    expect(text).toMatch(/loops_by_bar_raiser/);
    expect(text).toMatch(/loop_slots_by_interviewer/);
    expect(text).toMatch(/loop_shadows_by_member/);
  });

  it('"my open loops" (Home) walks the open loops by status and probes the person on each', () => {
    const text = plansOf(() => listLoops(db, { status: 'open', memberId: ID }))
      .flatMap((p) => p.plan)
      .join('\n');
    expect(text).toMatch(/SEARCH l USING INDEX loops_by_status \(status=\?\)/);
    expect(text).toMatch(/COVERING INDEX loop_slots_by_\w+ \((interviewer_id=\? AND loop_id=\?|loop_id=\? AND interviewer_id=\?)\)/);
    expect(text).not.toMatch(/loops_by_hiring_manager/);
  });

  it.each([
    ['open loops', { status: 'open' }],
    ["a candidate's history", { status: 'all', candidateId: 'c' }],
  ] as const)("a listed loop's slot count and first start come from one look at an index alone (%s)", (_label, filter) => {
    const text = plansOf(() => listLoops(db, filter))
      .flatMap((p) => p.plan)
      .join('\n');
    expect(text.match(/SEARCH s USING COVERING INDEX loop_slots_by_loop_interviewer \(loop_id=\?\)/g)).toHaveLength(1);
  });
});
