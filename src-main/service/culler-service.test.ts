import { afterEach, describe, expect, it } from 'vitest';
import { PHOTO_PAGE_LIMIT } from '../../src-preload/contract/library-types.js';
import type { CullerService } from './culler-service.js';
import { BROKEN_PHOTO, copyCorpus, EventLog, importIdle, openTestService, SAMPLE_PHOTOS, testPlace, value } from './service.fixture.js';

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

async function importedLibrary(options: Parameters<typeof openTestService>[1] = {}) {
  const place = testPlace();
  copyCorpus(place.photos, [...SAMPLE_PHOTOS, BROKEN_PHOTO]);
  const service = await openTestService(place.home, options);
  const events = new EventLog(service);
  let open: CullerService | null = service;
  cleanup.push(async () => {
    await open?.close();
    place.remove();
  });
  const added = await service.handle('library:addFolder', { path: place.photos });
  expect(added.ok).toBe(true);
  await importIdle(service, events);
  return {
    place,
    service,
    events,
    folderId: added.ok ? added.value.id : -1,
    replace: (next: CullerService | null) => (open = next),
  };
}

describe('CullerService', () => {
  it('imports a folder, lists it by score, and shows the broken file as failed last', async () => {
    const { service, events, folderId, place } = await importedLibrary({ watch: false });
    const page = value(await service.handle('photos:list', { sort: 'score', direction: 'desc', offset: 0, limit: 100 }));
    expect(page.total).toBe(5);
    const rated = page.items.filter((photo) => photo.status === 'rated');
    expect(rated).toHaveLength(4);
    const scores = rated.map((photo) => photo.score!);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(page.items[4]).toMatchObject({ status: 'failed', name: 'broken.png', errorCode: 'corrupt_image', score: null });

    const ascending = value(await service.handle('photos:list', { sort: 'score', direction: 'asc', offset: 0, limit: 100 }));
    expect(ascending.items.at(-1)!.status).toBe('failed');

    const folders = value(await service.handle('library:folders', undefined));
    expect(folders).toEqual([expect.objectContaining({ id: folderId, path: place.photos, photoCount: 5, watching: false, error: null })]);
    expect(events.events.some((event) => event.type === 'photos-changed')).toBe(true);
    const finalProgress = events.events.filter((event) => event.type === 'import-progress').at(-1);
    expect(finalProgress).toMatchObject({ status: { state: 'idle', queued: 0, done: 5, failed: 1 } });
  });

  it('answers detail, marks and review feedback, and keeps them across a restart', async () => {
    const library = await importedLibrary({ watch: false });
    const { service, place } = library;
    const page = value(await service.handle('photos:list', { sort: 'name', direction: 'asc', offset: 0, limit: 10 }));
    const first = page.items.find((photo) => photo.status === 'rated')!;
    const broken = page.items.find((photo) => photo.status === 'failed')!;

    const detail = value(await service.handle('photos:detail', { photoId: first.id }));
    expect(detail.result?.image_hash).toBe(first.imageHash);
    expect(detail.result?.score).toBe(first.score);
    expect(detail.feedback).toEqual([]);

    const culled = value(await service.handle('cull:set', { photoIds: [first.id], mark: 'pick', stars: 4 }));
    expect(culled[0]).toMatchObject({ id: first.id, mark: 'pick', stars: 4 });
    const feedback = value(
      await service.handle('feedback:submit', { photoId: first.id, thumbs: 'down', userScore: 35, dimensionFeedback: { lighting: 3 } }),
    );
    expect(feedback).toMatchObject({ source: 'review', thumbs: -1, userScore: 35, dimensionFeedback: { lighting: 3 } });
    const onBroken = await service.handle('feedback:submit', { photoId: broken.id, thumbs: 'up' });
    expect(onBroken).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await service.handle('feedback:submit', { photoId: 999_999, thumbs: 'up' })).toMatchObject({ ok: false, error: { code: 'not_found' } });

    await service.close();
    const reopened = await openTestService(place.home, { watch: false });
    library.replace(reopened);
    const again = value(await reopened.handle('photos:detail', { photoId: first.id }));
    expect(again.photo).toMatchObject({ mark: 'pick', stars: 4, thumbs: -1, reviewed: true });
    expect(again.feedback).toHaveLength(1);
    const picks = value(await reopened.handle('photos:list', { sort: 'score', direction: 'desc', marks: ['pick'], offset: 0, limit: 10 }));
    expect(picks.items.map((photo) => photo.id)).toEqual([first.id]);
    const reviewed = value(await reopened.handle('photos:list', { sort: 'score', direction: 'desc', review: 'done', offset: 0, limit: 10 }));
    expect(reviewed.total).toBe(1);
  });

  it('counts facets and filters the imported photos', async () => {
    const { service, folderId } = await importedLibrary({ watch: false });
    const facets = value(await service.handle('photos:facets', undefined));
    expect(facets).toMatchObject({ total: 5, failed: 1 });
    expect(facets.ratings.reduce((sum, facet) => sum + facet.count, 0)).toBe(4);
    const all = value(await service.handle('photos:list', { sort: 'score', direction: 'desc', offset: 0, limit: 10 })).items;
    for (const facet of facets.ratings) {
      const filtered = value(await service.handle('photos:list', { sort: 'score', direction: 'desc', ratings: [facet.value as 'High'], offset: 0, limit: 10 }));
      expect(filtered.total).toBe(facet.count);
      expect(filtered.items.map((photo) => photo.id)).toEqual(all.filter((photo) => photo.rating === facet.value).map((photo) => photo.id));
    }
    for (const facet of facets.tags) {
      const tagged = value(await service.handle('photos:list', { sort: 'name', direction: 'asc', tags: [facet.value], offset: 0, limit: 10 }));
      expect(tagged.total).toBe(facet.count);
      expect(tagged.items.every((photo) => photo.tags.includes(facet.value))).toBe(true);
    }
    const search = value(await service.handle('photos:list', { sort: 'name', direction: 'asc', search: 'OBAMA', folderId, offset: 0, limit: 10 }));
    expect(search.items.map((photo) => photo.name)).toEqual(['obama.jpg']);
    const unmarked = value(await service.handle('photos:list', { sort: 'name', direction: 'asc', marks: ['none'], offset: 0, limit: 2 }));
    expect(unmarked).toMatchObject({ total: 5, offset: 0 });
    expect(unmarked.items).toHaveLength(2);
  });

  it('with the face models on, sorts by the faces found', async () => {
    const place = testPlace();
    copyCorpus(place.photos, [['faces', 'obama.jpg'], ['faces', 'kit_with_rose.jpg']]);
    const service = await openTestService(place.home, { watch: false, engine: { models: true } });
    cleanup.push(async () => {
      await service.close();
      place.remove();
    });
    const events = new EventLog(service);
    await service.handle('library:addFolder', { path: place.photos });
    await importIdle(service, events, 120_000);
    const byFaces = value(await service.handle('photos:list', { sort: 'faces', direction: 'desc', offset: 0, limit: 10 }));
    expect(byFaces.items.map((photo) => [photo.name, photo.faceCount])).toEqual([['kit_with_rose.jpg', 2], ['obama.jpg', 1]]);
    const facets = value(await service.handle('photos:facets', undefined));
    expect(facets.contentLevels.reduce((sum, facet) => sum + facet.count, 0)).toBe(2);
  }, 180_000);

  it('answers bad requests with typed errors, never a throw', async () => {
    const { service, place } = await importedLibrary({ watch: false });
    const invalid = [
      ['no:such', undefined],
      ['__proto__', undefined],
      ['photos:list', { sort: 'score', direction: 'sideways', offset: 0, limit: 10 }],
      ['photos:list', { sort: 'score', direction: 'asc', offset: 0, limit: PHOTO_PAGE_LIMIT + 1 }],
      ['photos:list', { sort: 'score', direction: 'asc', offset: 0, limit: 10, colour: 'red' }],
      ['cull:set', { photoIds: [1], stars: 6 }],
      ['cull:set', { photoIds: [] , mark: 'pick' }],
      ['feedback:submit', { photoId: 1, userScore: 101 }],
      ['feedback:submit', { photoId: 1, dimensionFeedback: { charisma: 5 } }],
      ['feedback:submit', { photoId: 1, dimensionFeedback: { lighting: 11 } }],
      ['feedback:submit', { photoId: 1 }],
      ['settings:set', { apiServer: { port: 70_000 } }],
      ['settings:set', { apiServer: { host: '  ' } }],
      ['library:addFolder', { path: 'relative/photos' }],
      ['library:addFolder', { path: `${place.photos}/obama.jpg` }],
      ['library:addFolder', { path: `${place.photos}-missing` }],
      ['app:info', 'surprise'],
      ['photos:detail', null],
    ] as const;
    for (const [channel, payload] of invalid) {
      const reply = await service.handle(channel, payload);
      expect(reply, `${channel} ${JSON.stringify(payload)}`).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    }
    expect(await service.handle('photos:detail', { photoId: 424242 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await service.handle('cull:set', { photoIds: [424242], mark: 'reject' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await service.handle('library:removeFolder', { folderId: 424242 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    // A JSON bridge may send {} or null for a channel without payload.
    expect((await service.handle('import:status', {})).ok).toBe(true);
    expect((await service.handle('import:status', null)).ok).toBe(true);
  });

  it('serves app info, settings and the API server status', async () => {
    const { service, place } = await importedLibrary({ watch: false });
    const info = value(await service.handle('app:info', undefined));
    expect(info).toMatchObject({ version: '0.0.0-test', door: 'desktop', aiPack: { installed: false } });
    expect(info.home).toBe(service.engine.home);
    expect(info.analyzers.map((analyzer) => analyzer.id)).toContain('quality');
    expect(value(await service.handle('library:pickFolder', undefined))).toEqual({ path: null });

    expect(value(await service.handle('settings:get', undefined))).toMatchObject({ apiServer: { enabled: false, host: '127.0.0.1', port: 8750 } });
    expect(value(await service.handle('settings:set', { apiServer: { port: 9123 } }))).toMatchObject({ apiServer: { enabled: false, host: '127.0.0.1', port: 9123 } });
    expect(value(await service.handle('apiServer:status', undefined))).toMatchObject({ running: false, url: null, error: expect.stringMatching(/not available/) });
    await service.close();

    // A door that hosts the server: settings are applied and announced.
    const applied: unknown[] = [];
    const reopened = await openTestService(place.home, {
      watch: false,
      apiServer: {
        apply: async (settings) => (applied.push(settings), { running: settings.enabled, url: settings.enabled ? `http://${settings.host}:${settings.port}` : null, error: null }),
        status: () => ({ running: false, url: null, error: null }),
      },
    });
    cleanup.push(() => reopened.close());
    const events = new EventLog(reopened);
    expect(value(await reopened.handle('settings:get', undefined)).apiServer.port).toBe(9123);
    const announced = events.next((event) => event.type === 'api-server', 'api-server event');
    await reopened.handle('settings:set', { apiServer: { enabled: true } });
    expect(await announced).toEqual({ type: 'api-server', status: { running: true, url: 'http://127.0.0.1:9123', error: null } });
    expect(applied).toEqual([{ enabled: true, host: '127.0.0.1', port: 9123 }]);
  });

  it('serves thumbnails and previews from the cache only, for known hashes only', async () => {
    const { service } = await importedLibrary({ watch: false });
    const page = value(await service.handle('photos:list', { sort: 'name', direction: 'asc', offset: 0, limit: 10 }));
    const photo = page.items.find((item) => item.status === 'rated')!;
    const cache = `${service.engine.home}/cache/`;
    const thumb = await service.mediaFile('thumb', photo.imageHash!);
    expect(thumb?.startsWith(cache)).toBe(true);
    const preview = await service.mediaFile('preview', photo.imageHash!);
    expect(preview?.startsWith(cache)).toBe(true);
    const { default: sharpFree } = await import('node:fs');
    expect(sharpFree.statSync(preview!).size).toBeGreaterThan(1000);
    expect(await service.mediaFile('preview', photo.imageHash!)).toBe(preview);
    const full = await service.mediaFile('full', photo.imageHash!);
    expect(full?.startsWith(`${cache}full/`)).toBe(true);
    for (const bad of ['../../etc/passwd', photo.imageHash!.toUpperCase(), `${photo.imageHash}/..`, '', 'f'.repeat(64)]) {
      expect(await service.mediaFile('preview', bad)).toBeNull();
      expect(await service.mediaFile('thumb', bad)).toBeNull();
      expect(await service.mediaFile('full', bad)).toBeNull();
    }
    expect(await service.mediaFile('poster' as never, photo.imageHash!)).toBeNull();
  });
});
