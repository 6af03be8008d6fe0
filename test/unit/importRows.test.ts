import { describe, expect, it } from 'vitest';
import type { ImportKind } from '../../core/api/contract/transfer';
import { PENDING_MANAGER_ID, planImport, readImportFile, type ImportLookups } from '../../core/rules/importRows';
import { ImportFileError, joinList, protectCell, readCsv, splitList, unprotectCell, writeCsv } from '../../core/rules/transferCsv';

const OWN = '0190a1b2-0000-7000-8000-000000000001';
const CUST = '0190a1b2-0000-7000-8000-000000000002';
const BOSS = '0190a1b2-0000-7000-8000-000000000003';

const lookups: ImportLookups = {
  principles: new Map([
    ['ownership', OWN],
    ['customers', CUST],
  ]),
  questionTexts: new Set(['tell me about a time you owned a mistake.']),
  memberEmails: new Map([['boss@acme.test', BOSS]]),
  memberNames: new Set(['boss', 'no email person']),
  candidateEmails: new Set(['grace@example.com']),
  candidateNames: new Set(['grace hopper', 'ada']),
};

const plan = (kind: ImportKind, csv: string) => planImport(kind, 'csv', readImportFile(kind, 'csv', csv), lookups);
const brief = (rows: ReturnType<typeof plan>) => rows.map((r) => [r.line, r.status, r.errors.map((e) => e.field)]);

describe('readCsv: every row keeps the line it starts on (header = line 1)', () => {
  const cases: [string, string, number[]][] = [
    ['plain LF', 'name\nA\nB\n', [2, 3]],
    ['CRLF', 'name\r\nA\r\nB\r\n', [2, 3]],
    ['old Mac CR', 'name\rA\rB', [2, 3]],
    ['no final newline', 'name\nA\nB', [2, 3]],
    ['blank lines skipped but counted', 'name\n\nA\n\n\nB\n', [3, 6]],
    ['a quoted cell over three lines', 'name,notes\nA,"one\ntwo\nthree"\nB,x\n', [2, 5]],
    ['a quoted cell over lines with CRLF', 'name,notes\r\nA,"one\r\ntwo"\r\nB,x\r\n', [2, 4]],
    ['a byte order mark before the header', '\uFEFFname\nA\n', [2]],
    ['rows of bare commas are not rows', 'name,notes\nA,x\n,\n , \nB,y\n', [2, 5]],
  ];
  it.each(cases)('%s', (_label, csv, lines) => {
    expect(readCsv(csv, 'candidates').map((r) => r.line)).toEqual(lines);
  });

  it('reads cells by column, in any column order, headers case- and space-insensitive', () => {
    const [row] = readCsv(' Notes ,NAME\n"a, b",Ada\n', 'candidates');
    expect(row?.cells).toEqual({ notes: 'a, b', name: 'Ada' });
  });

  it('flags a line with more or fewer values than the header has columns', () => {
    const rows = readCsv('name,email\nA,a@x.test,extra\nB\n', 'candidates');
    expect(rows.map((r) => r.columnCountMismatch)).toEqual([
      { found: 3, expected: 2 },
      { found: 1, expected: 2 },
    ]);
  });

  const fileErrors: [string, ImportKind, string, number, RegExp][] = [
    ['empty file', 'candidates', '', 1, /empty/],
    ['unknown column', 'candidates', 'name,emial\n', 1, /Unknown column "emial"/],
    ['column twice', 'candidates', 'name,name\n', 1, /appears twice/],
    ['required column missing', 'principles', 'name,description\n', 1, /summary/],
    ['unnamed column', 'principles', 'name,,summary\n', 1, /no name/],
    ['unclosed quote', 'principles', 'name,summary\nA,B\nC,"open\n', 3, /not a readable CSV/],
    ['a first line too long to be a header', 'principles', 'x'.repeat(5_000), 1, /must name the columns .* 5000 characters long/],
  ];
  it.each(fileErrors)('refuses the whole file: %s', (_label, kind, csv, line, message) => {
    let error: unknown;
    try {
      readCsv(csv, kind);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ImportFileError);
    expect((error as ImportFileError).line).toBe(line);
    expect((error as ImportFileError).message).toMatch(message);
  });
});

