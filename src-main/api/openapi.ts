import { z } from 'zod';
import { API_ERROR_STATUS, type ApiErrorCode } from './api-errors.js';
import {
  errorBodySchema,
  feedbackRequestSchema,
  feedbackResponseSchema,
  profileSchema,
  rateBatchRequestSchema,
  rateBatchResponseSchema,
  rateUrlRequestSchema,
  ratingResultSchema,
  tokenRequestSchema,
  tokenResponseSchema,
  usageResponseSchema,
} from './api-schemas.js';

/** One operation of the document: which schemas validate its body and describe its answer. */
type Operation = {
  method: 'get' | 'post';
  path: string;
  summary: string;
  tag: 'auth' | 'rating' | 'account' | 'docs';
  secured: boolean;
  /** `form`: the same schema is also accepted form-encoded (the OAuth 2.0 token request). */
  body?: { json: string; form?: true } | { multipart: true };
  response: { json: string } | { html: true };
  errors: ApiErrorCode[];
  /** Query parameters, each described by the schema that validates it. */
  query?: Array<{ name: string; schema: z.ZodType }>;
};

const SCHEMAS = {
  TokenRequest: tokenRequestSchema,
  TokenResponse: tokenResponseSchema,
  RateUrlRequest: rateUrlRequestSchema,
  RatingResult: ratingResultSchema,
  UsageResponse: usageResponseSchema,
  FeedbackRequest: feedbackRequestSchema,
  FeedbackResponse: feedbackResponseSchema,
  RateBatchRequest: rateBatchRequestSchema,
  RateBatchResponse: rateBatchResponseSchema,
  Error: errorBodySchema,
};

const SECURED = ['unauthorized', 'rate_limited'] as const;
const DECODE = ['unsupported_format', 'corrupt_image', 'empty_file', 'too_many_pixels', 'decode_timeout', 'raw_preview_too_small', 'raw_no_preview', 'exiftool_unavailable'] as const;
/** The server's own disk: a full disk is 507, so a client knows to retry later, not to fix its request. */
const STORAGE = ['disk_full'] as const;
const FETCH = ['url_scheme_not_allowed', 'url_blocked_address', 'url_unresolvable', 'url_fetch_failed', 'url_timeout', 'url_too_many_redirects'] as const;

export const OPERATIONS: Operation[] = [
  { method: 'post', path: '/token', summary: 'Exchange client credentials for a bearer token', tag: 'auth', secured: false, body: { json: 'TokenRequest', form: true }, response: { json: 'TokenResponse' }, errors: ['validation_error', 'unauthorized', 'rate_limited'] },
  { method: 'post', path: '/rate', summary: 'Rate an uploaded photo (multipart field `file`, up to 25 MB)', tag: 'rating', secured: true, body: { multipart: true }, response: { json: 'RatingResult' }, errors: [...SECURED, 'validation_error', 'file_too_large', 'unsupported_media_type', 'quota_exhausted', ...DECODE, ...STORAGE], query: [{ name: 'profile', schema: profileSchema }] },
  { method: 'post', path: '/rate-url', summary: 'Rate the photo at a public http(s) URL', tag: 'rating', secured: true, body: { json: 'RateUrlRequest' }, response: { json: 'RatingResult' }, errors: [...SECURED, 'validation_error', 'file_too_large', 'quota_exhausted', ...FETCH, ...DECODE, ...STORAGE], query: [{ name: 'profile', schema: profileSchema }] },
  { method: 'post', path: '/rate-batch', summary: 'Rate 1–10 URLs on your own scale (default sfw / nsfw)', tag: 'rating', secured: true, body: { json: 'RateBatchRequest' }, response: { json: 'RateBatchResponse' }, errors: [...SECURED, 'validation_error', 'quota_exhausted', ...STORAGE] },
  { method: 'get', path: '/usage', summary: 'Images rated by this client, its limit and what remains', tag: 'account', secured: true, response: { json: 'UsageResponse' }, errors: [...SECURED] },
  { method: 'post', path: '/feedback', summary: 'Your score for a rated image, kept with the desktop review feedback', tag: 'account', secured: true, body: { json: 'FeedbackRequest' }, response: { json: 'FeedbackResponse' }, errors: [...SECURED, 'validation_error', 'not_found'] },
  { method: 'get', path: '/openapi.json', summary: 'This document', tag: 'docs', secured: false, response: { json: '' }, errors: [] },
  { method: 'get', path: '/docs', summary: 'Swagger UI', tag: 'docs', secured: false, response: { html: true }, errors: [] },
  { method: 'get', path: '/redoc', summary: 'ReDoc', tag: 'docs', secured: false, response: { html: true }, errors: [] },
];

