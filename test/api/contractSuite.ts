import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../core/api/contract/client';
import { methods, type MethodName, type MethodOutput } from '../../core/api/contract/methods';
import type { ApiResult } from '../../core/api/contract/result';
import { STARTER_PRINCIPLES } from '../../core/rules/starterPrinciples';
import { snapshot } from '../support/workspace';

export interface ContractHarness {
  client: ApiClient;
  /** Sends anything at all, bypassing the typed client, as a hostile renderer would. */
  raw(method: string, input: unknown): Promise<ApiResult<unknown>>;
  file: string;
  close(): Promise<void> | void;
}

function value<T>(result: ApiResult<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

function failure<T>(result: ApiResult<T>) {
  if (result.ok) throw new Error(`expected an error, got ${JSON.stringify(result.value).slice(0, 200)}`);
  return result.error;
}

/**
 * The API's contract, run once per transport so in-process and HTTP cannot
 * drift apart.
 */
export function contractSuite(transport: string, open: () => Promise<ContractHarness>): void {
  describe(`API contract over ${transport}`, () => {
    let h: ContractHarness;
    let api: ApiClient;
    beforeEach(async () => {
      h = await open();
      api = h.client;
    });
    afterEach(async () => {
      await h.close();
    });

    const principle = async (name: string, extra: Record<string, unknown> = {}) =>
      value(await api.call('principles.create', { name, summary: `${name} summary`, ...extra }));

    describe('workspace', () => {
      it('starts unstarted, then starts from the starter set once', async () => {
        const before = value(await api.call('workspace.get'));
        expect(before.started).toBe(false);
        expect(before.schemaVersion).toBeGreaterThan(0);

        const started = value(await api.call('workspace.start', { starter: true }));
        expect(started.started).toBe(true);
        const list = value(await api.call('principles.list'));
        expect(list.map((p) => p.name)).toEqual(STARTER_PRINCIPLES.map((p) => p.name));
        expect(list.every((p) => p.isDraft)).toBe(true);

        const again = failure(await api.call('workspace.start', { starter: false }));
        expect(again.code).toBe('CONFLICT');
        expect(value(await api.call('principles.list'))).toHaveLength(STARTER_PRINCIPLES.length);
      });

      it('the starter set brings 3 lint-clean behavioural questions for every principle, unasked: full coverage from the start', async () => {
        value(await api.call('workspace.start', { starter: true }));
        const questions = value(await api.call('questions.list', {})).items;
        for (const p of value(await api.call('principles.list'))) {
          const mine = questions.filter((q) => q.principleIds.includes(p.id));
          expect(mine.length, p.name).toBe(3);
          expect(mine.every((q) => q.status === 'active' && q.kind === 'behavioural' && q.lintStatus === 'clean' && q.timesAsked === 0)).toBe(true);
        }
        expect(value(await api.call('questions.coverage')).filter((c) => c.thin)).toEqual([]);
      });

      it('starts blank with no principles', async () => {
        value(await api.call('workspace.start', { starter: false }));
        expect(value(await api.call('principles.list'))).toEqual([]);
      });
    });

    describe('principles', () => {
      it('creates principles in order with trimmed text and a first revision', async () => {
        const a = await principle('  Customer first  ', { anchors: ['poor', 'weak', 'good', 'great'] });
        const b = await principle('Ownership');
        expect(a.name).toBe('Customer first');
        expect(a.revision).toBe(1);
        expect(a.anchors).toEqual(['poor', 'weak', 'good', 'great']);
        expect(b.position).toBeGreaterThan(a.position);
        expect(value(await api.call('principles.get', { id: b.id })).name).toBe('Ownership');
        const revisions = value(await api.call('principles.revisions', { id: a.id }));
        expect(revisions).toHaveLength(1);
        expect(revisions[0]?.before).toBeNull();
        expect(revisions[0]?.after.name).toBe('Customer first');
      });

      it('refuses a name longer than 80 characters, naming the field, and writes nothing', async () => {
        const before = snapshot(h.file);
        const error = failure(await api.call('principles.create', { name: 'x'.repeat(81), summary: 's' }));
        expect(error.code).toBe('VALIDATION');
        expect(error.message).toContain('name');
        expect(error.issues?.[0]?.path).toBe('name');
        expect(snapshot(h.file)).toBe(before);
      });

      it('keeps names unique among active principles, ignoring case', async () => {
        await principle('Ownership');
        const before = snapshot(h.file);
        const error = failure(await api.call('principles.create', { name: 'OWNERSHIP', summary: 's' }));
        expect(error.code).toBe('CONFLICT');
        expect(error.issues?.[0]?.path).toBe('name');
        expect(snapshot(h.file)).toBe(before);
      });

      it('edits with a revision that records who, when, before and after; a stale revision is a conflict', async () => {
        const p = await principle('Bias for action');
        const edited = value(await api.call('principles.update', { id: p.id, revision: 1, summary: 'Speed matters' }));
        expect(edited.revision).toBe(2);
        expect(edited.summary).toBe('Speed matters');
        const revisions = value(await api.call('principles.revisions', { id: p.id }));
        expect(revisions.map((r) => r.revision)).toEqual([2, 1]);
        expect(revisions[0]?.before?.summary).toBe('Bias for action summary');
        expect(revisions[0]?.after.summary).toBe('Speed matters');
        expect(revisions[0]?.actor).toBeTruthy();
        expect(Date.parse(revisions[0]?.at ?? '')).not.toBeNaN();

        const stale = failure(await api.call('principles.update', { id: p.id, revision: 1, summary: 'Lost update' }));
        expect(stale.code).toBe('CONFLICT');
        expect(value(await api.call('principles.get', { id: p.id })).summary).toBe('Speed matters');
      });

      it('marks a starter principle as adapted once edited', async () => {
        value(await api.call('workspace.start', { starter: true }));
        const [first] = value(await api.call('principles.list'));
        if (!first) throw new Error('starter set is empty');
        const edited = value(await api.call('principles.update', { id: first.id, revision: first.revision, name: 'Customers, always' }));
        expect(edited.isDraft).toBe(false);
      });

      it('reorders, and refuses an order that leaves a principle out', async () => {
        const a = await principle('A');
        const b = await principle('B');
        const c = await principle('C');
        const ordered = value(await api.call('principles.reorder', { ids: [c.id, a.id, b.id] }));
        expect(ordered.map((p) => p.name)).toEqual(['C', 'A', 'B']);
        expect(value(await api.call('principles.list')).map((p) => p.name)).toEqual(['C', 'A', 'B']);

        const before = snapshot(h.file);
        const error = failure(await api.call('principles.reorder', { ids: [a.id, b.id] }));
        expect(error.code).toBe('VALIDATION');
        expect(error.issues?.[0]?.path).toBe('ids');
        expect(snapshot(h.file)).toBe(before);
      });

      it('archives and restores; a restored name must still be free', async () => {
        const p = await principle('Frugality');
        value(await api.call('principles.archive', { id: p.id }));
        expect(value(await api.call('principles.list')).map((x) => x.name)).not.toContain('Frugality');
        const withArchived = value(await api.call('principles.list', { includeArchived: true }));
        expect(withArchived.find((x) => x.id === p.id)?.status).toBe('archived');

        const reuse = await principle('Frugality');
        expect(failure(await api.call('principles.restore', { id: p.id })).code).toBe('CONFLICT');
        value(await api.call('principles.archive', { id: reuse.id }));
        expect(value(await api.call('principles.restore', { id: p.id })).status).toBe('active');
      });

      it('answers NOT_FOUND for an id that does not exist', async () => {
        const error = failure(await api.call('principles.get', { id: '01890a5d-ac96-774b-bcce-b302099a8057' }));
        expect(error.code).toBe('NOT_FOUND');
      });
    });

    describe('questions', () => {
      it('saves a behavioural question as clean and links principles, probes and tags', async () => {
        const p = await principle('Ownership');
        const q = value(
          await api.call('questions.create', {
            text: 'Tell me about a time you fixed a problem that was not yours to fix.',
            principleIds: [p.id],
            probes: ['What did you do first?'],
            tags: ['Leadership', 'leadership'],
          }),
        );
        expect(q.kind).toBe('behavioural');
        expect(q.lintStatus).toBe('clean');
        expect(q.tags).toEqual(['leadership']);
        expect(q.probes).toEqual(['What did you do first?']);
        expect(value(await api.call('questions.get', { id: q.id })).principleIds).toEqual([p.id]);
      });

      it('refuses a hypothetical without a reason, naming the reason field, and keeps one with a reason', async () => {
        const p = await principle('Judgement');
        const text = 'What would you do if a customer was angry?';
        const before = snapshot(h.file);
        const error = failure(await api.call('questions.create', { text, principleIds: [p.id] }));
        expect(error.code).toBe('VALIDATION');
        expect(error.issues?.[0]?.path).toBe('hypotheticalReason');
        expect(snapshot(h.file)).toBe(before);

        const kept = value(
          await api.call('questions.create', { text, principleIds: [p.id], hypotheticalReason: 'Graduate role: little work history' }),
        );
        expect(kept.kind).toBe('hypothetical');
        expect(kept.hypotheticalReason).toBe('Graduate role: little work history');
        expect(kept.lintRules).toContain('hypothetical');
      });

      it('refuses a question about a protected characteristic', async () => {
        const p = await principle('Ownership');
        const error = failure(await api.call('questions.create', { text: 'How old are your children?', principleIds: [p.id] }));
        expect(error.code).toBe('VALIDATION');
        expect(error.issues?.[0]?.path).toBe('text');
      });

      it('saves a closed question with its warning recorded', async () => {
        const p = await principle('Delivery');
        const q = value(await api.call('questions.create', { text: 'Have you ever missed a deadline?', principleIds: [p.id] }));
        expect(q.lintStatus).toBe('warning');
        expect(q.lintRules).toContain('closed');
      });

      it('refuses links to missing or archived principles, naming the list item', async () => {
        const p = await principle('Old');
        value(await api.call('principles.archive', { id: p.id }));
        const error = failure(
          await api.call('questions.create', { text: 'Tell me about a time you learned something new.', principleIds: [p.id] }),
        );
        expect(error.code).toBe('VALIDATION');
        expect(error.issues?.[0]?.path).toBe('principleIds.0');
      });

      it('searches the text with FTS combined with principle, tag, lint and status filters', async () => {
        const own = await principle('Ownership');
        const cust = await principle('Customers');
        const make = async (text: string, principleIds: string[], tags: string[] = []) =>
          value(await api.call('questions.create', { text, principleIds, tags }));
        const q1 = await make('Tell me about a time you disagreed with your manager.', [own.id], ['conflict']);
        const q2 = await make('Tell me about a time a customer complained about your work.', [cust.id], ['support']);
        const q3 = await make('Have you ever disagreed with a customer?', [cust.id, own.id]);
        const ids = async (input: Parameters<ApiClient['call']>[1]) =>
          value(await api.call('questions.list', input as never)).items.map((q) => q.id).sort();

        expect(await ids({ search: 'disagree' })).toEqual([q1.id, q3.id].sort());
        expect(await ids({ search: 'custom' })).toEqual([q2.id, q3.id].sort());
        expect(await ids({ search: 'disagree', principleId: cust.id })).toEqual([q3.id]);
        expect(await ids({ tag: 'CONFLICT' })).toEqual([q1.id]);
        expect(await ids({ lint: 'warning' })).toEqual([q3.id]);
        expect(await ids({ lint: 'clean', principleId: own.id })).toEqual([q1.id]);
        // Query syntax typed by a user is searched as words, never parsed.
        expect(await ids({ search: 'customer" * (' })).toEqual([q2.id, q3.id].sort());
        expect(await ids({ search: '"NOT * OR:(' })).toEqual([]);

        value(await api.call('questions.retire', { id: q2.id }));
        expect(await ids({ search: 'customer' })).toEqual([q3.id]);
        expect(await ids({ search: 'customer', status: 'retired' })).toEqual([q2.id]);
        expect(await ids({ search: 'customer', status: 'all' })).toEqual([q2.id, q3.id].sort());
        expect(value(await api.call('questions.list', { limit: 1 })).total).toBe(2);
      });

      it('reports coverage per principle and flags fewer than three behavioural questions', async () => {
        const a = await principle('A');
        const b = await principle('B');
        for (let i = 0; i < 3; i++) {
          value(await api.call('questions.create', { text: `Tell me about a time you shipped project ${i}.`, principleIds: [a.id] }));
        }
        const retired = value(
          await api.call('questions.create', { text: 'Tell me about a time you cut scope.', principleIds: [a.id, b.id] }),
        );
        value(await api.call('questions.retire', { id: retired.id }));
        value(
          await api.call('questions.create', {
            text: 'What would you do if you inherited a failing project?',
            principleIds: [b.id],
            hypotheticalReason: 'New-graduate loop',
          }),
        );
        const coverage = value(await api.call('questions.coverage'));
        expect(coverage).toEqual([
          { principleId: a.id, name: 'A', behavioural: 3, hypothetical: 0, thin: false },
          { principleId: b.id, name: 'B', behavioural: 0, hypothetical: 1, thin: true },
        ]);
        expect(value(await api.call('questions.tags'))).toEqual([]);
      });

      it('edits with a revision check and re-lints on save', async () => {
        const p = await principle('Delivery');
        const q = value(await api.call('questions.create', { text: 'Tell me about a time you shipped late.', principleIds: [p.id] }));
        const edited = value(
          await api.call('questions.update', { id: q.id, revision: q.revision, text: 'Did you ever ship late?' }),
        );
        expect(edited.revision).toBe(2);
        expect(edited.lintRules).toContain('closed');
        expect(failure(await api.call('questions.update', { id: q.id, revision: 1, tags: ['x'] })).code).toBe('CONFLICT');
      });
    });

    describe('activity log', () => {
      it('records each write with its method, in the same transaction', async () => {
        const p = await principle('Ownership');
        value(await api.call('principles.update', { id: p.id, revision: 1, summary: 'Acts like an owner' }));
        const entries = value(await api.call('activity.list', { entityId: p.id }));
        expect(entries.map((e) => e.method)).toEqual(['principles.update', 'principles.create']);
        expect(entries[0]?.summary).toContain('summary');
        // A refused write leaves no trace in the log either.
        await api.call('principles.create', { name: '', summary: 'x' });
        expect(value(await api.call('activity.list')).length).toBe(2);
      });
    });

    describe('bad input', () => {
      const names = Object.keys(methods) as MethodName[];
      it('refuses an unknown method', async () => {
        const error = failure(await h.raw('principles.drop', {}));
        expect(error.code).toBe('NOT_FOUND');
        expect(error.message).toContain('Unknown method');
      });

      it.each(names)('%s refuses malformed input with VALIDATION and writes nothing', async (method) => {
        const before = snapshot(h.file);
        for (const input of [42, 'text', [], { unknownField: 1 }, { id: 7, name: ['x'], ids: 'no' }]) {
          const error = failure(await h.raw(method, input));
          expect(error.code, `${method} with ${JSON.stringify(input)}`).toBe('VALIDATION');
          expect(error.message.length).toBeGreaterThan(0);
          expect(error.issues?.length).toBeGreaterThan(0);
          expect(JSON.stringify(error)).not.toMatch(/\bat .*\.ts:\d+/);
        }
        expect(snapshot(h.file)).toBe(before);
      });
    });
  });
}

export type { MethodOutput };
