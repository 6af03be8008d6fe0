import Database from 'better-sqlite3-multiple-ciphers';
import { LATEST_SCHEMA_VERSION } from '../../db/migrations';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../core/api/contract/client';
import { MAX_IMPORT_CHARS, type WorkspaceDocument } from '../../core/api/contract/transfer';
import { company, failure, interviewingLoop, value } from '../support/company';
import { snapshot, tempWorkspace, type TestWorkspace } from '../support/workspace';

// The cooldown must lie in the future on whatever day the test runs.
const IN_SIX_MONTHS = new Date(Date.now() + 183 * 86_400_000).toISOString().slice(0, 10);

const csv = (...lines: string[]) => `${lines.join('\n')}\n`;
const rowsOf = (file: string, table: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[];
  } finally {
    db.close();
  }
};

describe('import from CSV and JSON', () => {
  let t: TestWorkspace;
  let api: ApiClient;
  let c: Awaited<ReturnType<typeof company>>;
  beforeEach(async () => {
    t = tempWorkspace();
    api = t.client;
    c = await company(api);
  });
  afterEach(() => t.close());

  const PRINCIPLES = csv(
    'name,summary,description,anchor1,anchor2,anchor3,anchor4',
    'Bias for action,Moves fast,"Speed matters',
    'in business.",No action,Some,Action,Decisive',
    'Frugality,,,,,,',
    `Dive deep,Knows the details,,,${'x'.repeat(501)},,`,
    'ownership,Already here,,,,,',
    'Earn trust,Listens,,,,,',
  );

  it('preview: each row new, duplicate or error, with the line in the file and the column', async () => {
    const before = snapshot(t.workspace.file);
    const preview = value(await api.call('transfer.preview', { kind: 'principles', format: 'csv', content: PRINCIPLES }));
    // The description of line 2 runs over two lines, so the rows after it start one line later.
    expect(preview.rows.map((r) => [r.line, r.status, r.errors.map((e) => e.field)])).toEqual([
      [2, 'new', []],
      [4, 'error', ['summary']],
      [5, 'error', ['anchor2']],
      [6, 'duplicate', []],
      [7, 'new', []],
    ]);
    expect(preview.rows[1]?.errors[0]?.message).toBe('Summary is required');
    expect(preview.rows[2]?.errors[0]?.message).toBe('Rating anchor must be at most 500 characters');
    expect(preview.counts).toEqual({ new: 2, duplicate: 1, error: 2 });
    expect(snapshot(t.workspace.file)).toBe(before);
  });

  it('all-or-nothing: one bad row refuses the file, naming its line and field, and writes nothing', async () => {
    const before = snapshot(t.workspace.file);
    const error = failure(await api.call('transfer.import', { kind: 'principles', format: 'csv', content: PRINCIPLES, mode: 'all-or-nothing' }));
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toBe('content: line 4, summary: Summary is required (2 rows have errors); nothing was imported');
    expect(error.issues?.map((i) => i.message)).toEqual([
      'line 4, summary: Summary is required',
      'line 5, anchor2: Rating anchor must be at most 500 characters',
    ]);
    expect(snapshot(t.workspace.file)).toBe(before);
  });

  it('valid-only imports the new valid rows through principles.create; re-importing creates nothing', async () => {
    const result = value(await api.call('transfer.import', { kind: 'principles', format: 'csv', content: PRINCIPLES, mode: 'valid-only' }));
    expect(result).toEqual({ created: 2, duplicates: 1, skipped: 2 });
    const list = value(await api.call('principles.list'));
    expect(list.map((p) => p.name)).toEqual(['Ownership', 'Customers', 'Bias for action', 'Earn trust']);
    const bias = list[2];
    expect(bias).toMatchObject({
      description: 'Speed matters\nin business.',
      anchors: ['No action', 'Some', 'Action', 'Decisive'],
      isDraft: false,
      revision: 1,
      position: 2,
    });
    // Indistinguishable from a typed one: its first revision and its own activity row, plus one for the import.
    expect(value(await api.call('principles.revisions', { id: bias?.id ?? '' }))).toHaveLength(1);
    const [summary, ...created] = value(await api.call('activity.list', { limit: 3 }));
    expect(summary?.summary).toBe('Imported 2 principles from a CSV file; 1 already there; 2 with errors skipped');
    expect(created.map((a) => [a.method, a.summary])).toEqual([
      ['transfer.import', 'Created principle "Earn trust"'],
      ['transfer.import', 'Created principle "Bias for action"'],
    ]);

    const before = snapshot(t.workspace.file);
    const again = value(await api.call('transfer.import', { kind: 'principles', format: 'csv', content: PRINCIPLES, mode: 'valid-only' }));
    expect(again).toEqual({ created: 0, duplicates: 3, skipped: 2 });
    // Only the import's own log row is new.
    expect(rowsOf(t.workspace.file, 'principles')).toHaveLength(4);
    expect(snapshot(t.workspace.file).length).toBeGreaterThan(before.length);
    // The log and this device's chain over it (db/activityChain.ts) have the import's row and link.
    const notLog = ([n]: [string]) => n !== 'activity' && !n.startsWith('activity_chain');
    expect(JSON.parse(snapshot(t.workspace.file)).filter(notLog)).toEqual(
      JSON.parse(before).filter(notLog),
    );
  });

  it('questions from CSV: principles by name, probes and tags split, the linter as on save', async () => {
    const content = csv(
      'text,principles,probes,tags,hypothetical_reason',
      'Tell me about a time you cut a cost nobody asked you to.,Ownership;Customers,What did it save?;Who noticed?,Cost; frugality,',
      'Tell me about a time you owned outcome number 0.,Ownership,,,',
      'What year were you born?,Ownership,,,',
      'What would you do if a customer was angry?,Customers,,,',
      'What would you do if you had no budget?,Ownership,,,We ask graduates this on purpose',
      'Tell me about a launch.,Frugality,,,',
    );
    const preview = value(await api.call('transfer.preview', { kind: 'questions', format: 'csv', content }));
    expect(preview.rows.map((r) => [r.line, r.status, r.errors.map((e) => e.field)])).toEqual([
      [2, 'new', []],
      [3, 'duplicate', []],
      [4, 'error', ['text']],
      [5, 'error', ['hypothetical_reason']],
      [6, 'new', []],
      [7, 'error', ['principles']],
    ]);
    expect(value(await api.call('transfer.import', { kind: 'questions', format: 'csv', content, mode: 'valid-only' }))).toEqual({
      created: 2,
      duplicates: 1,
      skipped: 3,
    });
    const found = value(await api.call('questions.list', { search: 'cost nobody' })).items;
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      principleIds: [c.own.id, c.cust.id],
      probes: ['What did it save?', 'Who noticed?'],
      tags: ['cost', 'frugality'],
      kind: 'behavioural',
      status: 'active',
    });
    const hypothetical = value(await api.call('questions.list', { lint: 'hypothetical' })).items;
    expect(hypothetical.map((q) => [q.text, q.hypotheticalReason])).toEqual([
      ['What would you do if you had no budget?', 'We ask graduates this on purpose'],
    ]);
  });

  it('principles and questions from JSON, errors by item number and field path', async () => {
    const principles = JSON.stringify([
      { name: 'Dive deep', summary: 'Knows the details', anchors: ['Vague', 'Some', 'Detail', 'Root cause'] },
      { name: 'Think big', summary: 'Bold direction', anchors: ['a', 'b', 'c'] },
      { name: 'Hire the best', summary: 'Raises the bar', owner: 'me' },
    ]);
    const preview = value(await api.call('transfer.preview', { kind: 'principles', format: 'json', content: principles }));
    expect(preview.rows.map((r) => [r.line, r.status, r.errors.map((e) => e.field)])).toEqual([
      [1, 'new', []],
      [2, 'error', ['anchors']],
      [3, 'error', ['owner']],
    ]);
    const refused = failure(await api.call('transfer.import', { kind: 'principles', format: 'json', content: principles, mode: 'all-or-nothing' }));
    expect(refused.message).toMatch(/^content: line 2, anchors: /);
    expect(value(await api.call('transfer.import', { kind: 'principles', format: 'json', content: principles, mode: 'valid-only' })).created).toBe(1);

    const questions = JSON.stringify({
      questions: [
        { text: 'Tell me about a time you found the root cause.', principles: ['dive deep', 'Ownership'], probes: ['How deep?'] },
        { text: 'Tell me about a time you found the root cause.', principles: ['Dive deep'] },
      ],
    });
    const result = value(await api.call('transfer.import', { kind: 'questions', format: 'json', content: questions, mode: 'all-or-nothing' }));
    expect(result).toEqual({ created: 1, duplicates: 1, skipped: 0 });
    const dive = value(await api.call('principles.list')).find((p) => p.name === 'Dive deep');
    const [q] = value(await api.call('questions.list', { principleId: dive?.id ?? '' })).items;
    expect(q?.principleIds).toEqual([c.own.id, dive?.id]);
    expect(q?.probes).toEqual(['How deep?']);
  });

  it('team: managers by email, chained through earlier lines of the same file', async () => {
    const content = csv(
      'name,email,title,team,manager_email,capabilities',
      'Vp,vp@acme.test,VP Sales,Sales,ceo@acme.test,hiring_manager; Interviewer',
      'Lead,lead@acme.test,Lead,Sales,VP@acme.test,interviewer',
      'Rep,rep@acme.test,Rep,Sales,lead@acme.test,',
      'Early,early@acme.test,,Sales,late@acme.test,',
      'Late,late@acme.test,,Sales,,',
      'Cto,cto@acme.test,,Engineering,ceo@acme.test,interviewer',
      'Temp,,,Ops,nobody@acme.test,',
    );
    const preview = value(await api.call('transfer.preview', { kind: 'team', format: 'csv', content }));
    expect(preview.rows.map((r) => [r.line, r.status, r.errors.map((e) => e.field)])).toEqual([
      [2, 'new', []],
      [3, 'new', []],
      [4, 'new', []],
      [5, 'error', ['manager_email']],
      [6, 'new', []],
      [7, 'duplicate', []],
      [8, 'error', ['manager_email']],
    ]);
    const error = failure(await api.call('transfer.import', { kind: 'team', format: 'csv', content, mode: 'all-or-nothing' }));
    expect(error.message).toMatch(/^content: line 5, manager_email: late@acme.test is on line 6, below this one/);

    expect(value(await api.call('transfer.import', { kind: 'team', format: 'csv', content, mode: 'valid-only' }))).toEqual({
      created: 4,
      duplicates: 1,
      skipped: 2,
    });
    const team = value(await api.call('team.list'));
    const byName = new Map(team.map((m) => [m.name, m]));
    expect(byName.get('Vp')).toMatchObject({ managerId: c.ceo.id, capabilities: ['hiring_manager', 'interviewer'], title: 'VP Sales' });
    expect(byName.get('Lead')?.managerId).toBe(byName.get('Vp')?.id);
    expect(byName.get('Rep')?.managerId).toBe(byName.get('Lead')?.id);
    expect(byName.get('Late')?.managerId).toBeNull();
    expect(byName.has('Early')).toBe(false);
  });

  it('candidates: duplicates by email, else by name', async () => {
    const content = csv(
      'name,email,phone,source,links,notes',
      'Grace B. Hopper,GRACE@example.com,,,,',
      'Alan Turing,alan@bletchley.example,+44 1908 640404,Referral,https://a.example; https://b.example,"Codebreaker, ""Enigma"""',
      'Ada,,,,,',
      'ada,,,,,',
      'Bad,not-an-email,,,,',
    );
    expect(value(await api.call('transfer.import', { kind: 'candidates', format: 'csv', content, mode: 'valid-only' }))).toEqual({
      created: 2,
      duplicates: 2,
      skipped: 1,
    });
    const [alan] = value(await api.call('candidates.list', { search: 'Enigma' })).items;
    expect(alan).toMatchObject({
      name: 'Alan Turing',
      phone: '+44 1908 640404',
      links: ['https://a.example', 'https://b.example'],
      notes: 'Codebreaker, "Enigma"',
      status: 'active',
    });
  });

  it('a file that cannot be read as rows is one VALIDATION error naming the line; JSON only for principles and questions', async () => {
    const unknown = failure(await api.call('transfer.preview', { kind: 'team', format: 'csv', content: 'name,emial\nAnn,a@x.test\n' }));
    expect(unknown).toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/^content: line 1: Unknown column "emial"/) });
    const quote = failure(await api.call('transfer.preview', { kind: 'candidates', format: 'csv', content: 'name\nAnn\n"Bob\n' }));
    expect(quote.message).toMatch(/^content: line 3: This is not a readable CSV file/);
    const json = failure(await api.call('transfer.preview', { kind: 'team', format: 'json', content: '[]' }));
    expect(json.issues?.[0]).toEqual({ path: 'format', message: 'team and candidates are imported from CSV only' });
    const big = failure(await api.call('transfer.preview', { kind: 'team', format: 'csv', content: "x".repeat(MAX_IMPORT_CHARS + 1) }));
    expect(big.issues?.[0]?.path).toBe('content');
  });
});

