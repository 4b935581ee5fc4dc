import { randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The browser build's per-launch secret. `culler serve` prints a URL carrying it once; opening that
 * URL turns it into an HttpOnly, SameSite=Strict cookie, so the key leaves the address bar and
 * every later request (fetches, EventSource, <img>) carries it without script access to it.
 * Another local user or a web page in the same browser cannot call the bridge without it.
 */
export const SESSION_COOKIE = 'culler_session';

export class LaunchKey {
  readonly value = randomBytes(32).toString('base64url');

  matches(candidate: string | undefined | null): boolean {
    if (!candidate) return false;
    const given = Buffer.from(candidate);
    const expected = Buffer.from(this.value);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /** True when the request's cookie header carries this launch's key. */
  inCookieHeader(header: string | undefined): boolean {
    if (!header) return false;
    for (const part of header.split(';')) {
      const [name, ...rest] = part.trim().split('=');
      if (name === SESSION_COOKIE && this.matches(rest.join('='))) return true;
    }
    return false;
  }

  setCookieHeader(): string {
    return `${SESSION_COOKIE}=${this.value}; HttpOnly; SameSite=Strict; Path=/`;
  }
}

/**
 * Names this server answers to. A Host header outside this list is a DNS-rebinding attempt (a
 * hostile page whose domain was re-pointed at 127.0.0.1) and is refused before anything else.
 */
export function allowedHosts(boundHost: string, port: number): Set<string> {
  const names = new Set(['127.0.0.1', 'localhost', '[::1]', boundHost.includes(':') && !boundHost.startsWith('[') ? `[${boundHost}]` : boundHost]);
  return new Set([...names].map((name) => `${name}:${port}`.toLowerCase()));
}
