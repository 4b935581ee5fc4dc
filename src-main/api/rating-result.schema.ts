import { z } from 'zod';
import { DIMENSION_KEYS, QUALITY_ISSUES, SHOOT_PROFILES } from '../../src-preload/contract/rating-result.js';

/**
 * The rating result as a schema, for the OpenAPI document only: the engine produces the value
 * (typed by the contract's `RatingResult`), the API never parses it. The RATING.md fields are
 * spelled out; objects stay open because fields may be added, never renamed or dropped.
 */
const unit = z.number().min(0).max(1);
/** A nullable field, documented with when and why it is null (every one of them). */
const nullable = <T extends z.ZodType>(schema: T, whenNull: string) => schema.nullable().describe(`null ${whenNull}`);
const NO_SCORER = 'when no scoring analyzer ran (see `unavailable`)';

export const dimensionScoresSchema = z.looseObject(
  Object.fromEntries(
    DIMENSION_KEYS.map((key) => [key, nullable(z.number().min(0).max(10), 'when nothing installed measures this dimension (face dimensions without a face, semantic ones without the AI pack); `unavailable` gives the reason')]),
  ) as Record<(typeof DIMENSION_KEYS)[number], z.ZodNullable<z.ZodNumber>>,
);

/** The burst a photo belongs to: an addition to the hosted shape, null when the photo is in none. */
export const resultGroupSchema = nullable(
  z
    .object({
      id: z.int().describe('the group, as the library numbers it (the same id in the app and in later answers while the group stands)'),
      size: z.int().min(2).describe('frames in the group'),
      rank: z.int().min(1).describe('1 = the best frame of the group'),
      best: z.boolean().describe("whether this frame is the group's pick"),
      reason: z.string().describe('one sentence: why the best frame is best, e.g. "Frame 2: sharpest eyes; frame 3 blinks."'),
    })
    .describe('near-identical frames (a burst) of the library, ranked from the best'),
  'when the photo is in no burst of two or more frames of the library: bytes rated on their own by /rate or /rate-url have no folder to be grouped with, so the group is that of the library photo with the same bytes (same image_hash); null when no library photo has them, when the library has not been grouped yet, or when the photo stands alone there. `unavailable` (field `group`) says which',
);

export const ratingResultSchema = z
  .looseObject({
    rating: nullable(z.enum(['Low', 'Medium', 'High']), `${NO_SCORER}; otherwise the class of \`score\``),
    score: nullable(z.number().min(0).max(100), NO_SCORER),
    tags: nullable(z.array(z.object({ tag: z.string(), confidence: unit })).max(7), 'when no tagger ran'),
    content_rating: z.looseObject({
      level: nullable(z.enum(['safe', 'revealing', 'suggestive', 'nsfw']), 'when no content classifier is installed or it failed on this image'),
      detail: z.string(),
      safe_for_portfolio: nullable(z.boolean(), 'when no content classifier is installed or it failed on this image'),
      content_rating_conflict: nullable(z.boolean(), 'unless two independent content classifiers ran (the embedded one and the AI pack\'s); then true when they disagree'),
    }),
    quality: z.looseObject({
      width: z.int(),
      height: z.int(),
      sharpness: z.number().describe('99th-percentile sharpness measure (higher = sharper)'),
      issues: z.array(z.enum(QUALITY_ISSUES)),
      is_acceptable: z.boolean(),
    }),
    rejected: nullable(z.boolean(), 'when no portfolio gate ran'),
    is_original: nullable(z.boolean(), 'when the evidence is thin (no camera EXIF and no sign of a copy); `why.is_original` says which'),
    portfolio_prob: nullable(unit, 'when no portfolio gate ran'),
    image_hash: z.string().regex(/^[0-9a-f]{64}$/).describe("SHA-256 of the file's bytes, hex"),
    needs_review: nullable(z.boolean(), 'when no portfolio gate ran'),
    review_reason: nullable(z.string(), 'when the photo does not need review (or no portfolio gate ran)'),
    face_count: nullable(z.int().min(0), 'when no face detector is installed or it failed on this image; 0 means it ran and found none'),
    face_confidence: nullable(unit, 'when no face was found or no face detector ran'),
    dimension_scores: dimensionScoresSchema,
    analyzers: z.array(z.looseObject({ id: z.string(), version: z.string(), level: z.enum(['embedded', 'ai_pack']), model: nullable(z.string(), 'for analyzers that use no model (pixel measures)') })),
    unavailable: z.array(z.object({ field: z.string(), reason: z.string() })).describe('fields left null, and why'),
    why: z
      .looseObject({
        profile: z
          .looseObject({ id: z.enum(SHOOT_PROFILES), label: z.string(), rules: z.array(z.string()).describe('what sends a photo to review under it, and how the score weighs') })
          .describe('the shoot profile that judged this result (the request\'s `profile`, else portfolio)'),
      })
      .describe('the reasons behind each value: formulas, measures, review reasons, the judging profile'),
    cached: z.boolean().describe('answered from the catalog without decoding again'),
    group: resultGroupSchema,
  })
  .describe('The rating result, the same object `culler rate --json` prints (docs/rating-result.md)');