describe('CSV export', () => {
  let a: TestWorkspace;
  let b: TestWorkspace;
  beforeEach(() => {
    a = tempWorkspace();
    b = tempWorkspace();
  });
  afterEach(() => {
    a.close();
    b.close();
  });

  const LISTS = ['principles', 'questions', 'team', 'candidates'] as const;

  it('each list re-imports as duplicates only, and builds the same lists in an empty workspace', async () => {
    const s = await interviewingLoop(a.client);
    // Awkward values: a comma, a quote, a line break, a formula-looking name, an anchor list, probes and tags.
    value(
      await a.client.call('principles.update', {
        id: s.own.id,
        revision: 1,
        description: 'Owns outcomes, "end to end".\nNever says "not my job".',
        anchors: ['Blames others', 'Owns tasks', 'Owns outcomes', '=Owns the company'],
      }),
    );
    value(
      await a.client.call('questions.create', {
        text: 'Tell me about a time you kept a promise that cost you.',
        principleIds: [s.cust.id, s.own.id],
        probes: ['What did it cost?', 'Would you again?'],
        tags: ['Trust', 'cost'],
      }),
    );
    value(await a.client.call('candidates.create', { name: '=HYPERLINK("http://evil.example")', phone: '+1 555 0100', links: ['https://x.example'], notes: '- met at a meetup' }));

    const files = Object.fromEntries(
      await Promise.all(LISTS.map(async (list) => [list, value(await a.client.call('transfer.exportCsv', { list }))] as const)),
    );
    expect(files.team?.fileName).toMatch(/^principled-team-\d{4}-\d{2}-\d{2}\.csv$/);
    // Spreadsheets never see a formula: the cell starts with a quote mark.
    expect(files.candidates?.csv).toContain(`"'=HYPERLINK(""http://evil.example"")"`);

    for (const list of LISTS) {
      const content = files[list]?.csv ?? '';
      const preview = value(await a.client.call('transfer.preview', { kind: list, format: 'csv', content }));
      expect(preview.counts, list).toEqual({ new: 0, duplicate: preview.rows.length, error: 0 });
      expect(preview.rows.length, list).toBeGreaterThan(0);
    }

    // Into an empty workspace, in dependency order: principles, then questions (by principle name), team, candidates.
    value(await b.client.call('workspace.start', { starter: false }));
    for (const list of LISTS) {
      const result = value(await b.client.call('transfer.import', { kind: list, format: 'csv', content: files[list]?.csv ?? '', mode: 'all-or-nothing' }));
      expect(result.duplicates, list).toBe(0);
    }
    const strip = <T extends object>(items: T[], keys: string[]) =>
      items.map((item) => Object.fromEntries(Object.entries(item).filter(([k]) => !keys.includes(k))));
    const principlesA = value(await a.client.call('principles.list'));
    const principlesB = value(await b.client.call('principles.list'));
    expect(strip(principlesB, ['id', 'createdAt', 'updatedAt', 'revision', 'isDraft'])).toEqual(
      strip(principlesA, ['id', 'createdAt', 'updatedAt', 'revision', 'isDraft']),
    );
    const nameOf = (list: { id: string; name: string }[]) => (id: string) => list.find((p) => p.id === id)?.name;
    const questionsA = value(await a.client.call('questions.list', { limit: 500 })).items;
    const questionsB = value(await b.client.call('questions.list', { limit: 500 })).items;
    const comparable = (qs: typeof questionsA, names: (id: string) => string | undefined) =>
      qs
        .map((q) => ({ text: q.text, principles: q.principleIds.map(names), probes: q.probes, tags: q.tags, kind: q.kind }))
        .sort((x, y) => x.text.localeCompare(y.text));
    expect(comparable(questionsB, nameOf(principlesB))).toEqual(comparable(questionsA, nameOf(principlesA)));
    const teamA = value(await a.client.call('team.list'));
    const teamB = value(await b.client.call('team.list'));
    const people = (team: typeof teamA) =>
      team.map((m) => ({ name: m.name, email: m.email, team: m.team, capabilities: m.capabilities, manager: team.find((x) => x.id === m.managerId)?.email ?? null }));
    // The first person imported into an empty workspace becomes its founder and admin; everyone else arrives as exported.
    const [firstB, ...restB] = people(teamB).sort((x, y) => x.name.localeCompare(y.name));
    const [firstA, ...restA] = people(teamA).sort((x, y) => x.name.localeCompare(y.name));
    expect(restB).toEqual(restA);
    expect(firstB?.capabilities).toEqual(expect.arrayContaining(['founder', 'admin', ...(firstA?.capabilities ?? [])]));
    const candidatesA = value(await a.client.call('candidates.list')).items;
    const candidatesB = value(await b.client.call('candidates.list')).items;
    const profile = (list: typeof candidatesA) =>
      list.map(({ name, email, phone, source, links, notes }) => ({ name, email, phone, source, links, notes })).sort((x, y) => x.name.localeCompare(y.name));
    expect(profile(candidatesB)).toEqual(profile(candidatesA));
  });

  it('loops list as CSV, with names in place of ids', async () => {
    const s = await interviewingLoop(a.client);
    const { csv: loops } = value(await a.client.call('transfer.exportCsv', { list: 'loops' }));
    const lines = loops.replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines[0]).toBe('candidate,candidate_email,role,status,hiring_manager,bar_raiser,interviewers,outcome,created_at,updated_at');
    expect(lines[1]).toMatch(new RegExp(`^Grace Hopper,grace@example.com,Backend engineer,interviewing,Cto,Sales,Eng; Ceo,,`));
    expect(s.loop.status).toBe('interviewing');
  });
});

