import type { Migration } from './migration.js';

/**
 * Quota taken by API requests still in progress, one row per request, so that what a request that
 * never finished (the server killed mid-request) took can be given back when the API starts again.
 * Stands alone: no reference to another table, so it applies whatever migrations land beside it.
 */
export const migration0004: Migration = {
  version: 4,
  name: 'api quota reservations',
  sql: `
    CREATE TABLE api_quota_reservations (
      id          INTEGER PRIMARY KEY,
      client_id   TEXT NOT NULL,
      count       INTEGER NOT NULL CHECK (count > 0),
      owner_pid   INTEGER NOT NULL,             -- the server process holding it; gone = abandoned
      created_at  TEXT NOT NULL
    ) STRICT;
  `,
};
