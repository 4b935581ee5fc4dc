import type { DecodeLimits } from '../config.js';
import { readFileHead, readImageFile, statImageFile } from '../files/read-image-file.js';
import { sha256File, sha256Hex } from '../hash/file-hash.js';
import { decodeImage } from '../image/decode.js';
import { sniffFormat, SNIFF_BYTES } from '../image/sniff.js';
import { decodeRawFile } from '../raw/raw-preview.js';
import { HeicDecoder } from '../image/heic-decoder.js';
import type { RawImage } from '../image/raw-image.js';
import { ThumbnailCache } from './thumbnail-cache.js';

export const PREVIEW_LONG_SIDE_PX = 1600;

/**
 * Large previews for the detail view, one JPEG per image content in `<home>/cache/previews`, made
 * on first request from a photo file holding those bytes (upright per EXIF, HEIC included) and
 * named by hash, like the thumbnails, so a door can serve them without accepting a path.
 */
export class PreviewCache {
  private readonly heic = new HeicDecoder();
  /** Concurrent requests for one preview share its making; forgotten once done (the file is the memo). */
  private readonly inProgress = new Map<string, Promise<string | null>>();
  /** Naming and atomic writing are the thumbnails' own, at the preview's size. */
  private readonly files: ThumbnailCache;

  constructor(
    readonly directory: string,
    private readonly limits: DecodeLimits,
    readonly longSidePx = PREVIEW_LONG_SIDE_PX,
  ) {
    this.files = new ThumbnailCache(directory, longSidePx);
  }

  pathFor(imageHash: string): string {
    return this.files.pathFor(imageHash);
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
        const sniffed = sniffFormat(await readFileHead(file, SNIFF_BYTES));
        if (sniffed.kind === 'raw') {
          // Rating a RAW writes its preview; this is the fallback when the cache was cleared since.
          if ((await statImageFile(file)).fileSize > this.limits.maxRawFileBytes || (await sha256File(file)) !== imageHash) continue;
          const { decoded } = await decodeRawFile(file, sniffed.format, { limits: this.limits, workingLongSidePx: longSidePx, heic: this.heic });
          return decoded.working;
        }
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
    const existing = await this.files.existing(imageHash);
    if (existing) return existing;
    const upright = await this.decodeFrom(imageHash, files, this.longSidePx);
    return upright ? this.files.ensure(imageHash, upright) : null;
  }
}
