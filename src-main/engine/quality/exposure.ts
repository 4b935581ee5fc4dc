import type { Exposure } from '../../../src-preload/contract/rating-result.js';

/**
 * Exposure from the luma histogram (Rec. 709, 0–255) of the canonical-scale image, sampled on a
 * 2-pixel grid (every other pixel of every other row: a quarter of the work, and at 1024 px a
 * histogram of ~200,000 samples reads the same): clipped highlights are pixels at 250 or above,
 * crushed shadows at 5 or below.
 */
export const HIGHLIGHT_CLIP_LEVEL = 250;
export const SHADOW_CLIP_LEVEL = 5;
/** A pixel whose channels differ by at most this much (of 255) counts as colourless. */
const NEUTRAL_SPREAD = 12;

const round4 = (value: number): number => Math.round(value * 10_000) / 10_000;

const GRID_STEP = 2;

export function measureExposure(luma: Uint8Array, rgb: Buffer, width: number, height: number): Exposure {
  const count = Math.ceil(width / GRID_STEP) * Math.ceil(height / GRID_STEP);
  if (count === 0) return { mean_luminance: 0, contrast: 0, clipped_highlights: 0, clipped_shadows: 0, midtone_mean: 0, neutral_fraction: 0, colourfulness: 0 };
  let sum = 0;
  let midtoneSum = 0;
  let sumSquares = 0;
  let highlights = 0;
  let shadows = 0;
  let neutral = 0;
  // Hasler & Süsstrunk (2003) colourfulness: spread and mean of the opponent channels.
  let rgSum = 0;
  let rgSquares = 0;
  let ybSum = 0;
  let ybSquares = 0;
  for (let y = 0; y < height; y += GRID_STEP) {
    const rowStart = y * width;
    for (let x = 0; x < width; x += GRID_STEP) {
      const pixel = rowStart + x;
      const value = luma[pixel]!;
      sum += value;
      sumSquares += value * value;
      if (value >= HIGHLIGHT_CLIP_LEVEL) highlights++;
      else if (value <= SHADOW_CLIP_LEVEL) shadows++;
      else midtoneSum += value;
      const offset = pixel * 3;
      const red = rgb[offset]!;
      const green = rgb[offset + 1]!;
      const blue = rgb[offset + 2]!;
      if (Math.max(red, green, blue) - Math.min(red, green, blue) <= NEUTRAL_SPREAD) neutral++;
      const rg = red - green;
      const yb = (red + green) / 2 - blue;
      rgSum += rg;
      rgSquares += rg * rg;
      ybSum += yb;
      ybSquares += yb * yb;
    }
  }
  const mean = sum / count;
  const midtones = count - highlights - shadows;
  const variance = Math.max(0, sumSquares / count - mean * mean);
  return {
    mean_luminance: round4(mean / 255),
    contrast: round4(Math.sqrt(variance) / 255),
    clipped_highlights: round4(highlights / count),
    clipped_shadows: round4(shadows / count),
    midtone_mean: round4(midtones > 0 ? midtoneSum / midtones / 255 : mean / 255),
    neutral_fraction: round4(neutral / count),
    colourfulness: round4(colourfulness(rgSum, rgSquares, ybSum, ybSquares, count) / 255),
  };
}

function colourfulness(rgSum: number, rgSquares: number, ybSum: number, ybSquares: number, count: number): number {
  const rgMean = rgSum / count;
  const ybMean = ybSum / count;
  const rgVariance = Math.max(0, rgSquares / count - rgMean * rgMean);
  const ybVariance = Math.max(0, ybSquares / count - ybMean * ybMean);
  return Math.sqrt(rgVariance + ybVariance) + 0.3 * Math.sqrt(rgMean * rgMean + ybMean * ybMean);
}
