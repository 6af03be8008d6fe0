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

/** What a launch secret is traded for. */
export interface Session {
  /** The cookie's value: it only decides which page a browser gets, since every port on 127.0.0.1 receives it. */
  id: string;
  /** The API credential, sent by the page in a header: only a script of this origin can read it. */
  token: string;
}

/**
 * Who may use the API: whoever opened the link printed in the terminal. The
 * link carries a one-time secret, which the page trades for a session id kept
 * in an HttpOnly cookie and a token kept in the origin's localStorage. Both
 * live only in this process.
 */
export class Sessions {
  private launchSecret: Buffer | null = null;
  private readonly ids: Buffer[] = [];
  private readonly tokens: Buffer[] = [];

  /** A fresh secret for a launch link; an earlier, unused link stops working. */
  issueLaunchSecret(): string {
    const secret = randomBytes(32).toString('hex');
    this.launchSecret = Buffer.from(secret);
    return secret;
  }

  /** Trades the launch secret for a new session, once; null when the secret is wrong or already used. */
  exchange(secret: string): Session | null {
    if (!this.launchSecret || !sameBytes(this.launchSecret, Buffer.from(secret))) return null;
    this.launchSecret = null;
    // Two unrelated values: knowing the cookie must tell nothing about the token.
    const session = { id: randomBytes(32).toString('hex'), token: randomBytes(32).toString('hex') };
    this.ids.push(Buffer.from(session.id));
    this.tokens.push(Buffer.from(session.token));
    return session;
  }

  /** Whether a cookie's session id is known: enough for the app's page, never for the API. */
  isValid(id: string | undefined): boolean {
    return isKnown(this.ids, id);
  }

  /** Whether an API call's token is known. */
  isValidToken(token: string | undefined): boolean {
    return isKnown(this.tokens, token);
  }
}

function isKnown(known: Buffer[], value: string | undefined): boolean {
  if (value === undefined) return false;
  const given = Buffer.from(value);
  let found = false;
  // Compare with every one, so the time taken does not tell how close a guess came.
  for (const k of known) found = sameBytes(k, given) || found;
  return found;
}

function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
