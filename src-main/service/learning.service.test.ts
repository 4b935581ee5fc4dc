import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PhotoSummary } from '../../src-preload/contract/library-types.js';
import { iqaPhotos, writeHighLowKeyShoot } from '../../test-support/degraded-variants.js';
import { startApiServer } from '../api/rating-api.js';
import { ApiClients } from '../engine/catalog/api-clients.repo.js';
import { LearningRepo } from '../engine/catalog/learning.repo.js';
import { EventLog, importIdle, openImportedLibrary, openTestService, testPlace, value } from './service.fixture.js';

/**
 * A simulated user with a consistent taste, fed through the real review and mark paths of the
 * service, and a hostile API client over a real socket. The user likes high-key light: of each
 * frame (a corpus photo) they keep the bright copy and reject the dark one.
 */
const DECIDED_FRAMES = 40; // → 80 decisions: 40 by review thumbs, 40 by pick/reject marks
const UNREVIEWED_FRAMES = 10;

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

const frameOf = (photo: PhotoSummary): number => Number(/^f(\d+)-/.exec(photo.name)![1]);
const likes = (photo: PhotoSummary): boolean => photo.name.includes('-high');

describe('learning from a simulated user', () => {
  it('learns a taste for high-key light to ≥ 85 % golden-set agreement after 80 decisions, shrugs off an inverted API client, and resets', async () => {
    const place = testPlace();
    const sources = iqaPhotos(DECIDED_FRAMES + UNREVIEWED_FRAMES);
    await writeHighLowKeyShoot(sources, place.photos);
    // Trained when the test says (the background trigger would race the hostile client's run).
    const { service } = await openImportedLibrary(place, cleanup, { watch: false, autoTrainEvery: 0 });
    const photos = value(await service.handle('photos:list', { sort: 'name', direction: 'asc', offset: 0, limit: 1000 })).items;
    expect(photos.filter((photo) => photo.status === 'rated')).toHaveLength(2 * sources.length);

    // Nothing learned yet: the built-in gate decides, and says so.
    const before = value(await service.handle('learning:status', undefined));
    expect(before).toMatchObject({ activeVersion: null, decisions: 0, history: [] });

    const decided = photos.filter((photo) => frameOf(photo) < DECIDED_FRAMES);
    const unreviewed = photos.filter((photo) => frameOf(photo) >= DECIDED_FRAMES);
    const decide = async (frames: (frame: number) => boolean) => {
      for (const photo of decided.filter((item) => frames(frameOf(item)))) {
        if (frameOf(photo) % 2 === 0) value(await service.handle('feedback:submit', { photoId: photo.id, thumbs: likes(photo) ? 'up' : 'down' }));
        else value(await service.handle('cull:set', { photoIds: [photo.id], mark: likes(photo) ? 'pick' : 'reject' }));
      }
    };

    // 40 decisions (20 frames): enough for a first version.
    await decide((frame) => frame < 20);
    const early = value(await service.handle('learning:train', undefined));
    expect(early.adopted, early.outcome).toBe(true);
    expect(early.status).toMatchObject({ decisions: 40, activeVersion: early.version });
    expect(early.status.goldenAgreement).toBeGreaterThanOrEqual(0.85);

    // 80 decisions: a second run, judged against the first on the (now larger) golden set.
    await decide((frame) => frame >= 20);
    const second = value(await service.handle('learning:train', undefined));
    const status = second.status;
    const trained = { version: status.activeVersion };
    expect(status.decisions).toBe(80);
    expect(trained.version).not.toBeNull();
    expect(status.goldenDecisions).toBeGreaterThanOrEqual(16);
    expect(status.goldenAgreement).toBeGreaterThanOrEqual(0.85);
    const adopted = status.history.find((entry) => entry.version === trained.version)!;
    expect(adopted).toMatchObject({ state: 'adopted', active: true });
    expect(status.history.find((entry) => entry.version === early.version)).toMatchObject({ baselineVersion: null, state: 'adopted' });
    if (!second.adopted) expect(second.outcome).toMatch(new RegExp(`v${second.version} rejected: does not beat v${early.version}`));

    // The split never puts two copies of one frame on different sides.
    const sides = new Map(new LearningRepo(service.engine.catalog.database).splitSides().map((row) => [row.image_hash, row.side]));
    for (let frame = 0; frame < DECIDED_FRAMES; frame++) {
      const copies = decided.filter((photo) => frameOf(photo) === frame).map((photo) => sides.get(photo.imageHash!));
      expect(new Set(copies).size, `frame ${frame}: ${copies.join(', ')}`).toBe(1);
    }

    // Photos the user never reviewed move the user's way; the cached result keeps the built-in values.
    const probability = new Map<number, { personal: number; builtin: number }>();
    for (const photo of unreviewed) {
      const detail = value(await service.handle('photos:detail', { photoId: photo.id }));
      const personal = detail.result!.why.personal!;
      expect(personal.version).toBe(trained.version);
      expect(personal.builtin.score).toBe(photo.score);
      expect(service.engine.catalog.analysis(photo.imageHash!, service.engine.analysisKey)!.why.personal).toBeUndefined();
      probability.set(photo.id, { personal: detail.result!.portfolio_prob!, builtin: personal.builtin.portfolio_prob! });
    }
    const agrees = (which: 'personal' | 'builtin') => unreviewed.filter((photo) => probability.get(photo.id)![which] >= 0.5 === likes(photo)).length / unreviewed.length;
    expect(agrees('personal')).toBeGreaterThanOrEqual(0.85);
    expect(agrees('personal')).toBeGreaterThan(agrees('builtin'));
    // Within each unreviewed frame, the bright copy now ranks above the dark one.
    for (let frame = DECIDED_FRAMES; frame < DECIDED_FRAMES + UNREVIEWED_FRAMES; frame++) {
      const [high, low] = ['-high', '-low'].map((kind) => probability.get(unreviewed.find((photo) => frameOf(photo) === frame && photo.name.includes(kind))!.id)!.personal);
      expect(high, `frame ${frame}`).toBeGreaterThan(low!);
    }

    // A hostile API client: every label inverted, a flood on one photo, values at the extremes.
    const server = await startApiServer({ engine: service.engine });
    cleanup.push(() => server.close());
    const { client, secret } = await new ApiClients(service.engine.catalog.database).add({ name: 'inverted', quota: null, requestsPerMinute: 100_000 });
    const token = await fetch(`${server.url}/api/v1/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: client.clientId, client_secret: secret }),
    }).then(async (response) => ((await response.json()) as { access_token: string }).access_token);
    const send = async (body: object) => {
      const response = await fetch(`${server.url}/api/v1/feedback`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(200);
    };
    for (const photo of [...decided, ...unreviewed]) await send({ image_hash: photo.imageHash, thumbs: likes(photo) ? -1 : 1 });
    const darkest = unreviewed.find((photo) => !likes(photo))!;
    for (let i = 0; i < 30; i++) await send({ image_hash: darkest.imageHash, user_score: 100 });
    await send({ image_hash: unreviewed.find((photo) => !likes(photo) && photo.id !== darkest.id)!.imageHash, dimension_feedback: { lighting: 10, composition: 10 } });

    const hostile = value(await service.handle('learning:train', undefined));
    expect(hostile.adopted, hostile.outcome).toBe(false);
    expect(hostile.outcome).toMatch(/rejected/);
    expect(hostile.status.activeVersion).toBe(trained.version);
    expect(hostile.status.goldenAgreement).toBe(status.goldenAgreement);
    const rejected = hostile.status.history.find((entry) => entry.version === hostile.version)!;
    expect(rejected.state).toBe('rejected');
    const apiSource = rejected.sources.find((source) => source.source === `api:${client.clientId}`)!;
    expect(apiSource.trust).toBe(0);
    expect(apiSource.reason).toMatch(/agrees with your own decisions on 0 %/);
    // With no weight, the client changed nothing: its run's candidate scores exactly as the one trained without it.
    const withoutClient = hostile.status.history.find((entry) => entry.version === second.version)!;
    expect([rejected.goldenAuc, rejected.goldenAgreement]).toEqual([withoutClient.goldenAuc, withoutClient.goldenAgreement]);

    // The API serves results through the adopted version too.
    const form = new FormData();
    const { readFileSync } = await import('node:fs');
    form.append('file', new Blob([readFileSync(path.join(place.photos, unreviewed[0]!.name))]), unreviewed[0]!.name);
    const rated = (await fetch(`${server.url}/api/v1/rate`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form }).then((response) =>
      response.json(),
    )) as { why: { personal?: { version: number } } };
    expect(rated.why.personal?.version).toBe(trained.version);

    // Reset: the built-in gate again, exactly as cached; the history keeps what happened.
    const reset = value(await service.handle('learning:reset', undefined));
    expect(reset.activeVersion).toBeNull();
    expect(reset.history.find((entry) => entry.version === trained.version)).toMatchObject({ state: 'reset', active: false });
    const plain = value(await service.handle('photos:detail', { photoId: unreviewed[0]!.id })).result!;
    expect(plain.why.personal).toBeUndefined();
    expect(plain).toEqual(service.engine.catalog.analysis(unreviewed[0]!.imageHash!, service.engine.analysisKey));

    // …and "roll back to" brings the version back.
    const restored = value(await service.handle('learning:rollback', { version: trained.version! }));
    expect(restored.activeVersion).toBe(trained.version);
    expect(await service.handle('learning:rollback', { version: hostile.version! })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  }, 240_000);

  it('trains by itself as the user decides, and the adopted version survives a restart', async () => {
    const place = testPlace();
    await writeHighLowKeyShoot(iqaPhotos(20), place.photos);
    let service = await openTestService(place.home, { watch: false });
    cleanup.push(async () => {
      await service.close();
      place.remove();
    });
    const events = new EventLog(service);
    value(await service.handle('library:addFolder', { path: place.photos }));
    await importIdle(service, events);
    const photos = value(await service.handle('photos:list', { sort: 'name', direction: 'asc', offset: 0, limit: 100 })).items;
    for (const photo of photos) value(await service.handle('cull:set', { photoIds: [photo.id], mark: likes(photo) ? 'pick' : 'reject' }));

    // No one asks: the background run (every 10 decisions, after a pause) adopts a version.
    const deadline = Date.now() + 120_000;
    let status = value(await service.handle('learning:status', undefined));
    while (status.activeVersion === null && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      status = value(await service.handle('learning:status', undefined));
    }
    expect(status.activeVersion, status.lastTraining?.outcome).not.toBeNull();

    await service.close();
    service = await openTestService(place.home, { watch: false });
    const reopened = value(await service.handle('learning:status', undefined));
    expect(reopened).toMatchObject({ activeVersion: status.activeVersion, decisions: 40 });
    const detail = value(await service.handle('photos:detail', { photoId: photos[0]!.id }));
    expect(detail.result?.why.personal?.version).toBe(status.activeVersion);
  }, 240_000);
});
