// How long planning a loop takes for a 2,000-person company: the pure rules
// alone, and the API calls the loop screen makes (loops.get runs every check;
// loops.suggest builds a plan), on a real workspace seeded through the API.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiResult } from '../core/api/contract/result';
import type { Capability } from '../core/rules/planTypes';
import { checkLoopPlan } from '../core/rules/loopChecks';
import { suggestPlan } from '../core/rules/suggestPlan';
import { inProcessClient, openWorkspace } from '../core/server/workspace';
import { summarise, time } from './stats';

const TEAM_SIZE = 2_000;
const TEAMS = ['Engineering', 'Sales', 'Operations', 'Design', 'Finance', 'Support', 'Marketing', 'People'];

function value<T>(r: ApiResult<T>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

/** A deterministic pseudo-random sequence, so every run seeds the same company. */
function lcg(seed: number) {
  let s = seed;
  return () => (s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

const dir = mkdtempSync(join(tmpdir(), 'principled-bench-'));
const workspace = openWorkspace(dir);
const api = inProcessClient(workspace);
const random = lcg(42);

const seedStart = performance.now();
value(await api.call('workspace.start', { starter: true }));
const principles = value(await api.call('principles.list'));
for (let i = 0; i < 300; i++) {
  const p = principles[i % principles.length];
  if (!p) continue;
  value(await api.call('questions.create', { text: `Tell me about a time you showed this principle, example ${i}.`, principleIds: [p.id] }));
}
const ids: string[] = [];
for (let i = 0; i < TEAM_SIZE; i++) {
  // A reporting tree about six levels deep: each person reports to someone added before them.
  const managerId = i === 0 ? null : (ids[Math.floor(random() * Math.min(i, Math.max(1, i / 3)))] ?? null);
  const capabilities: Capability[] = ['interviewer'];
  if (i === 0) capabilities.push('founder');
  if (random() < 0.05) capabilities.push('bar_raiser');
  if (random() < 0.03) capabilities.push('bar_raiser_in_training');
  if (random() < 0.1) capabilities.push('hiring_manager');
  const m = value(
    await api.call('team.create', { name: `Person ${i}`, team: TEAMS[i % TEAMS.length] ?? '', managerId, capabilities }),
  );
  ids.push(m.id);
}
const focus = principles.slice(0, 5).map((p) => p.id);
const role = value(
  await api.call('roles.create', {
    title: 'Engineer',
    team: 'Engineering',
    hiringManagerId: ids[9] ?? null,
    focusPrincipleIds: focus,
    template: focus.map((p, i) => ({ title: `Interview ${i + 1}`, durationMinutes: 45, principleIds: [p] })),
  }),
);
const candidate = value(await api.call('candidates.create', { name: 'Bench Candidate' }));
const loop = value(await api.call('loops.create', { candidateId: candidate.id, roleId: role.id }));
const seedMs = performance.now() - seedStart;

const detail = value(await api.call('loops.get', { id: loop.id }));
const ctx = detail.context;
const suggestInput = { ctx, hiringManagerId: loop.hiringManagerId, recentLoad: {}, slotIds: loop.slots.map((s) => s.id) };
const suggestion = suggestPlan(suggestInput);

const results = {
  'suggestPlan (pure)': summarise(await time(200, () => suggestPlan(suggestInput))),
  'checkLoopPlan (pure)': summarise(await time(200, () => checkLoopPlan(suggestion.plan, ctx))),
  'loops.suggest (API, in-process)': summarise(await time(100, () => api.call('loops.suggest', { id: loop.id }))),
  'loops.get with checks (API, in-process)': summarise(await time(100, () => api.call('loops.get', { id: loop.id }))),
};

const lines = [
  `# Planner benchmark: ${TEAM_SIZE.toLocaleString('en')} people, ${principles.length} principles, 300 questions`,
  '',
  `Seeded through the API in ${(seedMs / 1000).toFixed(1)} s. Node ${process.version}, ${new Date().toISOString()}.`,
  '',
  '| what | median ms | p95 ms | max ms | runs |',
  '|---|---:|---:|---:|---:|',
  ...Object.entries(results).map(
    ([name, r]) => `| ${name} | ${r.median.toFixed(2)} | ${r.p95.toFixed(2)} | ${r.max.toFixed(2)} | ${r.runs} |`,
  ),
  '',
  `Suggested plan unresolved: ${suggestion.unresolved.length === 0 ? 'none' : suggestion.unresolved.join(' ')}`,
];
console.log(lines.join('\n'));
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/planner.md', `${lines.join('\n')}\n`);
writeFileSync('bench/results/planner.json', JSON.stringify({ teamSize: TEAM_SIZE, seedMs, results }, null, 2));
workspace.close();
rmSync(dir, { recursive: true, force: true });
