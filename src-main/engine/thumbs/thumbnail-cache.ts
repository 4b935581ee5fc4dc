import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeJpegThumbnail, type RawImage } from '../image/raw-image.js';

/**
 * Thumbnails live in a cache folder, one JPEG per image content and size, named by the image's
 * SHA-256 so that the same bytes under two paths share one file and a custom protocol can serve
 * them by hash without ever accepting a path.
 */
export class ThumbnailCache {
  constructor(
    readonly directory: string,
    readonly longSidePx: number,
  ) {}

  pathFor(imageHash: string): string {
    if (!/^[0-9a-f]{64}$/.test(imageHash)) throw new Error(`not an image hash: ${imageHash}`);
    return path.join(this.directory, imageHash.slice(0, 2), `${imageHash}-${this.longSidePx}.jpg`);
  }

  /** The file's path when it is already in the cache, else null. */
  async existing(imageHash: string): Promise<string | null> {
    const target = this.pathFor(imageHash);
    return (await exists(target)) ? target : null;
  }

  /** Writes the thumbnail unless it already exists; returns its path. Atomic: temp file + rename. */
  async ensure(imageHash: string, working: RawImage): Promise<string> {
    const target = this.pathFor(imageHash);
    if (await exists(target)) return target;
    await mkdir(path.dirname(target), { recursive: true });
    const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeJpegThumbnail(working, this.longSidePx, temporary);
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    return target;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
