import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { DecodeLimits } from '../config.js';
import { readImageFile } from '../files/read-image-file.js';
import { sha256Hex } from '../hash/file-hash.js';
import { decodeImage } from '../image/decode.js';
import { HeicDecoder } from '../image/heic-decoder.js';
import { writeJpegThumbnail, type RawImage } from '../image/raw-image.js';

export const PREVIEW_LONG_SIDE_PX = 1600;

const IMAGE_HASH = /^[0-9a-f]{64}$/;

/**
 * Large previews for the detail view, one JPEG per image content in `<home>/cache/previews`, made
 * on first request from a photo file holding those bytes (upright per EXIF, HEIC included) and
 * named by hash, like the thumbnails, so a door can serve them without accepting a path.
 */
export class PreviewCache {
  private readonly heic = new HeicDecoder();
  /** Concurrent requests for one preview share its making; forgotten once done (the file is the memo). */
  private readonly inProgress = new Map<string, Promise<string | null>>();

  constructor(
    readonly directory: string,
    private readonly limits: DecodeLimits,
    readonly longSidePx = PREVIEW_LONG_SIDE_PX,
  ) {}

  pathFor(imageHash: string): string {
    if (!IMAGE_HASH.test(imageHash)) throw new Error(`not an image hash: ${imageHash}`);
    return path.join(this.directory, imageHash.slice(0, 2), `${imageHash}-${this.longSidePx}.jpg`);
  }

  /**
   * The preview's path, made now if needed from the first of `files` that still holds these exact
   * bytes; null when none does (moved, edited or deleted since it was rated) or it cannot be decoded.
   */
  ensure(imageHash: string, files: string[]): Promise<string | null> {
    const running = this.inProgress.get(imageHash);
    if (running) return running;
    const making = this.make(imageHash, files).finally(() => this.inProgress.delete(imageHash));
    this.inProgress.set(imageHash, making);
    return making;
  }

  /** Decodes the first of `files` holding these bytes to an upright image of at most `longSidePx` (for the thumbnail too). */
  async decodeFrom(imageHash: string, files: string[], longSidePx: number): Promise<RawImage | null> {
    for (const file of files) {
      try {
        const { bytes } = await readImageFile(file, this.limits.maxFileBytes);
        if (sha256Hex(bytes) !== imageHash) continue;
        const decoded = await decodeImage(bytes, { limits: this.limits, workingLongSidePx: longSidePx, heic: this.heic });
        return decoded.working;
      } catch {
        // Unreadable now or undecodable: try the next copy of the same bytes.
      }
    }
    return null;
  }

  async close(): Promise<void> {
    await this.heic.close();
  }

  private async make(imageHash: string, files: string[]): Promise<string | null> {
    const target = this.pathFor(imageHash);
    if (await isFile(target)) return target;
    const upright = await this.decodeFrom(imageHash, files, this.longSidePx);
    if (!upright) return null;
    await mkdir(path.dirname(target), { recursive: true });
    const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeJpegThumbnail(upright, this.longSidePx, temporary);
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    return target;
  }
}

export async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
