import type { Migration } from './migration.js';

/**
 * A photo's file name from its path (either separator): what the grid sorts and searches by.
 * rtrim(p, <every char but '/'>) leaves the folder part with its trailing '/'; the rest is the name.
 */
function fileName(path: string): string {
  const slashed = `replace(${path}, '\\', '/')`;
  return `substr(${slashed}, length(rtrim(${slashed}, replace(${slashed}, '/', ''))) + 1)`;
}

/**
 * The desktop library: culling marks on photos, the persisted import queue (so an import carries on
 * after a restart without redoing finished files), app settings, and what the grid filters on.
 *
 * Tags and issues live inside each analysis' result JSON; triggers copy them into two narrow tables
 * whenever an analysis is written (by any door: CLI, API, desktop), so that "photos tagged X" and
 * the facet counts are index lookups instead of parsing every result at 10k+ photos. The same
 * triggers backfill analyses written before this migration.
 */
export const migration0002: Migration = {
  version: 2,
  name: 'library: marks, import queue, settings, tag and issue indexes',
  sql: `
    ALTER TABLE photos ADD COLUMN mark TEXT CHECK (mark IN ('pick', 'reject'));
    ALTER TABLE photos ADD COLUMN stars INTEGER NOT NULL DEFAULT 0 CHECK (stars BETWEEN 0 AND 5);
    -- Kept by triggers rather than a generated column: ALTER TABLE can only add a VIRTUAL one, and
    -- recomputing the name on every row made each sort of 10k photos ~20 ms slower.
    ALTER TABLE photos ADD COLUMN name TEXT NOT NULL DEFAULT '';
    UPDATE photos SET name = ${fileName('path')};
    CREATE TRIGGER photos_name_on_insert AFTER INSERT ON photos BEGIN
      UPDATE photos SET name = ${fileName('NEW.path')} WHERE id = NEW.id;
    END;
    CREATE TRIGGER photos_name_on_move AFTER UPDATE OF path ON photos BEGIN
      UPDATE photos SET name = ${fileName('NEW.path')} WHERE id = NEW.id;
    END;
    CREATE INDEX photos_by_name ON photos (name COLLATE NOCASE, id);
    CREATE INDEX photos_by_folder_mark ON photos (folder_id, mark);

    CREATE TABLE import_queue (
      path        TEXT PRIMARY KEY,
      folder_id   INTEGER NOT NULL REFERENCES folders (id) ON DELETE CASCADE,
      enqueued_at TEXT NOT NULL,
      -- bumped when the file changes again while queued or being rated, so a rating that finishes
      -- for an older version does not take the newer entry off the queue
      generation  INTEGER NOT NULL DEFAULT 1
    ) STRICT;
    CREATE INDEX import_queue_in_order ON import_queue (enqueued_at, path);

    CREATE TABLE settings (
      key   TEXT PRIMARY KEY,
      value TEXT NOT NULL                           -- JSON
    ) STRICT;

    CREATE TABLE analysis_tags (
      image_hash   TEXT NOT NULL,
      analysis_key TEXT NOT NULL,
      tag          TEXT NOT NULL,
      confidence   REAL NOT NULL,
      PRIMARY KEY (image_hash, analysis_key, tag)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX analysis_tags_by_tag ON analysis_tags (tag, analysis_key, image_hash);

    CREATE TABLE analysis_issues (
      image_hash   TEXT NOT NULL,
      analysis_key TEXT NOT NULL,
      issue        TEXT NOT NULL,
      PRIMARY KEY (image_hash, analysis_key, issue)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX analysis_issues_by_issue ON analysis_issues (issue, analysis_key, image_hash);

    -- INSERT OR REPLACE deletes without firing delete triggers, so the insert trigger clears first.
    CREATE TRIGGER analyses_index_tags_and_issues AFTER INSERT ON analyses BEGIN
      DELETE FROM analysis_tags WHERE image_hash = NEW.image_hash AND analysis_key = NEW.analysis_key;
      DELETE FROM analysis_issues WHERE image_hash = NEW.image_hash AND analysis_key = NEW.analysis_key;
      INSERT OR IGNORE INTO analysis_tags (image_hash, analysis_key, tag, confidence)
        SELECT NEW.image_hash, NEW.analysis_key, json_extract(value, '$.tag'), COALESCE(json_extract(value, '$.confidence'), 0)
        FROM json_each(NEW.result, '$.tags') WHERE json_extract(value, '$.tag') IS NOT NULL;
      INSERT OR IGNORE INTO analysis_issues (image_hash, analysis_key, issue)
        SELECT NEW.image_hash, NEW.analysis_key, value FROM json_each(NEW.result, '$.quality.issues');
    END;
    CREATE TRIGGER analyses_unindex_tags_and_issues AFTER DELETE ON analyses BEGIN
      DELETE FROM analysis_tags WHERE image_hash = OLD.image_hash AND analysis_key = OLD.analysis_key;
      DELETE FROM analysis_issues WHERE image_hash = OLD.image_hash AND analysis_key = OLD.analysis_key;
    END;

    INSERT OR IGNORE INTO analysis_tags (image_hash, analysis_key, tag, confidence)
      SELECT a.image_hash, a.analysis_key, json_extract(t.value, '$.tag'), COALESCE(json_extract(t.value, '$.confidence'), 0)
      FROM analyses a, json_each(a.result, '$.tags') t WHERE json_extract(t.value, '$.tag') IS NOT NULL;
    INSERT OR IGNORE INTO analysis_issues (image_hash, analysis_key, issue)
      SELECT a.image_hash, a.analysis_key, i.value FROM analyses a, json_each(a.result, '$.quality.issues') i;

    -- The grid's sort and filter columns sit after the large result JSON in each analysis row, so
    -- reading them from the table walks the JSON's overflow pages; this covering index spares that
    -- (a 10k listing's sort goes from ~50 ms to ~5 ms). Queries name it (INDEXED BY): without
    -- statistics the planner prefers the primary key, which does not cover these columns.
    CREATE INDEX analyses_grid_columns ON analyses (image_hash, analysis_key, score, rating, content_level, needs_review, sharpness, face_count);

    -- "latest review thumbs" and "reviewed?" for every grid tile
    CREATE INDEX feedback_by_image_source ON feedback (image_hash, source, id);
  `,
};
