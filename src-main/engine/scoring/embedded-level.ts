import {
  DIMENSION_KEYS,
  type ContentRating,
  type DetectedFace,
  type DimensionKey,
  type DimensionScores,
  type QualityResult,
  type RatingClass,
  type RatingWhy,
  type SourceInfo,
  type Tag,
  type UnavailableField,
} from '../../../src-preload/contract/rating-result.js';
import type { RawImage } from '../image/raw-image.js';
import { embeddedDimensions } from './embedded-dimensions.js';
import { measuredTags } from './measured-tags.js';
import { portfolioGate } from './portfolio-gate.js';
import { provenance } from './provenance.js';
import { measureBackground, measureFace } from './region-measures.js';
import { predictImageQuality } from './image-quality.js';
import { RATING_THRESHOLDS, technicalScore } from './technical-score.js';

export const EMBEDDED_SCORING = { id: 'score', version: '2.0.0' } as const;

export type EmbeddedLevel = {
  score: number;
  rating: RatingClass;
  dimension_scores: DimensionScores;
  tags: Tag[];
  rejected: boolean;
  portfolio_prob: number;
  needs_review: boolean;
  review_reason: string | null;
  is_original: boolean | null;
  why: RatingWhy;
  /** Why each null dimension is null. */
  unavailable: UnavailableField[];
};

const FACE_DIMENSIONS: ReadonlySet<DimensionKey> = new Set(['facial_brightness', 'facial_clarity', 'composition', 'background']);

/** Everything the embedded level can say about an image, each value with its reasons. */
export async function embeddedLevel(input: {
  working: RawImage;
  quality: QualityResult;
  source: SourceInfo;
  faces: DetectedFace[] | null;
  content: ContentRating;
  /** The content model's pooled activations (content/appearance.ts); null or absent when it did not run. */
  appearance?: number[] | null;
}): Promise<EmbeddedLevel> {
  const { working, quality, source, faces, content } = input;
  const scale = working.width / quality.width;
  const main = faces && faces.length ? faces.reduce((best, face) => (face.box.width * face.box.height > best.box.width * best.box.height ? face : best)) : null;
  const [face, background] = await Promise.all([
    main ? measureFace(working, main.box, scale) : Promise.resolve(null),
    faces && faces.length ? measureBackground(working, faces.map((entry) => entry.box), scale) : Promise.resolve(null),
  ]);

  const dimensions = embeddedDimensions({ quality, faces, face, background });
  // The whole-photo estimate needs the focus measures; results from before them score without it.
  const scoreVerdict = technicalScore(dimensions, quality.issues, quality.focus ? predictImageQuality(quality, input.appearance ?? null) : null);
  const tags = measuredTags(quality, faces);
  const gate = portfolioGate(scoreVerdict.score, quality, faces ? faces.length : null, content);
  const origin = provenance(source, quality);

  const dimensionScores = Object.fromEntries(DIMENSION_KEYS.map((key) => [key, dimensions[key]?.value ?? null])) as DimensionScores;
  const unavailable = DIMENSION_KEYS.filter((key) => dimensions[key] === undefined).map((key) => ({
    field: `dimension_scores.${key}`,
    reason: FACE_DIMENSIONS.has(key)
      ? faces === null
        ? 'measured on the main face, and no face detector ran'
        : 'measured on the main face, and no face was found'
      : 'needs semantic understanding of the picture: the AI pack scores it',
  }));

  return {
    score: scoreVerdict.score,
    rating: scoreVerdict.rating,
    dimension_scores: dimensionScores,
    tags: tags.map(({ tag, confidence }) => ({ tag, confidence })),
    rejected: gate.rejected,
    portfolio_prob: gate.portfolio_prob,
    needs_review: gate.needs_review,
    review_reason: gate.review_reason,
    is_original: origin.is_original,
    unavailable,
    why: {
      score: { level: 'embedded', formula: scoreVerdict.formula, components: scoreVerdict.components, penalties: scoreVerdict.penalties },
      rating: { high_from: RATING_THRESHOLDS.high, medium_from: RATING_THRESHOLDS.medium },
      dimensions: Object.fromEntries(
        (Object.entries(dimensions) as Array<[DimensionKey, NonNullable<(typeof dimensions)[DimensionKey]>]>).map(([key, verdict]) => [
          key,
          { level: 'embedded' as const, formula: verdict.formula, measures: verdict.measures },
        ]),
      ),
      tags: tags.map(({ tag, because }) => ({ tag, because })),
      rejected: gate.reasons.rejected,
      needs_review: gate.reasons.review,
      portfolio: { features: gate.features, weights: 'prior' },
      is_original: origin.evidence,
    },
  };
}
