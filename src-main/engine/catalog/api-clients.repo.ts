import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { SqliteDatabase } from './catalog-database.js';

/**
 * Clients of the local rating API, their bearer tokens and their usage, in the catalog.
 *
 * Secrets are stored only as scrypt hashes with a random salt (slow on purpose, so a stolen catalog
 * does not give the secrets away) and compared in constant time. Tokens are random and high-entropy,
 * so a fast SHA-256 is enough to keep them out of the database; they expire and die with their client.
 */
export type ApiClientRecord = {
  clientId: string;
  name: string;
  /** Images this client may have rated in all; `null` = unlimited. */
  quota: number | null;
  requestsPerMinute: number;
  /** Images rated so far (persisted). */
  used: number;
  createdAt: string;
  revokedAt: string | null;
};

export type NewApiClient = { client: ApiClientRecord; secret: string };

export type ApiUsage = { used: number; limit: number | null; remaining: number | null };

export type TokenLookup =
  | { ok: true; client: ApiClientRecord }
  | { ok: false; reason: 'unknown' | 'expired' | 'revoked' };

type ClientRow = {
  client_id: string;
  name: string;
  secret_hash: string;
  quota: number | null;
  requests_per_minute: number;
  used: number;
  created_at: string;
  revoked_at: string | null;
};

// N = 2^15, r = 8: 32 MiB and roughly 50–100 ms per check, a cost paid once per token, not per request.
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, keyLength: 32, saltLength: 16 } as const;

