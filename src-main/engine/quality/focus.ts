import { MAX_LAPLACIAN, percentileOf, type SharpnessMeasure } from './sharpness.js';

/**
 * Focus, defined so that exposure, contrast and noise do not change the verdict.
 *
 * `sharpness` (quality/sharpness.ts) is the P99 |Laplacian|: it scales with contrast (a photo two
 * stops too dark reads four times softer) and grows with noise (grain reads as detail). Focus is
 * read from the SHAPE of the strongest edges instead of their height:
 *
 *   1. Noise: σ is estimated from the median |Immerkær operator| (a 3×3 mask blind to flat areas,
 *      ramps and planes): σ = median / (0.6745 · 6), in 8-bit luma levels.
 *   2. The luma is smoothed with a 3×3 binomial filter (noise ×0.375) so grain cannot pass for
 *      detail, and a pixel counts as an edge only where its slope is well above what noise gives.
 *   3. Along each of four directions (0°, 45°, 90°, 135°) the edge pixels' second difference is
 *      compared with their first difference: for an edge blurred by a Gaussian of σ pixels the
 *      ratio of the strongest curvature to the strongest slope is 1/(σ·√e), whatever the edge's
 *      contrast. `focus` = 100 × that ratio (P95 over edge pixels), in the best direction.
 *   4. Motion blur smears one direction only: `motion_anisotropy` = focus of the weakest direction
 *      over that of the strongest (1 = the same in every direction).
 */
export type FocusMeasure = {
  /** Contrast-invariant edge sharpness, 0–100+ (≈ 100/(σ·√e) for a blur of σ px at the measuring scale). */
  focus: number;
  /** Weakest direction's focus over the strongest's, 0–1: low when motion smeared the picture one way. */
  motion_anisotropy: number;
  /** Estimated noise σ, 8-bit luma levels. */
  noise: number;
  /** Fraction of the measured pixels that count as edges. */
  edge_fraction: number;
};

/** A pixel is an edge when its smoothed slope exceeds this many noise σ (and the floor below). */
const EDGE_NOISE_FACTOR = 10;
/** Slope (levels per pixel) below which nothing is an edge, even in a noiseless render. */
const EDGE_SLOPE_FLOOR = 3;
/** Only edges at least this fraction as steep as the frame's P99 slope count: the main edges decide. */
const STRONG_EDGE_FRACTION = 0.35;
/** Only the strongest edges decide: P95 of the per-pixel ratio over edge pixels. */
const EDGE_QUANTILE = 0.95;
/** Too few edge pixels (a flat frame) and focus is 0: nothing in the picture is sharp. */
const MIN_EDGE_PIXELS = 200;

/** |Immerkær response| is a whole number from 0 to 4 × 255 × 4. */
const NOISE_RESPONSES = 4 * 255 * 4 + 1;

/** σ from the histogram of |Immerkær response|: its median, interpolated inside the bin. */
function noiseFromHistogram(histogram: Uint32Array, samples: number): number {
  if (samples === 0) return 0;
  let seen = 0;
  for (let value = 0; value < histogram.length; value++) {
    seen += histogram[value]!;
    // Interpolate inside the bin: 8-bit responses are whole numbers and clean photos sit at 0–2.
    if (seen >= samples / 2) return Math.round(((value - 0.5 + (samples / 2 - (seen - histogram[value]!)) / histogram[value]!) / (0.6745 * 6)) * 100) / 100;
  }
  return 0;
}

export function estimateNoise(luma: Uint8Array, width: number, height: number): number {
  const histogram = new Uint32Array(NOISE_RESPONSES);
  let samples = 0;
  for (let y = 1; y < height - 1; y += 2) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const response =
        luma[i - width - 1]! - 2 * luma[i - width]! + luma[i - width + 1]! - 2 * luma[i - 1]! + 4 * luma[i]! - 2 * luma[i + 1]! + luma[i + width - 1]! - 2 * luma[i + width]! + luma[i + width + 1]!;
      histogram[response < 0 ? -response : response]!++;
      samples++;
    }
  }
  return noiseFromHistogram(histogram, samples);
}

