import { z } from 'zod';
import { DIMENSION_KEYS, QUALITY_ISSUES } from '../../src-preload/contract/rating-result.js';

/**
 * The rating result as a schema, for the OpenAPI document only: the engine produces the value
 * (typed by the contract's `RatingResult`), the API never parses it. The RATING.md fields are
 * spelled out; objects stay open because fields may be added, never renamed or dropped.
 */
const unit = z.number().min(0).max(1);
const nullable = <T extends z.ZodType>(schema: T) => schema.nullable();

export const dimensionScoresSchema = z.looseObject(
  Object.fromEntries(DIMENSION_KEYS.map((key) => [key, nullable(z.number().min(0).max(10))])) as Record<(typeof DIMENSION_KEYS)[number], z.ZodNullable<z.ZodNumber>>,
);

export const ratingResultSchema = z
  .looseObject({
    rating: nullable(z.enum(['Low', 'Medium', 'High'])).describe('class of `score`'),
    score: nullable(z.number().min(0).max(100)),
    tags: nullable(z.array(z.object({ tag: z.string(), confidence: unit })).max(7)),
    content_rating: z.looseObject({
      level: nullable(z.enum(['safe', 'revealing', 'suggestive', 'nsfw'])),
      detail: z.string(),
      safe_for_portfolio: nullable(z.boolean()),
      content_rating_conflict: nullable(z.boolean()).describe('true when the two independent content classifiers disagree'),
    }),
    quality: z.looseObject({
      width: z.int(),
      height: z.int(),
      sharpness: z.number().describe('99th-percentile sharpness measure (higher = sharper)'),
      issues: z.array(z.enum(QUALITY_ISSUES)),
      is_acceptable: z.boolean(),
    }),
    rejected: nullable(z.boolean()),
    is_original: nullable(z.boolean()),
    portfolio_prob: nullable(unit),
    image_hash: z.string().regex(/^[0-9a-f]{64}$/).describe("SHA-256 of the file's bytes, hex"),
    needs_review: nullable(z.boolean()),
    review_reason: nullable(z.string()),
    face_count: nullable(z.int().min(0)),
    face_confidence: nullable(unit),
    dimension_scores: dimensionScoresSchema,
    analyzers: z.array(z.looseObject({ id: z.string(), version: z.string(), level: z.enum(['embedded', 'ai_pack']), model: nullable(z.string()) })),
    unavailable: z.array(z.object({ field: z.string(), reason: z.string() })).describe('fields left null, and why'),
    cached: z.boolean().describe('answered from the catalog without decoding again'),
  })
  .describe('The rating result, the same object `culler rate --json` prints (docs/rating-result.md)');
