import type { PersonalWhy, RatingClass, RatingResult } from '../../../src-preload/contract/rating-result.js';
import type { PersonalScoreRow } from '../catalog/personal-scores.repo.js';
import { REVIEW_BAND } from '../scoring/portfolio-gate.js';
import { extractFeatures } from './features.js';
import { contributions, predict, type LogisticModel } from './logistic.js';

/**
 * Applies the adopted personal model to a result as it is served (library detail, the API), never
 * to the cached result: the catalog keeps the embedded values, `why.personal.builtin` repeats them,
 * and a reset is simply serving results without a model again.
 *
 * - `portfolio_prob` becomes the model's keep probability (the model has the gate's features
 *   among its inputs, so it refits the gate's head on the user's decisions);
 * - `score` blends in the probability with `BLEND_WEIGHT`, and `rating` follows the score;
 * - `needs_review` keeps the built-in reasons except the borderline band, which is re-judged on
 *   the new probability; hard rejections (`rejected`) stay the built-in's, as minimal rejection wants;
 * - `why.personal.verdict` is keep / review / reject by the same band.
 */
export const BLEND_WEIGHT = 0.35;

const round1 = (value: number): number => Math.round(value * 10) / 10;
const round3 = (value: number): number => Math.round(value * 1000) / 1000;

function ratingOf(score: number, thresholds: { high_from: number; medium_from: number } | null, fallback: RatingClass | null): RatingClass | null {
  if (!thresholds) return fallback;
  return score >= thresholds.high_from ? 'High' : score >= thresholds.medium_from ? 'Medium' : 'Low';
}

/** What the grid shows of one result under a version: the values `applyPersonalModel` serves, without the why. */
export type PersonalView = {
  score: number | null;
  rating: RatingClass | null;
  portfolio_prob: number;
  needs_review: boolean;
  review_reason: string | null;
  verdict: PersonalWhy['verdict'];
  /** The built-in review reasons this version keeps, its own first. */
  reasons: string[];
};

export function personalView(result: RatingResult, version: number, model: LogisticModel, features = extractFeatures(result)): PersonalView {
  const probability = round3(predict(model, features));
  const verdict: PersonalWhy['verdict'] = probability > REVIEW_BAND.high ? 'keep' : probability < REVIEW_BAND.low ? 'reject' : 'review';
  const score = result.score === null ? null : round1((1 - BLEND_WEIGHT) * result.score + BLEND_WEIGHT * 100 * probability);
  const reasons = (result.why?.needs_review ?? []).filter((reason) => !reason.startsWith('portfolio probability'));
  if (verdict === 'review') reasons.unshift(`your model v${version} is unsure: keep probability ${probability} is in the borderline band ${REVIEW_BAND.low}–${REVIEW_BAND.high}`);
  const needsReview = result.rejected === true ? false : reasons.length > 0;
  return {
    score,
    rating: score === null ? result.rating : ratingOf(score, result.why?.rating ?? null, result.rating),
    portfolio_prob: probability,
    needs_review: needsReview,
    review_reason: needsReview ? `${reasons.join('; ')}.` : null,
    verdict,
    reasons,
  };
}

/** The stored row of one image's personal view (personal_scores): what the grid reads back. */
export function personalScoreRow(imageHash: string, view: PersonalView): PersonalScoreRow {
  return {
    image_hash: imageHash,
    score: view.score,
    rating: view.rating,
    portfolio_prob: view.portfolio_prob,
    needs_review: view.needs_review ? 1 : 0,
    review_reason: view.review_reason,
    verdict: view.verdict,
  };
}

export function applyPersonalModel(result: RatingResult, version: number, model: LogisticModel): RatingResult {
  if (result.why?.personal) return result; // already applied
  const features = extractFeatures(result);
  const view = personalView(result, version, model, features);
  const builtin = {
    score: result.score,
    rating: result.rating,
    portfolio_prob: result.portfolio_prob,
    needs_review: result.needs_review,
    review_reason: result.review_reason,
  };
  const because = contributions(model, features)
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution))
    .slice(0, 3)
    .map((entry) => ({ feature: entry.feature, contribution: round3(entry.contribution) }));
  return {
    ...result,
    score: view.score,
    rating: view.rating,
    portfolio_prob: view.portfolio_prob,
    needs_review: view.needs_review,
    review_reason: view.review_reason,
    why: {
      ...result.why,
      needs_review: view.reasons,
      portfolio: result.why?.portfolio ? { ...result.why.portfolio, weights: 'learned' } : (result.why?.portfolio ?? null),
      personal: {
        version,
        probability: view.portfolio_prob,
        verdict: view.verdict,
        blend: { weight: BLEND_WEIGHT, formula: `${1 - BLEND_WEIGHT} × built-in score + ${BLEND_WEIGHT} × 100 × keep probability` },
        because,
        builtin,
      },
    },
  };
}
