import type { FastifyInstance } from 'fastify';
import { ApiError } from './api-errors.js';
import { parseBody, type ApiContext } from './api-context.js';
import { feedbackRequestSchema, tokenRequestSchema } from './api-schemas.js';
import { authenticatedClient } from './client-auth.js';

/** Client id and secret from an `Authorization: Basic` header (RFC 6749 §2.3.1: each form-encoded). */
function basicCredentials(header: string | undefined): { client_id: string; client_secret: string } | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw new ApiError('unauthorized', 'HTTP Basic credentials must be client_id:client_secret');
  const part = (value: string): string => decodeURIComponent(value.replace(/\+/g, ' '));
  return { client_id: part(decoded.slice(0, colon)), client_secret: part(decoded.slice(colon + 1)) };
}

/**
 * POST /token: client credentials in, a bearer token out. Needs no token itself. Takes the JSON
 * body the hosted service documents, and the standard OAuth 2.0 client-credentials request
 * (form-encoded `grant_type=client_credentials`, the id and secret in the body or HTTP Basic), so
 * standard OAuth libraries work.
 */
export function registerTokenRoute(api: FastifyInstance, context: ApiContext): void {
  const { clients, options } = context;
  api.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: options.maxJsonBytes }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  api.post('/token', { bodyLimit: options.maxJsonBytes }, async (request) => {
    const form = /^application\/x-www-form-urlencoded/i.test(request.headers['content-type'] ?? '');
    const body = parseBody(tokenRequestSchema, request.body ?? {});
    if (form && body.grant_type !== 'client_credentials') throw new ApiError('validation_error', 'grant_type must be client_credentials');
    const basic = basicCredentials(request.headers.authorization);
    const client_id = basic?.client_id ?? body.client_id;
    const client_secret = basic?.client_secret ?? body.client_secret;
    if (!client_id || !client_secret) throw new ApiError('validation_error', 'client_id and client_secret are required, in the body or with HTTP Basic authentication');
    // The slow scrypt check runs only when this client id and address are not waiting (token-guard.ts).
    const client = await context.tokenGuard.guard(client_id, request.ip, () => clients.verifySecret(client_id, client_secret));
    if (!client) throw new ApiError('unauthorized', 'unknown client, wrong secret, or a revoked client');
    const { token } = clients.issueToken(client.clientId, options.tokenTtlMs);
    return { access_token: token, token_type: 'bearer', expires_in: Math.floor(options.tokenTtlMs / 1000) };
  });
}

/** GET /usage and POST /feedback, both for the client behind the token. */
export function registerAccountRoutes(api: FastifyInstance, context: ApiContext): void {
  const { engine, clients, options } = context;

  api.get('/usage', async (request) => {
    const client = authenticatedClient(request);
    const usage = clients.usage(client.clientId);
    if (!usage) throw new ApiError('unauthorized', 'the client no longer exists');
    return usage;
  });

  api.post('/feedback', { bodyLimit: options.maxJsonBytes }, async (request) => {
    const client = authenticatedClient(request);
    const body = parseBody(feedbackRequestSchema, request.body);
    const imageHash = body.image_hash.toLowerCase();
    if (!clients.knowsImage(imageHash)) throw new ApiError('not_found', `no rated image has the hash ${imageHash}; rate it first`);
    // The same table the desktop review queue writes, so learning from feedback sees both.
    const stored = engine.catalog.addFeedback({
      imageHash,
      source: 'api',
      clientId: client.clientId,
      thumbs: body.thumbs ?? null,
      userScore: body.user_score ?? null,
      dimensionFeedback: body.dimension_feedback ?? null,
    });
    return { feedback_id: stored.id, image_hash: stored.imageHash, created_at: stored.createdAt };
  });
}
