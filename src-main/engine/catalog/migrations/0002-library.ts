import type { Migration } from './migration.js';

// A photo's file name, from its path (either separator): what the grid sorts and searches by.
// rtrim(p, <every char but '/'>) leaves the folder part with its trailing '/'; the rest is the name.
const FILE_NAME = `substr(replace(path, '\\', '/'), length(rtrim(replace(path, '\\', '/'), replace(replace(path, '\\', '/'), '/', ''))) + 1)`;

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
    ALTER TABLE photos ADD COLUMN name TEXT GENERATED ALWAYS AS (${FILE_NAME}) VIRTUAL;
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

    -- "latest review thumbs" and "reviewed?" for every grid tile
    CREATE INDEX feedback_by_image_source ON feedback (image_hash, source, id);
  `,
};
