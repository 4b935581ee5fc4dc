import { exiftoolOrError } from './exiftool-process.js';

/** What an XMP packet says about a photo's rating, as other apps (Lightroom, Photo Mechanic, Bridge) write it. */
export type XmpRatingFacts = {
  /** xmp:Rating: −1 rejected, 0 unrated, 1–5 stars; null when absent. */
  rating: number | null;
  /** xmp:Label ("Red", "Select", …). */
  label: string | null;
  /** dc:subject keywords. */
  keywords: string[];
};

/**
 * Reads xmp:Rating, xmp:Label and dc:subject from an XMP sidecar or from the XMP embedded in an
 * image (JPEG, TIFF, DNG, …). Group-qualified, so the EXIF "Rating" some cameras write is not taken.
 */
export async function readXmpRatingFacts(file: string): Promise<XmpRatingFacts> {
  const exiftool = await exiftoolOrError();
  const tags = (await exiftool.readRaw(file, { readArgs: ['-XMP-xmp:Rating#', '-XMP-xmp:Label', '-XMP-dc:Subject'] })) as Record<string, unknown>;
  const rating = typeof tags.Rating === 'number' ? tags.Rating : typeof tags.Rating === 'string' && tags.Rating.trim() !== '' ? Number(tags.Rating) : null;
  const subject = tags.Subject;
  const keywords = (Array.isArray(subject) ? subject : subject === undefined || subject === null ? [] : [subject])
    .map((keyword) => String(keyword).trim())
    .filter((keyword) => keyword.length > 0)
    .slice(0, 200);
  const label = typeof tags.Label === 'string' && tags.Label.trim() !== '' ? tags.Label.trim().slice(0, 100) : null;
  return { rating: rating !== null && Number.isFinite(rating) ? rating : null, label, keywords };
}
