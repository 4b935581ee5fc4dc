import type { QualityResult } from '../src-preload/contract/rating-result.js';

/** A clean 12 MP quality result (sharp, well exposed, no issue) for scoring tests; `overrides` replace fields whole. */
export const qualityResult = (overrides: Partial<QualityResult> = {}): QualityResult => ({
  width: 4000,
  height: 3000,
  megapixels: 12,
  sharpness: 90,
  sharpness_median: 4,
  exposure: { mean_luminance: 0.45, contrast: 0.22, clipped_highlights: 0.01, clipped_shadows: 0.01, midtone_mean: 0.45, neutral_fraction: 0.1 },
  borders: { letterboxed: false, bar_fraction: 0 },
  issues: [],
  is_acceptable: true,
  checks: [],
  ...overrides,
});
