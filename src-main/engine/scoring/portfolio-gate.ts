import type { ContentRating, QualityResult } from '../../../src-preload/contract/rating-result.js';
import { BLOCKING_ISSUES } from '../quality/quality.analyzer.js';
import { ramp, round3 } from './shapes.js';

/**
 * The portfolio gate, minimal rejection: `rejected` only for photos no one can use (too small to
 * show, or blurred beyond use); everything doubtful goes to `needs_review` with the reason, for a
 * person to decide. `portfolio_prob` comes from a small logistic head whose starting weights are
 * the documented prior below; learning from feedback (a later issue) adjusts them, which is why
 * each result keeps its `features`.
 */
export const GATE_FEATURES = ['score', 'acceptable', 'has_face', 'content_safe', 'resolution'] as const;
export type GateFeatures = Record<(typeof GATE_FEATURES)[number], number>;

/** The prior: a High-scoring, acceptable, safe photo with a face → ~0.9; a Low one → ~0.3. */
export const PRIOR_WEIGHTS: GateFeatures & { bias: number } = {
  bias: -4,
  score: 4,
  acceptable: 1,
  has_face: 0.8,
  content_safe: 1.2,
  resolution: 0.5,
};

/** portfolio_prob inside this band is borderline: a person should look. */
export const REVIEW_BAND = { low: 0.35, high: 0.65 } as const;
/**
 * Hard failures: shorter side under this many pixels, or focus (sharpness in results from before
 * focus was measured) under this on a photo of at
 * least `sharpnessFromMegapixels` (a small photo is enlarged to be measured and reads soft by
 * definition: that is `low_resolution`, for review, not a reason to reject).
 */
export const HARD_FAILURE = { minShortSidePx: 240, minSharpness: 5, minFocus: 25, sharpnessFromMegapixels: 1 } as const;

export type GateVerdict = {
  rejected: boolean;
  portfolio_prob: number;
  needs_review: boolean;
  review_reason: string | null;
  features: GateFeatures;
  reasons: { rejected: string[]; review: string[] };
};

export function gateFeatures(score: number, quality: QualityResult, faceCount: number | null, content: ContentRating): GateFeatures {
  return {
    score: round3(score / 100),
    acceptable: quality.is_acceptable ? 1 : 0,
    // Unknown (no detector) counts half: neither evidence for nor against.
    has_face: faceCount === null ? 0.5 : faceCount > 0 ? 1 : 0,
    content_safe: content.safe_for_portfolio === null ? 0.5 : content.safe_for_portfolio ? 1 : 0,
    resolution: round3(ramp(quality.megapixels, 0.3, 12)),
  };
}

export function portfolioProbability(features: GateFeatures, weights = PRIOR_WEIGHTS): number {
  const logit = GATE_FEATURES.reduce((sum, name) => sum + weights[name] * features[name], weights.bias);
  return round3(1 / (1 + Math.exp(-logit)));
}

export function portfolioGate(score: number, quality: QualityResult, faceCount: number | null, content: ContentRating): GateVerdict {
  const features = gateFeatures(score, quality, faceCount, content);
  const probability = portfolioProbability(features);
  const rejected: string[] = [];
  const shortSide = Math.min(quality.width, quality.height);
  if (shortSide < HARD_FAILURE.minShortSidePx) rejected.push(`shorter side ${shortSide} px < ${HARD_FAILURE.minShortSidePx} px: too small to use`);
  if (quality.megapixels >= HARD_FAILURE.sharpnessFromMegapixels) {
    if (quality.focus ? quality.focus.focus < HARD_FAILURE.minFocus : quality.sharpness < HARD_FAILURE.minSharpness) {
      const [measure, value, threshold] = quality.focus ? ['focus', quality.focus.focus, HARD_FAILURE.minFocus] : ['sharpness', quality.sharpness, HARD_FAILURE.minSharpness];
      rejected.push(`${measure} ${value} < ${threshold} on a ${quality.megapixels} MP photo: blurred beyond use`);
    }
  }

  const review: string[] = [];
  if (probability >= REVIEW_BAND.low && probability <= REVIEW_BAND.high) {
    review.push(`portfolio probability ${probability} is in the borderline band ${REVIEW_BAND.low}–${REVIEW_BAND.high}`);
  }
  if (faceCount === 0) review.push('no face found');
  if (content.content_rating_conflict === true) review.push('the two content classifiers disagree');
  if (content.level === 'suggestive' || content.level === 'nsfw') review.push(`content is ${content.level}`);
  const blocking = quality.issues.filter((issue) => BLOCKING_ISSUES.has(issue));
  if (blocking.length) review.push(`quality issues: ${blocking.join(', ')}`);
  const isRejected = rejected.length > 0;
  // A rejected photo is decided; review is for the doubtful ones.
  const needsReview = !isRejected && review.length > 0;
  return {
    rejected: isRejected,
    portfolio_prob: probability,
    needs_review: needsReview,
    review_reason: needsReview ? `${review.join('; ')}.` : null,
    features,
    reasons: { rejected, review },
  };
}
