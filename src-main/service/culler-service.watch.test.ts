import { copyFileSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PhotoSummary } from '../../src-preload/contract/library-types.js';
import { corpusFile } from '../../test-support/corpus.js';
import { sha256Hex } from '../engine/hash/file-hash.js';
import type { CullerService } from './culler-service.js';
import { copyCorpus, EventLog, importIdle, openTestService, testPlace, until } from './service.fixture.js';

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

async function allPhotos(service: CullerService): Promise<PhotoSummary[]> {
  const reply = await service.handle('photos:list', { sort: 'name', direction: 'asc', offset: 0, limit: 1000 });
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.value.items;
}

const byName = (photos: PhotoSummary[], name: string) => photos.find((photo) => photo.name === name);

describe('watching a library folder', () => {
  it('rates added and changed files, forgets deleted ones, and keeps marks across a rename', async () => {
    const place = testPlace();
    copyCorpus(place.photos, [['faces', 'obama.jpg'], ['faces', 'biden.jpg'], ['faces', 'two_people.jpg']]);
    const service = await openTestService(place.home);
    cleanup.push(async () => {
      await service.close();
      place.remove();
    });
    const events = new EventLog(service);
    const added = await service.handle('library:addFolder', { path: place.photos });
    expect(added).toMatchObject({ ok: true, value: { watching: true, error: null } });
    expect(await service.handle('library:addFolder', { path: place.photos })).toEqual(added);
    await importIdle(service, events);
    expect((await allPhotos(service)).map((photo) => photo.name)).toEqual(['biden.jpg', 'obama.jpg', 'two_people.jpg']);

    // Added: a new photo, plus files that must be left alone (a dotfile, a note).
    writeFileSync(path.join(place.photos, '.hidden.jpg'), readFileSync(corpusFile('faces', 'img1.jpg')));
    writeFileSync(path.join(place.photos, 'notes.txt'), 'shot list');
    copyFileSync(corpusFile('faces', 'img1.jpg'), path.join(place.photos, 'img1.jpg'));
    const newcomer = await until(events, 'img1.jpg rated', async () => byName(await allPhotos(service), 'img1.jpg'));
    expect(newcomer).toMatchObject({ status: 'rated', folderId: added.ok ? added.value.id : -1 });

    // Changed: new bytes under the same name are rated again.
    const bidenHash = sha256Hex(readFileSync(corpusFile('faces', 'biden.jpg')));
    copyFileSync(corpusFile('faces', 'biden.jpg'), path.join(place.photos, 'obama.jpg'));
    await until(events, 'obama.jpg re-rated', async () => byName(await allPhotos(service), 'obama.jpg')?.imageHash === bidenHash);

    // Deleted: the row goes, with an event naming it.
    const doomed = byName(await allPhotos(service), 'two_people.jpg')!;
    const removal = events.next((event) => event.type === 'photos-removed' && event.photoIds.includes(doomed.id), 'photos-removed');
    rmSync(path.join(place.photos, 'two_people.jpg'));
    await removal;
    expect(byName(await allPhotos(service), 'two_people.jpg')).toBeUndefined();

    // Moved (renamed): the same bytes under the new name keep the user's pick and stars.
    const favourite = byName(await allPhotos(service), 'img1.jpg')!;
    expect(await service.handle('cull:set', { photoIds: [favourite.id], mark: 'pick', stars: 5 })).toMatchObject({ ok: true });
    renameSync(path.join(place.photos, 'img1.jpg'), path.join(place.photos, 'img1-final.jpg'));
    const moved = await until(events, 'rename seen', async () => {
      const photos = await allPhotos(service);
      return !byName(photos, 'img1.jpg') && byName(photos, 'img1-final.jpg');
    });
    expect(moved).toMatchObject({ mark: 'pick', stars: 5, imageHash: favourite.imageHash });

    await importIdle(service, events);
    const names = (await allPhotos(service)).map((photo) => photo.name);
    expect(names).toEqual(['biden.jpg', 'img1-final.jpg', 'obama.jpg']);
    const folders = await service.handle('library:folders', undefined);
    expect(folders).toMatchObject({ ok: true, value: [{ photoCount: 3, watching: true }] });
  });

  it('removing a folder stops watching it and forgets its photos, not the files or their analyses', async () => {
    const place = testPlace();
    const [obama] = copyCorpus(place.photos, [['faces', 'obama.jpg']]);
    const service = await openTestService(place.home);
    cleanup.push(async () => {
      await service.close();
      place.remove();
    });
    const events = new EventLog(service);
    const added = await service.handle('library:addFolder', { path: place.photos });
    if (!added.ok) throw new Error(added.error.message);
    await importIdle(service, events);
    const [photo] = await allPhotos(service);

    const removed = events.next((event) => event.type === 'photos-removed', 'photos-removed');
    expect(await service.handle('library:removeFolder', { folderId: added.value.id })).toEqual({ ok: true, value: { removed: true } });
    expect(await removed).toEqual({ type: 'photos-removed', photoIds: [photo!.id] });
    expect(await service.handle('library:folders', undefined)).toEqual({ ok: true, value: [] });
    expect(await allPhotos(service)).toEqual([]);
    expect(readFileSync(obama!).length).toBeGreaterThan(0);
    expect(service.engine.catalog.analysis(photo!.imageHash!, service.engine.analysisKey)).not.toBeNull();

    // Re-adding is a cache hit: the same result comes back without rating again.
    await service.handle('library:addFolder', { path: place.photos });
    await importIdle(service, events);
    const [again] = await allPhotos(service);
    expect(again).toMatchObject({ imageHash: photo!.imageHash, score: photo!.score });
  });
});
