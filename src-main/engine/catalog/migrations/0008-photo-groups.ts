import type { Migration } from './migration.js';

/**
 * Bursts in the library: which photos form a group (a stack in the grid), each frame's rank from
 * the best, and why the best is best; plus the user's edits (split, merge, detach) as constraints
 * that every regrouping keeps. Depends only on `photos` (migration 1).
 */
export const migration0008: Migration = {
  version: 8,
  name: 'photo groups (bursts) and the user’s grouping edits',
  sql: `
    CREATE TABLE photo_groups (
      id         INTEGER PRIMARY KEY,
      reason     TEXT NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE photo_group_members (
      photo_id INTEGER PRIMARY KEY REFERENCES photos (id) ON DELETE CASCADE,
      group_id INTEGER NOT NULL REFERENCES photo_groups (id) ON DELETE CASCADE,
      frame    INTEGER NOT NULL,                    -- 1… in capture order
      rank     INTEGER NOT NULL                     -- 1 = the best frame
    ) STRICT;
    CREATE INDEX photo_group_members_by_group ON photo_group_members (group_id, rank);

    -- 'together': a merge (one group whatever the similarity); 'apart': a split (never one group);
    -- 'alone': a detach (photo_b is NULL). Kept by photo; a removed photo takes its edits with it.
    CREATE TABLE photo_group_edits (
      id         INTEGER PRIMARY KEY,
      kind       TEXT NOT NULL CHECK (kind IN ('together', 'apart', 'alone')),
      photo_a    INTEGER NOT NULL REFERENCES photos (id) ON DELETE CASCADE,
      photo_b    INTEGER REFERENCES photos (id) ON DELETE CASCADE,
      created_at TEXT NOT NULL,
      CHECK ((kind = 'alone') = (photo_b IS NULL))
    ) STRICT;
    CREATE INDEX photo_group_edits_by_a ON photo_group_edits (photo_a);
    CREATE INDEX photo_group_edits_by_b ON photo_group_edits (photo_b);
  `,
};
