import type { ColorLabel, CullMark } from '../../src-preload/contract/library-types.js';
import type { RemovedPhoto } from '../engine/catalog/library.repo.js';

/** How long a removed photo's marks wait for its bytes to reappear under another path. */
const REMEMBER_MS = 10 * 60 * 1000;

type Remembered = { mark: CullMark | null; stars: number; label: ColorLabel | null; removedAt: number };

/**
 * A rename or a move reaches us as "file removed" plus "file added" (in either order, seconds
 * apart). The marks of removed photos are kept here by image hash, so the same bytes showing up
 * under a new path get the user's pick/reject and stars back instead of starting blank.
 */
export class MovedMarks {
  private readonly byHash = new Map<string, Remembered>();

  remember(removed: RemovedPhoto[], now = Date.now()): void {
    this.forgetOld(now);
    for (const photo of removed) {
      if (!photo.imageHash || (photo.mark === null && photo.stars === 0 && photo.label === null)) continue;
      this.byHash.set(photo.imageHash, { mark: photo.mark, stars: photo.stars, label: photo.label, removedAt: now });
    }
  }

  /** The marks for these bytes, once: a second copy of the same file does not inherit them too. */
  take(imageHash: string, now = Date.now()): { mark: CullMark | null; stars: number; label: ColorLabel | null } | null {
    this.forgetOld(now);
    const found = this.byHash.get(imageHash);
    if (!found) return null;
    this.byHash.delete(imageHash);
    return { mark: found.mark, stars: found.stars, label: found.label };
  }

  private forgetOld(now: number): void {
    for (const [hash, entry] of this.byHash) if (now - entry.removedAt > REMEMBER_MS) this.byHash.delete(hash);
  }
}
