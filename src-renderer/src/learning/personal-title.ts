import type { PhotoSummary } from '../../../src-preload/contract/library-types.js';

/** The score pill's tooltip when the user's personal model decided the photo's score and verdict. */
export function personalTitle(photo: PhotoSummary): string | null {
  if (!photo.personal) return null;
  return `${photo.rating ? `${photo.rating} rating` : 'Score'} from your model v${photo.personal.version}: ${photo.personal.verdict}`;
}
