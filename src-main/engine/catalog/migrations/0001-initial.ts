import type { Migration } from './migration.js';

/** Photos by path, images by content, analyses by content and analyzer fingerprint, folders, feedback. */
export const migration0001: Migration = {
  version: 1,
  name: 'initial catalog',
  sql: `
    CREATE TABLE images (
      image_hash      TEXT PRIMARY KEY,             -- SHA-256 of the file bytes
      format          TEXT NOT NULL,
      file_size       INTEGER NOT NULL,
      width           INTEGER NOT NULL,
      height          INTEGER NOT NULL,
      perceptual_hash TEXT NOT NULL,                -- 64-bit DCT pHash, hex
      captured_at     TEXT,
      thumbnail_path  TEXT,
      first_seen_at   TEXT NOT NULL
    ) STRICT;
    CREATE INDEX images_by_perceptual_hash ON images (perceptual_hash);

    CREATE TABLE folders (
      id        INTEGER PRIMARY KEY,
      path      TEXT NOT NULL UNIQUE,
      recursive INTEGER NOT NULL DEFAULT 1 CHECK (recursive IN (0, 1)),
      added_at  TEXT NOT NULL
    ) STRICT;

    CREATE TABLE photos (
      id            INTEGER PRIMARY KEY,
      path          TEXT NOT NULL UNIQUE,
      folder_id     INTEGER REFERENCES folders (id) ON DELETE SET NULL,
      image_hash    TEXT REFERENCES images (image_hash),
      file_size     INTEGER NOT NULL,
      mtime_ms      REAL NOT NULL,
      status        TEXT NOT NULL CHECK (status IN ('rated', 'failed', 'missing')),
      error_code    TEXT,
      error_message TEXT,
      added_at      TEXT NOT NULL,
      updated_at    TEXT NOT NULL
    ) STRICT;
    CREATE INDEX photos_by_image ON photos (image_hash);
    CREATE INDEX photos_by_folder ON photos (folder_id);

    CREATE TABLE analyses (
      image_hash    TEXT NOT NULL REFERENCES images (image_hash),
      analysis_key  TEXT NOT NULL,                -- fingerprint of analyzer versions and thresholds
      analyzers     TEXT NOT NULL,                -- JSON: [{id, version, level, model}]
      result        TEXT NOT NULL,                -- JSON: the rating result
      score         REAL,                         -- copied out of result for sorting and filtering
      rating        TEXT,
      needs_review  INTEGER,
      sharpness     REAL,
      face_count    INTEGER,
      content_level TEXT,
      created_at    TEXT NOT NULL,
      PRIMARY KEY (image_hash, analysis_key)
    ) STRICT;
    CREATE INDEX analyses_by_score ON analyses (score);

    CREATE TABLE feedback (
      id                 INTEGER PRIMARY KEY,
      image_hash         TEXT NOT NULL,
      source             TEXT NOT NULL CHECK (source IN ('review', 'api', 'cli')),
      client_id          TEXT,
      thumbs             INTEGER CHECK (thumbs IN (-1, 1)),
      user_score         REAL CHECK (user_score BETWEEN 0 AND 100),
      dimension_feedback TEXT,                    -- JSON: {dimension: 0–10}
      created_at         TEXT NOT NULL
    ) STRICT;
    CREATE INDEX feedback_by_image ON feedback (image_hash);
  `,
};
