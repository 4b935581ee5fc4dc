import { afterEach, describe, expect, it } from 'vitest';
import { copyCorpus, EventLog, importIdle, openTestService, SAMPLE_PHOTOS, testPlace, value } from './service.fixture.js';
import type { CullerService } from './culler-service.js';

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

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
    expect(value(await service.handle('photos:facets', undefined)).labels).toEqual([
      { value: 'purple', count: 1 },
      { value: 'red', count: 1 },
    ]);

    const cleared = value(await service.handle('cull:set', { photoIds: [first.id], label: null }));
    expect(cleared[0]).toMatchObject({ label: null });
  });
});

describe('the cull going out, through the service', () => {
  it('writes a sidecar on every mark change (setting on by default), not when it is off; exports picks; undoes a move', async () => {
    const { existsSync, mkdirSync, readdirSync } = await import('node:fs');
    const path = await import('node:path');
    const { exiftoolReads } = await import('../../test-support/exiftool-cli.js');
    const place = testPlace();
    copyCorpus(place.photos, SAMPLE_PHOTOS.slice(0, 3));
    const service = await openTestService(place.home, { watch: false });
    cleanup.push(async () => {
      await service.close();
      place.remove();
    });
    await service.handle('library:addFolder', { path: place.photos });
    await importIdle(service, new EventLog(service));
    const all = value(await service.handle('photos:list', { sort: 'name', direction: 'asc', offset: 0, limit: 10 }));
    const [first, second, third] = all.items.map((photo) => photo) as [(typeof all.items)[0], (typeof all.items)[0], (typeof all.items)[0]];
    expect(value(await service.handle('settings:get', undefined)).xmp).toMatchObject({ writeSidecars: true, naming: 'adobe', autoCull: { enabled: false } });

    value(await service.handle('cull:set', { photoIds: [first.id], mark: 'pick', stars: 5, label: 'yellow' }));
    await service.sidecarsSettled;
    const sidecarOf = (photo: { path: string }) => photo.path.replace(/\.[^.]+$/, '.xmp');
    expect(exiftoolReads(sidecarOf(first))).toMatchObject({ 'XMP-xmp:Rating': 5, 'XMP-xmp:Label': 'Yellow', 'XMP-culler:Pick': 'pick' });

    value(await service.handle('settings:set', { xmp: { writeSidecars: false, naming: 'darktable' } }));
    expect(await service.handle('settings:set', { xmp: { autoCull: { starBands: [90, 80, 70, 55, 40] } } })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await service.handle('settings:set', { xmp: { naming: 'lightroom' } })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(value(await service.handle('settings:set', { xmp: { autoCull: { enabled: true, needsReviewLabel: 'blue' } } })).xmp).toMatchObject({
      writeSidecars: false,
      naming: 'darktable',
      autoCull: { enabled: true, low: 'reject', needsReviewLabel: 'blue', starBands: [40, 55, 70, 80, 90] },
    });
    value(await service.handle('settings:set', { xmp: { autoCull: { enabled: false } } }));
    value(await service.handle('cull:set', { photoIds: [second.id], mark: 'reject' }));
    await service.sidecarsSettled;
    expect(existsSync(sidecarOf(second))).toBe(false);
    expect(existsSync(`${second.path}.xmp`)).toBe(false);
    // On demand, whatever the setting: darktable style now.
    expect(value(await service.handle('xmp:write', { photoIds: [second.id] }))).toMatchObject({ written: 1, failures: [] });
    expect(exiftoolReads(`${second.path}.xmp`)).toMatchObject({ 'XMP-xmp:Rating': -1 });

    const out = path.join(path.dirname(place.photos), 'picks');
    mkdirSync(out);
    const refused = await service.handle('export:run', { filter: { marks: ['pick'] }, destination: path.join(out, 'missing'), mode: 'copy', onCollision: 'suffix' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringMatching(/^destination_missing: /) } });
    const inside = await service.handle('export:run', { filter: { marks: ['pick'] }, destination: place.photos, mode: 'copy', onCollision: 'suffix' });
    expect(inside).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^destination_inside_source: /) } });

    const moved = value(await service.handle('export:run', { filter: { marks: ['pick'] }, destination: out, mode: 'move', onCollision: 'suffix' }));
    expect(moved).toMatchObject({ exported: 1, failed: 0 });
    expect(readdirSync(out).sort()).toEqual([path.basename(first.path), path.basename(sidecarOf(first))].sort());
    // Moved out of the library: it leaves the grid, keeps its marks, and undo brings both back.
    expect(value(await service.handle('photos:list', { sort: 'name', direction: 'asc', offset: 0, limit: 10 })).total).toBe(2);
    expect(value(await service.handle('export:undo', { exportId: moved.exportId! }))).toMatchObject({ restored: 2, failures: [] });
    expect(readdirSync(out)).toEqual([]);
    const back = value(await service.handle('photos:list', { sort: 'name', direction: 'asc', marks: ['pick'], offset: 0, limit: 10 }));
    expect(back.items).toMatchObject([{ id: first.id, path: first.path, stars: 5, label: 'yellow' }]);
    void third;
  });
});
