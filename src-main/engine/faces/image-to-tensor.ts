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
  for (let v = 0; v < inputSize; v++) {
    const offsetY = (v + 0.5) * step - region.size / 2;
    for (let u = 0; u < inputSize; u++) {
      const offsetX = (u + 0.5) * step - region.size / 2;
      // Image y points down, so a counter-clockwise turn of the region is this matrix.
      const sourceX = centreX + offsetX * cos + offsetY * sin - 0.5;
      const sourceY = centreY - offsetX * sin + offsetY * cos - 0.5;
      const y0 = Math.floor(sourceY);
      const fy = sourceY - y0;
      const x0 = Math.floor(sourceX);
      const fx = sourceX - x0;
      const target = (v * inputSize + u) * 3;
      for (let channel = 0; channel < 3; channel++) {
        let sum = 0;
        for (let dy = 0; dy <= 1; dy++) {
          const y = y0 + dy;
          const wy = dy === 0 ? 1 - fy : fy;
          if (wy === 0) continue;
          for (let dx = 0; dx <= 1; dx++) {
            const x = x0 + dx;
            const wx = dx === 0 ? 1 - fx : fx;
            if (wx === 0) continue;
            const value = x >= 0 && x < width && y >= 0 && y < height ? data[(y * width + x) * 3 + channel]! : 0;
            sum += value * wx * wy;
          }
        }
        out[target + channel] = (sum - mean) / std;
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