describe('cells', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+44 20 7946 0000', "'+44 20 7946 0000"],
    ['-note', "'-note"],
    ['@home', "'@home"],
    ['plain', 'plain'],
    ["'quoted", "'quoted"],
  ])('a formula-looking cell %s is exported as %s and reads back unchanged', (value, exported) => {
    expect(protectCell(value)).toBe(exported);
    expect(unprotectCell(protectCell(value))).toBe(value);
  });

  it('lists in a cell split on ; with spaces and empties dropped, and join back', () => {
    expect(splitList(' a ;b;; c ; ')).toEqual(['a', 'b', 'c']);
    expect(splitList(joinList(['a', 'b c']))).toEqual(['a', 'b c']);
    expect(splitList('')).toEqual([]);
  });

  it('writes a header, guarded cells and a BOM', () => {
    const csv = writeCsv(['name', 'notes'], [['=cmd', 'a, "b"']]);
    expect(csv).toBe('\uFEFFname,notes\n\'=cmd,"a, ""b"""\n');
    expect(readCsv(csv, 'candidates')[0]?.cells).toEqual({ name: '=cmd', notes: 'a, "b"' });
  });
});

describe('readImportFile: JSON', () => {
  it('takes a bare list or an object with the list under the kind, numbering items from 1', () => {
    expect(readImportFile('principles', 'json', '[{"a":1},{"b":2}]').map((r) => r.line)).toEqual([1, 2]);
    expect(readImportFile('questions', 'json', '{"questions":[{}]}').map((r) => r.line)).toEqual([1]);
  });
  it.each([
    ['not JSON', '{nope', /not a readable JSON/],
    ['not a list', '{"x":1}', /must hold a list of principles/],
    ['a scalar', '42', /must hold a list/],
  ])('refuses %s', (_label, content, message) => {
    expect(() => readImportFile('principles', 'json', content)).toThrow(message);
  });
});

