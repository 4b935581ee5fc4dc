import type { z } from 'zod';
import type { ApiClients } from '../engine/catalog/api-clients.repo.js';
import type { CullingEngine } from '../engine/engine.js';
import type { EngineErrorInfo } from '../engine/errors.js';
import { ApiError } from './api-errors.js';
import { issuesText } from './api-schemas.js';
import type { RatingApiOptions } from './api-options.js';
import type { RateLimiter } from './rate-limiter.js';
import type { TokenGuard } from './token-guard.js';

/** What every route of the API works with. */
export type ApiContext = {
  engine: CullingEngine;
  clients: ApiClients;
  limiter: RateLimiter;
  options: RatingApiOptions;
  /** Paces the slow secret checks of POST /token. */
  tokenGuard: TokenGuard;
};

/** Validation at the door: a body that does not match is a 400 naming every problem. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ApiError('validation_error', issuesText(parsed.error));
  return parsed.data;
}

export function fromEngineError(error: EngineErrorInfo): ApiError {
  return new ApiError(error.code, error.message);
}