/**
 * The noise σ (estimateNoise) and the sharpness percentiles (sharpness.ts, laplacianPercentiles)
 * of the same luma in one pass: both sample every other row from 1, columns 1 … width − 2, and
 * read the same 3×3 neighbourhood, so one loop fills both histograms (the same numbers as the two
 * passes, one pass of loads fewer).
 */
export function noiseAndSharpness(luma: Uint8Array, width: number, height: number): { noise: number; sharpness: SharpnessMeasure } {
  const noiseHistogram = new Uint32Array(NOISE_RESPONSES);
  const laplacian = new Uint32Array(MAX_LAPLACIAN + 1);
  let samples = 0;
  for (let y = 1; y < height - 1; y += 2) {
    for (let i = y * width + 1, end = y * width + width - 1; i < end; i++) {
      const centre = luma[i]!;
      const cross = luma[i - width]! + luma[i - 1]! + luma[i + 1]! + luma[i + width]!;
      const corners = luma[i - width - 1]! + luma[i - width + 1]! + luma[i + width - 1]! + luma[i + width + 1]!;
      const response = corners - 2 * cross + 4 * centre;
      noiseHistogram[response < 0 ? -response : response]!++;
      const edge = cross - 4 * centre;
      laplacian[edge < 0 ? -edge : edge]!++;
      samples++;
    }
  }
  const histogram = { counts: laplacian, samples };
  return { noise: noiseFromHistogram(noiseHistogram, samples), sharpness: { p99: percentileOf(histogram, 0.99), p50: percentileOf(histogram, 0.5) } };
}

/**
 * The 3×3 binomial smoothing (a horizontal then a vertical [1 2 1]/4 pass, edges replicated),
 * kept as whole numbers SMOOTH_SCALE (16) times the smoothed value: every smoothed value is a
 * multiple of 1/16 below 256, so the integers are exact, and every quantity read from them below
 * (slopes, curvatures, their ratio) is the floating-point one times a power of two, which rounds
 * the same: the same histograms as smoothing in floats, from integer loads.
 */
function smooth16(luma: Uint8Array, width: number, height: number): Uint16Array {
  // 4× the horizontal pass; the first and last columns keep the pixel itself.
  const horizontal = new Uint16Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    horizontal[row] = 4 * luma[row]!;
    horizontal[row + width - 1] = 4 * luma[row + width - 1]!;
    for (let i = row + 1, end = row + width - 1; i < end; i++) horizontal[i] = luma[i - 1]! + 2 * luma[i]! + luma[i + 1]!;
  }
  const out = new Uint16Array(width * height);
  // The first and last rows keep the horizontal pass.
  for (let i = 0; i < width; i++) out[i] = 4 * horizontal[i]!;
  for (let i = (height - 1) * width; i < height * width; i++) out[i] = 4 * horizontal[i]!;
  for (let i = width, end = (height - 1) * width; i < end; i++) out[i] = horizontal[i - width]! + 2 * horizontal[i]! + horizontal[i + width]!;
  return out;
}

const SMOOTH_SCALE = 16;

/** Slope (levels per pixel, horizontal or vertical) that 1 % of the pixels exceed. */
function strongestSlope(s: Uint16Array, width: number, height: number): number {
  const histogram = new Uint32Array(256);
  let samples = 0;
  for (let y = 1; y < height - 1; y += 2) {
    for (let i = y * width + 1, end = y * width + width - 1; i < end; i++) {
      const across = s[i + 1]! - s[i - 1]!;
      const down = s[i + width]! - s[i - width]!;
      // The whole levels per pixel of the steeper central difference: floor(max / 16 / 2).
      const slope = Math.max(across < 0 ? -across : across, down < 0 ? -down : down) >> 5;
      histogram[slope < 255 ? slope : 255]!++;
      samples++;
    }
  }
  let seen = 0;
  for (let value = 255; value >= 0; value--) {
    seen += histogram[value]!;
    if (seen >= samples * 0.01) return value;
  }
  return 0;
}

const RATIO_BINS = 400;
const RATIO_MAX = 4;

