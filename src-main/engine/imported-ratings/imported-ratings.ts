import { access } from 'node:fs/promises';
import path from 'node:path';
import { EngineError } from '../errors.js';
import { readXmpRatingFacts } from '../exiftool/xmp-read.js';

/** A rating made in another app, as Culler's marks: stars 0–5, reject, label, keywords, and where it was read. */
export type ImportedRating = {
  stars: number;
  rejected: boolean;
  label: string | null;
  keywords: string[];
  /** The sidecar it came from, or the photo itself for embedded XMP. */
  from: string;
};

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/**
 * The sidecars other apps write beside a photo: `IMG_0001.xmp` (Lightroom, Bridge, Capture One)
 * and `IMG_0001.CR2.xmp` (darktable, Photo Mechanic's option), in either case of `.xmp`.
 */
export function sidecarCandidates(photo: string): string[] {
  const stem = photo.slice(0, photo.length - path.extname(photo).length);
  return [`${stem}.xmp`, `${stem}.XMP`, `${photo}.xmp`, `${photo}.XMP`];
}

/**
 * The rating another app gave a photo: its XMP sidecar first (what Lightroom writes for RAW files),
 * else the XMP embedded in the photo (JPEG, TIFF, DNG). Null when neither says anything, or when
 * exiftool cannot run (the import goes on; there is simply nothing to carry over).
 */
export async function importedRating(photo: string): Promise<ImportedRating | null> {
  const sources = [];
  for (const candidate of sidecarCandidates(photo)) if (await exists(candidate)) sources.push(candidate);
  sources.push(photo);
  for (const source of [...new Set(sources)]) {
    let facts;
    try {
      facts = await readXmpRatingFacts(source);
    } catch (error) {
      if (error instanceof EngineError) return null;
      continue;
    }
    if (facts.rating === null && facts.label === null && facts.keywords.length === 0) continue;
    const rating = facts.rating ?? 0;
    return {
      stars: rating >= 1 ? Math.min(5, Math.round(rating)) : 0,
      rejected: rating < 0,
      label: facts.label,
      keywords: facts.keywords,
      from: source,
    };
  }
  return null;
}
