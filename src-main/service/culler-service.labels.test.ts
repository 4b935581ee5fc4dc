import { afterEach, describe, expect, it } from 'vitest';
import { copyCorpus, EventLog, importIdle, openTestService, SAMPLE_PHOTOS, testPlace } from './service.fixture.js';
import type { CullerService } from './culler-service.js';

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

function value<T>(reply: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T {
  if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
  return reply.value;
}

describe('colour labels', () => {
  it('sets, filters, keeps across a restart and clears a label; refuses an unknown colour', async () => {
    const place = testPlace();
    copyCorpus(place.photos, SAMPLE_PHOTOS.slice(0, 3));
    let service: CullerService = await openTestService(place.home, { watch: false });
    cleanup.push(async () => {
      await service.close();
      place.remove();
    });
    await service.handle('library:addFolder', { path: place.photos });
    await importIdle(service, new EventLog(service));
    const all = value(await service.handle('photos:list', { sort: 'name', direction: 'asc', offset: 0, limit: 10 }));
    expect(all.items.map((photo) => photo.label)).toEqual([null, null, null]);
    const [first, second] = all.items as [(typeof all.items)[0], (typeof all.items)[0]];

    const labelled = value(await service.handle('cull:set', { photoIds: [first.id, second.id], label: 'red' }));
    expect(labelled.map((photo) => photo.label)).toEqual(['red', 'red']);
    value(await service.handle('cull:set', { photoIds: [second.id], label: 'purple', stars: 2 }));
    expect(await service.handle('cull:set', { photoIds: [first.id], label: 'orange' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });

    await service.close();
    service = await openTestService(place.home, { watch: false });
    const red = value(await service.handle('photos:list', { sort: 'name', direction: 'asc', labels: ['red'], offset: 0, limit: 10 }));
    expect(red.items.map((photo) => photo.id)).toEqual([first.id]);
    const purpleOrNone = value(await service.handle('photos:list', { sort: 'name', direction: 'asc', labels: ['purple', 'none'], offset: 0, limit: 10 }));
    expect(purpleOrNone.total).toBe(2);
    expect(purpleOrNone.items.find((photo) => photo.id === second.id)).toMatchObject({ label: 'purple', stars: 2 });

    const cleared = value(await service.handle('cull:set', { photoIds: [first.id], label: null }));
    expect(cleared[0]).toMatchObject({ label: null });
  });
});
