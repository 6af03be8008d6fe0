import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../core/api/contract/client';
import type { Principle } from '../../core/api/contract/principles';
import type { TeamMember } from '../../core/api/contract/team';
import type { Rating } from '../../core/rules/feedbackTypes';
import { ratingWords } from '../../core/server/loopPacket';
import { escapeMarkdown } from '../../core/server/markdownText';
import { value } from '../support/company';
import { tempWorkspace } from '../support/workspace';

const PRINCIPLES = 4;
const EVIDENCE = {
  situation: 'Our payment service kept failing at night and nobody owned the on-call rota for it.',
  task: 'I had to make the service reliable without a dedicated team or extra budget.',
  action: 'I wrote the runbook, set up alerts, and I paired with two engineers until they could take shifts.',
  result: 'Night pages fell from nine a week to one within a month and the rota has run since.',
};

type Given = Rating | 'not assessed';
/** One interview: which principles it covers (by index) and what its interviewer gives each. */
const slotArb = fc
  .uniqueArray(fc.integer({ min: 0, max: PRINCIPLES - 1 }), { minLength: 1, maxLength: 3 })
  .chain((principles) => fc.tuple(fc.constant(principles), fc.array(fc.constantFrom<Given>(1, 2, 3, 4, 'not assessed'), { minLength: principles.length, maxLength: principles.length })));
const loopArb = fc.array(slotArb, { minLength: 2, maxLength: 5 });

/** A workspace with a loop whose interviews are `slots`, all feedback submitted; returns who gave what. */
async function loopWithFeedback(api: ApiClient, slots: [number[], Given[]][]) {
  value(await api.call('workspace.start', { starter: false }));
  const member = async (name: string, capabilities: ('founder' | 'interviewer' | 'hiring_manager' | 'bar_raiser')[]) =>
    value(await api.call('team.create', { name, capabilities }));
  const founder = await member('Founder', ['founder', 'hiring_manager']);
  const barRaiser = await member('Bar Raiser', ['bar_raiser', 'interviewer']);
  const interviewers: TeamMember[] = [];
  for (let i = 0; i < slots.length; i++) interviewers.push(await member(`Interviewer ${i + 1}`, ['interviewer']));
  const principles: Principle[] = [];
  for (let i = 0; i < PRINCIPLES; i++) principles.push(value(await api.call('principles.create', { name: `Principle ${i + 1}`, summary: `Summary ${i + 1}` })));
  const pid = (i: number) => principles[i]?.id ?? '';
  const role = value(
    await api.call('roles.create', {
      title: 'Engineer',
      hiringManagerId: founder.id,
      focusPrincipleIds: [pid(0)],
      template: slots.map(([ps], i) => ({ title: `Interview ${i + 1}`, durationMinutes: 45, principleIds: ps.map(pid) })),
    }),
  );
  const candidate = value(await api.call('candidates.create', { name: 'Grace Hopper' }));
  const loop = value(await api.call('loops.create', { candidateId: candidate.id, roleId: role.id }));
  const planned = value(
    await api.call('loops.plan', {
      id: loop.id,
      revision: loop.revision,
      barRaiserId: barRaiser.id,
      slots: loop.slots.map(({ position: _p, ...s }, i) => ({ ...s, interviewerId: interviewers[i]?.id ?? null, startsAt: '2026-01-05T10:00:00Z' })),
    }),
  );
  const p = value(await api.call('loops.transition', { id: loop.id, revision: planned.revision, to: 'planned', overrideReason: 'test team' }));
  value(await api.call('loops.transition', { id: loop.id, revision: p.revision, to: 'interviewing' }));

  const given = new Map<string, Given>(); // `${authorId}/${principleId}`
  for (const [i, [ps, ratings]] of slots.entries()) {
    const author = interviewers[i]?.id ?? '';
    value(await api.call('settings.setMe', { memberId: author }));
    const feedback = ps.map((pi, k) => {
      const r = ratings[k] ?? 'not assessed';
      given.set(`${author}/${pid(pi)}`, r);
      return r === 'not assessed'
        ? { principleId: pid(pi), notAssessed: true, notAssessedReason: 'Ran out of time' }
        : { principleId: pid(pi), rating: r, evidence: EVIDENCE };
    });
    value(
      await api.call('feedback.submit', {
        loopId: loop.id,
        authorId: author,
        ratings: feedback,
        vote: 'inclined',
        raiseBar: 'yes',
        reasonToHire: 'Owns problems end to end.',
        reasonNotToHire: 'Little experience with customers.',
      }),
    );
  }
  value(await api.call('settings.setMe', { memberId: founder.id }));
  return { loop, founder, interviewers, principles, given };
}

