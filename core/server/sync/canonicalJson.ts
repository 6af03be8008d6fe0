/**
 * One byte string per JSON value, so a signature made on one device verifies on another whatever order
 * their objects' keys were built in: keys sorted by UTF-16 code units (as RFC 8785 does), no whitespace.
 * Values JSON cannot carry faithfully (undefined, functions, NaN, Infinity, bigint) are refused rather than
 * silently dropped or turned into null, since a signer and a verifier would then disagree about what was signed.
 */
export function canonicalJson(value: unknown): string {
  return write(value, '$');
}

function write(value: unknown, at: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${at} is not a finite number`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((item, i) => write(item, `${at}[${i}]`)).join(',')}]`;
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) throw new TypeError(`canonicalJson: ${at} is not a plain object`);
      const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${write(v, `${at}.${k}`)}`).join(',')}}`;
    }
    default:
      throw new TypeError(`canonicalJson: ${at} is ${typeof value}, which JSON cannot carry`);
  }
}
