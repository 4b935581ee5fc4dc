import type { DimensionKey, QualityIssue, RatingClass } from '../../../src-preload/contract/rating-result.js';
import type { DimensionVerdict } from './embedded-dimensions.js';
import { round1 } from './shapes.js';

/**
 * The embedded score (0–100): a weighted mean of the whole-photo quality estimate and the
 * dimensions the embedded level can measure (weights renormalised over those present), ×10, each
 * blocking quality issue taking its share. These are the dimensions' weights where the estimate is
 * missing (results from before the focus measures); beside it, SCORE_WEIGHTS_BESIDE_ESTIMATE.
 */
export const SCORE_WEIGHTS: Partial<Record<DimensionKey, number>> = {
  professional_quality: 0.35,
  lighting: 0.2,
  facial_clarity: 0.15,
  composition: 0.1,
  facial_brightness: 0.1,
  background: 0.1,
};

/**
 * Beside the whole-photo estimate, professional_quality (focus, exposure issues, letterbox,
 * megapixels) and lighting (clipping, midtones, contrast) weigh nothing: they are hand-made
 * judgements of the faults the estimate judges too, fitted to people, and beside it they counted
 * those faults twice. In the BIQ2021 fitting half (each photo's out-of-fold estimate,
 * bench/iqa/fit-composition.ts) they agree with people far less than the estimate (SRCC 0.336 and
 * 0.186 against 0.736), and the score's SRCC is 0.726 at their old weights (0.35, 0.2), 0.734 at 0;
 * cross-validation over a grid of non-negative weights chooses 0 for both (nested 5-fold CV 0.732).
 * Held out (one look, for this one choice): 0.696 → 0.701. They are still measured and reported. The faces' dimensions keep their weights: what the
 * estimate cannot see (a soft face, its brightness, the subject's placement) stays in the score.
 */
export const SCORE_WEIGHTS_BESIDE_ESTIMATE: Partial<Record<DimensionKey, number>> = { ...SCORE_WEIGHTS, professional_quality: 0, lighting: 0 };

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
 * Weight of the whole-photo quality estimate (image-quality.ts) beside the dimensions' weights
 * (SCORE_WEIGHTS_BESIDE_ESTIMATE): the faces' clarity and brightness, the composition and the
 * background (0.45 together) are a fifth of a portrait's score; a photo without faces or a
 * person is judged by the estimate and its issues. (When professional_quality and lighting still
 * weighed 0.55 beside it, the weight was raised from 1 to 2 because they diluted it.)
 */
export const IMAGE_QUALITY_WEIGHT = 2;
/** The estimate (≈ opinion scale 0–1) becomes 0–10 through a logistic: centre 0.5, scale 0.15. */
export const IMAGE_QUALITY_CENTRE = 0.5;
export const IMAGE_QUALITY_SCALE = 0.15;

/** The penalties as the formula text states them (ISSUE_PENALTIES). */
const PENALTIES_TEXT = 'penalties: blurry 20, eyes_closed 20, low_resolution 15, soft_focus 15, motion_blur 15, eyes_not_sharp 10, over/underexposed 10';

export function technicalScore(
  dimensions: Partial<Record<DimensionKey, DimensionVerdict>>,
  issues: readonly QualityIssue[],
  imageQuality: number | null = null,
  /** Only bench/iqa/fit-score.ts varies it, to show the choice of IMAGE_QUALITY_WEIGHT. */
  imageQualityWeight: number = IMAGE_QUALITY_WEIGHT,
): ScoreVerdict {
  const weights = imageQuality !== null ? SCORE_WEIGHTS_BESIDE_ESTIMATE : SCORE_WEIGHTS;
  const components: ScoreVerdict['components'] = (Object.entries(weights) as Array<[DimensionKey, number]>)
    .filter(([dimension, weight]) => weight > 0 && dimensions[dimension])
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
      imageQuality !== null
        ? '10 × Σ(weight·component)/Σ(weight) × Π(1 − penalty/100); components: the whole-photo quality estimate 10·σ((q − 0.5)/0.15) (weight 2) and the measured dimensions it cannot see: facial clarity 0.15, facial brightness 0.1, composition 0.1, background 0.1 (professional quality and lighting judge what the estimate judges: weight 0 beside it); ' + PENALTIES_TEXT
        : '10 × Σ(weight·component)/Σ(weight) × Π(1 − penalty/100); components: the measured dimensions (no whole-photo estimate: measured before the focus measures): professional quality 0.35, lighting 0.2, facial clarity 0.15, composition 0.1, facial brightness 0.1, background 0.1; ' + PENALTIES_TEXT,
  };
}
