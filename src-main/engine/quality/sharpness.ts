/**
 * Sharpness, defined:
 *
 *   1. The photo is scaled so that its long side is SHARPNESS_LONG_SIDE_PX (1024) pixels — larger
 *      photos are reduced, smaller ones enlarged — so that one photo scores about the same at 6 MP
 *      and at 24 MP, and a photo that is small scores as soft as it will look when shown.
 *   2. Luma (Rec. 709, 0–255) is filtered with the 4-neighbour Laplacian
 *      |L(x−1,y) + L(x+1,y) + L(x,y−1) + L(x,y+1) − 4·L(x,y)|.
 *   3. `sharpness` is the 99th percentile of that response over the frame.
 *
 * The 99th percentile, not the mean or variance, because it reads the sharpest 1 % of the frame:
 * a sharp subject in front of a deliberately blurred background keeps its score, while a photo
 * whose every edge is soft (missed focus, camera shake) loses it.
 */
export const SHARPNESS_LONG_SIDE_PX = 1024;

export type SharpnessMeasure = {
  /** 99th percentile of |Laplacian| at the canonical scale; 0 for a flat image. */
  p99: number;
  /** 50th percentile, for context: how much fine detail the typical region carries. */
  p50: number;
};

const BIN_WIDTH = 0.25;
const MAX_RESPONSE = 4 * 255;

export function laplacianPercentiles(luma: Float32Array, width: number, height: number): SharpnessMeasure {
  const binCount = Math.ceil(MAX_RESPONSE / BIN_WIDTH) + 1;
  const histogram = new Uint32Array(binCount);
  let samples = 0;
  for (let y = 1; y < height - 1; y++) {
    const row = y * width;
    for (let x = 1; x < width - 1; x++) {
      const index = row + x;
      const response = Math.abs(luma[index - 1]! + luma[index + 1]! + luma[index - width]! + luma[index + width]! - 4 * luma[index]!);
      histogram[Math.min(binCount - 1, Math.floor(response / BIN_WIDTH))]!++;
      samples++;
    }
  }
  if (samples === 0) return { p99: 0, p50: 0 };
  return { p99: percentileOf(histogram, samples, 0.99), p50: percentileOf(histogram, samples, 0.5) };
}

function percentileOf(histogram: Uint32Array, samples: number, quantile: number): number {
  const rank = quantile * samples;
  let seen = 0;
  for (let bin = 0; bin < histogram.length; bin++) {
    seen += histogram[bin]!;
    if (seen >= rank) return Math.round(bin * BIN_WIDTH * 100) / 100;
  }
  return MAX_RESPONSE;
}