function quantileOf(histogram: Uint32Array, count: number, quantile: number): number {
  let seen = 0;
  for (let bin = 0; bin < histogram.length; bin++) {
    seen += histogram[bin]!;
    if (seen >= quantile * count) return ((bin + 0.5) / RATIO_BINS) * RATIO_MAX;
  }
  return RATIO_MAX;
}

/**
 * One direction's pass over the measured pixels (rows and columns 3 … size − 4): each pixel whose
 * slope along `step` reaches `slopeFloor` (both in smooth16 units) is marked in `isEdge` and its
 * curvature-to-slope ratio counted in `histogram`; returns how many were counted. One tight loop per direction (instead of
 * the four directions inside one pixel loop) keeps the hot loop monomorphic: the same arithmetic in
 * the same order, so the same histogram, at about a third of the time.
 */
function directionPass(
  s: Uint16Array,
  width: number,
  height: number,
  step: number,
  length: number,
  slopeFloor: number,
  histogram: Uint32Array,
  isEdge: Uint8Array,
): number {
  const twoLength = 2 * length;
  const lengthSquared = length * length;
  let count = 0;
  for (let y = 3; y < height - 3; y++) {
    for (let i = y * width + 3, end = y * width + width - 3; i < end; i++) {
      const ahead = s[i + step]!;
      const behind = s[i - step]!;
      const slope = Math.abs(ahead - behind) / twoLength;
      if (slope < slopeFloor) continue;
      isEdge[i] = 1;
      const here = s[i]!;
      // Strongest curvature within one step either side: the curvature peaks beside the edge's middle.
      const curvature = Math.max(Math.abs(ahead + behind - 2 * here), Math.abs(s[i + 2 * step]! + here - 2 * ahead), Math.abs(here + s[i - 2 * step]! - 2 * behind)) / lengthSquared;
      const ratio = curvature / slope;
      histogram[Math.min(RATIO_BINS - 1, Math.floor((ratio / RATIO_MAX) * RATIO_BINS))]!++;
      count++;
    }
  }
  return count;
}

/** `noise`: the luma's estimateNoise, when already measured (noiseAndSharpness). */
export function measureFocus(luma: Uint8Array, width: number, height: number, noise = estimateNoise(luma, width, height)): FocusMeasure {
  if (width < 8 || height < 8) return { focus: 0, motion_anisotropy: 1, noise, edge_fraction: 0 };
  const s = smooth16(luma, width, height);
  // Smoothed noise: the binomial filter keeps 0.375 of σ; a first difference over ±1 px has σ·0.53.
  const directions = [1, width, width + 1, width - 1];
  const lengths = [1, 1, Math.SQRT2, Math.SQRT2];
  const slopeFloor = Math.max(EDGE_SLOPE_FLOOR, EDGE_NOISE_FACTOR * noise * 0.375 * 0.53, STRONG_EDGE_FRACTION * strongestSlope(s, width, height));
  const histograms = directions.map(() => new Uint32Array(RATIO_BINS));
  const isEdge = new Uint8Array(width * height);
  const counts = directions.map((step, d) => directionPass(s, width, height, step, lengths[d]!, SMOOTH_SCALE * slopeFloor, histograms[d]!, isEdge));
  const measured = (width - 6) * (height - 6);
  let edges = 0;
  for (let index = 0; index < isEdge.length; index++) edges += isEdge[index]!;
  const perDirection = histograms.map((histogram, d) => (counts[d]! >= MIN_EDGE_PIXELS / 4 ? quantileOf(histogram, counts[d]!, EDGE_QUANTILE) : null));
  const valid = perDirection.filter((value): value is number => value !== null);
  if (edges < MIN_EDGE_PIXELS || valid.length === 0) return { focus: 0, motion_anisotropy: 1, noise, edge_fraction: measured ? edges / measured : 0 };
  const best = Math.max(...valid);
  const worst = Math.min(...valid);
  return {
    focus: Math.round(best * 1000) / 10,
    motion_anisotropy: Math.round((worst / best) * 1000) / 1000,
    noise,
    edge_fraction: Math.round((edges / measured) * 10_000) / 10_000,
  };
}
