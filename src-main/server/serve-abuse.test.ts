import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFile, temporaryFolder } from '../../test-support/corpus.js';
import { registerRatingApi } from '../api/rating-api.js';
import { ApiClients } from '../engine/catalog/api-clients.repo.js';
import { homeLayout } from '../engine/paths.js';
import type { CullerService } from '../service/culler-service.js';
import { openTestService } from '../service/service.fixture.js';
import { startLocalServer, type LocalServer } from './local-server.js';

/**
 * `culler serve` (the UI and the rating API on one server) under abuse, over real sockets: malformed
 * multipart and a second file are the client's 400, an unknown API route is the API's JSON 404 for
 * GET as for POST, and a client that stops sending its body is cut off.
 */
const folder = temporaryFolder();
let service: CullerService;
let server: LocalServer;
let token: string;
const REQUEST_TIMEOUT_MS = 1_500;

beforeAll(async () => {
  // A stand-in for the built renderer: the UI's routes need an index.html to serve.
  const rendererDir = path.join(folder.dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Culler</title>');
  const home = path.join(folder.dir, 'home');
  service = await openTestService(home, { door: 'browser', watch: false });
  server = await startLocalServer({
    ui: { backend: service, rendererDir, cacheDir: homeLayout(home).cacheDir },
    api: (app) => registerRatingApi(app, { engine: service.engine }),
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
  });
  const { client, secret } = await new ApiClients(service.engine.catalog.database).add({ name: 'abuse', quota: null, requestsPerMinute: 10_000 });
  const response = await fetch(`${server.url}/api/v1/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_id: client.clientId, client_secret: secret }),
  });
  token = ((await response.json()) as { access_token: string }).access_token;
}, 60_000);
afterAll(async () => {
  await server?.close();
  await service?.close();
  folder.remove();
});

/** Sends raw bytes on a fresh socket; resolves with everything the server wrote before closing. */
function rawRequest(bytes: string | Buffer, keepOpenMs = 30_000): Promise<{ text: string; closedAfterMs: number }> {
  const { port, hostname } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = net.connect(Number(port), hostname, () => socket.write(bytes));
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString()));
    socket.on('error', reject);
    socket.on('close', () => resolve({ text, closedAfterMs: performance.now() - started }));
    socket.setTimeout(keepOpenMs, () => {
      socket.destroy();
      resolve({ text, closedAfterMs: Number.POSITIVE_INFINITY });
    });
  });
}

function multipartRequest(contentType: string, body: Buffer): Buffer {
  const head = [
    'POST /api/v1/rate HTTP/1.1',
    `Host: ${new URL(server.url).host}`,
    `Authorization: Bearer ${token}`,
    `Content-Type: ${contentType}`,
    `Content-Length: ${body.length}`,
    'Connection: close',
    '',
    '',
  ].join('\r\n');
  return Buffer.concat([Buffer.from(head), body]);
}

function statusAndBody(text: string): { status: number; body: { error_code?: string; message?: string } } {
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]);
  const body = text.slice(text.indexOf('\r\n\r\n') + 4);
  return { status, body: body.startsWith('{') ? JSON.parse(body) : {} };
}

const photo = readFileSync(corpusFile('faces', 'obama.jpg'));
const part = (boundary: string, field: string, name: string, bytes: Buffer): Buffer =>
  Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${name}"\r\nContent-Type: image/jpeg\r\n\r\n`),
    bytes,
    Buffer.from('\r\n'),
  ]);

describe('culler serve under abuse', () => {
  it('answers a multipart body without a boundary with 400, not 500', async () => {
    const body = part('x', 'file', 'a.jpg', photo);
    const { text } = await rawRequest(multipartRequest('multipart/form-data', body));
    expect(statusAndBody(text)).toMatchObject({ status: 400, body: { error_code: 'validation_error' } });
  });

  it('answers a multipart body whose boundary never comes with 400, not 500', async () => {
    const body = Buffer.concat([part('real', 'file', 'a.jpg', photo), Buffer.from('--real--\r\n')]);
    const { text } = await rawRequest(multipartRequest('multipart/form-data; boundary=something-else', body));
    expect(statusAndBody(text)).toMatchObject({ status: 400, body: { error_code: 'validation_error' } });
  });

  it('refuses a second file in one /rate with 400 instead of ignoring it', async () => {
    const form = new FormData();
    form.append('file', new Blob([photo]), 'one.jpg');
    form.append('file', new Blob([readFileSync(corpusFile('faces', 'biden.jpg'))]), 'two.jpg');
    const response = await fetch(`${server.url}/api/v1/rate`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error_code: string; message: string };
    expect(body.error_code).toBe('validation_error');
    expect(body.message).toMatch(/one photo per request/);
    // One file is still rated as before.
    const one = new FormData();
    one.append('file', new Blob([photo]), 'one.jpg');
    expect((await fetch(`${server.url}/api/v1/rate`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: one })).status).toBe(200);
  }, 60_000);

  it('answers GET of an unknown /api/v1 route with the API JSON 404, like POST', async () => {
    for (const method of ['GET', 'POST']) {
      for (const route of ['/api/v1/nope', '/api/v1/rate/extra', '/api/v1/']) {
        const response = await fetch(`${server.url}${route}`, { method });
        if (route === '/api/v1/rate/extra' || route === '/api/v1/nope' || method === 'GET') {
          expect({ route, method, status: response.status }).toEqual({ route, method, status: 404 });
          expect(response.headers.get('content-type')).toMatch(/application\/json/);
          expect(((await response.json()) as { error_code: string }).error_code).toBe('not_found');
        }
      }
    }
    // The UI's own routes still ask for the launch key.
    expect((await fetch(`${server.url}/some/page`)).status).toBe(401);
  });

  it('cuts off a client that declares 1000 bytes and sends 14', async () => {
    const head = [
      'POST /api/v1/rate HTTP/1.1',
      `Host: ${new URL(server.url).host}`,
      `Authorization: Bearer ${token}`,
      'Content-Type: multipart/form-data; boundary=b',
      'Content-Length: 1000',
      '',
      '',
    ].join('\r\n');
    const { closedAfterMs } = await rawRequest(`${head}--b\r\nContent-`, 20_000);
    // Cut by the server (well before the test's own 20 s), not left open.
    expect(closedAfterMs).toBeLessThan(20_000);
    expect(closedAfterMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100);
  }, 30_000);
});
