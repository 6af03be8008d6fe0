import type { QuarantinedChange } from '../../api/contract/sync';
import { listQuarantine } from '../../../db/queries/syncQuarantine';
import { parseHlc } from '../sync/hlc';
import type { HandlersFor } from './types';

function outline(body: string): { changes: number; tables: string[] } {
  try {
    const changes = JSON.parse(body) as { table?: unknown }[];
    const tables = [...new Set(changes.map((c) => (typeof c.table === 'string' ? c.table : '?')))].sort();
    return { changes: changes.length, tables };
  } catch {
    return { changes: 0, tables: [] };
  }
}

function isoOf(hlc: string): string {
  try {
    return new Date(parseHlc(hlc).millis).toISOString();
  } catch {
    return hlc.slice(0, 24);
  }
}

export const syncHandlers: HandlersFor<'sync'> = {
  'sync.quarantine': (_input, { db }): QuarantinedChange[] =>
    listQuarantine(db).map((r) => ({
      deviceId: r.device_id,
      seq: r.seq,
      at: isoOf(r.hlc),
      method: r.method,
      authorId: r.author_id,
      authorName: r.author_name,
      reason: r.reason,
      ...outline(r.body),
    })),
};
