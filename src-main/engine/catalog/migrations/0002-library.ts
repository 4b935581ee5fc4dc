import type { Migration } from './migration.js';

/**
 * The desktop library: culling marks on photos, the persisted import queue (so an import carries on
 * after a restart without redoing finished files), and app settings.
 */
export const migration0002: Migration = {
  version: 2,
  name: 'library: marks, import queue, settings',
  sql: `
    ALTER TABLE photos ADD COLUMN mark TEXT CHECK (mark IN ('pick', 'reject'));
    ALTER TABLE photos ADD COLUMN stars INTEGER NOT NULL DEFAULT 0 CHECK (stars BETWEEN 0 AND 5);

    CREATE TABLE import_queue (
      path        TEXT PRIMARY KEY,
      folder_id   INTEGER NOT NULL REFERENCES folders (id) ON DELETE CASCADE,
      enqueued_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE settings (
      key   TEXT PRIMARY KEY,
      value TEXT NOT NULL                           -- JSON
    ) STRICT;
  `,
};
