import type { QualityResult } from '../../../src-preload/contract/rating-result.js';
import { OBJECT_APPEARANCE_LENGTH } from '../objects/object-appearance.js';
import { NSS_FEATURE_NAMES } from '../quality/natural-statistics.js';
import weights from './image-quality-weights.json' with { type: 'json' };

/**
 * The whole-photo quality estimate: how a viewer would judge the picture as a picture, on the
 * opinion scale (≈ 0–1). Two linear models, their weights fitted on one half of a sample of
 * BIQ2021 (600 real photos with human opinion scores, ../shared/corpus/iqa) by
 * bench/iqa/fit-score.ts and stored as data in image-quality-weights.json with the held-out half's
 * Spearman correlation:
 *
 *   - `measures`: the quality analyzer's measures (focus, noise, shake, detail, exposure, contrast,
 *     clipping, colour) and the natural-scene statistics (engine/quality/natural-statistics.ts);
 *   - `appearance`: the content model's pooled mid-level activations (content/appearance.ts),
 *     which carry what the measures miss (texture, the kind of scene, a finished look), followed
 *     by the object detector's pooled backbone activations at 416² (objects/object-appearance.ts,
 *     from the run the scene tags already pay for).
 *
 * The estimate is their blend when the content model ran, the measures' model alone when not.
 * Both were fitted to the opinion scores' ranks (what matters is an order that agrees with
 * people) and then put back on the opinion scale by one straight line folded into their
 * coefficients, so the estimate still reads as an opinion score.
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
  ...NSS_FEATURE_NAMES,
] as const;

export type LinearModel = {
  mean: number[];
  std: number[];
  coefficients: number[];
  intercept: number;
};

export type ImageQualityWeights = {
  features: readonly string[];
  measures: LinearModel;
  appearance: LinearModel | null;
  /** Share of the appearance model in the blend (the measures' model takes the rest). */
  appearance_share: number;
};

/** BRISQUE variances span decades: they enter the model as logarithms (the shapes and means as they are). */
function isVariance(name: string): boolean {
  return name.includes('variance');
}

/**
 * The measures' model inputs. A result stored before the natural-scene statistics existed gives
 * NaN for them, which the model reads as the fitting half's mean (no contribution).
 */
export function imageQualityFeatures(quality: QualityResult): number[] {
  const { exposure } = quality;
  const focus = quality.focus;
  const statistics = quality.natural_statistics;
  const base = [
    Math.log1p(focus?.focus ?? 0),
    Math.log(0.05 + (focus?.noise ?? 0)),
    focus?.motion_anisotropy ?? 1,
    Math.min(2, focus?.detail_ratio ?? 1),
    Math.log1p(quality.sharpness),
    Math.log1p(quality.sharpness_median),
    focus?.edge_fraction ?? 0,
    exposure.mean_luminance,
    Math.abs(exposure.midtone_mean - 0.5),
    exposure.contrast,
    exposure.clipped_highlights,
    exposure.clipped_shadows,
    exposure.colourfulness ?? 0,
    exposure.neutral_fraction,
  ];
  const nss = NSS_FEATURE_NAMES.map((name, index) => {
    const value = statistics?.[index];
    if (value === undefined) return Number.NaN;
    return isVariance(name) ? Math.log(value + 1e-4) : value;
  });
  return [...base, ...nss];
}

export function applyLinear(model: LinearModel, features: readonly number[]): number {
  let value = model.intercept;
  for (let index = 0; index < model.coefficients.length; index++) {
    const raw = features[index]!;
    if (Number.isNaN(raw)) continue;
    value += model.coefficients[index]! * ((raw - model.mean[index]!) / (model.std[index]! || 1));
  }
  return value;
}

/** The estimate on the opinion scale (≈ 0–1, not clamped: no ties). `appearance`: content/appearance.ts, null when the content model did not run. */
export function predictImageQuality(quality: QualityResult, appearance: readonly number[] | null = null, model: ImageQualityWeights = IMAGE_QUALITY_MODEL): number {
  const measured = applyLinear(model.measures, imageQualityFeatures(quality));
  if (!appearance || !model.appearance || appearance.length !== model.appearance.coefficients.length) return measured;
  return (1 - model.appearance_share) * measured + model.appearance_share * applyLinear(model.appearance, appearance);
}

/**
 * The appearance model's inputs: the content model's features, then the object detector's. Null
 * without the content model's (the estimate is then the measures' model alone); without the
 * detector's, those inputs are NaN, which the model reads as the fitting half's mean.
 */
export function appearanceInputs(content: readonly number[] | null, objects: readonly number[] | null): number[] | null {
  if (!content) return null;
  return [...content, ...(objects && objects.length === OBJECT_APPEARANCE_LENGTH ? objects : new Array<number>(OBJECT_APPEARANCE_LENGTH).fill(Number.NaN))];
}

export const IMAGE_QUALITY_MODEL = weights as unknown as ImageQualityWeights & Record<string, unknown>;
