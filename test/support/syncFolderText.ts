import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { writeFileAtomic } from '../../core/server/sync/atomicWrite';
import { decodeEnvelope } from '../../core/server/sync/batchFile';
import { candidatePurpose } from '../../core/server/sync/candidateKeys';
import { passphraseProtector, readDeviceConfig, readSecrets, type DeviceSecrets } from '../../core/server/sync/deviceStore';
import { makeKeyBundle, makeKeyGrant } from '../../core/server/sync/keyGrant';
import { newSymmetricKey } from '../../core/server/sync/keyWrap';
import { isSealedItem, openSealed } from '../../core/server/sync/sealedContent';
import { teamView } from '../../core/server/sync/team';
import { newId } from '../../db/ids';
import { DATABASE_FILE_NAME } from '../../db/open';
import { PASSPHRASE, type Install } from './syncInstalls';

/** What a shared folder shows to someone holding a device's keys: for tests of what leaves sealed. */

export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile());
}

export const secretsOf = (i: Install): DeviceSecrets => readSecrets(i.dir, passphraseProtector(PASSPHRASE)) as DeviceSecrets;

/** Every key a device holds: the team's (its secrets) and, read straight from its database, every candidate and feedback key. */
export function keysHeld(i: Install): Map<string, Uint8Array> {
  const keys = new Map<string, Uint8Array>(Object.entries(secretsOf(i).keys));
  const db = new Database(join(i.dir, DATABASE_FILE_NAME), { readonly: true });
  try {
    for (const table of ['sync_candidate_keys', 'sync_feedback_keys']) {
      for (const r of db.prepare(`SELECT key_id AS keyId, key FROM ${table}`).all() as { keyId: string; key: Buffer }[]) keys.set(r.keyId, r.key);
    }
  } finally {
    db.close();
  }
  return keys;
}

/**
 * Each batch and snapshot in `folder` decoded with the team key, as JSON; with `keys`, every sealed item inside that
 * one of them opens is opened too, and its value added. Throws on a file that does not decode.
 */
export function folderText(folder: string, i: Install, keys?: Map<string, Uint8Array>): string {
  return readFolder(folder, i, keys).text;
}

/** As folderText, with how many snapshots and batches were read. */
export function readFolder(folder: string, i: Install, keys?: Map<string, Uint8Array>): { text: string; snapshots: number; batches: number } {
  const config = readDeviceConfig(i.dir);
  if (!config) throw new Error('not in a team');
  const team = teamView(config);
  const secrets = secretsOf(i);
  const parts: string[] = [];
  let snapshots = 0;
  let batches = 0;
  const openAll = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(openAll);
    else if (value && typeof value === 'object') {
      if (isSealedItem(value)) {
        const key = keys?.get(value.keyId);
        const opened = key ? openSealed(value, key, config.teamId) : null;
        if (opened?.ok) parts.push(JSON.stringify(opened.value));
        return;
      }
      Object.values(value).forEach(openAll);
    }
  };
  for (const path of filesUnder(folder)) {
    const rel = path.slice(folder.length + 1);
    if (!rel.startsWith('log/') && !rel.startsWith('snapshots/')) continue;
    const decoded = decodeEnvelope(rel, readFileSync(path), {
      teamId: config.teamId,
      signingKeyFor: (id) => team.devices.get(id)?.record.signing,
      keyFor: (id) => secrets.keys[id],
    });
    if (!decoded.ok) throw new Error(`${rel} does not decode with the team key: ${decoded.detail}`);
    if (rel.startsWith('snapshots/')) snapshots++;
    else batches++;
    const payloads = decoded.value.sections.map((s) => s.payload);
    parts.push(JSON.stringify(payloads));
    if (keys) openAll(payloads);
  }
  return { text: parts.join('\n'), snapshots, batches };
}

/**
 * A grant into `folder`, signed by `from`'s device, of a random key under a real key id filed under `candidateId`:
 * what a modified copy could write; as a bundle (how grants travel now) or, `single`, an older single grant.
 */
export function forgedGrant(folder: string, from: Install, to: Install, candidateId: string, keyId: string, form: 'single' | 'bundle' = 'single'): void {
  const toConfig = readDeviceConfig(to.dir);
  const fromConfig = readDeviceConfig(from.dir);
  const recipient = toConfig && teamView(toConfig).devices.get(toConfig.deviceId);
  if (!toConfig || !fromConfig || !recipient) throw new Error('not in a team');
  const common = {
    teamId: toConfig.teamId,
    grantId: newId(),
    recipient: { deviceId: toConfig.deviceId, agreementKey: recipient.record.agreement },
    granter: { deviceId: fromConfig.deviceId, signingKey: secretsOf(from).device.signing },
    createdAt: Date.now(),
  };
  const key = { keyId, purpose: candidatePurpose(candidateId), key: newSymmetricKey() };
  const grant = form === 'single' ? makeKeyGrant({ ...common, ...key }) : makeKeyBundle({ ...common, keys: [key] });
  writeFileAtomic(join(folder, grant.path), grant.bytes);
}

/** The names of the grant files addressed to a device in the shared folder. */
export const grantNames = (folder: string, i: Install): Set<string> => new Set(readdirSync(join(folder, 'keys', readDeviceConfig(i.dir)?.deviceId ?? '')));

/** The grants addressed to a device since `before`, moved out of the folder into `root` (a slow engine): returns how to put them back. */
export function holdBackGrants(root: string, folder: string, i: Install, before: ReadonlySet<string>): () => void {
  const deviceId = readDeviceConfig(i.dir)?.deviceId ?? '';
  const dir = join(folder, 'keys', deviceId);
  const aside = join(root, `grants-${deviceId}`);
  mkdirSync(aside, { recursive: true });
  const moved = readdirSync(dir).filter((n) => !before.has(n));
  for (const name of moved) renameSync(join(dir, name), join(aside, name));
  return () => {
    for (const name of moved) renameSync(join(aside, name), join(dir, name));
  };
}