const words = (g: Given | undefined) => (g === undefined ? 'Not rated' : g === 'not assessed' ? ratingWords(null, true) : ratingWords(g, false));

/** The packet's ratings table as `author name/principle name` → cell text, read back through its escaping. */
function packetMatrix(md: string): Map<string, string> {
  const lines = md.split('\n');
  const start = lines.indexOf('**Ratings**') + 2;
  const cells = (line: string) => line.slice(2, -2).split(' | ');
  const header = cells(lines[start] ?? '');
  const out = new Map<string, string>();
  for (let i = start + 2; lines[i]?.startsWith('|'); i++) {
    const [principle = '', ...row] = cells(lines[i] ?? '');
    row.forEach((cell, k) => out.set(`${header[k + 1]}/${principle.replace(' \\(focus\\)', '')}`, cell));
  }
  return out;
}

describe('every submitted rating appears in exactly its cell', () => {
  it('of the debrief matrix, the packet and the workspace export (author × principle)', async () => {
    await fc.assert(
      fc.asyncProperty(loopArb, async (slots) => {
        const t = tempWorkspace();
        try {
          const { loop, interviewers, principles, given } = await loopWithFeedback(t.client, slots);
          const debrief = value(await t.client.call('debrief.open', { loopId: loop.id }));

          // Debrief: the whole matrix, so a rating in any other cell fails too.
          const assigned = principles.filter((p) => interviewers.some((m) => given.has(`${m.id}/${p.id}`)));
          expect(new Set(debrief.matrix.map((r) => r.principleId))).toEqual(new Set([principles[0]?.id, ...assigned.map((p) => p.id)]));
          for (const row of debrief.matrix) {
            expect(row.cells.map((c) => c.authorId)).toEqual(interviewers.map((m) => m.id));
            for (const c of row.cells) {
              const g = given.get(`${c.authorId}/${row.principleId}`);
              expect({ rating: c.rating, notAssessed: c.notAssessed }).toEqual({
                rating: typeof g === 'number' ? g : null,
                notAssessed: g === 'not assessed',
              });
            }
          }

          // Packet: the ratings table, by name, and the line under each author's feedback.
          const md = Buffer.from(value(await t.client.call('packet.export', { loopId: loop.id, format: 'markdown' })).base64, 'base64').toString('utf8');
          const table = packetMatrix(md);
          const expected = new Map<string, string>();
          for (const row of debrief.matrix) {
            const name = principles.find((p) => p.id === row.principleId)?.name ?? '';
            for (const m of interviewers) expected.set(`${escapeMarkdown(m.name)}/${escapeMarkdown(name)}`, escapeMarkdown(words(given.get(`${m.id}/${row.principleId}`))));
          }
          expect(table).toEqual(expected);
          for (const m of interviewers) {
            const section = md.split(`### ${escapeMarkdown(m.name)} — version 1`)[1]?.split(/\n#{2,3} /)[0] ?? '';
            for (const p of principles) {
              const g = given.get(`${m.id}/${p.id}`);
              const line = `**${escapeMarkdown(`${p.name}:`)}** ${escapeMarkdown(words(g))}`;
              expect(section.includes(line), `${m.name} ${p.name}`).toBe(g !== undefined);
            }
          }

          // Export: one row per submitted rating, in its feedback (author) and principle.
          const exported = JSON.parse(value(await t.client.call('transfer.exportWorkspace', {})).json) as {
            tables: Record<string, Record<string, unknown>[]>;
          };
          const authorOf = new Map((exported.tables.feedback ?? []).map((f) => [f.id, f.author_id]));
          const rows = (exported.tables.feedback_ratings ?? []).map((r) => [
            `${String(authorOf.get(r.feedback_id))}/${String(r.principle_id)}`,
            r.not_assessed === 1 ? 'not assessed' : r.rating,
          ]);
          expect(rows.sort()).toEqual([...given.entries()].sort());
        } finally {
          t.close();
        }
      }),
      { numRuns: 15 },
    );
  }, 60_000);
});
