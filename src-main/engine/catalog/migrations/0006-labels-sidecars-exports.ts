import type { Migration } from './migration.js';

/**
 * The cull going out: colour labels on photos, what we last wrote into each XMP sidecar (to tell
 * when another app changed it since), and every file an export moved (so the move can be undone).
 *
 * Touches only `photos` (from migration 1) and its own new tables, so it applies the same whichever
 * other migrations land before it.
 */
export const migration0006: Migration = {
  version: 6,
  name: 'colour labels, XMP sidecar state, export moves',
  sql: `
    ALTER TABLE photos ADD COLUMN label TEXT CHECK (label IN ('red', 'yellow', 'green', 'blue', 'purple'));

    -- One row per sidecar we wrote: its size, mtime and SHA-256 right after our write. A sidecar
    -- that differs on the next write was changed by another app: it is re-read and merged first.
    CREATE TABLE xmp_sidecars (
      sidecar_path TEXT PRIMARY KEY,
      photo_path   TEXT NOT NULL,
      file_size    INTEGER NOT NULL,
      mtime_ms     REAL NOT NULL,
      sha256       TEXT NOT NULL,
      fields       TEXT NOT NULL,               -- JSON: the rating, label and pick we wrote (the merge's base)
      written_at   TEXT NOT NULL
    ) STRICT;
    CREATE INDEX xmp_sidecars_by_photo ON xmp_sidecars (photo_path);

    CREATE TABLE exports (
      id          INTEGER PRIMARY KEY,
      mode        TEXT NOT NULL CHECK (mode IN ('copy', 'move')),
      destination TEXT NOT NULL,
      created_at  TEXT NOT NULL,
      undone_at   TEXT,
      summary     TEXT NOT NULL                 -- JSON: counts shown to the user
    ) STRICT;

    -- Each file a move put somewhere else (photo, RAW/JPEG partner, sidecar): undo moves it back.
    CREATE TABLE export_moves (
      id            INTEGER PRIMARY KEY,
      export_id     INTEGER NOT NULL REFERENCES exports (id) ON DELETE CASCADE,
      photo_id      INTEGER,                    -- the catalog row that followed the file, if any
      folder_id     INTEGER,                    -- that row's folder before the move
      source_path   TEXT NOT NULL,
      dest_path     TEXT NOT NULL,
      sha256        TEXT NOT NULL,
      moved_at      TEXT NOT NULL,
      undone_at     TEXT
    ) STRICT;
    CREATE INDEX export_moves_by_export ON export_moves (export_id);
  `,
};
