import sharp from 'sharp';

/** Interleaved 8-bit sRGB pixels, already oriented upright. Every analyzer reads one of these. */
export type RawImage = {
  data: Buffer;
  width: number;
  height: number;
  channels: 3;
};

/**
 * Each image's luma, once: the quality measures and the background measures of the scoring both
 * read the working image's (≈ 5 ms of CPU a 1024 px frame). Held as long as the image (weakly) and
 * read-only: no caller writes into a luma plane.
 */
const lumas = new WeakMap<RawImage, Uint8Array>();

/**
 * Rec. 709 luma of each pixel, 0–255, rounded to whole values: the analyzers' loops run on bytes
 * (integer arithmetic, a quarter of the memory of floats; measured ~15 % faster per photo).
 */
export function luminance(image: RawImage): Uint8Array {
  const known = lumas.get(image);
  if (known) return known;
  const { data, width, height } = image;
  const out = new Uint8Array(width * height);
  // 0.2126, 0.7152, 0.0722 in 16-bit fixed point (sum 65536), +0.5 for rounding.
  for (let pixel = 0, offset = 0; pixel < out.length; pixel++, offset += 3) {
    out[pixel] = (13933 * data[offset]! + 46871 * data[offset + 1]! + 4732 * data[offset + 2]! + 32768) >>> 16;
  }
  lumas.set(image, out);
  return out;
}

/**
 * The long-side views already made of each image (by long side and enlargement), so that the
 * analyzers asking for the same view share one resize: the quality's 512 px half view, the content
 * model's appearance crop and the thumbnail are the same resize of the working image (≈ 5 ms of CPU
 * each). Held as long as the image itself (weakly), and read-only: no caller writes into a view.
 */
const longSideViews = new WeakMap<RawImage, Map<string, Promise<RawImage>>>();

/**
 * A smaller (or, with `allowEnlargement`, larger) copy of the working image, so every analyzer gets
 * the resolution it needs from the one decode instead of decoding the file again. A long-side view
 * is made once per image and shared (see longSideViews); callers must not write into it.
 */
export async function resizeRaw(
  image: RawImage,
  target: { longSide: number } | { width: number; height: number; fit: 'fill' | 'inside' },
  allowEnlargement = false,
): Promise<RawImage> {
  if (!('longSide' in target)) return resizeWithSharp(image, target, allowEnlargement);
  if (Math.max(image.width, image.height) === target.longSide) return image;
  let views = longSideViews.get(image);
  if (!views) longSideViews.set(image, (views = new Map()));
  const key = `${target.longSide} ${allowEnlargement}`;
  const known = views.get(key);
  if (known) return known;
  const made = resizeWithSharp(image, target, allowEnlargement);
  views.set(key, made);
  // A failed resize is not remembered: the next caller tries again (and sees its own error).
  made.catch(() => views.delete(key));
  return made;
}

async function resizeWithSharp(
  image: RawImage,
  target: { longSide: number } | { width: number; height: number; fit: 'fill' | 'inside' },
  allowEnlargement: boolean,
): Promise<RawImage> {
  const pipeline = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
  const resized =
    'longSide' in target
      ? pipeline.resize({ width: target.longSide, height: target.longSide, fit: 'inside', withoutEnlargement: !allowEnlargement })
      : pipeline.resize({ width: target.width, height: target.height, fit: target.fit, withoutEnlargement: !allowEnlargement });
  const { data, info } = await resized.raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: 3 };
}

/**
 * Encodes a downsized copy as JPEG (for the thumbnail cache) straight to `file`. JPEG, not WebP:
 * at 512 px it encodes in a third of the time (7 ms against 24 ms, measured with `npm run bench`)
 * and every browser and OS previewer shows it; alpha was already flattened by the decode.
 */
export async function writeJpegThumbnail(image: RawImage, longSidePx: number, file: string): Promise<void> {
  // After an analysis the quality's 512 px view of this image is this very resize: encoding it
  // gives the same bytes (resizing to its own size changes nothing) without resizing again.
  const view = (await longSideViews.get(image)?.get(`${longSidePx} false`)) ?? image;
  await sharp(view.data, { raw: { width: view.width, height: view.height, channels: view.channels } })
    .resize({ width: longSidePx, height: longSidePx, fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: 82, mozjpeg: false, chromaSubsampling: '4:2:0' })
    .toFile(file);
}

/** A box of the image, resampled to `size`² (aspect squashed): a canonical-scale view of a face. */
export async function cropRaw(image: RawImage, box: { left: number; top: number; width: number; height: number }, size: number): Promise<RawImage> {
  const left = Math.max(0, Math.min(image.width - 1, Math.floor(box.left)));
  const top = Math.max(0, Math.min(image.height - 1, Math.floor(box.top)));
  const width = Math.max(1, Math.min(image.width - left, Math.round(box.width)));
  const height = Math.max(1, Math.min(image.height - top, Math.round(box.height)));
  const { data, info } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .extract({ left, top, width, height })
    .resize(size, size, { fit: 'fill' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: 3 };
}
