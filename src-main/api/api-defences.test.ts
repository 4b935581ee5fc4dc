import { readFileSync } from 'node:fs';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFile } from '../../test-support/corpus.js';
import { startApiServer, type ApiServer } from './rating-api.js';
import { useApiServer } from './test-fixtures/api-harness.js';
import { startImageHost, type ImageHost } from './test-fixtures/image-host.js';

// Default options: above all, the default URL policy (no loopback, no private network).
const api = useApiServer({}, { models: false });
let host: ImageHost;
beforeAll(async () => {
  host = await startImageHost();
});
afterAll(() => host.close());

const MB = 1024 * 1024;

function photoForm(bytes: Uint8Array, field = 'file'): FormData {
  const form = new FormData();
  form.append(field, new Blob([bytes]), 'upload.bin');
  return form;
}

async function bearer(limits?: { quota?: number; requestsPerMinute?: number }): Promise<{ authorization: string }> {
  return { authorization: `Bearer ${await api.tokenFor(await api.addClient(limits))}` };
}

async function errorOf(response: Response): Promise<{ status: number; error_code: string; message: string }> {
  const body = (await response.json()) as { error_code: string; message: string };
  expect(body.message.length).toBeGreaterThan(0);
  return { status: response.status, ...body };
}

const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { ...headers, 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/**
 * An upload sent with a raw socket: `declaredLength` goes out as Content-Length (or none: chunked),
 * and the body is streamed in 1 MiB chunks until the server answers. Resolves with the status and
 * how many bytes went out before the answer.
 */
function streamUpload(url: string, headers: Record<string, string>, declaredLength: number | null, maxToSend: number): Promise<{ status: number; sent: number }> {
  return new Promise((resolve, reject) => {
    const boundary = 'culler-test-boundary';
    const request = http.request(url, {
      method: 'POST',
      headers: {
        ...headers,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        ...(declaredLength !== null ? { 'content-length': String(declaredLength) } : {}),
      },
    });
    let sent = 0;
    let answered = false;
    request.on('response', (response) => {
      answered = true;
      response.resume();
      resolve({ status: response.statusCode ?? 0, sent });
    });
    // Once the server answers and closes, writes fail: expected, not a test failure.
    request.on('error', (error) => (answered ? undefined : reject(error)));
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`);
    const chunk = Buffer.alloc(MB, 0xab);
    chunk[0] = 0xff;
    const pump = (): void => {
      while (!answered && sent < maxToSend) {
        const piece = sent === 0 ? Buffer.concat([head, chunk]) : chunk;
        sent += piece.length;
        if (!request.write(piece)) {
          request.once('drain', pump);
          return;
        }
      }
      if (!answered) request.end();
    };
    if (declaredLength !== null && maxToSend === 0) request.flushHeaders();
    else pump();
  });
}

describe('defences of the local API', () => {
  it('refuses an upload whose Content-Length is over 25 MB before reading its body', async () => {
    const headers = await bearer();
    const { status, sent } = await streamUpload(`${api.base()}/rate`, headers, 100 * MB, 0);
    expect(status).toBe(413);
    expect(sent).toBe(0);
  });

  it('stops reading a chunked upload at 25 MB instead of buffering all of it', async () => {
    const headers = await bearer();
    const { status, sent } = await streamUpload(`${api.base()}/rate`, headers, null, 200 * MB);
    expect(status).toBe(413);
    // The answer came while the client was still sending: far less than the 200 MB went out.
    expect(sent).toBeLessThan(60 * MB);
    // And the server is fine afterwards.
    const usage = await fetch(`${api.base()}/usage`, { headers });
    expect(usage.status).toBe(200);
    expect(await usage.json()).toMatchObject({ used: 0 });
  });

  it('answers 415 for bytes that are not an image, and for a body that is not multipart', async () => {
    const headers = await bearer();
    const text = await fetch(`${api.base()}/rate`, { method: 'POST', headers, body: photoForm(Buffer.from('<html>not a photo</html>')) });
    expect(await errorOf(text)).toMatchObject({ status: 415, error_code: 'unsupported_format' });
    const pdf = await fetch(`${api.base()}/rate`, { method: 'POST', headers, body: photoForm(Buffer.from('%PDF-1.7\n%âãÏÓ\n')) });
    expect(await errorOf(pdf)).toMatchObject({ status: 415, error_code: 'unsupported_format', message: expect.stringMatching(/PDF/) });
    const notMultipart = await fetch(`${api.base()}/rate`, json({ file: 'x' }, headers));
    expect(await errorOf(notMultipart)).toMatchObject({ status: 415, error_code: 'unsupported_media_type' });
    const wrongField = await fetch(`${api.base()}/rate`, { method: 'POST', headers, body: photoForm(readFileSync(corpusFile('faces', 'obama.jpg')), 'photo') });
    expect(await errorOf(wrongField)).toMatchObject({ status: 400, error_code: 'validation_error' });
    const broken = await fetch(`${api.base()}/rate`, { method: 'POST', headers, body: photoForm(readFileSync(corpusFile('bad', 'truncated_jpeg.jpg'))) });
    expect([200, 400]).toContain(broken.status);
  });

  it('answers 400 validation_error for bad JSON and bad fields', async () => {
    const malformed = await fetch(`${api.base()}/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"client_id": ' });
    expect(await errorOf(malformed)).toMatchObject({ status: 400, error_code: 'validation_error' });
    const missing = await fetch(`${api.base()}/token`, json({ client_id: 'x' }));
    expect(await errorOf(missing)).toMatchObject({ status: 400, error_code: 'validation_error', message: expect.stringMatching(/client_secret/) });
    const headers = await bearer();
    const badFeedback = await fetch(`${api.base()}/feedback`, json({ image_hash: 'abc', user_score: 140, dimension_feedback: { charisma: 3 } }, headers));
    expect(await errorOf(badFeedback)).toMatchObject({ status: 400, error_code: 'validation_error' });
    const badBatch = await fetch(`${api.base()}/rate-batch`, json({ urls: [], levels: [{ value: 'only-one', description: 'x' }] }, headers));
    expect(await errorOf(badBatch)).toMatchObject({ status: 400, error_code: 'validation_error' });
    const tooMany = await fetch(`${api.base()}/rate-batch`, json({ urls: Array.from({ length: 11 }, (_, index) => `https://example.com/${index}.jpg`) }, headers));
    expect(await errorOf(tooMany)).toMatchObject({ status: 400, error_code: 'validation_error' });
    const bigJson = await fetch(`${api.base()}/rate-url`, json({ url: `https://example.com/${'a'.repeat(200_000)}` }, headers));
    expect(await errorOf(bigJson)).toMatchObject({ status: 413, error_code: 'body_too_large' });
    const nowhere = await fetch(`${api.base()}/nowhere`, { headers });
    expect(await errorOf(nowhere)).toMatchObject({ status: 404, error_code: 'not_found' });
  });

  it('answers 401 for a missing, wrong, expired or revoked token, and wrong credentials', async () => {
    const photo = (): FormData => photoForm(readFileSync(corpusFile('faces', 'obama.jpg')));
    const none = await fetch(`${api.base()}/rate`, { method: 'POST', body: photo() });
    expect(await errorOf(none)).toMatchObject({ status: 401, error_code: 'unauthorized' });
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const wrong = await fetch(`${api.base()}/usage`, { headers: { authorization: 'Bearer ct_not-a-token' } });
    expect(await errorOf(wrong)).toMatchObject({ status: 401, error_code: 'unauthorized' });

    const client = await api.addClient();
    const expired = api.clients().issueToken(client.clientId, 1, new Date(Date.now() - 60_000)).token;
    const late = await fetch(`${api.base()}/usage`, { headers: { authorization: `Bearer ${expired}` } });
    expect(await errorOf(late)).toMatchObject({ status: 401, error_code: 'unauthorized', message: expect.stringMatching(/expired/) });

    const badSecret = await fetch(`${api.base()}/token`, json({ client_id: client.clientId, client_secret: `${client.secret}x` }));
    expect(await errorOf(badSecret)).toMatchObject({ status: 401, error_code: 'unauthorized' });

    const token = await api.tokenFor(client);
    expect((await fetch(`${api.base()}/usage`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    api.clients().revoke(client.clientId);
    const revoked = await fetch(`${api.base()}/usage`, { headers: { authorization: `Bearer ${token}` } });
    expect(await errorOf(revoked)).toMatchObject({ status: 401, error_code: 'unauthorized', message: expect.stringMatching(/revoked/) });
    const again = await fetch(`${api.base()}/token`, json({ client_id: client.clientId, client_secret: client.secret }));
    expect(again.status).toBe(401);
  });

  it('answers 422 quota_exhausted once the quota is used, without counting refused work', async () => {
    const headers = await bearer({ quota: 1 });
    const notImage = await fetch(`${api.base()}/rate`, { method: 'POST', headers, body: photoForm(Buffer.from('plain text')) });
    expect(notImage.status).toBe(415);
    const first = await fetch(`${api.base()}/rate`, { method: 'POST', headers, body: photoForm(readFileSync(corpusFile('faces', 'img1.jpg'))) });
    expect(first.status).toBe(200);
    const second = await fetch(`${api.base()}/rate`, { method: 'POST', headers, body: photoForm(readFileSync(corpusFile('faces', 'img1.jpg'))) });
    expect(await errorOf(second)).toMatchObject({ status: 422, error_code: 'quota_exhausted' });
    expect(await (await fetch(`${api.base()}/usage`, { headers })).json()).toEqual({ used: 1, limit: 1, remaining: 0 });
  });

  it('answers 429 with Retry-After past the client’s requests per minute', async () => {
    const headers = await bearer({ requestsPerMinute: 2 });
    expect((await fetch(`${api.base()}/usage`, { headers })).status).toBe(200);
    expect((await fetch(`${api.base()}/usage`, { headers })).status).toBe(200);
    const third = await fetch(`${api.base()}/usage`, { headers });
    expect(await errorOf(third)).toMatchObject({ status: 429, error_code: 'rate_limited' });
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(third.headers.get('retry-after'))).toBeLessThanOrEqual(30);
  });

  it('refuses hostile URLs by default: loopback, localhost, metadata, mapped IPv6, other schemes', async () => {
    const headers = await bearer();
    const cases: Array<[string, number, string]> = [
      [`${host.origin}/corpus/faces/obama.jpg`, 403, 'url_blocked_address'],
      [`http://localhost:${host.port}/corpus/faces/obama.jpg`, 403, 'url_blocked_address'],
      [`http://[::1]:${host.port}/`, 403, 'url_blocked_address'],
      [`http://[::ffff:127.0.0.1]:${host.port}/`, 403, 'url_blocked_address'],
      ['http://169.254.169.254/latest/meta-data/', 403, 'url_blocked_address'],
      ['http://[fd00:ec2::254]/', 403, 'url_blocked_address'],
      ['http://10.0.0.1/photo.jpg', 403, 'url_blocked_address'],
      ['http://0.0.0.0/', 403, 'url_blocked_address'],
      ['file:///etc/passwd', 400, 'url_scheme_not_allowed'],
      ['ftp://example.com/photo.jpg', 400, 'url_scheme_not_allowed'],
      ['not a url', 400, 'validation_error'],
    ];
    for (const [url, status, code] of cases) {
      const response = await fetch(`${api.base()}/rate-url`, json({ url }, headers));
      expect(await errorOf(response), url).toMatchObject({ status, error_code: code });
    }
    expect(await (await fetch(`${api.base()}/usage`, { headers })).json()).toMatchObject({ used: 0 });
  });

  describe('with 127.0.0.1 allowed (standing in for a public host)', () => {
    let server: ApiServer;
    beforeAll(async () => {
      server = await startApiServer({ engine: api.engine(), options: { urlFetch: { allowPrivateAddresses: ['127.0.0.1'], timeoutMs: 2_000 } } });
    });
    afterAll(() => server.close());

    it('rates a URL, and re-checks every redirect hop', async () => {
      const base = `${server.url}/api/v1`;
      const headers = await bearer();
      const good = await fetch(`${base}/rate-url`, json({ url: `${host.origin}/chain/1` }, headers));
      expect(good.status).toBe(200);
      expect(await good.json()).toMatchObject({ face_count: null, quality: { width: expect.any(Number) } });
      for (const target of [`http://127.0.0.2:${host.port}/corpus/faces/obama.jpg`, `http://[::1]:${host.port}/`, 'http://169.254.169.254/latest/meta-data/']) {
        const response = await fetch(`${base}/rate-url`, json({ url: `${host.origin}/redirect?to=${encodeURIComponent(target)}` }, headers));
        expect(await errorOf(response), target).toMatchObject({ status: 403, error_code: 'url_blocked_address' });
      }
      const tooMany = await fetch(`${base}/rate-url`, json({ url: `${host.origin}/chain/5` }, headers));
      expect(await errorOf(tooMany)).toMatchObject({ status: 502, error_code: 'url_too_many_redirects' });
      const endless = await fetch(`${base}/rate-url`, json({ url: `${host.origin}/endless` }, headers));
      expect(await errorOf(endless)).toMatchObject({ status: 413, error_code: 'file_too_large' });
      const silent = await fetch(`${base}/rate-url`, json({ url: `${host.origin}/silent` }, headers));
      expect(await errorOf(silent)).toMatchObject({ status: 504, error_code: 'url_timeout' });
      const page = await fetch(`${base}/rate-url`, json({ url: `${host.origin}/text` }, headers));
      expect(await errorOf(page)).toMatchObject({ status: 415, error_code: 'unsupported_format' });
    });
  });
});
