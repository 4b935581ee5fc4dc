import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppEvent, MediaKind } from '../../src-preload/contract/library-types.js';
import { contentSecurityPolicy } from '../content-security-policy.js';
import { fileInsideCache, IMAGE_HASH_PATTERN, MEDIA_KINDS } from '../media-file.js';
import type { UiBackend } from '../ui-backend.js';
import type { LaunchKey } from './launch-key.js';

export type UiRoutesOptions = {
  backend: UiBackend;
  key: LaunchKey;
  /** Host:port names the UI answers to (see allowedHosts). */
  hosts: Set<string>;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** <home>/cache: media are served from inside it only. */
  cacheDir: string;
};

const SSE_KEEPALIVE_MS = 15_000;
const BRIDGE_BODY_LIMIT = 1024 * 1024;

/**
 * The browser build of the app: the renderer's files, the bridge (`POST /bridge/<channel>`, the
 * same contract the desktop's IPC serves), pushed events (`GET /bridge/events`, server-sent
 * events) and photos (`GET /media/<thumb|preview>/<image hash>`). Everything here needs the
 * launch's session cookie and one of this server's own host names.
 */
export async function registerUiRoutes(app: FastifyInstance, options: UiRoutesOptions): Promise<void> {
  const policy = contentSecurityPolicy({ dev: false, mediaSources: [] });
  const indexHtml = path.join(options.rendererDir, 'index.html');
  if (!existsSync(indexHtml)) {
    throw new Error(`the browser build is missing (${indexHtml}): run \`npm run build\` first`);
  }

  app.addHook('onRequest', async (request, reply) => {
    if (!options.hosts.has((request.headers.host ?? '').toLowerCase())) {
      return reply.code(421).type('text/plain').send('This server answers only to its own local address.');
    }
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    if (request.url === '/' || request.url.startsWith('/?')) return; // the entry handles the key itself
    if (!options.key.inCookieHeader(request.headers.cookie)) {
      return reply.code(401).type('text/plain').send('Open the address `culler serve` printed (it carries this launch\'s key).');
    }
    if (request.method !== 'GET' && request.method !== 'HEAD' && !sameOrigin(request, options.hosts)) {
      return reply.code(403).type('text/plain').send('Cross-origin requests are refused.');
    }
  });

  // The entry: `/?key=…` trades the printed key for the session cookie and drops it from the address.
  app.get('/', async (request, reply) => {
    const key = (request.query as Record<string, string | undefined>).key;
    if (key !== undefined) {
      if (!options.key.matches(key)) return unauthorizedPage(reply);
      return reply.header('Set-Cookie', options.key.setCookieHeader()).redirect('/', 303);
    }
    if (!options.key.inCookieHeader(request.headers.cookie)) return unauthorizedPage(reply);
    return reply.header('Content-Security-Policy', policy).header('Cache-Control', 'no-store').type('text/html').send(createReadStream(indexHtml));
  });

  await app.register(fastifyStatic, {
    root: options.rendererDir,
    prefix: '/',
    index: false,
    redirect: false,
    wildcard: true,
    serveDotFiles: false,
    setHeaders: (res) => void res.header('Content-Security-Policy', policy),
  });

  app.post<{ Params: { channel: string }; Body: { request?: unknown } }>(
    '/bridge/:channel',
    { bodyLimit: BRIDGE_BODY_LIMIT },
    async (request) => {
      const body: unknown = request.body;
      const payload = typeof body === 'object' && body !== null && 'request' in body ? (body as { request: unknown }).request : undefined;
      // JSON has no `undefined`: a payload-less channel's `null` is the contract's `undefined`.
      return options.backend.handle(request.params.channel, payload === null ? undefined : payload);
    },
  );

  app.get('/bridge/events', (request, reply) => {
    reply.hijack();
    const stream = reply.raw;
    stream.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    stream.write('retry: 2000\n\n');
    const send = (event: AppEvent) => stream.write(`data: ${JSON.stringify(event)}\n\n`);
    const unsubscribe = options.backend.onEvent(send);
    const keepalive = setInterval(() => stream.write(': keepalive\n\n'), SSE_KEEPALIVE_MS);
    request.raw.on('close', () => {
      clearInterval(keepalive);
      unsubscribe();
    });
  });

  app.get<{ Params: { kind: string; hash: string } }>('/media/:kind/:hash', async (request, reply) => {
    const { kind, hash } = request.params;
    if (!(MEDIA_KINDS as readonly string[]).includes(kind) || !IMAGE_HASH_PATTERN.test(hash)) {
      return reply.code(400).type('text/plain').send('expected /media/thumb|preview|full/<sha-256 hex>');
    }
    const file = await fileInsideCache(await options.backend.mediaFile(kind as MediaKind, hash), options.cacheDir);
    if (!file) return reply.code(404).type('text/plain').send('no such image in the catalog');
    // Content-addressed: the bytes behind a hash never change, so the browser may keep them.
    return reply.header('Cache-Control', 'private, max-age=31536000, immutable').type('image/jpeg').send(createReadStream(file));
  });
}

function unauthorizedPage(reply: FastifyReply): FastifyReply {
  return reply
    .code(401)
    .type('text/html')
    .header('Content-Security-Policy', "default-src 'none'")
    .send('<!doctype html><title>Culler</title><p>Open the address <code>culler serve</code> printed: it carries this launch\'s key.</p>');
}

/** A state-changing request must come from the app's own page (Origin, when the browser sends one). */
function sameOrigin(request: FastifyRequest, hosts: Set<string>): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true; // not a browser cross-origin request (curl, the page's same-origin fetch in some browsers)
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' && hosts.has(url.host.toLowerCase());
  } catch {
    return false;
  }
}
