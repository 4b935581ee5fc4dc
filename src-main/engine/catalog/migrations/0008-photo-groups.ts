import type { Migration } from './migration.js';

/**
 * Bursts in the library: which photos form a group (a stack in the grid), each frame's rank from
 * the best, and why the best is best; plus the user's edits (split, merge, detach) as constraints
 * that every regrouping keeps. Depends only on `photos` (migration 1).
 */
/** The signature columns of one analysis row (`row`: NEW in a trigger, or an alias of analyses). */
function SIGNATURE_SELECT(row: string): string {
  return `SELECT ${row}.image_hash, ${row}.analysis_key,
      json_extract(${row}.result, '$.similarity.colour'),
      json_extract(${row}.result, '$.source.captured_at_precise'),
      CASE WHEN json_type(${row}.result, '$.faces') = 'array'
        THEN (SELECT COUNT(*) FROM json_each(${row}.result, '$.faces') f WHERE json_type(f.value, '$.eyes') = 'object') END,
      (SELECT COUNT(*) FROM json_each(${row}.result, '$.faces') f WHERE json_extract(f.value, '$.eyes.closed') = 1),
      EXISTS (SELECT 1 FROM json_each(${row}.result, '$.quality.issues') i WHERE i.value = 'blurry'),
      json_extract(${row}.result, '$.why.dimensions.facial_clarity.measures.face_sharpness'),
      json_extract(${row}.result, '$.dimension_scores.expression_mood')`;
}

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

    -- A photo arriving in a watched folder is compared with those taken within a minute of it:
    -- without this index each arrival scanned every photo (quadratic over a large import).
    CREATE INDEX images_by_captured_at ON images (captured_at);

    -- What grouping and choosing the best frame read of each analysis, copied out of the result
    -- JSON by triggers whenever an analysis is written (by any door), like the tag index of
    -- migration 2: reading these from 10,000 result JSONs took most of a whole-library grouping.
    CREATE TABLE grouping_signatures (
      image_hash      TEXT NOT NULL,
      analysis_key    TEXT NOT NULL,
      colour          TEXT,                       -- similarity.colour (null: rated before it existed)
      captured_at     TEXT,                       -- source.captured_at_precise (sub-seconds) where the result has it
      faces_with_eyes INTEGER,                    -- null: no face detector ran
      blinking        INTEGER NOT NULL,
      blurry          INTEGER NOT NULL,
      face_sharpness  REAL,
      expression      REAL,
      PRIMARY KEY (image_hash, analysis_key)
    ) STRICT, WITHOUT ROWID;

    CREATE TRIGGER analyses_grouping_signature AFTER INSERT ON analyses BEGIN
      INSERT OR REPLACE INTO grouping_signatures
        (image_hash, analysis_key, colour, captured_at, faces_with_eyes, blinking, blurry, face_sharpness, expression)
      ${SIGNATURE_SELECT('NEW')};
    END;
    CREATE TRIGGER analyses_drop_grouping_signature AFTER DELETE ON analyses BEGIN
      DELETE FROM grouping_signatures WHERE image_hash = OLD.image_hash AND analysis_key = OLD.analysis_key;
    END;
    INSERT OR REPLACE INTO grouping_signatures
      (image_hash, analysis_key, colour, captured_at, faces_with_eyes, blinking, blurry, face_sharpness, expression)
      ${SIGNATURE_SELECT('a')} FROM analyses a;
  `,
};
