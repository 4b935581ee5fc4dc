import sharp, { type Sharp } from 'sharp';

/**
 * Degraded copies of real photos, made the way a camera or an export would degrade them, so that
 * tests can check a verdict follows the fault and nothing else. All return JPEG bytes (quality 92).
 */

async function size(bytes: Buffer): Promise<{ width: number; height: number }> {
  const { width = 0, height = 0 } = await sharp(bytes).metadata();
  return { width, height };
}

const jpeg = (image: Sharp): Promise<Buffer> => image.jpeg({ quality: 92 }).toBuffer();

/** Exposure changed by `stops` (±), applied to the sRGB-encoded values (2^(stops/2.2)); highlights clip. */
export const exposeStops = (bytes: Buffer, stops: number): Promise<Buffer> => jpeg(sharp(bytes).linear(Math.pow(2, stops / 2.2), 0));

/** Gaussian sensor noise of `sigma` levels on every channel, from a fixed seed (the same copy every run). */
export async function addNoise(bytes: Buffer, sigma: number, seed = 1): Promise<Buffer> {
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let state = seed >>> 0;
  const random = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state + 0.5) / 4294967296;
  };
  for (let index = 0; index < data.length; index++) {
    const gaussian = Math.sqrt(-2 * Math.log(random())) * Math.cos(2 * Math.PI * random());
    data[index] = Math.max(0, Math.min(255, Math.round(data[index]! + gaussian * sigma)));
  }
  return jpeg(sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } }));
}

/** Missed focus: a Gaussian blur of 1/`fraction` of the long side (1/250 ≈ a clearly missed shot). */
export async function defocus(bytes: Buffer, fraction = 250): Promise<Buffer> {
  const { width, height } = await size(bytes);
  return jpeg(sharp(bytes).blur(Math.max(0.3, Math.max(width, height) / fraction)));
}

/** A Gaussian blur of `sigma` pixels at full size: slightly soft, visible at 100 %. */
export const soften = (bytes: Buffer, sigma: number): Promise<Buffer> => jpeg(sharp(bytes).blur(sigma));

/** Horizontal camera shake: a box smear 1/`fraction` of the long side wide. */
export async function motionSmear(bytes: Buffer, fraction = 80): Promise<Buffer> {
  const { width, height } = await size(bytes);
  let length = Math.max(3, Math.round(Math.max(width, height) / fraction));
  if (length % 2 === 0) length++;
  const kernel = [...Array<number>(length).fill(0), ...Array<number>(length).fill(1), ...Array<number>(length).fill(0)];
  return jpeg(sharp(bytes).convolve({ width: length, height: 3, kernel, scale: length }));
}

/** Enlarged to `width` pixels wide (a small picture blown up). */
export const enlarge = (bytes: Buffer, width: number): Promise<Buffer> => jpeg(sharp(bytes).resize({ width }));

/** Cropped by `fraction` of each side. */
export async function cropEdges(bytes: Buffer, fraction: number): Promise<Buffer> {
  const { width, height } = await size(bytes);
  const dx = Math.round(width * fraction);
  const dy = Math.round(height * fraction);
  return jpeg(sharp(bytes).extract({ left: dx, top: dy, width: width - 2 * dx, height: height - 2 * dy }));
}
