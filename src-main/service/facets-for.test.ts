import { afterEach, describe, expect, it } from 'vitest';
import type { PhotoFacets } from '../../src-preload/contract/library-types.js';
import { copyCorpus, EventLog, importIdle, openTestService, SAMPLE_PHOTOS, testPlace, value } from './service.fixture.js';

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

const sum = (facets: PhotoFacets['ratings']) => facets.reduce((total, facet) => total + facet.count, 0);

describe('facet counts that follow the other filters', () => {
  it('counts each group under every filter but its own', async () => {
    const place = testPlace();
    copyCorpus(place.photos, SAMPLE_PHOTOS);
    const service = await openTestService(place.home, { watch: false });
    cleanup.push(async () => {
      await service.close();
      place.remove();
    });
    value(await service.handle('library:addFolder', { path: place.photos }));
    await importIdle(service, new EventLog(service));
    const photos = value(await service.handle('photos:list', { sort: 'score', direction: 'desc', offset: 0, limit: 100 })).items;
    value(await service.handle('cull:set', { photoIds: [photos[0]!.id], mark: 'reject' }));

    const everything = value(await service.handle('photos:facetsFor', {}));
    expect(everything).toEqual(value(await service.handle('photos:facets', undefined)));

    // Under "rejected", the rating chips count the one rejected photo.
    const rejected = value(await service.handle('photos:facetsFor', { marks: ['reject'] }));
    expect(rejected.total).toBe(1);
    expect(sum(rejected.ratings)).toBe(1);
    expect(rejected.ratings).toEqual([{ value: photos[0]!.rating, count: 1 }]);

    // A rating filter does not narrow its own chips (the others stay choosable), but it does the total.
    const rating = photos[0]!.rating!;
    const oneRating = value(await service.handle('photos:facetsFor', { ratings: [rating] }));
    expect(oneRating.ratings).toEqual(everything.ratings);
    expect(oneRating.total).toBe(everything.ratings.find((facet) => facet.value === rating)!.count);
  });
});
