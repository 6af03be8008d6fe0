// Team sync's engine (issue 11): applying 10,000 changes from another device (target under 2 s), and a change's
// latency from its file arriving in the folder to being applied on the other device (target under 1 s).
// Two workspaces in a temp folder share a third; the founder writes, the member imports.
//   npx tsx bench/syncEngine.ts
import Database from 'better-sqlite3-multiple-ciphers';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inProcessClient, openWorkspace, type Workspace } from '../core/server/workspace';
import { interviewingLoop, value } from '../test/support/company';
import { summarise } from './stats';

const TRANSACTIONS = 10_000;
const LATENCY_SAMPLES = 20;
const PASSPHRASE = 'bench passphrase';
const work = mkdtempSync(join(tmpdir(), 'principled-sync-engine-bench-'));
const folder = join(work, 'shared');
mkdirSync(folder);

function open(name: string, auto: boolean): Workspace {
  const dir = join(work, name);
  mkdirSync(dir);
  return openWorkspace(dir, { sync: { auto, rescanMs: 5_000, exportDelayMs: 0 }, onInternalError: (m, e) => console.error(m, e) });
}

async function main() {
  const founder = open('founder', false);
  const member = open('member', false);
  const fApi = inProcessClient(founder);
  const c = await interviewingLoop(fApi);
  value(await fApi.call('sync.makeTeam', { folder, deviceName: 'desk', passphrase: PASSPHRASE }));
  const { invitation } = value(await fApi.call('sync.invite', { memberId: c.cto.id }));
  const joined = value(await inProcessClient(member).call('sync.join', { folder, invitation, deviceName: 'laptop', passphrase: PASSPHRASE }));
  await founder.syncNow();
  value(await fApi.call('sync.confirmDevice', { deviceId: joined.deviceId ?? '' }));
  await member.syncNow();
  await founder.syncNow();

  // 10,000 writes on the founder, each a candidate's notes and source (and its revision and time) plus an activity row.
  for (let i = 0; i < TRANSACTIONS; i++) {
    const { revision } = value(founder.dispatch('candidates.get', { id: c.candidate.id })) as { revision: number };
    value(founder.dispatch('candidates.update', { id: c.candidate.id, revision, notes: `note ${i}`, source: `source ${i % 7}` }));
  }
  const outbox = new Database(founder.file, { readonly: true });
  const fieldChanges = (outbox.prepare('SELECT count(*) AS n FROM sync_outbox_changes').get() as { n: number }).n;
  outbox.close();
  let start = performance.now();
  await founder.syncNow();
  const exportMs = performance.now() - start;
  start = performance.now();
  await member.syncNow();
  const importMs = performance.now() - start;
  const status = value(await inProcessClient(member).call('sync.status', {}));
  const applied = status.devices.find((d) => d.ownerName === 'Ceo')?.lastApplied ?? 0;
  console.log(`${TRANSACTIONS} transactions (${fieldChanges} field-level changes in the outbox, activity rows included): export ${exportMs.toFixed(0)} ms, import (decode + apply) ${importMs.toFixed(0)} ms; member at change ${applied}`);
  member.close();

  // Latency: the member runs as the app does (folder watch, rescan); the clock starts when the founder's file is in place.
  const live = openWorkspace(join(work, 'member'), { sync: { auto: true, rescanMs: 5_000 }, onInternalError: (m, e) => console.error(m, e) });
  value(await inProcessClient(live).call('sync.unlock', { passphrase: PASSPHRASE }));
  const samples: number[] = [];
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const { revision } = value(founder.dispatch('candidates.get', { id: c.candidate.id })) as { revision: number };
    value(founder.dispatch('candidates.update', { id: c.candidate.id, revision, notes: `live ${i}` }));
    const arrived = new Promise<number>((resolve) => {
      const stop = live.subscribe((e) => {
        if (e.name === 'data.changed' && e.payload.method === 'sync.import') {
          stop();
          resolve(performance.now());
        }
      });
    });
    await founder.syncNow();
    const published = performance.now();
    samples.push((await arrived) - published);
  }
  console.log(`file arrival → applied on the other device: ${JSON.stringify(summarise(samples))} ms`);
  live.close();
  founder.close();
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => rmSync(work, { recursive: true, force: true }));
