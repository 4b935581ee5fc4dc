import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { temporaryFolder } from '../../../test-support/corpus.js';
import { ApiClients, secretMatches } from './api-clients.repo.js';
import { Catalog } from './catalog.repo.js';

let cleanup: Array<() => void> = [];
afterEach(() => {
  for (const step of cleanup.reverse()) step();
  cleanup = [];
});

function openCatalog(): { catalog: Catalog; file: string } {
  const folder = temporaryFolder();
  cleanup.push(folder.remove);
  const file = path.join(folder.dir, 'catalog.sqlite');
  const catalog = Catalog.open(file);
  cleanup.push(() => catalog.close());
  return { catalog, file };
}

describe('API clients', () => {
  it('stores the secret only as a salted scrypt hash and checks it', async () => {
    const { catalog, file } = openCatalog();
    const clients = new ApiClients(catalog.database);
    const { client, secret } = await clients.add({ name: 'agency', quota: 10, requestsPerMinute: 60 });
    const twin = await clients.add({ name: 'twin', quota: null, requestsPerMinute: 60 });

    const raw = new Database(file, { readonly: true });
    const hashes = raw.prepare('SELECT secret_hash FROM api_clients ORDER BY rowid').pluck().all() as string[];
    raw.close();
    expect(hashes[0]).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(hashes.join()).not.toContain(secret);
    expect(await secretMatches(secret, hashes[0]!)).toBe(true);
    expect(await secretMatches(twin.secret, hashes[0]!)).toBe(false);

    expect(await clients.verifySecret(client.clientId, secret)).toMatchObject({ name: 'agency', quota: 10, used: 0 });
    expect(await clients.verifySecret(client.clientId, `${secret}x`)).toBeNull();
    expect(await clients.verifySecret('cl_nobody', secret)).toBeNull();
  });

  it('issues tokens stored by hash that expire and die with a revoked client', async () => {
    const { catalog, file } = openCatalog();
    const clients = new ApiClients(catalog.database);
    const { client } = await clients.add({ name: 'agency', quota: null, requestsPerMinute: 60 });
    const issuedAt = new Date('2030-01-01T00:00:00Z');
    const { token, expiresAt } = clients.issueToken(client.clientId, 60_000, issuedAt);
    expect(expiresAt.toISOString()).toBe('2030-01-01T00:01:00.000Z');

    const raw = new Database(file, { readonly: true });
    expect(raw.prepare('SELECT token_hash FROM api_tokens').pluck().all()).not.toContain(token);
    raw.close();

    expect(clients.clientForToken(token, new Date('2030-01-01T00:00:30Z'))).toMatchObject({ ok: true, client: { clientId: client.clientId } });
    expect(clients.clientForToken(token, new Date('2030-01-01T00:01:00Z'))).toEqual({ ok: false, reason: 'expired' });
    expect(clients.clientForToken('ct_made-up')).toEqual({ ok: false, reason: 'unknown' });

    expect(clients.revoke(client.clientId, new Date('2030-01-01T00:00:10Z'))).toBe(true);
    expect(clients.revoke(client.clientId)).toBe(false);
    expect(clients.clientForToken(token, new Date('2030-01-01T00:00:30Z'))).toEqual({ ok: false, reason: 'revoked' });
  });

  it('reserves quota atomically, gives back unused reservations and persists usage', async () => {
    const { catalog, file } = openCatalog();
    const clients = new ApiClients(catalog.database);
    const { client } = await clients.add({ name: 'agency', quota: 3, requestsPerMinute: 60 });
    expect(clients.reserve(client.clientId, 2)).toBe(true);
    expect(clients.reserve(client.clientId, 2)).toBe(false);
    expect(clients.usage(client.clientId)).toEqual({ used: 2, limit: 3, remaining: 1 });
    clients.release(client.clientId, 1);
    expect(clients.reserve(client.clientId, 2)).toBe(true);
    catalog.close();

    const reopened = Catalog.open(file);
    cleanup.push(() => reopened.close());
    expect(new ApiClients(reopened.database).usage(client.clientId)).toEqual({ used: 3, limit: 3, remaining: 0 });
  });
});
