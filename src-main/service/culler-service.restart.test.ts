import { copyFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { corpusFile } from '../../test-support/corpus.js';
import type { CullerService } from './culler-service.js';
import { BROKEN_PHOTO, copyCorpus, EventLog, importIdle, openTestService, SAMPLE_PHOTOS, testPlace, until } from './service.fixture.js';

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

/** The files the import loop handled, from its log: proof of what was (not) rated again. */
function importLog(lines: string[]): string[] {
  return lines.filter((line) => line.startsWith('import: ')).map((line) => path.basename(line.split(' ').at(-1)!));
}

function analysisTimes(service: CullerService): Map<string, string> {
  const rows = service.engine.catalog.database
    .prepare<[], { path: string; created_at: string }>(
      'SELECT p.path, a.created_at FROM photos p JOIN analyses a ON a.image_hash = p.image_hash ORDER BY p.path',
    )
    .all();
  return new Map(rows.map((row) => [path.basename(row.path), row.created_at]));
}

describe('the import queue across restarts', () => {
  it('pauses, stays paused after a restart, and resumes without redoing finished files', async () => {
    const place = testPlace();
    copyCorpus(place.photos, [...SAMPLE_PHOTOS, BROKEN_PHOTO]);
    const firstLog: string[] = [];
    let first: CullerService | null = null;
    // Paused from inside the loop, right after the first file is stored: deterministic, no timing.
    first = await openTestService(place.home, {
      watch: false,
      engine: { config: { concurrency: 1 } },
      log: (line) => {
        firstLog.push(line);
        if (importLog(firstLog).length === 1) void first!.handle('import:pause', undefined);
      },
    });
    let second: CullerService | null = null;
    cleanup.push(async () => {
      await first?.close();
      await second?.close();
      place.remove();
    });
    const firstEvents = new EventLog(first);
    await first.handle('library:addFolder', { path: place.photos });
    const service = first;
    const paused = await until(firstEvents, 'the pause', async () => {
      const status = await service.handle('import:status', undefined);
      return status.ok && status.value.state === 'paused' && status.value.current === null && status.value;
    });
    expect(paused).toEqual({ state: 'paused', queued: 4, done: 1, failed: 0, current: null, scanning: false });
    const finished = importLog(firstLog);
    expect(finished).toHaveLength(1);
    const timesBefore = analysisTimes(first);
    expect(first.engine.catalog.database.prepare('SELECT COUNT(*) AS n FROM import_queue').get()).toEqual({ n: 4 });
    await first.close();
    first = null;

    const secondLog: string[] = [];
    second = await openTestService(place.home, { watch: false, engine: { config: { concurrency: 2 } }, log: (line) => secondLog.push(line) });
    const events = new EventLog(second);
    expect(await second.handle('import:status', undefined)).toMatchObject({ ok: true, value: { state: 'paused', queued: 4 } });
    expect(importLog(secondLog)).toEqual([]);

    expect(await second.handle('import:resume', undefined)).toMatchObject({ ok: true, value: { state: 'running' } });
    await importIdle(second, events);
    const redone = importLog(secondLog);
    expect(redone.sort()).toEqual([...SAMPLE_PHOTOS.map(([, name]) => name), BROKEN_PHOTO[1]].filter((name) => name !== finished[0]).sort());
    // The file finished before the restart kept its analysis from then.
    expect(analysisTimes(second).get(finished[0]!)).toBe(timesBefore.get(finished[0]!));
    const page = await second.handle('photos:list', { sort: 'score', direction: 'desc', offset: 0, limit: 10 });
    expect(page).toMatchObject({ ok: true, value: { total: 5 } });
  });

  it('on open, rates only what changed while the app was closed, and re-rates photos of older analyzers', async () => {
    const place = testPlace();
    copyCorpus(place.photos, SAMPLE_PHOTOS);
    let service: CullerService | null = await openTestService(place.home, { watch: false });
    cleanup.push(async () => {
      await service?.close();
      place.remove();
    });
    let events = new EventLog(service);
    await service.handle('library:addFolder', { path: place.photos });
    await importIdle(service, events);
    const list = await service.handle('photos:list', { sort: 'name', direction: 'asc', offset: 0, limit: 10 });
    if (!list.ok) throw new Error(list.error.message);
    const [biden, img1] = list.value.items;
    await service.handle('cull:set', { photoIds: [img1!.id], mark: 'reject', stars: 1 });
    // biden.jpg's only analysis becomes one by "older analyzers".
    service.engine.catalog.database.prepare("UPDATE analyses SET analysis_key = 'older-analyzers' WHERE image_hash = ?").run(biden!.imageHash);
    await service.close();

    copyFileSync(corpusFile('faces', 'obama3.jpg'), path.join(place.photos, 'obama.jpg')); // changed
    rmSync(path.join(place.photos, 'two_people.jpg')); // deleted
    renameSync(path.join(place.photos, 'img1.jpg'), path.join(place.photos, 'img1-moved.jpg')); // moved
    copyFileSync(corpusFile('faces', 'john1.jpeg'), path.join(place.photos, 'john1.jpeg')); // new

    const log: string[] = [];
    service = await openTestService(place.home, { watch: false, log: (line) => log.push(line) });
    events = new EventLog(service);
    await importIdle(service, events);
    expect(importLog(log).sort()).toEqual(['biden.jpg', 'img1-moved.jpg', 'john1.jpeg', 'obama.jpg']);
    const after = await service.handle('photos:list', { sort: 'name', direction: 'asc', offset: 0, limit: 10 });
    if (!after.ok) throw new Error(after.error.message);
    expect(after.value.items.map((photo) => photo.name)).toEqual(['biden.jpg', 'img1-moved.jpg', 'john1.jpeg', 'obama.jpg']);
    expect(after.value.items.every((photo) => photo.score !== null)).toBe(true);
    expect(after.value.items[1]).toMatchObject({ mark: 'reject', stars: 1, imageHash: img1!.imageHash });
  });
});
