import { afterEach, describe, expect, it } from 'vitest';
import type { CullerService } from './culler-service.js';
import { copyCorpus, EventLog, importIdle, openTestService, SAMPLE_PHOTOS, testPlace, value } from './service.fixture.js';

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

async function marks(service: CullerService) {
  const page = value(await service.handle('photos:list', { sort: 'name', direction: 'asc', offset: 0, limit: 100 }));
  return Object.fromEntries(page.items.map((photo) => [photo.name, { mark: photo.mark, stars: photo.stars }]));
}

describe('undo and redo of marks', () => {
  it('undoes a batch as one step, a single mark after it, redoes them, and keeps the history across a restart', async () => {
    const place = testPlace();
    copyCorpus(place.photos, SAMPLE_PHOTOS);
    let service: CullerService = await openTestService(place.home, { watch: false });
    cleanup.push(async () => {
      await service.close();
      place.remove();
    });
    value(await service.handle('library:addFolder', { path: place.photos }));
    await importIdle(service, new EventLog(service));
    const photos = value(await service.handle('photos:list', { sort: 'name', direction: 'asc', offset: 0, limit: 100 })).items;
    const [a, b, c, d] = photos.map((photo) => photo.id) as [number, number, number, number];
    expect(value(await service.handle('cull:history', undefined))).toEqual({ canUndo: false, canRedo: false });

    value(await service.handle('cull:set', { photoIds: [a], stars: 3 }));
    value(await service.handle('cull:set', { photoIds: [a, b, c], mark: 'reject' }));
    value(await service.handle('cull:set', { photoIds: [d], mark: 'pick' }));
    const culled = await marks(service);

    const undoPick = value(await service.handle('cull:undo', undefined));
    expect(undoPick.description).toBe('pick on 1 photo');
    expect(undoPick.photos.map((photo) => [photo.id, photo.mark])).toEqual([[d, null]]);
    const undoBatch = value(await service.handle('cull:undo', undefined));
    expect(undoBatch.description).toBe('reject on 3 photos');
    // The batch went back as one step; the stars set before it stayed.
    const afterUndo = await marks(service);
    expect(Object.values(afterUndo).filter((entry) => entry.mark !== null)).toEqual([]);
    expect(afterUndo[photos[0]!.name]).toEqual({ mark: null, stars: 3 });

    // Restart: the history is in the catalog.
    await service.close();
    service = await openTestService(place.home, { watch: false });
    expect(value(await service.handle('cull:history', undefined))).toEqual({ canUndo: true, canRedo: true });
    expect(value(await service.handle('cull:redo', undefined)).description).toBe('reject on 3 photos');
    expect(value(await service.handle('cull:redo', undefined)).description).toBe('pick on 1 photo');
    expect(await marks(service)).toEqual(culled);
    expect(value(await service.handle('cull:redo', undefined))).toMatchObject({ description: null, photos: [], canRedo: false });

    // A new change after an undo drops the redo, as in every editor.
    value(await service.handle('cull:undo', undefined));
    value(await service.handle('cull:set', { photoIds: [b], stars: 5 }));
    expect(value(await service.handle('cull:history', undefined))).toEqual({ canUndo: true, canRedo: false });
    // Two undos (the 5 stars, the batch) leave the first change alone; a third takes that too.
    for (let step = 0; step < 2; step++) value(await service.handle('cull:undo', undefined));
    expect(Object.values(await marks(service)).filter((entry) => entry.mark !== null || entry.stars > 0)).toEqual([{ mark: null, stars: 3 }]);
    value(await service.handle('cull:undo', undefined));
    expect(Object.values(await marks(service)).filter((entry) => entry.mark !== null || entry.stars > 0)).toEqual([]);
    expect(value(await service.handle('cull:history', undefined))).toEqual({ canUndo: false, canRedo: true });
  });

  it('saves a compare winner and its rejected rivals as one step, and refuses the lot when one photo is unknown', async () => {
    const place = testPlace();
    copyCorpus(place.photos, SAMPLE_PHOTOS.slice(0, 3));
    const service = await openTestService(place.home, { watch: false });
    cleanup.push(async () => {
      await service.close();
      place.remove();
    });
    value(await service.handle('library:addFolder', { path: place.photos }));
    await importIdle(service, new EventLog(service));
    const [a, b, c] = value(await service.handle('photos:list', { sort: 'name', direction: 'asc', offset: 0, limit: 100 })).items.map((photo) => photo.id) as [number, number, number];

    const refused = await service.handle('cull:setEach', { requests: [{ photoIds: [a], mark: 'pick' }, { photoIds: [b, 999_999], mark: 'reject' }] });
    expect(refused.ok ? 'ok' : refused.error.code).toBe('not_found');
    expect(Object.values(await marks(service)).map((entry) => entry.mark)).toEqual([null, null, null]);

    const saved = value(await service.handle('cull:setEach', { requests: [{ photoIds: [a], mark: 'pick' }, { photoIds: [b, c], mark: 'reject' }] }));
    expect(saved.map((photo) => [photo.id, photo.mark])).toEqual([[a, 'pick'], [b, 'reject'], [c, 'reject']]);
    const undone = value(await service.handle('cull:undo', undefined));
    expect(undone.description).toBe('pick on 1 photo, reject on 2 photos');
    expect(undone.photos.map((photo) => photo.mark)).toEqual([null, null, null]);
    expect(value(await service.handle('cull:history', undefined))).toEqual({ canUndo: false, canRedo: true });
  });
});
