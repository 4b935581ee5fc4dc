import type { Migration } from './migration.js';

/**
 * The adopted personal model's view of every analysed image, so the grid can show, sort and filter
 * by it without re-scoring the library on each request: one row per (model version, analysis key,
 * image), written on adoption or roll-back (a worker scores, the host writes in small batches) and
 * when a new image is rated. The grid joins the rows of the version in use only, so a reset (no
 * version in use) shows the built-in values again at once. Stands alone: no other table is read.
 */
export const migration0012: Migration = {
  version: 12,
  name: 'learning: the personal model scores per image and version; the pairwise ranker within bursts',
  sql: `
    CREATE TABLE personal_scores (
      version        INTEGER NOT NULL,           -- learning_models.id
      analysis_key   TEXT NOT NULL,
      image_hash     TEXT NOT NULL,
      score          REAL,                       -- blended score (NULL when the built-in had none)
      rating         TEXT,
      portfolio_prob REAL NOT NULL,              -- the model's keep probability
      needs_review   INTEGER NOT NULL,
      review_reason  TEXT,
      verdict        TEXT NOT NULL CHECK (verdict IN ('keep', 'review', 'reject')),
      PRIMARY KEY (version, analysis_key, image_hash)
    ) STRICT, WITHOUT ROWID;

    -- The pairwise ranker of frames within a burst: every version, adopted or not, and why.
    CREATE TABLE learning_rankers (
      id           INTEGER PRIMARY KEY,           -- r1, r2, …
      state        TEXT NOT NULL CHECK (state IN ('adopted', 'rejected', 'rolled_back', 'reset')),
      reason       TEXT NOT NULL,
      fingerprint  TEXT NOT NULL,                 -- SHA-256 of the pairs it learned from and was judged on
      metrics      TEXT NOT NULL,                 -- JSON: pairs, held-out pairwise accuracy, bootstrap bound
      weights      TEXT NOT NULL,                 -- JSON: the pairwise model
      created_at   TEXT NOT NULL,
      ended_at     TEXT
    ) STRICT;
  `,
};
