import { COLOR_LABELS, type CullMark } from '../../../src-preload/contract/library-types.js';
import type { SqliteDatabase } from './catalog-database.js';

/**
 * The SQL of RAW+JPEG pairs and of ratings imported from XMP (migration 0005's columns), behind
 * LibraryRepo's methods of the same names. Callers run `linkRawJpegPair` inside a transaction.
 */

/** Extensions of camera RAW files and of the camera JPEGs shot with them, for pairing by name. */
const RAW_EXTENSIONS = new Set(['.cr2', '.cr3', '.crw', '.nef', '.nrw', '.arw', '.srf', '.sr2', '.dng', '.gpr', '.raf', '.orf', '.rw2', '.pef', '.srw', '.3fr', '.iiq', '.x3f']);
const JPEG_EXTENSIONS = new Set(['.jpg', '.jpeg', '.jpe']);

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot).toLowerCase() : '';
}

function stemOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

type SiblingRow = { id: number; path: string; name: string; mark: CullMark | null; stars: number; pair_of: number | null };

/**
 * Joins a photo to its RAW+JPEG partner in the same folder (IMG_0001.CR2 + IMG_0001.JPG): the JPEG
 * row gets `pair_of` = the RAW row, leaves the grid, and the pair keeps one set of marks (the
 * RAW's, or the JPEG's when only it had any). Returns the ids whose tiles changed.
 */
export function linkRawJpegPair(db: SqliteDatabase, photoId: number): number[] {
  const photo = db
    .prepare<[number], { id: number; path: string; name: string; folder_id: number | null }>('SELECT id, path, name, folder_id FROM photos WHERE id = ?')
    .get(photoId);
  if (!photo || photo.folder_id === null) return [];
  const stem = stemOf(photo.name);
  const folderPart = photo.path.slice(0, photo.path.length - photo.name.length);
  const siblings = db
    .prepare<[number, string], SiblingRow>(
      `SELECT id, path, name, mark, stars, pair_of FROM photos WHERE folder_id = ? AND status != 'missing' AND name LIKE ? ESCAPE '\\'`,
    )
    .all(photo.folder_id, `${stem.replace(/[\\%_]/g, (char) => `\\${char}`)}.%`)
    .filter((row) => row.path.slice(0, row.path.length - row.name.length) === folderPart && stemOf(row.name).toLowerCase() === stem.toLowerCase());
  const raw = siblings.find((row) => RAW_EXTENSIONS.has(extensionOf(row.name)));
  const jpeg = siblings.find((row) => JPEG_EXTENSIONS.has(extensionOf(row.name)));
  if (!raw || !jpeg || jpeg.pair_of === raw.id) return [];
  const keepJpegMarks = raw.mark === null && raw.stars === 0 && (jpeg.mark !== null || jpeg.stars > 0);
  if (keepJpegMarks) db.prepare('UPDATE photos SET mark = ?, stars = ? WHERE id = ?').run(jpeg.mark, jpeg.stars, raw.id);
  const marks = keepJpegMarks ? jpeg : raw;
  db.prepare('UPDATE photos SET pair_of = ?, mark = ?, stars = ? WHERE id = ?').run(raw.id, marks.mark, marks.stars, jpeg.id);
  return [raw.id, jpeg.id];
}

/** Every file of a photo, main file first; asked about a pair's second file, answers for the pair. */
export function filesOfPhoto(db: SqliteDatabase, photoId: number): string[] {
  const own = db.prepare<[number], { path: string; pair_of: number | null }>('SELECT path, pair_of FROM photos WHERE id = ?').get(photoId);
  if (!own) return [];
  const mainId = own.pair_of ?? photoId;
  const main = own.pair_of === null ? own : db.prepare<[number], { path: string }>('SELECT path FROM photos WHERE id = ?').get(mainId);
  const partners = db
    .prepare<[number], { path: string }>(`SELECT path FROM photos WHERE pair_of = ? AND status != 'missing' ORDER BY path`)
    .all(mainId)
    .map((row) => row.path);
  return [...(main ? [main.path] : []), ...partners];
}

export type ImportedRatingRow = { stars: number; rejected: boolean; label: string | null; keywords: string[]; from: string };

/** Stores an imported XMP rating, once per row and only on a photo without marks; true when it did. */
export function applyImportedRating(db: SqliteDatabase, photoId: number, imported: ImportedRatingRow): boolean {
  return (
    db
      .prepare(
        // xmp:Label "Red"…"Purple" (Lightroom's colours) also becomes the photo's colour label.
        `UPDATE photos SET stars = @stars, mark = @mark, label = @colour, xmp_label = @label, xmp_keywords = @keywords, xmp_imported_from = @from
         WHERE id = @id AND mark IS NULL AND stars = 0 AND label IS NULL AND xmp_imported_from IS NULL`,
      )
      .run({
        id: photoId,
        stars: imported.stars,
        mark: imported.rejected ? 'reject' : null,
        label: imported.label,
        colour: imported.label && (COLOR_LABELS as readonly string[]).includes(imported.label.toLowerCase()) ? imported.label.toLowerCase() : null,
        keywords: JSON.stringify(imported.keywords),
        from: imported.from,
      }).changes > 0
  );
}
