import sharp from 'sharp';
import type { DecodeLimits } from '../config.js';
import type { RawImage } from './raw-image.js';
import { sniffFormat } from './sniff.js';

/** A box of the upright full image, in its own pixels. */
export type RegionBox = { left: number; top: number; width: number; height: number };

/**
 * Decodes one region of the file at its own resolution (the working decode keeps at most 1024 px,
 * where a 2.5 px blur on a 2000 px photo shrinks to a pixel and hides). The region is reduced only
 * when its long side exceeds `maxLongSide`. Returns null for formats sharp does not decode (HEIC
 * goes through libheif) and for anything sharp refuses: the caller falls back to the working image.
 */
export async function decodeRegion(bytes: Buffer, box: RegionBox, options: { limits: DecodeLimits; maxLongSide: number }): Promise<RawImage | null> {
  const sniffed = sniffFormat(bytes);
  if (sniffed.kind !== 'supported' || sniffed.format === 'heic') return null;
  try {
    const image = sharp(bytes, { failOn: 'error', limitInputPixels: options.limits.maxPixels, animated: false }).autoOrient();
    const { data, info } = await image
      .timeout({ seconds: Math.max(1, Math.ceil(options.limits.decodeTimeoutMs / 1000)) })
      .extract({ left: Math.round(box.left), top: Math.round(box.top), width: Math.max(1, Math.round(box.width)), height: Math.max(1, Math.round(box.height)) })
      .resize({ width: options.maxLongSide, height: options.maxLongSide, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: { r: 255, g: 255, b: 255 } })
      .toColourspace('srgb')
      .removeAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) return null;
    return { data, width: info.width, height: info.height, channels: 3 };
  } catch {
    return null;
  }
}
