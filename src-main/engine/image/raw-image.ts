import sharp from 'sharp';

/** Interleaved 8-bit sRGB pixels, already oriented upright. Every analyzer reads one of these. */
export type RawImage = {
  data: Buffer;
  width: number;
  height: number;
  channels: 3;
};

/** Rec. 709 luma of each pixel, 0–255, as floats (analyzers do arithmetic on it). */
export function luminance(image: RawImage): Float32Array {
  const { data, width, height } = image;
  const out = new Float32Array(width * height);
  for (let pixel = 0, offset = 0; pixel < out.length; pixel++, offset += 3) {
    out[pixel] = 0.2126 * data[offset]! + 0.7152 * data[offset + 1]! + 0.0722 * data[offset + 2]!;
  }
  return out;
}

/**
 * A smaller (or, with `allowEnlargement`, larger) copy of the working image, so every analyzer gets
 * the resolution it needs from the one decode instead of decoding the file again.
 */
export async function resizeRaw(
  image: RawImage,
  target: { longSide: number } | { width: number; height: number; fit: 'fill' | 'inside' },
  allowEnlargement = false,
): Promise<RawImage> {
  const pipeline = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
  const resized =
    'longSide' in target
      ? pipeline.resize({ width: target.longSide, height: target.longSide, fit: 'inside', withoutEnlargement: !allowEnlargement })
      : pipeline.resize({ width: target.width, height: target.height, fit: target.fit, withoutEnlargement: !allowEnlargement });
  const { data, info } = await resized.raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: 3 };
}

/** Encodes a downsized copy as WebP (for the thumbnail cache) straight to `file`. */
export async function writeWebpThumbnail(image: RawImage, longSidePx: number, file: string): Promise<void> {
  await sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels } })
    .resize({ width: longSidePx, height: longSidePx, fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 80 })
    .toFile(file);
}
