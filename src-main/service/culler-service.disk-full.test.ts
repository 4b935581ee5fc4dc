import { closeSync, copyFileSync, existsSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { corpusFile } from '../../test-support/corpus.js';
import { mountSmallDisk, TMPFS_UNAVAILABLE } from '../../test-support/storage-conditions.js';
import type { CullerService } from './culler-service.js';
import { EventLog, importIdle, openTestService, testPlace, until } from './service.fixture.js';

/**
 * A full disk under the home, for real: the home is a small tmpfs, filled to the last byte. The import
 * must pause with a visible reason, keep every file queued (none counted done, none dropped), and
 * carry on when asked or when space returns. Thumbnails (sharp's ENOSPC) and the catalog
 * (SQLITE_FULL) are both written there.
 */
let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

const FACES = readdirSync(corpusFile('faces')).filter((name) => /\.(jpe?g|png)$/i.test(name)).slice(0, 12);

/** Writes a file until the disk refuses another byte; returns its path. */
function fillDisk(dir: string): string {
  const filler = path.join(dir, 'filler.bin');
  const fd = openSync(filler, 'w');
  const block = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) writeSync(fd, block);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  }
  // The last scraps, smaller than a block.
  try {
    for (;;) writeSync(fd, Buffer.alloc(512, 1));
  } catch {
    // full
  } finally {
    closeSync(fd);
  }
  return filler;
}

async function setup(storageRetryMs: number): Promise<{ service: CullerService; events: EventLog; home: string; log: string[]; photos: string }> {
  const place = testPlace();
  cleanup.push(place.remove);
  cleanup.push(mountSmallDisk(place.home, 24 * 1024 * 1024));
  for (const name of FACES) copyFileSync(corpusFile('faces', name), path.join(place.photos, name));
  const log: string[] = [];
  const service = await openTestService(place.home, { watch: false, storageRetryMs, engine: { config: { concurrency: 3 } }, log: (line) => log.push(line) });
  cleanup.push(() => service.close());
  const events = new EventLog(service);
  // Queued while paused, so that every file meets the full disk.
  await service.handle('import:pause', undefined);
  const added = await service.handle('library:addFolder', { path: place.photos });
  expect(added.ok).toBe(true);
  await until(events, 'the folder queued', async () => {
    const status = await service.handle('import:status', undefined);
    return status.ok && status.value.queued === FACES.length && !status.value.scanning;
  });
  return { service, events, home: place.home, log, photos: place.photos };
}

async function statusOf(service: CullerService) {
  const status = await service.handle('import:status', undefined);
  if (!status.ok) throw new Error(status.error.message);
  return status.value;
}

async function pausedForDisk(service: CullerService, events: EventLog) {
  return until(events, 'the disk_full pause', async () => {
    const status = await statusOf(service);
    return status.pausedReason?.code === 'disk_full' && status.current === null && status;
  }, 60_000);
}

function ratedCount(service: CullerService): number {
  return (service.engine.catalog.database.prepare("SELECT COUNT(*) AS n FROM photos WHERE status = 'rated'").get() as { n: number }).n;
}

describe.skipIf(TMPFS_UNAVAILABLE !== null)('a full disk under the home', () => {
  it('pauses the import with disk_full, keeps every file queued, and finishes them all on resume', async () => {
    const { service, events, home, log } = await setup(600_000);
    const filler = fillDisk(home);
    await service.handle('import:resume', undefined);
    const paused = await pausedForDisk(service, events);
    expect(paused).toMatchObject({ state: 'paused', queued: FACES.length, done: 0, failed: 0 });
    expect(paused.pausedReason!.message).toMatch(/full/);
    // It stays paused: no spinning through the queue, nothing counted, one line in the log.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await statusOf(service)).toMatchObject({ state: 'paused', queued: FACES.length, done: 0, failed: 0 });
    expect(log.filter((line) => line.startsWith('import: paused, disk_full')).length).toBe(1);
    expect(log.filter((line) => /internal error|failed \(/.test(line))).toEqual([]);

    rmSync(filler);
    const resumed = await service.handle('import:resume', undefined);
    expect(resumed.ok && resumed.value.pausedReason).toBeUndefined();
    await importIdle(service, events);
    expect(await statusOf(service)).toMatchObject({ state: 'idle', queued: 0, done: FACES.length, failed: 0 });
    expect(ratedCount(service)).toBe(FACES.length);
  }, 120_000);

  it('tries again by itself once space returns', async () => {
    const { service, events, home } = await setup(300);
    const filler = fillDisk(home);
    await service.handle('import:resume', undefined);
    await pausedForDisk(service, events);
    rmSync(filler);
    await importIdle(service, events);
    expect(await statusOf(service)).toMatchObject({ state: 'idle', queued: 0, done: FACES.length, failed: 0 });
    expect(ratedCount(service)).toBe(FACES.length);
  }, 120_000);

  it('a preview that cannot be written pauses the import with disk_full too, and nothing is left behind', async () => {
    const { service, events, home } = await setup(600_000);
    await service.handle('import:resume', undefined);
    await importIdle(service, events);
    const [photo] = service.engine.catalog.database.prepare("SELECT image_hash AS hash FROM photos WHERE status = 'rated' LIMIT 1").all() as Array<{ hash: string }>;
    const filler = fillDisk(home);
    expect(await service.mediaFile('preview', photo!.hash)).toBeNull();
    const status = await statusOf(service);
    expect(status.pausedReason?.code).toBe('disk_full');
    // No half-written preview or temporary file is left in the cache.
    const previews = path.join(home, 'cache', 'previews');
    const leftovers = existsSync(previews) ? readdirSync(previews, { recursive: true }).map(String).filter((name) => name.endsWith('.tmp')) : [];
    expect(leftovers).toEqual([]);
    rmSync(filler);
    expect(await service.mediaFile('preview', photo!.hash)).toMatch(/\.jpg$/);
  }, 120_000);
});
