import type { ExportedFile, PhotoSummary } from '../../../src-preload/contract/library-types.js';
import { writeEmbeddedXmp } from '../exiftool/xmp-sidecar-io.js';
import { labelToXmp, marksToXmp } from '../sidecars/xmp-marks.js';

const JPEG_NAME = /\.jpe?g$/i;

/**
 * Lightroom reads a JPEG's embedded XMP, not a sidecar: the marks go into the exported JPEG
 * copies. Only ever called on copies an export just made, never on the user's original.
 */
export async function embedMarksInJpegCopies(photo: PhotoSummary, copied: Array<Pick<ExportedFile, 'destination' | 'kind'>>): Promise<void> {
  for (const file of copied) {
    if (file.kind === 'sidecar' || !JPEG_NAME.test(file.destination)) continue;
    await writeEmbeddedXmp(file.destination, { rating: marksToXmp(photo).rating, label: labelToXmp(photo.label), pick: photo.mark });
  }
}