describe('whole-workspace export and import', () => {
  let source: TestWorkspace;
  let target: TestWorkspace;
  // The source's clock: moved on past a hire's 90-day check-in date to record one.
  let sourceNow = 0;
  beforeEach(() => {
    sourceNow = Date.now();
    source = tempWorkspace({ clock: () => new Date(sourceNow) });
    target = tempWorkspace();
  });
  afterEach(() => {
    source.close();
    target.close();
  });

  /** A workspace with something in every table: feedback and amendments, a peek, a debrief, a re-vote, decisions. */
  async function richWorkspace(api: ApiClient) {
    const s = await interviewingLoop(api);
    // An interviewer who is also an admin reads the others before writing their own: a recorded peek.
    value(await api.call('team.update', { id: s.ceo.id, revision: 1, capabilities: [...s.ceo.capabilities, 'admin'] }));
    await s.as(s.ceo.id);
    value(await api.call('feedback.recordView', { loopId: s.loop.id, earlyAccessReason: 'Complaint review' }));
    value(await api.call('feedback.submit', s.complete(s.slotOf(s.ceo.id), 'strong_hire', 4)));
    await s.as(s.eng.id);
    value(await api.call('feedback.submit', s.complete(s.slotOf(s.eng.id), 'inclined', 3)));
    value(await api.call('feedback.amend', { ...s.complete(s.slotOf(s.eng.id), 'not_inclined', 2), reason: 'Re-read my notes' }));
    // The shadow's training feedback, and the bar raiser's coaching note on it.
    await s.as(s.ops.id);
    value(await api.call('feedback.submit', s.complete([s.own.id, s.cust.id], 'inclined', 3)));
    await s.as(s.sales.id);
    value(await api.call('coaching.note', { loopId: s.loop.id, traineeId: s.ops.id, note: 'Ask for the result.' }));
    await s.as(s.sales.id);
    value(await api.call('debrief.open', { loopId: s.loop.id }));
    await s.as(s.eng.id);
    value(await api.call('debrief.revote', { loopId: s.loop.id, vote: 'strong_no_hire', note: 'The story was a team effort' }));
    await s.as(s.sales.id);
    value(await api.call('debrief.saveNotes', { loopId: s.loop.id, notes: 'Discussed the ownership evidence.' }));
    await s.as(s.cto.id);
    value(await api.call('decision.decide', { loopId: s.loop.id, decision: 'no_hire', rationale: 'Not yet', recycle: 'no_recycle', cooldownUntil: IN_SIX_MONTHS }));
    await s.as(s.sales.id);
    value(await api.call('decision.verdict', { loopId: s.loop.id, verdict: 'concur', rationale: 'The evidence supports the decision.' }));
    // Reopening clears the cooldown this decision set: a founder's step.
    await s.as(s.ceo.id);
    value(await api.call('decision.reopen', { loopId: s.loop.id, reason: 'New reference check' }));
    await s.as(s.cto.id);
    value(await api.call('decision.decide', { loopId: s.loop.id, decision: 'hire', rationale: 'The reference settled it' }));
    await s.as(s.sales.id);
    value(await api.call('decision.verdict', { loopId: s.loop.id, verdict: 'concur', rationale: 'The evidence supports the decision.' }));
    // Eng's feedback becomes calibration practice, which the shadow rates.
    const eng = value(await api.call('feedback.list', { loopId: s.loop.id })).items.find((f) => f.authorId === s.eng.id);
    const practice = value(await api.call('practice.fromLoop', { loopId: s.loop.id, feedbackId: eng?.id ?? '' }));
    await s.as(s.ops.id);
    value(await api.call('practice.rate', { id: practice.id, ratings: practice.principles.map((p) => ({ principleId: p.principleId, rating: 3 })), vote: 'inclined' }));
    // Three months on, the hire's manager (chosen by the founder) records the 90-day check-in.
    sourceNow += 90 * 86_400_000;
    await s.as(s.ceo.id);
    value(await api.call('checkins.assignManager', { loopId: s.loop.id, managerId: s.cto.id }));
    await s.as(s.cto.id);
    value(
      await api.call('checkins.record', {
        loopId: s.loop.id,
        kind: 'day90',
        ratings: [{ principleId: s.own.id, rating: 4 }, { principleId: s.cust.id, rating: null }],
        note: 'Runs the on-call rota.',
      }),
    );
    // Statuses other than the default, and a tag: edited by the founder, who may.
    await s.as(s.ceo.id);
    const extra = value(await api.call('principles.create', { name: 'Frugality', summary: 'Does more with less' }));
    value(await api.call('principles.archive', { id: extra.id }));
    const [q] = value(await api.call('questions.list', { principleId: s.own.id })).items;
    value(await api.call('questions.update', { id: q?.id ?? '', revision: q?.revision ?? 1, tags: ['ownership', 'core'] }));
    value(await api.call('questions.retire', { id: q?.id ?? '' }));
    value(await api.call('team.update', { id: s.admin.id, revision: 1, status: 'left' }));
    value(await api.call('settings.update', { companyName: 'Acme' }));
    // A certification, signed and revoked: the history travels with the workspace.
    value(await api.call('settings.update', { training: { interviewerShadows: 0, interviewerReverseShadows: 0 } }));
    const trainee = value(await api.call('team.create', { name: 'Trainee' }));
    await s.as(s.eng.id);
    value(await api.call('training.certify', { memberId: trainee.id, path: 'interviewer', reason: 'Counts waived for the test' }));
    await s.as(s.ceo.id);
    value(await api.call('training.revoke', { memberId: trainee.id, path: 'interviewer', reason: 'Signed in error' }));
    // An erased candidate: the list of erased ids travels with the workspace.
    const gone = value(await api.call('candidates.create', { name: 'Gone Person' }));
    await s.as(s.ceo.id);
    value(await api.call('privacy.eraseCandidate', { id: gone.id, confirmName: 'Gone Person' }));
    return s;
  }

  /** The export holds every feedback, so a founder makes it (the company's Ceo is one). */
  async function exportAsFounder(api: ApiClient) {
    const founder = value(await api.call('team.list')).find((m) => m.capabilities.includes('founder'));
    value(await api.call('settings.setMe', { memberId: founder?.id ?? null }));
    return value(await api.call('transfer.exportWorkspace'));
  }

  /**
   * Every table of a snapshot but the import's own log row, which only the target has, and each device's own
   * hash chain over its log (never exported: the target chains the rows as they go in).
   */
  const withoutImportRow = (snap: string) =>
    (JSON.parse(snap) as [string, Record<string, unknown>[]][]).filter(([name]) => !name.startsWith('activity_chain')).map(
      ([name, rows]) => [name, name === 'activity' ? rows.filter((r) => r.method !== 'transfer.importWorkspace') : rows] as const,
    );

  it('only admins and founders may export the whole workspace, since it holds every feedback', async () => {
    const c = await company(source.client);
    value(await source.client.call('settings.setMe', { memberId: c.eng.id }));
    expect(failure(await source.client.call('transfer.exportWorkspace')).code).toBe('FORBIDDEN');
    value(await source.client.call('settings.setMe', { memberId: c.ceo.id }));
    expect(value(await source.client.call('transfer.exportWorkspace')).json).toContain('principled-workspace');
    const [entry] = value(await source.client.call('activity.list', { limit: 1 }));
    expect(entry?.summary).toBe('Ceo exported the whole workspace');
  });

  it('round trip: an exported workspace imports into an empty one with every table equal', async () => {
    const s = await richWorkspace(source.client);
    const exported = await exportAsFounder(source.client);
    expect(exported.fileName).toMatch(/^principled-workspace-\d{4}-\d{2}-\d{2}\.json$/);
    const document = JSON.parse(exported.json) as WorkspaceDocument;
    expect(document).toMatchObject({ format: 'principled-workspace', version: 1, schemaVersion: LATEST_SCHEMA_VERSION });
    // Full-text indexes, SQLite's own tables and the trigger-kept training counts are derived, never exported.
    expect(Object.keys(document.tables).filter((n) => n.includes('fts') || n.startsWith('sqlite_') || n === 'member_training' || n === 'member_principles')).toEqual([]);

    const result = value(await target.client.call('transfer.importWorkspace', { json: exported.json }));
    const sourceTables = withoutImportRow(snapshot(source.workspace.file));
    const targetTables = withoutImportRow(snapshot(target.workspace.file));
    expect(targetTables.map(([name]) => name)).toEqual(sourceTables.map(([name]) => name));
    for (const [index, [name, rows]] of sourceTables.entries()) {
      expect(targetTables[index]?.[1], name).toEqual(rows);
    }
    // Every table has rows, so the comparison above compared something everywhere (but team sync's
    // bookkeeping, empty in a solo workspace and never exported: it describes one device's copy; and the
    // calibration's stored facts, device-local, empty until a report is asked for).
    const counts = Object.fromEntries(sourceTables.filter(([name]) => !name.startsWith('sync_') && !name.startsWith('science_')).map(([name, rows]) => [name, rows.length]));
    expect(Object.entries(counts).filter(([, n]) => n === 0)).toEqual([]);
    // The training counts are kept by triggers: not in the document, rebuilt as the rows went in (and equal above).
    const { member_training: _derived, member_principles: _alsoDerived, ...imported } = counts;
    expect(result.tables).toEqual(imported);
    console.log(`Workspace round trip: ${sourceTables.length} tables equal; rows per table: ${JSON.stringify(counts)}`);

    // The import itself is one log row; the indexes answer searches; the workspace works on.
    const log = rowsOf(target.workspace.file, 'activity').filter((r) => r.method === 'transfer.importWorkspace');
    expect(log).toHaveLength(1);
    expect(value(await target.client.call('questions.list', { search: 'customer' })).total).toBe(4);
    expect(value(await target.client.call('candidates.list', { search: 'Hopper' })).items.map((c) => c.id)).toEqual([s.candidate.id]);
    expect(value(await target.client.call('loops.get', { id: s.loop.id })).loop.status).toBe('decided');
    value(await target.client.call('principles.create', { name: 'Earn trust', summary: 'Listens' }));
  });

  it('refuses a workspace that is not empty, and leaves it as it was', async () => {
    await company(source.client);
    const { json } = await exportAsFounder(source.client);
    value(await target.client.call('workspace.start', { starter: false }));
    value(await target.client.call('candidates.create', { name: 'Someone' }));
    const before = snapshot(target.workspace.file);
    const error = failure(await target.client.call('transfer.importWorkspace', { json }));
    expect(error).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('already has candidates') });
    expect(snapshot(target.workspace.file)).toBe(before);
  });

  it('a started but empty workspace takes the import; its setup log stays, the settings are the export’s', async () => {
    await company(source.client);
    const { json } = await exportAsFounder(source.client);
    value(await target.client.call('workspace.start', { starter: false }));
    value(await target.client.call('transfer.importWorkspace', { json }));
    expect(rowsOf(target.workspace.file, 'settings')).toEqual(rowsOf(source.workspace.file, 'settings'));
    const methods = rowsOf(target.workspace.file, 'activity').map((r) => r.method);
    expect(methods.filter((m) => m === 'workspace.start')).toHaveLength(2);
  });

  it('checks the document before writing anything: format, version, schema, tables, columns, references', async () => {
    await company(source.client);
    const { json } = await exportAsFounder(source.client);
    const good = JSON.parse(json) as WorkspaceDocument;
    const before = snapshot(target.workspace.file);
    const attempt = async (doc: unknown) => failure(await target.client.call('transfer.importWorkspace', { json: typeof doc === 'string' ? doc : JSON.stringify(doc) }));

    expect((await attempt('{"format": ')).message).toMatch(/^json: This is not a readable JSON file/);
    expect((await attempt({ ...good, format: 'other' })).message).toBe('json.format: This is not a Principled workspace export');
    expect((await attempt({ ...good, version: 2 })).issues?.[0]?.path).toBe('json.version');
    expect((await attempt({ ...good, schemaVersion: LATEST_SCHEMA_VERSION + 10 })).message).toContain(
      `json.schemaVersion: This export comes from a newer version of Principled (schema ${LATEST_SCHEMA_VERSION + 10}; this one understands up to ${LATEST_SCHEMA_VERSION})`,
    );
    expect((await attempt({ ...good, tables: { ...good.tables, evil: [] } })).issues?.[0]?.path).toBe('json.tables.evil');
    const badColumn = { ...good, tables: { ...good.tables, candidates: [{ ...good.tables.candidates?.[0], 'name"); DROP TABLE x; --': 1 }] } };
    expect((await attempt(badColumn)).message).toMatch(/^json.tables.candidates.0.name"\); DROP TABLE x; --: No such column/);
    const badType = { ...good, tables: { ...good.tables, principles: good.tables.principles?.map((p, i) => (i === 1 ? { ...p, position: 'first' } : p)) } };
    expect((await attempt(badType)).issues?.[0]).toMatchObject({ path: 'json.tables.principles.1', message: expect.stringContaining('cannot be stored') });
    const orphan = { ...good, tables: { ...good.tables, team_members: good.tables.team_members?.filter((m) => m.name !== 'Ceo') } };
    expect((await attempt(orphan)).message).toBe('json.tables.team_members: A row refers to a row of team_members that is not in the file');
    expect(snapshot(target.workspace.file)).toBe(before);
  });

  it('an export from an older schema is brought up to date by the migrations', async () => {
    await company(source.client);
    const { json } = await exportAsFounder(source.client);
    const doc = JSON.parse(json) as WorkspaceDocument;
    // Schema 20 had no feedback, debrief or decision tables (migration 30 added them), nor erased_candidates (50),
    // nor check-ins (61), nor certifications (69).
    const newIn30 = [
      'feedback',
      'feedback_ratings',
      'feedback_peeks',
      'debriefs',
      'revotes',
      'decisions',
      'erased_candidates',
      'hire_managers',
      'hire_checkins',
      'hire_checkin_ratings',
      // and coaching notes (68), and calibration practice (70).
      'coaching_notes',
      'certification_events',
      'practice_items',
      'practice_attempts',
    ];
    // Columns added since: candidates' and members' duplicate_of (73).
    const newColumns = new Set(['duplicate_of']);
    const tables = Object.entries(doc.tables)
      .filter(([n]) => !newIn30.includes(n))
      .map(([n, rows]) => [n, rows.map((r) => Object.fromEntries(Object.entries(r).filter(([c]) => !(newColumns.has(c) && ['candidates', 'team_members'].includes(n)))))]);
    const older = { ...doc, schemaVersion: 20, tables: Object.fromEntries(tables) };
    const notAStep = failure(await target.client.call('transfer.importWorkspace', { json: JSON.stringify({ ...older, schemaVersion: 25 }) }));
    expect(notAStep.message).toBe('json.schemaVersion: Schema 25 is not a version Principled has had');
    value(await target.client.call('transfer.importWorkspace', { json: JSON.stringify(older) }));
    expect(withoutImportRow(snapshot(target.workspace.file))).toEqual(withoutImportRow(snapshot(source.workspace.file)));
  });
});