function scryptAsync(secret: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

const scryptOptions = (N: number, r: number, p: number): ScryptOptions => ({ N, r, p, maxmem: 256 * N * r + 1024 * 1024 });

/** `scrypt$N$r$p$salt$hash`: the parameters travel with the hash, so they can be raised later. */
export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(SCRYPT.saltLength);
  const key = await scryptAsync(secret, salt, SCRYPT.keyLength, scryptOptions(SCRYPT.N, SCRYPT.r, SCRYPT.p));
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function secretMatches(secret: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scryptAsync(secret, Buffer.from(salt, 'base64url'), expected.length, scryptOptions(Number(n), Number(r), Number(p)));
  return timingSafeEqual(actual, expected);
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

const randomId = (prefix: string, bytes: number): string => `${prefix}${randomBytes(bytes).toString('base64url')}`;

// Compared against when the client id is unknown, so that a wrong id costs as long as a wrong secret
// and response times do not reveal which client ids exist.
let decoyHash: Promise<string> | null = null;

function toRecord(row: ClientRow): ApiClientRecord {
  return {
    clientId: row.client_id,
    name: row.name,
    quota: row.quota,
    requestsPerMinute: row.requests_per_minute,
    used: row.used,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}

/** All SQL of the API's clients and tokens, sharing the catalog's connection. */
export class ApiClients {
  constructor(private readonly db: SqliteDatabase) {}

  async add(input: { name: string; quota: number | null; requestsPerMinute: number }): Promise<NewApiClient> {
    const clientId = randomId('cl_', 12);
    const secret = randomId('cs_', 32);
    const secretHash = await hashSecret(secret);
    this.db
      .prepare(
        `INSERT INTO api_clients (client_id, name, secret_hash, quota, requests_per_minute, used, created_at)
         VALUES (?, ?, ?, ?, ?, 0, ?)`,
      )
      .run(clientId, input.name, secretHash, input.quota, input.requestsPerMinute, new Date().toISOString());
    return { client: this.get(clientId)!, secret };
  }

  get(clientId: string): ApiClientRecord | null {
    const row = this.db.prepare<[string], ClientRow>('SELECT * FROM api_clients WHERE client_id = ?').get(clientId);
    return row ? toRecord(row) : null;
  }

  list(): ApiClientRecord[] {
    return this.db.prepare<[], ClientRow>('SELECT * FROM api_clients ORDER BY created_at, client_id').all().map(toRecord);
  }

  /** Revokes a client and every token it holds; false when there is no such live client. */
  revoke(clientId: string, at = new Date()): boolean {
    const timestamp = at.toISOString();
    return this.db.transaction(() => {
      const changed = this.db.prepare('UPDATE api_clients SET revoked_at = ? WHERE client_id = ? AND revoked_at IS NULL').run(timestamp, clientId).changes;
      this.db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE client_id = ? AND revoked_at IS NULL').run(timestamp, clientId);
      return changed > 0;
    })();
  }

  /** The live client whose secret this is, or null (unknown id, revoked, wrong secret: the caller cannot tell which). */
  async verifySecret(clientId: string, secret: string): Promise<ApiClientRecord | null> {
    const row = this.db.prepare<[string], ClientRow>('SELECT * FROM api_clients WHERE client_id = ?').get(clientId);
    const stored = row?.secret_hash ?? (await (decoyHash ??= hashSecret(randomId('', 32))));
    const matches = await secretMatches(secret, stored);
    if (!row || !matches || row.revoked_at !== null) return null;
    return toRecord(row);
  }

  /** A new bearer token; only its hash is stored, so this is the one time it exists in clear. */
  issueToken(clientId: string, ttlMs: number, now = new Date()): { token: string; expiresAt: Date } {
    const token = randomId('ct_', 32);
    const expiresAt = new Date(now.getTime() + ttlMs);
    this.db.transaction(() => {
      // Expired tokens are of no further use; dropping them here keeps the table small.
      this.db.prepare('DELETE FROM api_tokens WHERE expires_at < ?').run(now.toISOString());
      this.db
        .prepare('INSERT INTO api_tokens (token_hash, client_id, created_at, expires_at) VALUES (?, ?, ?, ?)')
        .run(tokenHash(token), clientId, now.toISOString(), expiresAt.toISOString());
    })();
    return { token, expiresAt };
  }

  clientForToken(token: string, now = new Date()): TokenLookup {
    const row = this.db
      .prepare<[string], ClientRow & { expires_at: string; token_revoked_at: string | null }>(
        `SELECT c.*, t.expires_at, t.revoked_at AS token_revoked_at
           FROM api_tokens t JOIN api_clients c ON c.client_id = t.client_id
          WHERE t.token_hash = ?`,
      )
      .get(tokenHash(token));
    if (!row) return { ok: false, reason: 'unknown' };
    if (row.token_revoked_at !== null || row.revoked_at !== null) return { ok: false, reason: 'revoked' };
    if (row.expires_at <= now.toISOString()) return { ok: false, reason: 'expired' };
    return { ok: true, client: toRecord(row) };
  }

  /**
   * Takes `count` images from the client's quota in one statement, so concurrent requests cannot
   * overdraw it; false (and nothing taken) when fewer remain.
   */
  reserve(clientId: string, count: number): boolean {
    return (
      this.db
        .prepare('UPDATE api_clients SET used = used + ? WHERE client_id = ? AND (quota IS NULL OR used + ? <= quota)')
        .run(count, clientId, count).changes > 0
    );
  }

  /** Gives back what `reserve` took for images that were not rated after all. */
  release(clientId: string, count: number): void {
    if (count <= 0) return;
    this.db.prepare('UPDATE api_clients SET used = MAX(0, used - ?) WHERE client_id = ?').run(count, clientId);
  }

  /**
   * Like `reserve`, and remembers the reservation with this process's id until `settle`: if the
   * process dies first, `reclaimAbandoned` gives it back. Returns the reservation's id, or null.
   */
  reserveTracked(clientId: string, count: number, ownerPid = process.pid): number | null {
    return this.db.transaction(() => {
      if (!this.reserve(clientId, count)) return null;
      const row = this.db
        .prepare('INSERT INTO api_quota_reservations (client_id, count, owner_pid, created_at) VALUES (?, ?, ?, ?)')
        .run(clientId, count, ownerPid, new Date().toISOString());
      return Number(row.lastInsertRowid);
    })();
  }

  /** The request behind a reservation finished: `unused` images go back, the rest stay counted. */
  settle(reservationId: number, unused: number): void {
    this.db.transaction(() => {
      const row = this.db.prepare<[number], { client_id: string }>('SELECT client_id FROM api_quota_reservations WHERE id = ?').get(reservationId);
      if (!row) return;
      this.release(row.client_id, unused);
      this.db.prepare('DELETE FROM api_quota_reservations WHERE id = ?').run(reservationId);
    })();
  }

  /**
   * Gives back the quota of reservations whose server process is gone (killed mid-request): none of
   * their images was counted as rated. Returns how many images went back.
   */
  reclaimAbandoned(isAlive: (pid: number) => boolean = processIsAlive): number {
    const rows = this.db.prepare<[], { id: number; owner_pid: number; count: number }>('SELECT id, owner_pid, count FROM api_quota_reservations').all();
    let given = 0;
    for (const row of rows) {
      // This process's own requests are still running; another live server's too.
      if (row.owner_pid === process.pid || isAlive(row.owner_pid)) continue;
      this.settle(row.id, row.count);
      given += row.count;
    }
    return given;
  }

  usage(clientId: string): ApiUsage | null {
    const client = this.get(clientId);
    if (!client) return null;
    return { used: client.used, limit: client.quota, remaining: client.quota === null ? null : Math.max(0, client.quota - client.used) };
  }

  /** Whether the catalog has ever rated these bytes: feedback on an image it never saw is refused. */
  knowsImage(imageHash: string): boolean {
    return this.db.prepare<[string], { found: number }>('SELECT 1 AS found FROM images WHERE image_hash = ?').get(imageHash) !== undefined;
  }
}

/** Whether a process with this id runs on this machine (signal 0 checks without sending anything). */
function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
