import { parse, stringify, validate } from 'uuid';

/** Team, device, key and grant ids are UUIDs (the app makes v7s); binary headers hold them as 16 bytes. */
export function isSyncId(text: unknown): text is string {
  return typeof text === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(text) && validate(text);
}

export function idToBytes(id: string): Uint8Array {
  if (!isSyncId(id)) throw new TypeError(`not a lower-case UUID: ${JSON.stringify(id)}`);
  return parse(id);
}

export function idFromBytes(bytes: Uint8Array): string {
  return stringify(bytes);
}
