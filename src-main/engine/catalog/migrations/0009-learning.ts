import type { Migration } from './migration.js';

/**
 * Learning from feedback: every trained version of the personal model, adopted or not, with its
 * training-set fingerprint, its golden-set metrics and its weights; and the split that keeps the
 * golden set apart (an image, once on a side, stays there, so a golden photo is never trained on).
 * Stands alone: reads no other branch's tables or columns.
 */
export const migration0009: Migration = {
  version: 9,
  name: 'learning: personal model versions and the golden-set split',
  sql: `
    CREATE TABLE learning_models (
      id           INTEGER PRIMARY KEY,           -- the version number users see (v1, v2, …)
      state        TEXT NOT NULL CHECK (state IN ('adopted', 'rejected', 'rolled_back', 'reset')),
      reason       TEXT NOT NULL,                 -- why it was adopted, rejected, rolled back or reset
      fingerprint  TEXT NOT NULL,                 -- SHA-256 of the training decisions (hash, label, weight)
      decisions    INTEGER NOT NULL,              -- training decisions it learned from
      golden       INTEGER NOT NULL,              -- golden-set decisions it was judged on
      baseline     INTEGER,                       -- the version it was compared with; NULL = built-in
      metrics      TEXT NOT NULL,                 -- JSON: golden-set AUC, agreement, bootstrap bound, sources
      weights      TEXT NOT NULL,                 -- JSON: features, standardisation, coefficients
      golden_keys  TEXT NOT NULL,                 -- JSON: the golden decisions it was judged on (for the re-check)
      created_at   TEXT NOT NULL,
      adopted_at   TEXT,
      ended_at     TEXT                           -- when it stopped being the adopted version
    ) STRICT;
    CREATE INDEX learning_models_by_state ON learning_models (state, id);

    CREATE TABLE learning_split (
      image_hash  TEXT PRIMARY KEY,
      side        TEXT NOT NULL CHECK (side IN ('golden', 'train')),
      group_key   TEXT NOT NULL,                  -- the shoot/burst cluster it was split with
      assigned_at TEXT NOT NULL
    ) STRICT, WITHOUT ROWID;
  `,
};