describe('planImport', () => {
  it('principles: new, duplicate by active name (any case), duplicate of an earlier line, errors by column', () => {
    const rows = plan(
      'principles',
      [
        'name,summary,anchor2',
        'Bias for action,Moves fast,',
        ' OWNERSHIP ,Already there,',
        'Bias for Action,Same again,',
        ',No name,',
        `Long anchor,Fine,${'x'.repeat(501)}`,
      ].join('\n'),
    );
    expect(brief(rows)).toEqual([
      [2, 'new', []],
      [3, 'duplicate', []],
      [4, 'duplicate', []],
      [5, 'error', ['name']],
      [6, 'error', ['anchor2']],
    ]);
    expect(rows[1]?.summary).toBe('OWNERSHIP (already in the workspace)');
    expect(rows[2]?.summary).toBe('Bias for Action (same as line 2)');
    expect(rows[0]?.create).toEqual({
      kind: 'principles',
      input: { name: 'Bias for action', summary: 'Moves fast', description: '', anchors: ['', '', '', ''] },
    });
  });

  it('questions: principles by name, lists split, linter verdicts as questions.create takes them', () => {
    const rows = plan(
      'questions',
      [
        'text,principles,probes,tags,hypothetical_reason',
        'Tell me about a time you disagreed with a customer.,Customers; ownership,What did you do?;What happened?,Support; conflict,',
        // Already there: a duplicate, even though its principle is unknown here.
        '  TELL me about a time you owned a mistake.  ,Frugality,,,',
        'Tell me about a launch.,Frugality,,,',
        'How old are your children?,Ownership,,,',
        'What would you do if a customer was angry?,Customers,,,',
        'What would you do if a customer was angry at you?,Customers,,,We use it for new graduates',
        'Tell me about a time you shipped.,,,,',
      ].join('\n'),
    );
    expect(brief(rows)).toEqual([
      [2, 'new', []],
      [3, 'duplicate', []],
      [4, 'error', ['principles']],
      [5, 'error', ['text']],
      [6, 'error', ['hypothetical_reason']],
      [7, 'new', []],
      [8, 'error', ['principles']],
    ]);
    expect(rows[0]?.create?.input).toMatchObject({
      principleIds: [CUST, OWN],
      probes: ['What did you do?', 'What happened?'],
      tags: ['support', 'conflict'],
    });
    expect(rows[2]?.errors[0]?.message).toBe('No active principle is called "Frugality"');
  });

  it('team: a manager by email, in the workspace or on an earlier line; chains; later lines and unknowns refused', () => {
    const rows = plan(
      'team',
      [
        'name,email,title,team,manager_email,capabilities',
        'Ann,ann@acme.test,CTO,Eng,boss@acme.test,Hiring manager; interviewer',
        'Ben,ben@acme.test,,Eng,ANN@acme.test,interviewer',
        'Cy,cy@acme.test,,Eng,ben@acme.test,',
        'Dee,dee@acme.test,,Eng,eve@acme.test,',
        'Eve,eve@acme.test,,Eng,,',
        'Fay,fay@acme.test,,Eng,nobody@acme.test,',
        'Gus,gus@acme.test,,Eng,,wizard',
        'Hal,not-an-email,,Eng,,',
        'Ivy,ivy@acme.test,,Eng,hal@acme.test,',
        'Boss,,,Exec,,',
        'Jo,jo@acme.test,,Eng,jo@acme.test,',
      ].join('\n'),
    );
    expect(brief(rows)).toEqual([
      [2, 'new', []],
      [3, 'new', []],
      [4, 'new', []],
      [5, 'error', ['manager_email']],
      [6, 'new', []],
      [7, 'error', ['manager_email']],
      [8, 'error', ['capabilities']],
      [9, 'error', ['email']],
      [10, 'error', ['manager_email']],
      [11, 'duplicate', []],
      [12, 'error', ['manager_email']],
    ]);
    const create = rows.map((r) => (r.create?.kind === 'team' ? [r.create.input.managerId, r.create.managerLine] : null));
    expect(create.slice(0, 3)).toEqual([
      [BOSS, null],
      [PENDING_MANAGER_ID, 2],
      [PENDING_MANAGER_ID, 3],
    ]);
    expect(rows[0]?.create?.input).toMatchObject({ capabilities: ['hiring_manager', 'interviewer'] });
    expect(rows[3]?.errors[0]?.message).toMatch(/line 6, below this one/);
    expect(rows[8]?.errors[0]?.message).toMatch(/No team member has the email hal@acme.test/);
  });

  it('candidates: duplicates by email when there is one, else by name; a wrong column count is an error on the row', () => {
    const rows = plan(
      'candidates',
      [
        'name,email,links',
        'Grace H.,GRACE@example.com,',
        'Ada,,',
        'Ada,ada@new.example,https://a.example; https://b.example',
        'Alan,,',
        'alan,,',
        'Bob,bob@x.test,,extra',
      ].join('\n'),
    );
    expect(brief(rows)).toEqual([
      [2, 'duplicate', []],
      [3, 'duplicate', []],
      [4, 'new', []],
      [5, 'new', []],
      [6, 'duplicate', []],
      [7, 'error', ['row']],
    ]);
    expect(rows[2]?.create?.input).toMatchObject({ links: ['https://a.example', 'https://b.example'] });
  });

  it('JSON: field paths, unknown fields and non-objects, by item number', () => {
    const principles = planImport(
      'principles',
      'json',
      readImportFile(
        'principles',
        'json',
        JSON.stringify([
          { name: 'Dive deep', summary: 'Knows the details', anchors: ['a', 'b', 'c', 'd'] },
          { name: 'Short', summary: 'x', anchors: ['a', 'b', 42, 'd'], colour: 'red' },
          'just text',
        ]),
      ),
      lookups,
    );
    expect(brief(principles)).toEqual([
      [1, 'new', []],
      [2, 'error', ['anchors.2', 'colour']],
      [3, 'error', ['row']],
    ]);
    const questions = planImport(
      'questions',
      'json',
      readImportFile(
        'questions',
        'json',
        JSON.stringify({
          questions: [
            { text: 'Tell me about a time you changed your mind.', principles: ['Ownership'], tags: ['Judgement'] },
            { text: 'Tell me about a time you failed.', principles: 'Ownership' },
            { text: 'Tell me about a time you helped.', principleIds: [OWN], principles: ['Customers'] },
            { text: 'What would you do if you failed?', principles: ['Ownership'], hypotheticalReason: '' },
          ],
        }),
      ),
      lookups,
    );
    expect(brief(questions)).toEqual([
      [1, 'new', []],
      [2, 'error', ['principles']],
      [3, 'error', ['principleIds']],
      [4, 'error', ['hypotheticalReason']],
    ]);
    expect(questions[0]?.create?.input).toMatchObject({ principleIds: [OWN], tags: ['judgement'] });
  });
});
