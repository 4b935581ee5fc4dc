import path from 'node:path';
import { collectFiles, looksLikeSupportedImage } from '../files/collect-files.js';

/**
 * Extensions of files a person means as photos. A file with one of these is rated even when its
 * bytes are not a readable image, so a broken or unsupported photo (a truncated JPEG, a RAW
 * holding only a thumbnail) shows up in the library as a failure with its reason instead of silently missing.
 */
const PHOTO_EXTENSIONS = new Set([
  '.jpg', '.jpeg', '.jpe', '.jfif', '.png', '.gif', '.webp', '.tif', '.tiff', '.heic', '.heif', '.hif', '.avif',
  '.bmp', '.jxl', '.dng', '.cr2', '.cr3', '.nef', '.arw', '.raf', '.orf', '.rw2', '.pef', '.srw',
  // Camera RAW files rated from their embedded preview (issue 11) that the list above lacked.
  '.crw', '.gpr', '.nrw', '.srf', '.sr2',
]);

export function hasPhotoExtension(file: string): boolean {
  return PHOTO_EXTENSIONS.has(path.extname(file).toLowerCase());
}

/**
 * Whether a file in a watched folder should be rated: it has a photo's extension, or its first
 * bytes are a supported image whatever its name. Everything else (XMP sidecars, videos, notes) is
 * left alone, as the CLI does inside folders.
 */
export async function isImageCandidate(file: string): Promise<boolean> {
  return hasPhotoExtension(file) || looksLikeSupportedImage(file);
}

/** Every image candidate under a folder (hidden entries skipped), through the CLI's own folder walk. */
export async function listImageCandidates(folder: string): Promise<string[]> {
  const collected = await collectFiles([folder], { recursive: true });
  if (collected.errors.length) throw new Error(collected.errors.map((entry) => entry.error.message).join('; '));
  return [...collected.files, ...collected.skipped.filter(hasPhotoExtension)].sort();
}
