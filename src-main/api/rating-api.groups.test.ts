import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFile } from '../../test-support/corpus.js';
import { ApiClients } from '../engine/catalog/api-clients.repo.js';
import type { CullerService } from '../service/culler-service.js';
import { copyCorpus, EventLog, importIdle, openTestService, testPlace } from '../service/service.fixture.js';
import { startApiServer, type ApiServer } from './rating-api.js';
import { startImageHost, type ImageHost } from './test-fixtures/image-host.js';

const BURST_B = ['cockatoo-b-1.jpg', 'cockatoo-b-2.jpg', 'cockatoo-b-3.jpg'];
const FOLDER = [...BURST_B, 'cockatoo-single-closeup.jpg'].map((name) => ['bursts', name] as const);

type Group = { id: number; size: number; rank: number; best: boolean; reason: string };
type Rated = { group: Group | null; unavailable: Array<{ field: string; reason: string }> };

/**
 * The API beside a library (as `culler serve` and the desktop host it): a photo's `group` is its
 * burst in the library; bytes the library does not hold have none, and the result says why.
 */
describe('the group field of the rating API, over HTTP', () => {
  const place = testPlace();
  let service: CullerService;
  let server: ApiServer;
  let host: ImageHost;
  let token: string;

  beforeAll(async () => {
    copyCorpus(place.photos, FOLDER);
    // Models on: the batch's default sfw / nsfw scale needs the embedded content classifier.
    service = await openTestService(place.home, { engine: { models: true } });
    host = await startImageHost();
    const events = new EventLog(service);
    const added = await service.handle('library:addFolder', { path: place.photos });
    if (!added.ok) throw new Error(added.error.message);
    await importIdle(service, events);
    server = await startApiServer({ engine: service.engine, options: { urlFetch: { allowPrivateAddresses: true, timeoutMs: 5_000 } } });
    const { client, secret } = await new ApiClients(service.engine.catalog.database).add({ name: 'test', quota: null, requestsPerMinute: 1000 });
    const answer = await fetch(`${server.url}/api/v1/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: client.clientId, client_secret: secret }),
    });
    token = ((await answer.json()) as { access_token: string }).access_token;
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await host?.close();
    await service?.close();
    place.remove();
  });

  async function rate(...parts: string[]): Promise<Rated> {
    const form = new FormData();
    form.append('file', new Blob([readFileSync(corpusFile(...parts))]), parts.at(-1));
    const response = await fetch(`${server.url}/api/v1/rate`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    expect(response.status).toBe(200);
    return (await response.json()) as Rated;
  }

  it('before the library is grouped, says so instead of guessing', async () => {
    const rated = await rate('bursts', 'cockatoo-b-2.jpg');
    expect(rated.group).toBeNull();
    expect(rated.unavailable).toContainEqual({ field: 'group', reason: expect.stringMatching(/not been grouped yet/) });
  });

  it('gives a library photo its burst: id, size, rank, best and the reason; a frame alone and foreign bytes get null with the reason', async () => {
    const listed = await service.handle('groups:list', undefined);
    if (!listed.ok) throw new Error(listed.error.message);
    expect(listed.value).toHaveLength(1);
    const [burst] = listed.value;

    const frames = await Promise.all(BURST_B.map((name) => rate('bursts', name)));
    for (const frame of frames) {
      expect(frame.group).toMatchObject({ id: burst!.id, size: 3, reason: burst!.reason });
      expect(frame.unavailable.map((entry) => entry.field)).not.toContain('group');
    }
    expect(frames.map((frame) => frame.group!.rank).sort()).toEqual([1, 2, 3]);
    expect(frames.filter((frame) => frame.group!.best)).toHaveLength(1);
    expect(frames.find((frame) => frame.group!.best)!.group!.rank).toBe(1);
    expect(burst!.reason).toMatch(/^Frame \d: .+\.$/);

    const alone = await rate('bursts', 'cockatoo-single-closeup.jpg');
    expect(alone.group).toBeNull();
    expect(alone.unavailable).toContainEqual({ field: 'group', reason: expect.stringMatching(/stands alone/) });

    const foreign = await rate('faces', 'obama.jpg');
    expect(foreign.group).toBeNull();
    expect(foreign.unavailable).toContainEqual({ field: 'group', reason: expect.stringMatching(/not a photo of the library/) });

    // rate-url and rate-batch answer the same way for the same bytes.
    const byUrl = await fetch(`${server.url}/api/v1/rate-url`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: `${host.origin}/corpus/bursts/cockatoo-b-3.jpg` }),
    });
    expect(((await byUrl.json()) as Rated).group).toMatchObject({ id: burst!.id, size: 3 });
    const batch = await fetch(`${server.url}/api/v1/rate-batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ urls: [`${host.origin}/corpus/bursts/cockatoo-b-1.jpg`, `${host.origin}/corpus/faces/obama.jpg`] }),
    });
    const { results } = (await batch.json()) as { results: Array<{ group: Group | null }> };
    expect(results[0]!.group).toMatchObject({ id: burst!.id, size: 3 });
    expect(results[1]!.group).toBeNull();
  }, 120_000);

  it('documents the field and when it is null in the OpenAPI document', async () => {
    const document = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as { components: { schemas: Record<string, { properties: Record<string, { description?: string }> }> } };
    const group = document.components.schemas.RatingResult!.properties.group!;
    expect(JSON.stringify(group)).toMatch(/rank/);
    expect(group.description).toMatch(/null when the photo is in no burst/);
  });
});
