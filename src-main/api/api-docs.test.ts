import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { useTestEngine } from '../../test-support/test-engine.js';
import { DOCS_CSP } from './docs-pages.js';
import { registerRatingApi } from './rating-api.js';
import { useApiServer } from './test-fixtures/api-harness.js';

const api = useApiServer({}, { models: false });
const engine = useTestEngine({ models: false });

type OpenApi = {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, { responses: Record<string, unknown>; requestBody?: { content: Record<string, { schema: { $ref?: string } }> } }>>;
  components: { schemas: Record<string, Record<string, unknown>>; securitySchemes: Record<string, unknown> };
};

/** Every `$ref` in the document, so each can be checked to point at a component. */
function refsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => refsIn(item, found));
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref' && typeof inner === 'string') found.push(inner);
      else refsIn(inner, found);
    }
  }
  return found;
}

describe('API documentation', () => {
  it('serves an OpenAPI 3.1 document that lists every route the plugin registers', async () => {
    // The routes as fastify registers them, on a separate instance that is never started.
    const app = Fastify();
    const routes: string[] = [];
    app.addHook('onRoute', (route) => {
      // The catch-all that answers unknown GETs with the API's 404 is not an operation.
      if ((route.config as { notFoundCatchAll?: boolean } | undefined)?.notFoundCatchAll) return;
      for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push(`${method.toLowerCase()} ${route.url}`);
    });
    await registerRatingApi(app, { engine: engine() });
    await app.close();

    const response = await fetch(`${api.base()}/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as OpenApi;
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
    expect(document.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    const documented = Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method} /api/v1${path}`));
    const apiRoutes = routes.filter((route) => !route.includes('/docs/assets/'));
    expect(apiRoutes.sort()).toEqual(documented.sort());
    for (const route of ['post /api/v1/token', 'post /api/v1/rate', 'post /api/v1/rate-url', 'get /api/v1/usage', 'post /api/v1/feedback', 'post /api/v1/rate-batch']) {
      expect(documented).toContain(route);
    }
    for (const ref of refsIn(document)) expect(document.components.schemas, ref).toHaveProperty(ref.replace('#/components/schemas/', ''));
    for (const operations of Object.values(document.paths)) for (const operation of Object.values(operations)) expect(operation.responses).toHaveProperty('200');
  });

  it('describes the bodies with the schemas that validate them', async () => {
    const document = (await (await fetch(`${api.base()}/openapi.json`)).json()) as OpenApi;
    const batch = document.components.schemas.RateBatchRequest as { properties: { urls: { minItems: number; maxItems: number }; levels: { minItems: number; maxItems: number; items: { properties: { value: { maxLength: number } } } } }; required: string[] };
    expect(batch.properties.urls).toMatchObject({ minItems: 1, maxItems: 10 });
    expect(batch.properties.levels).toMatchObject({ minItems: 2, maxItems: 7 });
    expect(batch.properties.levels.items.properties.value.maxLength).toBe(24);
    expect(batch.required).toEqual(['urls']);
    expect(document.components.schemas.RatingResult).toMatchObject({ properties: { image_hash: expect.any(Object), dimension_scores: expect.any(Object) } });
    expect(document.paths['/rate']!.post!.requestBody!.content).toHaveProperty('multipart/form-data');
    expect(document.paths['/rate-url']!.post!.responses).toHaveProperty('403');
    expect(document.components.securitySchemes).toHaveProperty('bearerAuth');
  });

  it.each(['docs', 'redoc'])('serves /api/v1/%s as HTML whose scripts and styles load from this server', async (page) => {
    const response = await fetch(`${api.base()}/${page}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toBe(DOCS_CSP);
    const html = await response.text();
    // No inline script: every <script> has a src, so script-src 'self' holds.
    expect(html.match(/<script(?![^>]*\bsrc=)[^>]*>/g)).toBeNull();
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => new URL(match[1]!, `${api.base()}/${page}`));
    expect(assets.length).toBeGreaterThanOrEqual(2);
    for (const asset of assets) {
      expect(asset.origin, asset.href).toBe(new URL(api.base()).origin);
      const loaded = await fetch(asset);
      expect(loaded.status, asset.href).toBe(200);
      const body = await loaded.arrayBuffer();
      expect(body.byteLength, asset.href).toBeGreaterThan(100);
      if (asset.pathname.endsWith('.js')) expect(loaded.headers.get('content-type')).toMatch(/javascript/);
      if (asset.pathname.endsWith('.css')) expect(loaded.headers.get('content-type')).toMatch(/css/);
    }
    const init = await (await fetch(new URL(`docs/assets/${page === 'docs' ? 'swagger' : 'redoc'}-init.js`, `${api.base()}/`))).text();
    expect(init).toContain('./openapi.json');
  });

  it('serves only the listed assets', async () => {
    for (const name of ['..%2F..%2Fpackage.json', 'index.html', 'swagger-ui-bundle.js.map']) {
      expect((await fetch(`${api.base()}/docs/assets/${name}`)).status, name).toBe(404);
    }
  });
});
