import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useApiServer } from './test-fixtures/api-harness.js';
import { startImageHost, type ImageHost } from './test-fixtures/image-host.js';

// The photos are served from 127.0.0.1, so private addresses are allowed here, explicitly.
const api = useApiServer({ urlFetch: { allowPrivateAddresses: true, timeoutMs: 2_000 } });
let host: ImageHost;
beforeAll(async () => {
  host = await startImageHost();
});
afterAll(() => host.close());

const post = (path: string, body: unknown, token: string): Promise<Response> =>
  fetch(`${api.base()}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('POST /api/v1/rate-batch', () => {
  it('rates each URL in order on sfw / nsfw; broken and unreachable URLs fail alone', async () => {
    const client = await api.addClient({ quota: 10 });
    const token = await api.tokenFor(client);
    const urls = [
      `${host.origin}/corpus/faces/obama.jpg`,
      `${host.origin}/corpus/bad/truncated_image.png`,
      `http://127.0.0.1:${await closedPort()}/gone.jpg`,
      `${host.origin}/text`,
      `${host.origin}/missing.jpg`,
      `${host.origin}/corpus/faces/alex-lacamoire.png`,
      'ftp://example.com/a.jpg',
    ];
    const response = await post('/rate-batch', { urls }, token);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { taskId: string; results: Array<Record<string, unknown>> };
    expect(body.taskId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.results.map((entry) => entry.url)).toEqual(urls);

    const [obama, truncated, unreachable, text, missing, alex, ftp] = body.results;
    for (const rated of [obama, alex]) {
      expect(rated).toMatchObject({ rating: expect.stringMatching(/^(sfw|nsfw)$/), method: 'embedded_content' });
      expect((rated!.levels as Array<{ value: string }>).map((level) => level.value)).toEqual(['sfw', 'nsfw']);
      expect(rated).not.toHaveProperty('error_code');
    }
    expect(obama!.rating).toBe('sfw');
    expect(truncated).toMatchObject({ error_code: expect.stringMatching(/^(corrupt_image|unsupported_format)$/) });
    expect(unreachable).toMatchObject({ error_code: 'url_fetch_failed' });
    expect(text).toMatchObject({ error_code: 'unsupported_format' });
    expect(missing).toMatchObject({ error_code: 'url_fetch_failed', message: expect.stringMatching(/404/) });
    expect(ftp).toMatchObject({ error_code: 'url_scheme_not_allowed' });

    // Each URL rated counts; the failed ones give their quota back.
    expect(api.clients().usage(client.clientId)).toEqual({ used: 2, limit: 10, remaining: 8 });
  });

  it('rates on a caller’s scale, or says per URL why it cannot', async () => {
    const token = await api.tokenFor(await api.addClient());
    const levels = [
      { value: 'keeper', description: 'a sharp, well lit portrait' },
      { value: 'maybe', description: 'an ordinary snapshot' },
      { value: 'reject', description: 'a blurry or badly exposed photo' },
    ];
    const response = await post('/rate-batch', { urls: [`${host.origin}/corpus/faces/obama.jpg`, `${host.origin}/text`], levels }, token);
    expect(response.status).toBe(200);
    const { results } = (await response.json()) as { results: Array<Record<string, unknown>> };
    if (api.engine().aiPack.installed) {
      expect(results[0]).toMatchObject({ rating: expect.stringMatching(/^(keeper|maybe|reject)$/), method: 'ai_pack_zero_shot' });
    } else {
      // Custom scales need the AI pack's encoders; without it each URL says so, none is invented.
      expect(results[0]).toMatchObject({ error_code: 'model_not_installed', message: expect.stringMatching(/AI pack/) });
    }
    expect(results[1]).toMatchObject({ error_code: expect.stringMatching(/^(unsupported_format|model_not_installed)$/) });

    const duplicate = await post('/rate-batch', { urls: [`${host.origin}/corpus/faces/obama.jpg`], levels: [levels[0], levels[0]] }, token);
    expect(duplicate.status).toBe(400);
    expect(await duplicate.json()).toMatchObject({ error_code: 'validation_error', message: expect.stringMatching(/unique/) });
    const tooLong = await post('/rate-batch', { urls: [`${host.origin}/corpus/faces/obama.jpg`], levels: [{ value: 'x'.repeat(25), description: 'd' }, levels[1]] }, token);
    expect(tooLong.status).toBe(400);
  });

  it('answers 422 when the batch needs more quota than remains, and rates nothing', async () => {
    const client = await api.addClient({ quota: 2 });
    const token = await api.tokenFor(client);
    const urls = [1, 2, 3].map(() => `${host.origin}/corpus/faces/obama.jpg`);
    const response = await post('/rate-batch', { urls }, token);
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ error_code: 'quota_exhausted' });
    expect(api.clients().usage(client.clientId)).toEqual({ used: 0, limit: 2, remaining: 2 });
  });
});

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const net = await import('node:net');
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
