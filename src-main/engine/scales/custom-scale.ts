import { z } from 'zod';
import type { ContentRating } from '../../../src-preload/contract/rating-result.js';
import { CONTENT_THRESHOLDS } from '../content/content-levels.js';
import { EngineError } from '../errors.js';
import type { RawImage } from '../image/raw-image.js';

/**
 * Rating against a caller's own scale, as the hosted batch service does: 2–7 levels, each a short
 * value and a description. Without levels the scale is sfw / nsfw, which the embedded content
 * classifier answers offline. Custom levels are matched to the picture by the AI pack's image and
 * text encoders (zero-shot over the descriptions); without the pack that is `model_not_installed`.
 */
export const scaleLevelSchema = z.object({
  value: z.string().min(1).max(24),
  description: z.string().min(1).max(150),
});
export const scaleLevelsSchema = z.array(scaleLevelSchema).min(2).max(7);
export type ScaleLevel = z.infer<typeof scaleLevelSchema>;

export type ScaleRating = {
  /** The chosen level's value. */
  rating: string;
  /** Each level's probability, in the caller's order. */
  levels: Array<{ value: string; probability: number }>;
  /** What decided: the embedded content classifier, or the AI pack's zero-shot encoders. */
  method: 'embedded_content' | 'ai_pack_zero_shot';
};

/** What the AI pack offers for custom scales: probabilities of `labels` describing the image. */
export type LabelRanker = {
  rankLabels(image: RawImage, labels: string[]): Promise<number[]>;
};

export function validateLevels(levels: unknown): ScaleLevel[] | null {
  if (levels === undefined || levels === null) return null;
  const parsed = scaleLevelsSchema.safeParse(levels);
  if (!parsed.success) throw new EngineError('validation_error', `levels: ${z.prettifyError(parsed.error)}`);
  const values = parsed.data.map((level) => level.value);
  if (new Set(values).size !== values.length) throw new EngineError('validation_error', 'levels: each value must be unique');
  return parsed.data;
}

/**
 * The default sfw / nsfw scale from the embedded content rating: nsfw when not safe for a
 * portfolio. The nsfw probability is the decisive evidence measured against the suggestive
 * thresholds, s = max(explicit / 0.30, sexy / 0.50), as s / (1 + s): 0.5 exactly at the
 * threshold, so the answer and its probabilities never contradict each other. When the content
 * rating overrode the classifier (no person in the picture) it stays below 0.5.
 */
export function defaultScaleRating(content: ContentRating): ScaleRating {
  if (content.level === null || content.safe_for_portfolio === null) {
    throw new EngineError('model_not_installed', 'the default sfw/nsfw scale needs the embedded content classifier, which did not run');
  }
  const scores = content.scores ?? {};
  const explicit = (scores.porn ?? 0) + (scores.hentai ?? 0);
  const evidence = Math.max(explicit / CONTENT_THRESHOLDS.suggestiveExplicit, (scores.sexy ?? 0) / CONTENT_THRESHOLDS.suggestiveSexy);
  const measured = evidence / (1 + evidence);
  const rating = content.safe_for_portfolio ? 'sfw' : 'nsfw';
  // Agree with the answer: at most just under a half for sfw, at least a half for nsfw.
  const unsafe = rating === 'sfw' ? Math.min(measured, 0.4999) : Math.max(measured, 0.5);
  const round = (value: number): number => Math.round(value * 10_000) / 10_000;
  return {
    rating,
    levels: [
      { value: 'sfw', probability: round(1 - unsafe) },
      { value: 'nsfw', probability: round(unsafe) },
    ],
    method: 'embedded_content',
  };
}

export async function customScaleRating(ranker: LabelRanker, image: RawImage, levels: ScaleLevel[]): Promise<ScaleRating> {
  const probabilities = await ranker.rankLabels(image, levels.map((level) => level.description));
  let best = 0;
  for (let index = 1; index < probabilities.length; index++) if (probabilities[index]! > probabilities[best]!) best = index;
  return {
    rating: levels[best]!.value,
    levels: levels.map((level, index) => ({ value: level.value, probability: Math.round(probabilities[index]! * 10_000) / 10_000 })),
    method: 'ai_pack_zero_shot',
  };
}
