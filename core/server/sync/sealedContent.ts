import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { compressSection, decompressSection } from './batchFile';
import { isKeyPurpose, KEY_BYTES, type KeyPurpose } from './keyWrap';
import { isSyncId } from './syncIds';
import { refused, type Checked } from './syncResult';

/**
 * A value sealed under a key of its own (a feedback's, or a candidate's: candidateKeys.ts), carried inside a batch or
 * snapshot section that the team key opens: whoever holds only the team key sees the purpose and the key id,
 * never the value. AES-256-GCM over the value's brotli-compressed JSON, with the team, purpose and key id as
 * associated data, so an item moved to another feedback (or team) does not open. The envelope around it is
 * signed by the writing device, which is what makes the item authentic.
 */
export interface SealedItem {
  v: 1;
  purpose: KeyPurpose;
  keyId: string;
  /** base64url, 12 bytes. */
  nonce: string;
  /** base64url: ciphertext then the 16-byte tag. */
  box: string;
}

const TAG = 16;

function aad(teamId: string, purpose: KeyPurpose, keyId: string): Buffer {
  return Buffer.from(`principled/sealed/v1|${teamId}|${purpose}|${keyId}`, 'utf8');
}

export function sealValue(value: unknown, key: Uint8Array, context: { teamId: string; purpose: KeyPurpose; keyId: string }): SealedItem {
  if (key.length !== KEY_BYTES) throw new TypeError(`sealing keys are ${KEY_BYTES} bytes`);
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError('a sealed value must be a JSON value');
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(aad(context.teamId, context.purpose, context.keyId));
  const body = Buffer.concat([cipher.update(compressSection(json)), cipher.final(), cipher.getAuthTag()]);
  return { v: 1, purpose: context.purpose, keyId: context.keyId, nonce: nonce.toString('base64url'), box: body.toString('base64url') };
}

export function isSealedItem(value: unknown): value is SealedItem {
  const v = value as Partial<SealedItem> | null;
  return !!v && v.v === 1 && isKeyPurpose(v.purpose) && isSyncId(v.keyId) && typeof v.nonce === 'string' && typeof v.box === 'string';
}

export function openSealed(item: SealedItem, key: Uint8Array, teamId: string): Checked<unknown, 'wrong-key' | 'corrupt'> {
  const nonce = Buffer.from(item.nonce, 'base64url');
  const box = Buffer.from(item.box, 'base64url');
  if (nonce.length !== 12 || box.length < TAG) return refused('corrupt', 'not a sealed item');
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce);
    decipher.setAAD(aad(teamId, item.purpose, item.keyId));
    decipher.setAuthTag(box.subarray(box.length - TAG));
    plain = Buffer.concat([decipher.update(box.subarray(0, box.length - TAG)), decipher.final()]);
  } catch {
    return refused('wrong-key', `key ${item.keyId} does not open this ${item.purpose} item`);
  }
  try {
    return { ok: true, value: JSON.parse(decompressSection(plain)) as unknown };
  } catch (error) {
    return refused('corrupt', `sealed value unreadable: ${(error as Error).message}`);
  }
}
