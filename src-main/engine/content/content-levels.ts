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
 *   suggestive  explicit ≥ 0.30, or sexy ≥ 0.50
 *   revealing   explicit ≥ 0.12, or sexy ≥ 0.20
 *   safe        otherwise
 *
 * `safe_for_portfolio` is true for safe and revealing (swimwear and lingerie are portfolio
 * staples), false for suggestive and nsfw.
 */
export const CONTENT_THRESHOLDS = {
  nsfwExplicit: 0.6,
  suggestiveExplicit: 0.3,
  suggestiveSexy: 0.5,
  revealingExplicit: 0.12,
  revealingSexy: 0.2,
} as const;

export type ContentVerdict = {
  level: ContentLevel;
  detail: string;
  safe_for_portfolio: boolean;
  /** Which measure decided the level, its value and the threshold it crossed (or stayed under). */
  reason: { measure: 'explicit' | 'sexy' | 'none'; value: number; threshold: number | null };
};

const percent = (value: number): string => `${Math.round(value * 100)} %`;

export function contentVerdict(probabilities: NsfwProbabilities): ContentVerdict {
  const explicit = probabilities.porn + probabilities.hentai;
  const { sexy, drawing, neutral } = probabilities;
  const t = CONTENT_THRESHOLDS;
  const drawn = drawing + probabilities.hentai > neutral + probabilities.porn + sexy;
  if (explicit >= t.nsfwExplicit) {
    return {
      level: 'nsfw',
      detail: `Explicit sexual content is likely (${percent(explicit)} explicit${drawn ? ', drawn' : ''}).`,
      safe_for_portfolio: false,
      reason: { measure: 'explicit', value: explicit, threshold: t.nsfwExplicit },
    };
  }
  if (explicit >= t.suggestiveExplicit || sexy >= t.suggestiveSexy) {
    const byExplicit = explicit >= t.suggestiveExplicit;
    return {
      level: 'suggestive',
      detail: `Suggestive: sexualised pose, nudity or lingerie is likely (${percent(sexy)} suggestive, ${percent(explicit)} explicit).`,
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
      detail: `Revealing but not explicit: bare skin or swimwear is likely (${percent(sexy)} suggestive).`,
      safe_for_portfolio: true,
      reason: byExplicit
        ? { measure: 'explicit', value: explicit, threshold: t.revealingExplicit }
        : { measure: 'sexy', value: sexy, threshold: t.revealingSexy },
    };
  }
  return {
    level: 'safe',
    detail: drawn
      ? `A drawing or illustration with no sexual content detected (${percent(drawing)} drawing).`
      : `No nudity or sexual content detected (${percent(neutral)} neutral).`,
    safe_for_portfolio: true,
    reason: { measure: 'none', value: Math.max(explicit, sexy), threshold: null },
  };
}
