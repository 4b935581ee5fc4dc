import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ApiError } from './api-errors.js';

/**
 * Swagger UI at /docs and ReDoc at /redoc, served from the npm packages on this machine: the docs
 * work offline, and every script is a file under 'self' so a strict CSP holds (no inline script,
 * no CDN).
 */
const require = createRequire(import.meta.url);
const swaggerDir = path.dirname(require.resolve('swagger-ui-dist/package.json'));
const redocDir = path.dirname(require.resolve('redoc/package.json'));
const ownDir = path.join(import.meta.dirname, 'docs-assets');

/** The only files served, by name: nothing else on disk is reachable through this route. */
const ASSETS: Record<string, { file: string; type: string }> = {
  'swagger-ui.css': { file: path.join(swaggerDir, 'swagger-ui.css'), type: 'text/css; charset=utf-8' },
  'swagger-ui-bundle.js': { file: path.join(swaggerDir, 'swagger-ui-bundle.js'), type: 'text/javascript; charset=utf-8' },
  'favicon-32x32.png': { file: path.join(swaggerDir, 'favicon-32x32.png'), type: 'image/png' },
  'redoc.standalone.js': { file: path.join(redocDir, 'bundles', 'redoc.standalone.js'), type: 'text/javascript; charset=utf-8' },
  'swagger-init.js': { file: path.join(ownDir, 'swagger-init.js'), type: 'text/javascript; charset=utf-8' },
  'redoc-init.js': { file: path.join(ownDir, 'redoc-init.js'), type: 'text/javascript; charset=utf-8' },
};

// Both UIs set styles from script (style-src needs 'unsafe-inline'); ReDoc runs its search in a
// worker made from a blob. Scripts come from this server only.
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const page = (title: string, head: string, body: string): string => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="icon" type="image/png" href="./docs/assets/favicon-32x32.png">
${head}
</head>
<body>
${body}
</body>
</html>
`;

const SWAGGER_PAGE = page(
  'culler local API — Swagger UI',
  '<link rel="stylesheet" href="./docs/assets/swagger-ui.css">',
  '<div id="swagger-ui"></div>\n<script src="./docs/assets/swagger-ui-bundle.js"></script>\n<script src="./docs/assets/swagger-init.js"></script>',
);

const REDOC_PAGE = page(
  'culler local API — ReDoc',
  '',
  '<div id="redoc"></div>\n<script src="./docs/assets/redoc.standalone.js"></script>\n<script src="./docs/assets/redoc-init.js"></script>',
);

export function registerDocsPages(api: FastifyInstance, document: object): void {
  const html = (body: string) => async (_request: unknown, reply: FastifyReply) =>
    reply.type('text/html; charset=utf-8').header('content-security-policy', DOCS_CSP).header('x-content-type-options', 'nosniff').send(body);

  api.get('/openapi.json', async () => document);
  api.get('/docs', html(SWAGGER_PAGE));
  api.get('/redoc', html(REDOC_PAGE));
  api.get<{ Params: { name: string } }>('/docs/assets/:name', async (request, reply) => {
    const asset = Object.hasOwn(ASSETS, request.params.name) ? ASSETS[request.params.name]! : null;
    if (!asset) throw new ApiError('not_found', `no docs asset ${request.params.name}`);
    return reply.type(asset.type).header('cache-control', 'public, max-age=3600').header('x-content-type-options', 'nosniff').send(createReadStream(asset.file));
  });
}
