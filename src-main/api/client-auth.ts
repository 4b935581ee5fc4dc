import type { FastifyRequest, onRequestHookHandler } from 'fastify';
import type { ApiClientRecord, ApiClients } from '../engine/catalog/api-clients.repo.js';
import { ApiError } from './api-errors.js';
import type { RateLimiter } from './rate-limiter.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The client whose bearer token came with the request; set by `bearerAuth` on secured routes. */
    apiClient: ApiClientRecord | null;
  }
}

const UNAUTHORIZED_HEADERS = { 'www-authenticate': 'Bearer realm="culler"' };

const REASONS = {
  unknown: 'the bearer token is not valid',
  expired: 'the bearer token has expired; ask /api/v1/token for a new one',
  revoked: 'the bearer token was revoked',
} as const;

/**
 * Runs before the body is read: an unauthenticated or over-limit caller is answered without the
 * server taking in a byte of its upload.
 */
export function bearerAuth(clients: ApiClients, limiter: RateLimiter): onRequestHookHandler {
  return async (request) => {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(request.headers.authorization ?? '');
    if (!match) throw new ApiError('unauthorized', 'send `Authorization: Bearer <access_token>` (POST /api/v1/token gives one)', UNAUTHORIZED_HEADERS);
    const found = clients.clientForToken(match[1]!);
    if (!found.ok) throw new ApiError('unauthorized', REASONS[found.reason], { 'www-authenticate': `Bearer realm="culler", error="invalid_token"` });
    const decision = limiter.take(found.client.clientId, found.client.requestsPerMinute);
    if (!decision.allowed) {
      throw new ApiError('rate_limited', `more than ${found.client.requestsPerMinute} requests a minute`, { 'retry-after': String(decision.retryAfterSeconds) });
    }
    request.apiClient = found.client;
  };
}

export function authenticatedClient(request: FastifyRequest): ApiClientRecord {
  if (!request.apiClient) throw new ApiError('internal_error', 'a secured route ran without bearerAuth');
  return request.apiClient;
}

/**
 * Takes `count` images from the client's quota or answers 422; returns the reservation, which the
 * caller settles with what it did not use (a server killed first has it given back at next start).
 */
export function reserveQuota(clients: ApiClients, client: ApiClientRecord, count: number): number {
  const reservation = clients.reserveTracked(client.clientId, count);
  if (reservation !== null) return reservation;
  const usage = clients.usage(client.clientId);
  throw new ApiError('quota_exhausted', `this request needs ${count} image(s) of quota; ${usage?.remaining ?? 0} of ${usage?.limit ?? 0} remain`);
}
