import { createHash, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { RatingResult } from '../../src-preload/contract/rating-result.js';
import { GroupsRepo } from '../engine/catalog/groups.repo.js';
import { libraryGroupOfImage } from '../engine/grouping/library-group.js';
import { ApiError } from './api-errors.js';
import { parseBody, fromEngineError, type ApiContext } from './api-context.js';
import { rateBatchRequestSchema, rateQuerySchema, rateUrlRequestSchema } from './api-schemas.js';
import { DEFAULT_SHOOT_PROFILE } from '../../src-preload/contract/rating-result.js';
import { authenticatedClient, reserveQuota } from './client-auth.js';
import { readUpload, refuseDeclaredOversize } from './upload.js';
import { fetchImageBytes } from './url-fetch/safe-fetch.js';

/**
 * The rating endpoints. Each reserves quota before any work and gives back what was not rated, so
 * usage counts rated images only and concurrent requests cannot overdraw a quota.
 */
export function registerRatingRoutes(api: FastifyInstance, context: ApiContext): void {
  const { engine, clients, options } = context;
  const groups = new GroupsRepo(engine.catalog.database, engine.analysisKey);

  /**
   * The `group` field (an addition to the hosted shape): the burst of the library photo with these
   * bytes, or null with the reason in `unavailable` (an upload has no folder of its own).
   */
  function withGroup(result: RatingResult): RatingResult {
    const { group, whyNull } = libraryGroupOfImage(groups, result.image_hash);
    return { ...result, group, unavailable: whyNull === null ? result.unavailable : [...result.unavailable, { field: 'group', reason: whyNull }] };
  }

  /** Runs `work` with `count` images of quota reserved; returns how many were rated. */
  async function withQuota<T>(client: ReturnType<typeof authenticatedClient>, count: number, work: () => Promise<{ value: T; rated: number }>): Promise<T> {
    const reservation = reserveQuota(clients, client, count);
    let rated = 0;
    try {
      const outcome = await work();
      rated = outcome.rated;
      return outcome.value;
    } finally {
      clients.settle(reservation, count - rated);
    }
  }

  api.post('/rate', { onRequest: async (request) => refuseDeclaredOversize(request, options.maxUploadBytes) }, async (request) => {
    const client = authenticatedClient(request);
    // The hosted services judge as a portrait portfolio: so does this API unless a request asks otherwise.
    const profile = parseBody(rateQuerySchema, request.query).profile ?? DEFAULT_SHOOT_PROFILE;
    return withQuota(client, 1, async () => {
      const bytes = await readUpload(request, options.maxUploadBytes);
      const outcome = await engine.rateBytes(bytes, { profile });
      if (!outcome.ok) throw fromEngineError(outcome.error);
      return { value: { ...withGroup(engine.learning.apply(outcome.result)), cached: outcome.cached }, rated: 1 };
    });
  });

  api.post('/rate-url', { bodyLimit: options.maxJsonBytes }, async (request) => {
    const client = authenticatedClient(request);
    const { url, profile: bodyProfile } = parseBody(rateUrlRequestSchema, request.body);
    const profile = bodyProfile ?? parseBody(rateQuerySchema, request.query).profile ?? DEFAULT_SHOOT_PROFILE;
    return withQuota(client, 1, async () => {
      const fetched = await fetchImageBytes(url, options.urlFetch);
      if (!fetched.ok) throw new ApiError(fetched.error.code, fetched.error.message);
      const outcome = await engine.rateBytes(fetched.bytes, { profile });
      if (!outcome.ok) throw fromEngineError(outcome.error);
      return { value: { ...withGroup(engine.learning.apply(outcome.result)), cached: outcome.cached }, rated: 1 };
    });
  });

  api.post('/rate-batch', { bodyLimit: options.maxJsonBytes }, async (request) => {
    const client = authenticatedClient(request);
    const { urls, levels } = parseBody(rateBatchRequestSchema, request.body);
    return withQuota(client, urls.length, async () => {
      const results = new Array<object>(urls.length);
      let next = 0;
      let rated = 0;
      // A few at a time: each URL is a download and a rating; one failure is that entry's error only.
      const lane = async (): Promise<void> => {
        while (next < urls.length) {
          const index = next++;
          const url = urls[index]!;
          const fetched = await fetchImageBytes(url, options.urlFetch);
          if (!fetched.ok) {
            results[index] = { url, error_code: fetched.error.code, message: fetched.error.message };
            continue;
          }
          const outcome = await engine.rateOnScale(fetched.bytes, levels);
          if (!outcome.ok) {
            results[index] = { url, error_code: outcome.error.code, message: outcome.error.message };
            continue;
          }
          rated++;
          const imageHash = createHash('sha256').update(fetched.bytes).digest('hex');
          results[index] = { url, ...outcome.value, group: libraryGroupOfImage(groups, imageHash).group };
        }
      };
      await Promise.all(Array.from({ length: Math.min(options.batchConcurrency, urls.length) }, lane));
      return { value: { taskId: randomUUID(), results }, rated };
    });
  });
}
