import type { RawImage } from '../image/raw-image.js';

/**
 * A square region of an image in its pixel coordinates; it may reach past the image's edges.
 * `rotation` (radians, counter-clockwise) turns the square about its centre, as MediaPipe's
 * rotated face crops do; the tensor then shows the region upright.
 */
export type SquareRegion = { left: number; top: number; size: number; rotation?: number };

/**
 * Samples a square region into an NHWC float tensor of `inputSize`², bilinearly at pixel centres,
 * black outside the image — what MediaPipe's ImageToTensorCalculator does on CPU (warpAffine,
 * INTER_LINEAR, BORDER_ZERO) — then normalises each value as (value − mean) / std.
 */
export function regionToTensor(image: RawImage, region: SquareRegion, inputSize: number, mean: number, std: number): Float32Array {
  const { data, width, height } = image;
  const out = new Float32Array(inputSize * inputSize * 3);
  const step = region.size / inputSize;
  const cos = Math.cos(region.rotation ?? 0);
  const sin = Math.sin(region.rotation ?? 0);
  const centreX = region.left + region.size / 2;
  const centreY = region.top + region.size / 2;
  const scale = 1 / std;
  const offset = -mean / std;
  const rowStride = width * 3;
  /** One source pixel's channel, black outside the image. */
  const at = (x: number, y: number, channel: number): number => (x >= 0 && x < width && y >= 0 && y < height ? data[y * rowStride + x * 3 + channel]! : 0);
  let target = 0;
  for (let v = 0; v < inputSize; v++) {
    const offsetY = (v + 0.5) * step - region.size / 2;
    for (let u = 0; u < inputSize; u++, target += 3) {
      const offsetX = (u + 0.5) * step - region.size / 2;
      // Image y points down, so a counter-clockwise turn of the region is this matrix.
      const sourceX = centreX + offsetX * cos + offsetY * sin - 0.5;
      const sourceY = centreY - offsetX * sin + offsetY * cos - 0.5;
      const x0 = Math.floor(sourceX);
      const y0 = Math.floor(sourceY);
      const fx = sourceX - x0;
      const fy = sourceY - y0;
      const w00 = (1 - fx) * (1 - fy);
      const w01 = fx * (1 - fy);
      const w10 = (1 - fx) * fy;
      const w11 = fx * fy;
      if (x0 >= 0 && y0 >= 0 && x0 + 1 < width && y0 + 1 < height) {
        // The common case, all four neighbours inside: no bounds checks.
        const i00 = y0 * rowStride + x0 * 3;
        const i10 = i00 + rowStride;
        for (let channel = 0; channel < 3; channel++) {
          const value = data[i00 + channel]! * w00 + data[i00 + 3 + channel]! * w01 + data[i10 + channel]! * w10 + data[i10 + 3 + channel]! * w11;
          out[target + channel] = value * scale + offset;
        }
      } else {
        for (let channel = 0; channel < 3; channel++) {
          const value = at(x0, y0, channel) * w00 + at(x0 + 1, y0, channel) * w01 + at(x0, y0 + 1, channel) * w10 + at(x0 + 1, y0 + 1, channel) * w11;
          out[target + channel] = value * scale + offset;
        }
      }
    }
  }
  return out;
}

/** The whole image letterboxed into a square (keep_aspect_ratio), centred. */
export function letterboxRegion(image: { width: number; height: number }): SquareRegion {
  const size = Math.max(image.width, image.height);
  return { left: (image.width - size) / 2, top: (image.height - size) / 2, size };
}