const ref = (name: string): object => ({ $ref: `#/components/schemas/${name}` });

function componentSchemas(): Record<string, object> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(SCHEMAS)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { uri: (id) => `#/components/schemas/${id}` });
  // OpenAPI 3.1 schemas are JSON Schema 2020-12 already; the per-schema $schema / $id are noise there.
  return Object.fromEntries(Object.entries(schemas).map(([id, schema]) => {
    const { $schema: _schema, $id: _id, ...rest } = schema as Record<string, unknown>;
    return [id, rest];
  }));
}

function operationObject(operation: Operation): object {
  const responses: Record<string, object> = {
    '200': 'html' in operation.response
      ? { description: 'an HTML page', content: { 'text/html': { schema: { type: 'string' } } } }
      : { description: 'success', content: { 'application/json': { schema: operation.response.json ? ref(operation.response.json) : { type: 'object' } } } },
  };
  const byStatus = new Map<number, ApiErrorCode[]>();
  for (const code of operation.errors) byStatus.set(API_ERROR_STATUS[code], [...(byStatus.get(API_ERROR_STATUS[code]) ?? []), code]);
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses[String(status)] = {
      description: `error_code: ${codes.join(', ')}`,
      ...(status === 429 ? { headers: { 'Retry-After': { description: 'seconds to wait', schema: { type: 'integer' } } } } : {}),
      content: { 'application/json': { schema: ref('Error') } },
    };
  }
  const body = operation.body
    ? 'json' in operation.body
      ? {
          required: true,
          content: {
            'application/json': { schema: ref(operation.body.json) },
            ...(operation.body.form ? { 'application/x-www-form-urlencoded': { schema: ref(operation.body.json) } } : {}),
          },
        }
      : {
          required: true,
          content: {
            'multipart/form-data': {
              schema: {
                type: 'object',
                required: ['file'],
                properties: { file: { type: 'string', format: 'binary', contentMediaType: 'application/octet-stream', description: 'JPEG, PNG, WebP, GIF, AVIF, TIFF or HEIC/HEIF' } },
              },
            },
          },
        }
    : undefined;
  return {
    operationId: `${operation.method}${operation.path.replace(/[^a-z]+(.)?/g, (_, next: string | undefined) => (next ?? '').toUpperCase())}`,
    summary: operation.summary,
    tags: [operation.tag],
    ...(operation.secured ? { security: [{ bearerAuth: [] }] } : { security: [] }),
    ...(body ? { requestBody: body } : {}),
    ...(operation.query
      ? {
          parameters: operation.query.map(({ name, schema }) => {
            const { $schema: _schema, description, ...rest } = z.toJSONSchema(schema) as Record<string, unknown>;
            return { name, in: 'query', required: false, description, schema: rest };
          }),
        }
      : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document of the local API, generated from the schemas that validate it. */
export function openApiDocument(version: string): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const operation of OPERATIONS) (paths[operation.path] ??= {})[operation.method] = operationObject(operation);
  return {
    openapi: '3.1.0',
    info: {
      title: 'culler local rating API',
      version,
      description: 'The hosted rating services’ API, served by culler on this machine. Get a client with `culler clients add <name>`.',
    },
    servers: [{ url: '/api/v1' }],
    tags: [{ name: 'auth' }, { name: 'rating' }, { name: 'account' }, { name: 'docs' }],
    paths,
    components: {
      schemas: componentSchemas(),
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'a token from POST /api/v1/token' } },
    },
  };
}
