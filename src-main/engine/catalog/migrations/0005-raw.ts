import type { Migration } from './migration.js';

/**
 * Camera RAW (issue 11): what the grid shows and sorts by for a photo's camera, and RAW+JPEG pairs.
 *
 * - images gain the capture time with sub-seconds (bursts sort in shooting order), the RAW format,
 *   camera and lens, copied from the result when it is saved so the grid needs no JSON parse.
 * - photos.pair_of: the second file of a RAW+JPEG pair (IMG_0001.JPG beside IMG_0001.CR2) points
 *   at the pair's photo (the RAW's row); it leaves the grid and follows that photo's marks.
 * - photos.xmp_*: what an existing XMP (Lightroom, Photo Mechanic) said at import: its label, its
 *   keywords, and which file it was read from (read once; stars and reject go to mark/stars).
 *
 * Touches only tables of migrations 1–2, so it applies whatever other migrations exist.
 */
export const migration0005: Migration = {
  version: 5,
  name: 'raw: capture sub-seconds, camera, lens, RAW+JPEG pairs, imported XMP label',
  sql: `
    ALTER TABLE images ADD COLUMN captured_at_precise TEXT;  -- YYYY-MM-DDTHH:MM:SS[.fff], wall clock
    ALTER TABLE images ADD COLUMN raw_format TEXT;           -- cr2, nef, …; NULL for other formats
    ALTER TABLE images ADD COLUMN camera TEXT;
    ALTER TABLE images ADD COLUMN lens TEXT;
    UPDATE images SET captured_at_precise = captured_at;
    CREATE INDEX images_by_capture ON images (captured_at_precise);

    ALTER TABLE photos ADD COLUMN pair_of INTEGER REFERENCES photos (id) ON DELETE SET NULL;
    CREATE INDEX photos_by_pair ON photos (pair_of) WHERE pair_of IS NOT NULL;
    ALTER TABLE photos ADD COLUMN xmp_label TEXT;
    ALTER TABLE photos ADD COLUMN xmp_keywords TEXT;         -- JSON array of dc:subject
    ALTER TABLE photos ADD COLUMN xmp_imported_from TEXT;    -- the sidecar (or the photo itself) it was read from
  `,
};
