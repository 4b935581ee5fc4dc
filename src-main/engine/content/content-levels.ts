import type { ContentLevel } from '../../../src-preload/contract/rating-result.js';

/** nsfwjs's classes, in its output order. */
export const NSFW_CLASSES = ['drawing', 'hentai', 'neutral', 'porn', 'sexy'] as const;
export type NsfwClass = (typeof NSFW_CLASSES)[number];
export type NsfwProbabilities = Record<NsfwClass, number>;

/**
 * How the classifier's probabilities map to the four levels (first match wins). "Explicit" is
 * porn + hentai. The thresholds lean cautious: a booker would rather review a swimwear shot than
 * find a nude in a client's portfolio.
 *
 *   nsfw        explicit ≥ 0.60
 *   suggestive  explicit ≥ 0.35, or sexy ≥ 0.65
 *   revealing   explicit ≥ 0.15, or sexy ≥ 0.40
 *   safe        otherwise
 *
 * Calibrated on the corpus: clothed portraits read sexy 0.07–0.36 across 3–5 % crops and sensor
 * noise (the old 0.20 flipped them between safe and revealing); the classifier's input is the mean
 * of three views (content.analyzer.ts). A level other than safe also needs a person
 * (person-gate.ts).
 *
 * `safe_for_portfolio` is true for safe and revealing (swimwear and lingerie are portfolio
 * staples), false for suggestive and nsfw.
 */
export const CONTENT_THRESHOLDS = {
  nsfwExplicit: 0.6,
  suggestiveExplicit: 0.35,
  suggestiveSexy: 0.65,
  revealingExplicit: 0.15,
  revealingSexy: 0.4,
} as const;
export type ContentVerdict = {
  level: ContentLevel;
  detail: string;
  safe_for_portfolio: boolean;
  /** Which measure decided the level, its value and the threshold it crossed (or stayed under). */
  reason: { measure: 'explicit' | 'sexy' | 'none'; value: number; threshold: number | null };
};

const percent = (value: number): string => `${Math.round(value * 100)} %`;

/**
 * The detail sentence states what was measured (the classifier's explicit and suggestive shares
 * against the thresholds), never a guess about what the picture shows; `views` names the views
 * read when they are not the usual three (content.analyzer.ts).
 */
export function contentVerdict(probabilities: NsfwProbabilities, views: string | null = null): ContentVerdict {
  const explicit = probabilities.porn + probabilities.hentai;
  const { sexy } = probabilities;
  const t = CONTENT_THRESHOLDS;
  const measured = `${percent(explicit)} explicit (porn + hentai), ${percent(sexy)} suggestive${views ? ` on ${views}` : ''}`;
  if (explicit >= t.nsfwExplicit) {
    return {
      level: 'nsfw',
      detail: `The content classifier reads ${measured}: explicit from ${percent(t.nsfwExplicit)}.`,
      safe_for_portfolio: false,
      reason: { measure: 'explicit', value: explicit, threshold: t.nsfwExplicit },
    };
  }
  if (explicit >= t.suggestiveExplicit || sexy >= t.suggestiveSexy) {
    const byExplicit = explicit >= t.suggestiveExplicit;
    return {
      level: 'suggestive',
      detail: `The content classifier reads ${measured}: suggestive from ${percent(t.suggestiveExplicit)} explicit or ${percent(t.suggestiveSexy)} suggestive.`,
      safe_for_portfolio: false,
      reason: byExplicit
        ? { measure: 'explicit', value: explicit, threshold: t.suggestiveExplicit }
        : { measure: 'sexy', value: sexy, threshold: t.suggestiveSexy },
    };
  }
  if (explicit >= t.revealingExplicit || sexy >= t.revealingSexy) {
    const byExplicit = explicit >= t.revealingExplicit;
    return {
      level: 'revealing',
      detail: `The content classifier reads ${measured}: revealing from ${percent(t.revealingExplicit)} explicit or ${percent(t.revealingSexy)} suggestive.`,
      safe_for_portfolio: true,
      reason: byExplicit
        ? { measure: 'explicit', value: explicit, threshold: t.revealingExplicit }
        : { measure: 'sexy', value: sexy, threshold: t.revealingSexy },
    };
  }
  return {
    level: 'safe',
    detail: `The content classifier reads ${measured}: below every threshold.`,
    safe_for_portfolio: true,
    reason: { measure: 'none', value: Math.max(explicit, sexy), threshold: null },
  };
}
