import type { FastifyInstance } from 'fastify';
import { ApiError } from './api-errors.js';
import { parseBody, type ApiContext } from './api-context.js';
import { feedbackRequestSchema, tokenRequestSchema } from './api-schemas.js';
import { authenticatedClient } from './client-auth.js';

/** POST /token: client credentials in, a bearer token out. Needs no token itself. */
export function registerTokenRoute(api: FastifyInstance, context: ApiContext): void {
  const { clients, options } = context;
  api.post('/token', { bodyLimit: options.maxJsonBytes }, async (request) => {
    const { client_id, client_secret } = parseBody(tokenRequestSchema, request.body);
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
