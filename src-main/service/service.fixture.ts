import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { AppEvent } from '../../src-preload/contract/library-types.js';
import { corpusFile, SHARED_MODEL_CACHE, temporaryFolder } from '../../test-support/corpus.js';
import { CullerService, type ServiceOptions } from './culler-service.js';

/** A few corpus photos and one broken file: what the service tests import. */
export const SAMPLE_PHOTOS = [['faces', 'obama.jpg'], ['faces', 'biden.jpg'], ['faces', 'two_people.jpg'], ['faces', 'img1.jpg']] as const;
export const BROKEN_PHOTO = ['bad', 'broken.png'] as const;

/** A temporary home and photo folder for one test; `remove` deletes both. */
export function testPlace(): { home: string; photos: string; remove: () => void } {
  const folder = temporaryFolder('culler-service-');
  const photos = path.join(folder.dir, 'photos');
  mkdirSync(photos);
  return { home: path.join(folder.dir, 'home'), photos, remove: folder.remove };
}

export function copyCorpus(into: string, files: ReadonlyArray<readonly [string, string]>): string[] {
  return files.map(([dir, name]) => {
    const target = path.join(into, name);
    copyFileSync(corpusFile(dir, name), target);
    return target;
  });
}

/** Records every event of a service, and waits for the one a test needs. */
export class EventLog {
  readonly events: AppEvent[] = [];
  private waiters: Array<{ test: (event: AppEvent) => boolean; resolve: (event: AppEvent) => void }> = [];

  constructor(service: CullerService) {
    service.onEvent((event) => {
      this.events.push(event);
      this.waiters = this.waiters.filter((waiter) => {
        if (!waiter.test(event)) return true;
        waiter.resolve(event);
        return false;
      });
    });
  }

  /** The first event from now on that passes `test` (generous timeout: watchers and CI are slow). */
  next(test: (event: AppEvent) => boolean, what: string, timeoutMs = 45_000): Promise<AppEvent> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
      this.waiters.push({ test, resolve: (event) => (clearTimeout(timer), resolve(event)) });
    });
  }
}

/** Opens a service and waits for its folder rescan, so a test starts from a settled library. */
export async function openTestService(home: string, options: Partial<ServiceOptions> = {}): Promise<CullerService> {
  const service = await CullerService.open({
    home,
    door: 'desktop',
    version: '0.0.0-test',
    watchSettleMs: 300,
    ...options,
    engine: { models: false, modelCacheDir: SHARED_MODEL_CACHE, aiPack: false, ...options.engine },
  });
  await service.scanned;
  return service;
}

/**
 * What most library tests start from: a service over `place`, its photo folder added and imported
 * to idle, and `cleanup` told how to close the service and remove the place after the test.
 */
export async function openImportedLibrary(
  place: ReturnType<typeof testPlace>,
  cleanup: Array<() => Promise<void> | void>,
  options: Partial<ServiceOptions> = {},
  importTimeoutMs?: number,
): Promise<{ service: CullerService; events: EventLog }> {
  const service = await openTestService(place.home, options);
  const events = new EventLog(service);
  cleanup.push(async () => {
    await service.close();
    place.remove();
  });
  value(await service.handle('library:addFolder', { path: place.photos }));
  await importIdle(service, events, importTimeoutMs);
  return { service, events };
}

/** Resolves once the import queue is idle with nothing queued (checked now, then on each progress event). */
export async function importIdle(service: CullerService, events: EventLog, timeoutMs = 60_000): Promise<void> {
  const idle = async (): Promise<boolean> => {
    const status = await service.handle('import:status', undefined);
    return status.ok && status.value.state === 'idle' && status.value.queued === 0;
  };
  const deadline = Date.now() + timeoutMs;
  while (!(await idle())) {
    const left = deadline - Date.now();
    if (left <= 0) throw new Error('timed out waiting for the import queue to go idle');
    // Re-checked at least every 2 s, in case the last progress event came before this wait began.
    await events.next((event) => event.type === 'import-progress', 'import progress', Math.min(left, 2000)).catch(() => undefined);
  }
}

/**
 * Waits until `check` passes, re-checking after each event of the service (and at least every
 * second, so an event that came before the wait began cannot strand it). Never a fixed sleep.
 */
export async function until<T>(events: EventLog, what: string, check: () => Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await check();
    if (found) return found;
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`timed out waiting for ${what}`);
    await events.next(() => true, what, Math.min(left, 1000)).catch(() => undefined);
  }
}

/** A reply's value; a failure throws with its code and message, so a test reads as the user's steps. */
export function value<T>(reply: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T {
  if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
  return reply.value;
}
