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
import type { BodyReport } from '../body/body.analyzer.js';
import type { RawImage } from '../image/raw-image.js';
import { framingTag, trustedPose } from './body-measures.js';
import { colourHarmony } from './colour-harmony.js';
import { embeddedDimensions } from './embedded-dimensions.js';
import { measuredTags } from './measured-tags.js';
import { objectTags, type ObjectReport } from '../objects/objects.analyzer.js';
import { portfolioGate } from './portfolio-gate.js';
import { provenance } from './provenance.js';
import { measureBackground, measureBackgroundOutside, measureFace } from './region-measures.js';
import { predictImageQuality } from './image-quality.js';
import { RATING_THRESHOLDS, technicalScore } from './technical-score.js';

// 2.2.0: the whole-photo estimate also reads the object detector's backbone; 2.3.0: and the content model's trunk at 448² (refitted weights each time, so stored scores are recomputed).
// 2.4.0: professional quality and lighting weigh 0 beside the estimate (technical-score.ts SCORE_WEIGHTS_BESIDE_ESTIMATE).
export const EMBEDDED_SCORING = { id: 'score', version: '2.4.0' } as const;

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

const FACE_DIMENSIONS: ReadonlySet<DimensionKey> = new Set(['facial_brightness', 'facial_clarity', 'composition', 'background', 'facial_skin_tone', 'skin_quality']);
const SKIN_DIMENSIONS: ReadonlySet<DimensionKey> = new Set(['facial_skin_tone', 'skin_quality']);

const BODY_DIMENSIONS: ReadonlySet<DimensionKey> = new Set(['body_proportion']);

/** Why a dimension the embedded level could not measure is null, in the user's terms. */
function unavailableReason(key: DimensionKey, faces: DetectedFace[] | null, body: BodyReport | null, size: { width: number; height: number }): string {
  if (BODY_DIMENSIONS.has(key)) {
    if (body === null) return 'measured from the body pose, and no pose model ran';
    if (!trustedPose(body, faces, size.width, size.height)) return `measured from the body pose, and no person's body was found (${body.evidence})`;
    return 'measured from the body pose, which shows neither the legs nor the shoulders and ears squarely enough';
  }
  if (FACE_DIMENSIONS.has(key)) {
    if (faces === null) return 'measured on the main face, and no face detector ran';
    if (SKIN_DIMENSIONS.has(key) && faces.length > 0) {
      return key === 'facial_skin_tone'
        ? "measured on the main face's cheek and nose skin, which has no colour to judge (black-and-white) or too few usable pixels"
        : "measured on the main face's cheek and nose skin, which has too few usable pixels (deep shadow or blown out)";
    }
    return key === 'composition' || key === 'background' ? "measured on the main face or the person's body, and neither was found" : 'measured on the main face, and no face was found';
  }
  if (key === 'expression_mood') {
    return 'no licence-clean expression model ships with the app (emotion-from-face models are excluded): the AI pack scores it';
  }
  return 'needs semantic understanding of the picture: the AI pack scores it';
}

/** Everything the embedded level can say about an image, each value with its reasons. */
export async function embeddedLevel(input: {
  working: RawImage;
  quality: QualityResult;
  source: SourceInfo;
  faces: DetectedFace[] | null;
  content: ContentRating;
  /** The content model's pooled activations, then the object detector's (image-quality.ts appearanceInputs); null or absent when the content model did not run. */
  appearance?: number[] | null;
  /** The body analyzer's report; null or absent when it did not run. */
  body?: BodyReport | null;
  /** Object detection's report (people, animals, indoor/outdoor cues); null or absent when it did not run. */
  objects?: ObjectReport | null;
}): Promise<EmbeddedLevel> {
  const { working, quality, source, faces, content } = input;
  const body = input.body ?? null;
  const scale = working.width / quality.width;
  const main = faces && faces.length ? faces.reduce((best, face) => (face.box.width * face.box.height > best.box.width * best.box.height ? face : best)) : null;
  const [face, background] = await Promise.all([
    main ? measureFace(working, main.box, scale) : Promise.resolve(null),
    // The person mask is the better subject (hair, body, clothes); the face boxes stand in without it.
    body?.mask && trustedPose(body, faces, quality.width, quality.height)
      ? measureBackgroundOutside(working, body.mask)
      : faces && faces.length
        ? measureBackground(working, faces.map((entry) => entry.box), scale)
        : Promise.resolve(null),
  ]);

  const dimensions = embeddedDimensions({ quality, faces, face, background, body });
  dimensions.color_harmony = colourHarmony(working);
  // The whole-photo estimate needs the focus measures; results from before them score without it.
  const scoreVerdict = technicalScore(dimensions, quality.issues, quality.focus ? predictImageQuality(quality, input.appearance ?? null) : null);
  const framing = framingTag(body, faces, quality.width, quality.height);
  const tags = measuredTags(quality, faces, [...(framing ? [framing] : []), ...(input.objects ? objectTags(input.objects) : [])]);
  const gate = portfolioGate(scoreVerdict.score, quality, faces ? faces.length : null, content);
  const origin = provenance(source, quality);

  const dimensionScores = Object.fromEntries(DIMENSION_KEYS.map((key) => [key, dimensions[key]?.value ?? null])) as DimensionScores;
  const unavailable = DIMENSION_KEYS.filter((key) => dimensions[key] === undefined).map((key) => ({
    field: `dimension_scores.${key}`,
    reason: unavailableReason(key, faces, body, quality),
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
