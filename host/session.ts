import { randomBytes, timingSafeEqual } from 'node:crypto';

/** Cookies ignore the port, so each host names its own: two hosts on one machine never overwrite each other's session. */
export function sessionCookieName(port: number): string {
  return `principled-session-${port}`;
}

export function sessionCookie(port: number, id: string): string {
  // No Max-Age: the session ends with the browser, and with the host (which forgets it).
  return `${sessionCookieName(port)}=${id}; HttpOnly; SameSite=Strict; Path=/`;
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * Who may use the API: whoever opened the link printed in the terminal. The
 * link carries a one-time secret, which the page trades for a session id kept
 * in an HttpOnly cookie. Both live only in this process.
 */
export class Sessions {
  private launchSecret: Buffer | null = null;
  private readonly ids: Buffer[] = [];

  /** A fresh secret for a launch link; an earlier, unused link stops working. */
  issueLaunchSecret(): string {
    const secret = randomBytes(32).toString('hex');
    this.launchSecret = Buffer.from(secret);
    return secret;
  }

  /** Trades the launch secret for a new session id, once; null when the secret is wrong or already used. */
  exchange(secret: string): string | null {
    if (!this.launchSecret || !sameBytes(this.launchSecret, Buffer.from(secret))) return null;
    this.launchSecret = null;
    const id = randomBytes(32).toString('hex');
    this.ids.push(Buffer.from(id));
    return id;
  }

  isValid(id: string | undefined): boolean {
    if (id === undefined) return false;
    const given = Buffer.from(id);
    let found = false;
    // Compare with every session, so the time taken does not tell how close a guess came.
    for (const known of this.ids) found = sameBytes(known, given) || found;
    return found;
  }
}

function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
