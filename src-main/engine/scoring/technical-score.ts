import type { DimensionKey, QualityIssue, RatingClass } from '../../../src-preload/contract/rating-result.js';
import type { DimensionVerdict } from './embedded-dimensions.js';
import { round1 } from './shapes.js';

/**
 * The embedded score (0–100): a weighted mean of the dimensions the embedded level can measure
 * (weights renormalised over those present), ×10, minus points for each blocking quality issue.
 */
export const SCORE_WEIGHTS: Partial<Record<DimensionKey, number>> = {
  professional_quality: 0.35,
  lighting: 0.2,
  facial_clarity: 0.15,
  composition: 0.1,
  facial_brightness: 0.1,
  background: 0.1,
};

export const ISSUE_PENALTIES: Partial<Record<QualityIssue, number>> = {
  blurry: 20,
  low_resolution: 15,
  eyes_closed: 20,
  overexposed: 10,
  underexposed: 10,
  soft_focus: 15,
  eyes_not_sharp: 10,
  motion_blur: 15,
};

/** Rating classes of the score: High ≥ 70, Medium ≥ 40, Low below. */
export const RATING_THRESHOLDS = { high: 70, medium: 40 } as const;

export type ScoreVerdict = {
  score: number;
  rating: RatingClass;
  /** The weighted parts: the measured dimensions and, where measured, the whole-photo estimate `image_quality`. */
  components: Array<{ dimension: DimensionKey | 'image_quality'; value: number; weight: number }>;
  penalties: Array<{ issue: QualityIssue; points: number }>;
  formula: string;
};

export function ratingClass(score: number): RatingClass {
  return score >= RATING_THRESHOLDS.high ? 'High' : score >= RATING_THRESHOLDS.medium ? 'Medium' : 'Low';
}

/**
 * Weight of the whole-photo quality estimate (image-quality.ts) beside the dimensions' weights:
 * two thirds of a portrait's score (the dimensions' weights sum to 1), four fifths of a photo
 * without faces. The estimate is the only part fitted to people's opinion; the hand-made
 * lighting and professional-quality dimensions diluted it: in the BIQ2021 fitting half
 * (out-of-fold estimates, bench/iqa/fit-score.ts) the score's SRCC is 0.710 at weight 1, 0.726 at 2,
 * 0.730 at 3, against 0.736 for the estimate alone (0.682 / 0.694 / 0.700 against 0.708 with the
 * first estimate fitted to ranks). 2 keeps the faces' dimensions a third of a portrait's score.
 */
export const IMAGE_QUALITY_WEIGHT = 2;
/** The estimate (≈ opinion scale 0–1) becomes 0–10 through a logistic: centre 0.5, scale 0.15. */
export const IMAGE_QUALITY_CENTRE = 0.5;
export const IMAGE_QUALITY_SCALE = 0.15;

export function technicalScore(
  dimensions: Partial<Record<DimensionKey, DimensionVerdict>>,
  issues: readonly QualityIssue[],
  imageQuality: number | null = null,
  /** Only bench/iqa/fit-score.ts varies it, to show the choice of IMAGE_QUALITY_WEIGHT. */
  imageQualityWeight: number = IMAGE_QUALITY_WEIGHT,
): ScoreVerdict {
  const components: ScoreVerdict['components'] = (Object.entries(SCORE_WEIGHTS) as Array<[DimensionKey, number]>)
    .filter(([dimension]) => dimensions[dimension])
    .map(([dimension, weight]) => ({ dimension, value: dimensions[dimension]!.value, weight }));
  if (imageQuality !== null) {
    const value = 10 / (1 + Math.exp(-(imageQuality - IMAGE_QUALITY_CENTRE) / IMAGE_QUALITY_SCALE));
    components.unshift({ dimension: 'image_quality', value: Math.round(value * 1000) / 1000, weight: imageQualityWeight });
  }
  const totalWeight = components.reduce((sum, component) => sum + component.weight, 0);
  const mean = totalWeight > 0 ? components.reduce((sum, component) => sum + component.value * component.weight, 0) / totalWeight : 0;
  const penalties = issues.filter((issue) => ISSUE_PENALTIES[issue]).map((issue) => ({ issue, points: ISSUE_PENALTIES[issue]! }));
  // Each issue takes its points as a share (blurry 20 → × 0.80): the score stays above 0 and
  // keeps the order of photos with the same issues, where subtracting and clamping made ties at 0.
  const factor = penalties.reduce((product, penalty) => product * (1 - penalty.points / 100), 1);
  const score = round1(10 * mean * factor);
  return {
    score,
    rating: ratingClass(score),
    components,
    penalties,
    formula:
      '10 × Σ(weight·component)/Σ(weight) × Π(1 − penalty/100); components: the whole-photo quality estimate 10·σ((q − 0.5)/0.15) (weight 2) and the measured dimensions; penalties: blurry 20, eyes_closed 20, low_resolution 15, soft_focus 15, motion_blur 15, eyes_not_sharp 10, over/underexposed 10',
  };
}
