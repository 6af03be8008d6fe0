// The sync folder's file format: how long a device takes to seal and to open one batch of changes. Measured
// here rather than asserted in the unit tests, where a busy machine would fail a timed assertion.
// Run with `npx tsx bench/syncFiles.ts`.
import { pathToFileURL } from 'node:url';
import { v7 } from 'uuid';
import { decodeEnvelope, encodeBatchFile } from '../core/server/sync/batchFile';
import { generateDeviceKeys } from '../core/server/sync/deviceKeys';
import { newSymmetricKey } from '../core/server/sync/keyWrap';
import { summarise, time } from './stats';

export interface SyncFilesMeasure {
  what: string;
  median: number;
  max: number;
  runs: number;
}

/** Field-level changes shaped like the outbox's: table, row, column, value, clock. */
function changes(count: number): unknown {
  const deviceId = v7();
  return {
    deviceId,
    seq: 1,
    transactions: Array.from({ length: count / 4 }, (_, t) => ({
      id: v7(),
      method: 'questions.update',
      changes: Array.from({ length: 4 }, (_, c) => ({
        table: 'questions',
        rowId: v7(),
        column: ['text', 'status', 'principleIds', 'updatedAt'][c],
        value: c === 0 ? `Tell me about a time you had to deliver results with fewer people than you planned (${t}).` : c === 1 ? 'active' : c === 2 ? [v7(), v7()] : 1_750_000_000_000 + t,
        hlc: `${(1_750_000_000_000 + t).toString(36)}:${String(c).padStart(4, '0')}:${deviceId}`,
      })),
    })),
  };
}

export async function syncFilesBenchmark(changeCount = 10_000, runs = 15): Promise<{ measures: SyncFilesMeasure[]; jsonBytes: number; fileBytes: number }> {
  const keys = generateDeviceKeys();
  const teamId = v7();
  const deviceId = v7();
  const keyId = v7();
  const key = newSymmetricKey();
  const payload = changes(changeCount);
  const input = { teamId, deviceId, seq: 1, createdAt: Date.now(), keyId, key, payload };
  const file = encodeBatchFile(input, keys.secretKeys.signing);
  const options = { teamId, signingKeyFor: () => keys.publicKeys.signing, keyFor: () => key };
  if (!decodeEnvelope(file.path, file.bytes, options).ok) throw new Error('the benchmark file does not decode');
  for (let i = 0; i < 3; i++) decodeEnvelope(file.path, encodeBatchFile(input, keys.secretKeys.signing).bytes, options);
  const encode = summarise(await time(runs, () => encodeBatchFile(input, keys.secretKeys.signing)));
  const decode = summarise(await time(runs, () => decodeEnvelope(file.path, file.bytes, options)));
  const label = changeCount.toLocaleString('en');
  return {
    measures: [
      { what: `encode a ${label}-change batch (JSON, brotli, AES-GCM, Ed25519, SHA-256)`, ...encode },
      { what: `decode a ${label}-change batch (SHA-256, Ed25519, AES-GCM, brotli, JSON)`, ...decode },
    ],
    jsonBytes: Buffer.byteLength(JSON.stringify(payload)),
    fileBytes: file.bytes.length,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { measures, jsonBytes, fileBytes } = await syncFilesBenchmark();
  for (const m of measures) console.log(`${m.what}: median ${m.median.toFixed(1)} ms, max ${m.max.toFixed(1)} ms (${m.runs} runs)`);
  console.log(`payload ${(jsonBytes / 1024).toFixed(0)} KiB of JSON -> file ${(fileBytes / 1024).toFixed(0)} KiB`);
}
