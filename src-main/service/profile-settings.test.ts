import { afterEach, describe, expect, it } from 'vitest';
import type { CullerService } from './culler-service.js';
import { copyCorpus, EventLog, importIdle, openTestService, testPlace, value } from './service.fixture.js';

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

/** Two camera landscapes (no face) and a portrait. */
const SHOOT = [['camera', 'apple-iphone-5.jpg'], ['camera', 'samsung-galaxy-note3.jpg'], ['faces', 'obama.jpg']] as const;

async function reviewQueue(service: CullerService): Promise<string[]> {
  const page = value(await service.handle('photos:list', { sort: 'name', direction: 'asc', offset: 0, limit: 10, needsReview: true }));
  return page.items.map((photo) => photo.name);
}

describe('shoot profile in the settings', () => {
  it('switching the library to landscape takes the landscapes out of the review queue at once, and the choice survives a restart', async () => {
    const place = testPlace();
    copyCorpus(place.photos, SHOOT);
    let service: CullerService = await openTestService(place.home, { watch: false, engine: { models: true } });
    cleanup.push(async () => {
      await service.close();
      place.remove();
    });
    const events = new EventLog(service);
    value(await service.handle('library:addFolder', { path: place.photos }));
    await importIdle(service, events);

    expect(value(await service.handle('settings:get', undefined)).profile).toBe('portfolio');
    // The portfolio profile asks for a face: both landscapes wait in the review queue for "no face".
    expect(await reviewQueue(service)).toEqual(['apple-iphone-5.jpg', 'samsung-galaxy-note3.jpg']);

    const changed = events.next((event) => event.type === 'photos-changed', 'the re-judged photos');
    expect(value(await service.handle('settings:set', { profile: 'landscape' })).profile).toBe('landscape');
    expect((await changed).type).toBe('photos-changed');
    expect(await reviewQueue(service)).toEqual([]);

    const page = value(await service.handle('photos:list', { sort: 'name', direction: 'asc', offset: 0, limit: 10 }));
    const landscape = page.items.find((photo) => photo.name === 'apple-iphone-5.jpg')!;
    const detail = value(await service.handle('photos:detail', { photoId: landscape.id }));
    expect(detail.result?.why.profile?.id).toBe('landscape');
    expect(detail.result?.needs_review).toBe(false);

    expect((await service.handle('settings:set', { profile: 'street' as never })).ok).toBe(false);

    await service.close();
    service = await openTestService(place.home, { watch: false, engine: { models: true } });
    expect(value(await service.handle('settings:get', undefined)).profile).toBe('landscape');
    expect(await reviewQueue(service)).toEqual([]);
  }, 180_000);
});
