import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PhotoGroupView, PhotoSummary } from '../../src-preload/contract/library-types.js';
import { corpusFile } from '../../test-support/corpus.js';
import type { CullerService } from './culler-service.js';
import { copyCorpus, EventLog, importIdle, openTestService, testPlace, until } from './service.fixture.js';

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

async function value<T>(reply: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>): Promise<T> {
  const answered = await reply;
  if (!answered.ok) throw new Error(answered.error.message);
  return answered.value;
}

async function names(service: CullerService): Promise<Map<number, string>> {
  const page = await value(service.handle('photos:list', { sort: 'name', direction: 'asc', offset: 0, limit: 1000 }));
  return new Map(page.items.map((photo: PhotoSummary) => [photo.id, photo.name]));
}

/** The groups as sorted lists of file names, stems only ("cockatoo-b-1"). */
async function stacks(service: CullerService, groups?: PhotoGroupView[]): Promise<string[][]> {
  const byId = await names(service);
  const listed = groups ?? (await value(service.handle('groups:list', undefined)));
  return listed.map((group) => group.photoIds.map((id) => byId.get(id)!.replace('.jpg', '')).sort()).sort((a, b) => a[0]!.localeCompare(b[0]!));
}

async function idOf(service: CullerService, name: string): Promise<number> {
  for (const [id, photoName] of await names(service)) if (photoName === `${name}.jpg`) return id;
  throw new Error(`no photo ${name}`);
}

const BURSTS = ['cockatoo-b-1.jpg', 'cockatoo-b-2.jpg', 'cockatoo-b-3.jpg', 'cockatoo-c-1.jpg', 'cockatoo-c-2.jpg', 'cockatoo-single-closeup.jpg', 'd70s-series-2.jpg', 'd70s-series-3.jpg'].map(
  (name) => ['bursts', name] as const,
);

describe('bursts in the library', () => {
  it('stacks a folder of bursts, lets a new frame join as it arrives, and keeps the user’s split, merge and detach across regrouping and a restart', async () => {
    const place = testPlace();
    copyCorpus(place.photos, BURSTS);
    let service = await openTestService(place.home);
    cleanup.push(async () => {
      await service.close();
      place.remove();
    });
    let events = new EventLog(service);
    await value(service.handle('library:addFolder', { path: place.photos }));
    await importIdle(service, events);

    expect(await stacks(service)).toEqual([
      ['cockatoo-b-1', 'cockatoo-b-2', 'cockatoo-b-3'],
      ['cockatoo-c-1', 'cockatoo-c-2'],
      ['d70s-series-2', 'd70s-series-3'],
    ]);
    const [first] = await value(service.handle('groups:list', undefined));
    expect(first!.reason).toMatch(/^Frame \d: /);
    const detail = await value(service.handle('photos:detail', { photoId: first!.bestPhotoId }));
    expect(detail.result?.group).toMatchObject({ id: first!.id, size: first!.photoIds.length, rank: 1, best: true, reason: first!.reason });

    // A new frame of burst C arrives in the watched folder: it joins C (which keeps its id, so an
    // open stack stays open), nothing else is regrouped.
    const c1 = await idOf(service, 'cockatoo-c-1');
    const groupC = (await value(service.handle('groups:list', undefined))).find((group) => group.photoIds.includes(c1))!;
    const changed = events.next((event) => event.type === 'groups-changed', 'groups-changed');
    copyFileSync(corpusFile('bursts', 'cockatoo-c-3.jpg'), path.join(place.photos, 'cockatoo-c-3.jpg'));
    await changed;
    await until(events, 'c-3 joined', async () => (await stacks(service)).some((stack) => stack.includes('cockatoo-c-3') && stack.length === 3));
    const joined = (await value(service.handle('groups:list', undefined))).find((group) => group.photoIds.includes(c1))!;
    expect(joined.id).toBe(groupC.id);
    expect(joined.photoIds).toHaveLength(3);

    // Split b-3 off, detach c-1, merge the single close-up into A: each edit shows at once …
    await value(service.handle('groups:edit', { action: 'split', photoIds: [await idOf(service, 'cockatoo-b-3')] }));
    await value(service.handle('groups:edit', { action: 'detach', photoIds: [await idOf(service, 'cockatoo-c-1')] }));
    await value(service.handle('groups:edit', { action: 'merge', photoIds: [await idOf(service, 'd70s-series-2'), await idOf(service, 'cockatoo-single-closeup')] }));
    const edited = [
      ['cockatoo-b-1', 'cockatoo-b-2'],
      ['cockatoo-c-2', 'cockatoo-c-3'],
      ['cockatoo-single-closeup', 'd70s-series-2', 'd70s-series-3'],
    ];
    expect(await stacks(service)).toEqual(edited);
    // … survives grouping the whole library again …
    expect(await stacks(service, await value(service.handle('groups:edit', { action: 'regroup' })))).toEqual(edited);
    // … and a restart.
    await service.close();
    service = await openTestService(place.home);
    events = new EventLog(service);
    expect(await stacks(service)).toEqual(edited);

    // Frames of two groups cannot be split together; an unknown photo is refused.
    const mixed = await service.handle('groups:edit', { action: 'split', photoIds: [await idOf(service, 'cockatoo-b-1'), await idOf(service, 'cockatoo-c-2')] });
    expect(mixed).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await service.handle('groups:edit', { action: 'detach', photoIds: [99_999] })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  }, 180_000);
});
