import type { QualityResult } from '../../../src-preload/contract/rating-result.js';
import weights from './image-quality-weights.json' with { type: 'json' };

/**
 * The whole-photo quality estimate: how a viewer would judge the picture as a picture (focus,
 * noise, shake, detail, exposure, contrast, colour), 0–1. A linear model over the quality
 * analyzer's measures, its weights fitted on one half of a sample of BIQ2021 (600 real photos with
 * human opinion scores, ../shared/corpus/iqa) by bench/iqa/fit-score.ts and stored as data in
 * image-quality-weights.json with the held-out half's Spearman correlation.
 */
export const IMAGE_QUALITY_FEATURES = [
  'log_focus',
  'log_noise',
  'motion_anisotropy',
  'detail_ratio',
  'log_sharpness',
  'log_sharpness_median',
  'edge_fraction',
  'mean_luminance',
  'midtone_offset',
  'contrast',
  'clipped_highlights',
  'clipped_shadows',
  'colourfulness',
  'neutral_fraction',
] as const;
export type ImageQualityFeature = (typeof IMAGE_QUALITY_FEATURES)[number];

export type ImageQualityWeights = {
  features: readonly string[];
  mean: number[];
  std: number[];
  coefficients: number[];
  intercept: number;
};

export function imageQualityFeatures(quality: QualityResult): Record<ImageQualityFeature, number> {
  const { exposure } = quality;
  const focus = quality.focus;
  return {
    log_focus: Math.log1p(focus?.focus ?? 0),
    log_noise: Math.log(0.05 + (focus?.noise ?? 0)),
    motion_anisotropy: focus?.motion_anisotropy ?? 1,
    detail_ratio: Math.min(2, focus?.detail_ratio ?? 1),
    log_sharpness: Math.log1p(quality.sharpness),
    log_sharpness_median: Math.log1p(quality.sharpness_median),
    edge_fraction: focus?.edge_fraction ?? 0,
    mean_luminance: exposure.mean_luminance,
    midtone_offset: Math.abs(exposure.midtone_mean - 0.5),
    contrast: exposure.contrast,
    clipped_highlights: exposure.clipped_highlights,
    clipped_shadows: exposure.clipped_shadows,
    colourfulness: exposure.colourfulness ?? 0,
    neutral_fraction: exposure.neutral_fraction,
  };
}

/** The model's raw output on the opinion scale (≈ 0–1, not clamped: no ties). */
export function predictImageQuality(quality: QualityResult, model: ImageQualityWeights = weights as ImageQualityWeights): number {
  const features = imageQualityFeatures(quality);
  let value = model.intercept;
  model.features.forEach((name, index) => {
    const raw = features[name as ImageQualityFeature] ?? 0;
    value += model.coefficients[index]! * ((raw - model.mean[index]!) / (model.std[index]! || 1));
  });
  return value;
}

export const IMAGE_QUALITY_MODEL = weights as ImageQualityWeights & Record<string, unknown>;
