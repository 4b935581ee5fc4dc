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
  return region.rotation ? turnedRegionToTensor(image, region, inputSize, mean, std) : uprightRegionToTensor(image, region, inputSize, mean, std);
}

/** regionToTensor's general path, any turn: each tensor pixel's source point computed on its own. */
export function turnedRegionToTensor(image: RawImage, region: SquareRegion, inputSize: number, mean: number, std: number): Float32Array {
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

/**
 * regionToTensor for an upright square (every region but the face mesh's turned crops): the
 * source column of each tensor column and the source row of each tensor row are computed once,
 * not per pixel, with the same arithmetic (a turn of 0 adds exact zeros), so the tensor is
 * bit-identical to the general path's, at a fraction of its CPU (see README, session 5).
 */
function uprightRegionToTensor(image: RawImage, region: SquareRegion, inputSize: number, mean: number, std: number): Float32Array {
  const { data, width, height } = image;
  const out = new Float32Array(inputSize * inputSize * 3);
  const step = region.size / inputSize;
  const centreX = region.left + region.size / 2;
  const centreY = region.top + region.size / 2;
  const scale = 1 / std;
  const offset = -mean / std;
  const rowStride = width * 3;
  const columns = new Int32Array(inputSize);
  const columnFractions = new Float64Array(inputSize);
  for (let u = 0; u < inputSize; u++) {
    const sourceX = centreX + ((u + 0.5) * step - region.size / 2) - 0.5;
    columns[u] = Math.floor(sourceX);
    columnFractions[u] = sourceX - columns[u]!;
  }
  let target = 0;
  for (let v = 0; v < inputSize; v++) {
    const sourceY = centreY + ((v + 0.5) * step - region.size / 2) - 0.5;
    const y0 = Math.floor(sourceY);
    const fy = sourceY - y0;
    const rowInside = y0 >= 0 && y0 + 1 < height;
    for (let u = 0; u < inputSize; u++, target += 3) {
      const x0 = columns[u]!;
      const fx = columnFractions[u]!;
      const w00 = (1 - fx) * (1 - fy);
      const w01 = fx * (1 - fy);
      const w10 = (1 - fx) * fy;
      const w11 = fx * fy;
      if (rowInside && x0 >= 0 && x0 + 1 < width) {
        const i00 = y0 * rowStride + x0 * 3;
        const i10 = i00 + rowStride;
        out[target] = (data[i00]! * w00 + data[i00 + 3]! * w01 + data[i10]! * w10 + data[i10 + 3]! * w11) * scale + offset;
        out[target + 1] = (data[i00 + 1]! * w00 + data[i00 + 4]! * w01 + data[i10 + 1]! * w10 + data[i10 + 4]! * w11) * scale + offset;
        out[target + 2] = (data[i00 + 2]! * w00 + data[i00 + 5]! * w01 + data[i10 + 2]! * w10 + data[i10 + 5]! * w11) * scale + offset;
      } else {
        // Black outside the image: each neighbour counts only when it lies inside.
        const left = x0 >= 0 && x0 < width;
        const right = x0 + 1 >= 0 && x0 + 1 < width;
        const upper = y0 >= 0 && y0 < height;
        const lower = y0 + 1 >= 0 && y0 + 1 < height;
        const i00 = y0 * rowStride + x0 * 3;
        const i10 = i00 + rowStride;
        for (let channel = 0; channel < 3; channel++) {
          const p00 = upper && left ? data[i00 + channel]! : 0;
          const p01 = upper && right ? data[i00 + 3 + channel]! : 0;
          const p10 = lower && left ? data[i10 + channel]! : 0;
          const p11 = lower && right ? data[i10 + 3 + channel]! : 0;
          out[target + channel] = (p00 * w00 + p01 * w01 + p10 * w10 + p11 * w11) * scale + offset;
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
