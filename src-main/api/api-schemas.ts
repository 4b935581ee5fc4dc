import { z } from 'zod';
import { DIMENSION_KEYS, SHOOT_PROFILES } from '../../src-preload/contract/rating-result.js';
import { scaleLevelSchema } from '../engine/scales/custom-scale.js';
import { API_ERROR_STATUS } from './api-errors.js';
import { ratingResultSchema, resultGroupSchema } from './rating-result.schema.js';

/**
 * Every body the API accepts and answers, as zod schemas: the same objects validate requests at
 * the door and generate the OpenAPI document (openapi.ts), so the two cannot drift apart.
 */
export const tokenRequestSchema = z.strictObject({
  grant_type: z
    .literal('client_credentials')
    .optional()
    .describe('OAuth 2.0 client credentials grant; required when the body is form-encoded (application/x-www-form-urlencoded), optional in JSON'),
  client_id: z.string().min(1).max(200).optional().describe('required unless sent with HTTP Basic authentication'),
  client_secret: z.string().min(1).max(200).optional().describe('required unless sent with HTTP Basic authentication'),
});

export const tokenResponseSchema = z.object({
  access_token: z.string(),
  token_type: z.literal('bearer'),
  expires_in: z.int().describe('seconds until the token expires'),
});

// Any absolute URL passes the door; the fetcher refuses other schemes with its own typed code, so
// one bad URL in a batch is that entry's error and not the whole batch's.
const httpUrl = z.url().max(2048);

/** The shoot profile a request is judged under; the hosted services' judgement (`portfolio`) when absent. */
export const profileSchema = z
  .enum(SHOOT_PROFILES)
  .describe(
    'shoot profile that judges the photo (what goes to review, how the score weighs): portfolio (portrait/fashion, the default, as the hosted services judge), wedding (wedding/event) or landscape (landscape/other: no face is no reason for review)',
  );

export const rateUrlRequestSchema = z.strictObject({
  url: httpUrl.describe('an http(s) URL of a JPEG, PNG, WebP, GIF, AVIF, TIFF or HEIC image'),
  profile: profileSchema.optional(),
});

/** Query of POST /rate and /rate-url: `?profile=` (the body's `profile` of /rate-url wins). */
export const rateQuerySchema = z.looseObject({ profile: profileSchema.optional() });

export const usageResponseSchema = z.object({
  used: z.int().min(0).describe('images rated so far'),
  limit: z.int().min(0).nullable().describe('images allowed in all; null = unlimited'),
  remaining: z.int().min(0).nullable(),
});

export const dimensionFeedbackSchema = z.strictObject(
  Object.fromEntries(DIMENSION_KEYS.map((key) => [key, z.number().min(0).max(10).optional()])) as Record<(typeof DIMENSION_KEYS)[number], z.ZodOptional<z.ZodNumber>>,
);

export const feedbackRequestSchema = z
  .strictObject({
    image_hash: z.string().regex(/^[0-9a-fA-F]{64}$/, 'a SHA-256 in hex, as `image_hash` of a result'),
    user_score: z.number().min(0).max(100).optional().describe('your score on the 0–100 scale of `score`'),
    dimension_feedback: dimensionFeedbackSchema.optional().describe('your scores, 0–10, for any of the 18 dimensions'),
    thumbs: z.union([z.literal(-1), z.literal(1)]).optional(),
  })
  .refine((body) => body.user_score !== undefined || body.dimension_feedback !== undefined || body.thumbs !== undefined, {
    message: 'give user_score, dimension_feedback or thumbs',
  });

export const feedbackResponseSchema = z.object({
  feedback_id: z.int(),
  image_hash: z.string(),
  created_at: z.string(),
});

export const rateBatchRequestSchema = z.strictObject({
  urls: z.array(httpUrl).min(1).max(10),
  levels: z
    .array(scaleLevelSchema)
    .min(2)
    .max(7)
    .refine((levels) => new Set(levels.map((level) => level.value)).size === levels.length, 'each level value must be unique')
    .optional()
    .describe('your scale, 2–7 levels; without it the scale is sfw / nsfw'),
});

export const batchEntrySchema = z.union([
  z.object({
    url: z.string(),
    rating: z.string().describe("the chosen level's value"),
    levels: z.array(z.object({ value: z.string(), probability: z.number().min(0).max(1) })),
    method: z.enum(['embedded_content', 'ai_pack_zero_shot']),
    group: resultGroupSchema,
  }),
  z.object({ url: z.string(), error_code: z.string(), message: z.string() }),
]);

export const rateBatchResponseSchema = z.object({
  taskId: z.string(),
  results: z.array(batchEntrySchema).describe('one entry per url, in order'),
});

export const errorBodySchema = z.object({
  error_code: z.enum(Object.keys(API_ERROR_STATUS) as [keyof typeof API_ERROR_STATUS, ...Array<keyof typeof API_ERROR_STATUS>]),
  message: z.string(),
});

export { ratingResultSchema };

/** A zod error as one line for a `validation_error` message. */
export function issuesText(error: z.ZodError): string {
  return z.prettifyError(error).replace(/\n/g, '; ');
}
