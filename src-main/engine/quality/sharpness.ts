/**
 * Sharpness, defined:
 *
 *   1. The photo is scaled so that its long side is SHARPNESS_LONG_SIDE_PX (1024) pixels — larger
 *      photos are reduced, smaller ones enlarged — so that one photo scores about the same at 6 MP
 *      and at 24 MP, and a photo that is small scores as soft as it will look when shown.
 *   2. 8-bit luma (Rec. 709, 0–255, rounded) is filtered with the 4-neighbour Laplacian
 *      |L(x−1,y) + L(x+1,y) + L(x,y−1) + L(x,y+1) − 4·L(x,y)|.
 *   3. `sharpness` is the 99th percentile of that response over the frame (sampled on every
 *      other row, see ROW_STEP).
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

/** |Laplacian| of 8-bit luma is a whole number from 0 to 4 × 255. */
export const MAX_LAPLACIAN = 4 * 255;
const MAX_RESPONSE = MAX_LAPLACIAN;
/**
 * The response is sampled on every other row (each sample still reads its full 4-neighbourhood):
 * ~390,000 samples at 1024 px give the same percentiles as ~780,000 (within 2 % on the corpus)
 * at half the cost of the engine's costliest pixel loop.
 */
const ROW_STEP = 2;

/** How many samples gave each |Laplacian| value (0–1020). */
export type LaplacianHistogram = { counts: Uint32Array; samples: number };

/**
 * |Laplacian| histograms of 8-bit luma, sampled on every other row (see ROW_STEP). With a `mask`
 * (1 = inside, one byte per pixel) the samples are split into inside and outside; without one,
 * every sample is "outside".
 */
export function laplacianHistograms(
  luma: Uint8Array,
  width: number,
  height: number,
  mask: Uint8Array | null = null,
): { inside: LaplacianHistogram; outside: LaplacianHistogram } {
  const inside = new Uint32Array(MAX_RESPONSE + 1);
  const outside = new Uint32Array(MAX_RESPONSE + 1);
  let insideSamples = 0;
  let outsideSamples = 0;
  for (let y = 1; y < height - 1; y += ROW_STEP) {
    const end = y * width + width - 1;
    for (let index = y * width + 1; index < end; index++) {
      const response = luma[index - 1]! + luma[index + 1]! + luma[index - width]! + luma[index + width]! - 4 * luma[index]!;
      const magnitude = response < 0 ? -response : response;
      if (mask !== null && mask[index] === 1) {
        inside[magnitude]!++;
        insideSamples++;
      } else {
        outside[magnitude]!++;
        outsideSamples++;
      }
    }
  }
  return { inside: { counts: inside, samples: insideSamples }, outside: { counts: outside, samples: outsideSamples } };
}

/** The value below which `quantile` of the samples fall (0 for an empty histogram). */
export function percentileOf(histogram: LaplacianHistogram, quantile: number): number {
  if (histogram.samples === 0) return 0;
  const rank = quantile * histogram.samples;
  let seen = 0;
  for (let value = 0; value < histogram.counts.length; value++) {
    seen += histogram.counts[value]!;
    if (seen >= rank) return value;
  }
  return MAX_RESPONSE;
}

export function laplacianPercentiles(luma: Uint8Array, width: number, height: number): SharpnessMeasure {
  const { outside: all } = laplacianHistograms(luma, width, height);
  return { p99: percentileOf(all, 0.99), p50: percentileOf(all, 0.5) };
}
