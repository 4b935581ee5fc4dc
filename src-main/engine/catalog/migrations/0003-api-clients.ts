import type { Migration } from './migration.js';

/** The local rating API: clients (secrets as slow salted hashes), bearer tokens (as hashes), usage. */
export const migration0003: Migration = {
  version: 3,
  name: 'api clients, tokens, usage',
  sql: `
    CREATE TABLE api_clients (
      client_id           TEXT PRIMARY KEY,
      name                TEXT NOT NULL,
      secret_hash         TEXT NOT NULL,          -- scrypt$N$r$p$salt$hash (base64url), see api-clients.repo.ts
      quota               INTEGER CHECK (quota IS NULL OR quota >= 0),  -- images rated in all; NULL = unlimited
      requests_per_minute INTEGER NOT NULL CHECK (requests_per_minute > 0),
      used                INTEGER NOT NULL DEFAULT 0 CHECK (used >= 0),  -- images rated, kept across restarts
      created_at          TEXT NOT NULL,
      revoked_at          TEXT
    ) STRICT;

    CREATE TABLE api_tokens (
      token_hash  TEXT PRIMARY KEY,               -- SHA-256 of the bearer token, hex; the token itself is never stored
      client_id   TEXT NOT NULL REFERENCES api_clients (client_id) ON DELETE CASCADE,
      created_at  TEXT NOT NULL,
      expires_at  TEXT NOT NULL,                  -- ISO-8601 UTC, compared as text
      revoked_at  TEXT
    ) STRICT;
    CREATE INDEX api_tokens_by_client ON api_tokens (client_id);
  `,
};
