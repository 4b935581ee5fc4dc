import { describe, expect, it } from 'vitest';
import { allowedHosts, LaunchKey, SESSION_COOKIE } from './launch-key.js';

describe('LaunchKey', () => {
  it('is a fresh 256-bit key per launch, matched in constant time and read from the cookie header', () => {
    const key = new LaunchKey();
    expect(key.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new LaunchKey().value).not.toBe(key.value);
    expect(key.matches(key.value)).toBe(true);
    expect(key.matches(`${key.value}x`)).toBe(false);
    expect(key.matches(undefined)).toBe(false);
    expect(key.inCookieHeader(`theme=dark; ${SESSION_COOKIE}=${key.value}`)).toBe(true);
    expect(key.inCookieHeader(`${SESSION_COOKIE}=${new LaunchKey().value}`)).toBe(false);
    expect(key.setCookieHeader()).toContain('HttpOnly; SameSite=Strict');
  });

  it('answers only to its own host names (no DNS rebinding)', () => {
    const hosts = allowedHosts('127.0.0.1', 8750);
    expect(hosts.has('127.0.0.1:8750')).toBe(true);
    expect(hosts.has('localhost:8750')).toBe(true);
    expect(hosts.has('evil.example:8750')).toBe(false);
    expect(hosts.has('127.0.0.1:8751')).toBe(false);
    expect(allowedHosts('::1', 80).has('[::1]:80')).toBe(true);
  });
});
