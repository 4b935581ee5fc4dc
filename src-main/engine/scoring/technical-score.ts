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
  components: Array<{ dimension: DimensionKey; value: number; weight: number }>;
  penalties: Array<{ issue: QualityIssue; points: number }>;
  formula: string;
};

export function ratingClass(score: number): RatingClass {
  return score >= RATING_THRESHOLDS.high ? 'High' : score >= RATING_THRESHOLDS.medium ? 'Medium' : 'Low';
}

export function technicalScore(dimensions: Partial<Record<DimensionKey, DimensionVerdict>>, issues: readonly QualityIssue[]): ScoreVerdict {
  const components = (Object.entries(SCORE_WEIGHTS) as Array<[DimensionKey, number]>)
    .filter(([dimension]) => dimensions[dimension])
    .map(([dimension, weight]) => ({ dimension, value: dimensions[dimension]!.value, weight }));
  const totalWeight = components.reduce((sum, component) => sum + component.weight, 0);
  const mean = totalWeight > 0 ? components.reduce((sum, component) => sum + component.value * component.weight, 0) / totalWeight : 0;
  const penalties = issues.filter((issue) => ISSUE_PENALTIES[issue]).map((issue) => ({ issue, points: ISSUE_PENALTIES[issue]! }));
  const score = round1(Math.min(100, Math.max(0, 10 * mean - penalties.reduce((sum, penalty) => sum + penalty.points, 0))));
  return {
    score,
    rating: ratingClass(score),
    components,
    penalties,
    formula: '10 × Σ(weight·dimension)/Σ(weight) over the measured dimensions − penalties (blurry 20, eyes_closed 20, low_resolution 15, soft_focus 15, motion_blur 15, eyes_not_sharp 10, over/underexposed 10)',
  };
}
