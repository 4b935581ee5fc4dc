import type { Migration } from './migration.js';

/**
 * Undo and redo of mark changes, kept across a restart. One row per user action (a key, a click, a
 * batch over many photos): the photos' mark fields before and after, as JSON, so that a field added
 * to cull requests later (colour labels…) is undone the same way without another schema change.
 * Stands alone: no foreign key, so it applies whatever other migrations a catalog has had.
 */
export const migration0007: Migration = {
  version: 7,
  name: 'mark history (undo / redo)',
  sql: `
    CREATE TABLE mark_history (
      step_id     INTEGER PRIMARY KEY AUTOINCREMENT,
      created_at  TEXT NOT NULL,
      undone      INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1)),
      changes     TEXT NOT NULL CHECK (json_valid(changes))  -- [{ "photoId": n, "before": {…}, "after": {…} }]
    ) STRICT;
    CREATE INDEX mark_history_by_undone ON mark_history (undone, step_id);
  `,
};
