import { createRequire } from 'node:module';
import multipart from '@fastify/multipart';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { ApiClients } from '../engine/catalog/api-clients.repo.js';
import type { CullingEngine } from '../engine/engine.js';
import { registerAccountRoutes, registerTokenRoute } from './account-routes.js';
import type { ApiContext } from './api-context.js';
import { ApiError, fromFrameworkError } from './api-errors.js';
import { resolveApiOptions, type RatingApiOptionsInput } from './api-options.js';
import { bearerAuth } from './client-auth.js';
import { registerDocsPages } from './docs-pages.js';
import { openApiDocument } from './openapi.js';
import { RateLimiter } from './rate-limiter.js';
import { TokenGuard } from './token-guard.js';
import { lingerThenClose } from './upload.js';
import { registerRatingRoutes } from './rating-routes.js';

export type { RatingApiOptions, RatingApiOptionsInput } from './api-options.js';

export const API_PREFIX = '/api/v1';

const appVersion = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

/**
 * The local rating API, mirroring the hosted services' /api/v1 (RATING.md), as an encapsulated
 * fastify plugin: its hooks, error handler and multipart parser stay under /api/v1, so the same
 * server can also serve the desktop UI's routes.
 */
export async function registerRatingApi(app: FastifyInstance, deps: { engine: CullingEngine; options?: RatingApiOptionsInput }): Promise<void> {
  const options = resolveApiOptions(deps.engine, deps.options);
  await app.register(
    async (api) => {
      // Quota a killed server reserved for requests it never finished goes back before any new request.
      new ApiClients(deps.engine.catalog.database).reclaimAbandoned();
      const context: ApiContext = {
        engine: deps.engine,
        clients: new ApiClients(deps.engine.catalog.database),
        limiter: new RateLimiter(),
        options,
        tokenGuard: new TokenGuard(),
      };
      api.decorateRequest('apiClient', null);

      api.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
        const apiError = error instanceof ApiError ? error : fromFrameworkError(error);
        if (apiError.status >= 500) request.log.error({ err: error }, 'rating API failure');
        // A refused upload is not read to its end (see lingerThenClose).
        if (!request.raw.complete) lingerThenClose(request.raw, reply.raw);
        return reply.code(apiError.status).headers(apiError.headers).send(apiError.body());
      });
      const notFound = (request: FastifyRequest, reply: FastifyReply) => {
        const error = new ApiError('not_found', `no route ${request.method} ${request.url.split('?')[0]}`);
        return reply.code(error.status).send(error.body());
      };
      api.setNotFoundHandler(notFound);
      // Beside the browser UI (culler serve), its static files answer every other GET: without these
      // a GET of an unknown /api/v1 route got the UI's text 401 instead of the API's JSON 404.
      // `notFoundCatchAll` marks them as no part of the documented API (see api-docs.test.ts).
      for (const url of ['/', '/*']) api.route({ method: ['GET', 'HEAD'], url, handler: notFound, config: { notFoundCatchAll: true } as object });

      await api.register(multipart, { throwFileSizeLimit: true, limits: { fileSize: options.maxUploadBytes, files: 1 } });

      registerTokenRoute(api, context);
      registerDocsPages(api, openApiDocument(appVersion));
      await api.register(async (secured) => {
        secured.addHook('onRequest', bearerAuth(context.clients, context.limiter));
        registerRatingRoutes(secured, context);
        registerAccountRoutes(secured, context);
      });
    },
    { prefix: API_PREFIX },
  );
}

export type ApiServer = { url: string; close(): Promise<void> };

/** The API on its own server, for the desktop app's settings switch (and `culler serve`). */
export async function startApiServer(input: {
  engine: CullingEngine;
  host?: string;
  port?: number;
  options?: RatingApiOptionsInput;
}): Promise<ApiServer> {
  const host = input.host ?? '127.0.0.1';
  const app = Fastify({
    logger: false,
    // Slow clients cannot hold sockets forever, and close() does not wait for idle keep-alives.
    requestTimeout: 120_000,
    // Node 20 honours it only when given to http.createServer (see server/local-server.ts).
    http: { requestTimeout: 120_000, connectionsCheckingInterval: 30_000 },
    forceCloseConnections: true,
  });
  await registerRatingApi(app, { engine: input.engine, options: input.options });
  await app.listen({ host, port: input.port ?? 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : input.port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return { url: `http://${shownHost}:${port}`, close: () => app.close() };
}

