import { afterAll, describe, expect, it } from 'vitest';
import type { AppEvent } from '../../src-preload/contract/library-types.js';
import { copyCorpus, testPlace } from '../service/service.fixture.js';
import { ServiceClient } from './service-client.js';

/**
 * The desktop's library service on its worker thread, driven the way Electron's main thread
 * drives it: contract calls, pushed events, media paths, close — all across the thread boundary.
 */
describe('ServiceClient (library service on a worker thread)', () => {
  const place = testPlace();
  const client = new ServiceClient({ home: place.home, version: '0.0.0-test', models: false });
  afterAll(async () => {
    await client.close();
    place.remove();
  });

  it('answers contract calls, pushes events and names media files from the worker', async () => {
    await client.start();
    const info = await client.handle('app:info', undefined);
    expect(info.ok && 'door' in info.value && info.value.door).toBe('desktop');

    copyCorpus(place.photos, [['faces', 'obama.jpg'], ['faces', 'biden.jpg']]);
    const events: AppEvent[] = [];
    const done = new Promise<void>((resolve) => {
      client.onEvent((event) => {
        events.push(event);
        if (event.type === 'import-progress' && event.status.state === 'idle' && event.status.done === 2) resolve();
      });
    });
    const added = await client.handle('library:addFolder', { path: place.photos });
    expect(added.ok).toBe(true);
    await done;
    expect(events.some((event) => event.type === 'photos-changed')).toBe(true);

    const page = await client.handle('photos:list', { sort: 'score', direction: 'desc', offset: 0, limit: 10 });
    if (!page.ok || !('items' in page.value)) throw new Error('photos:list failed');
    expect(page.value.items.map((photo) => photo.name).sort()).toEqual(['biden.jpg', 'obama.jpg']);
    const hash = page.value.items[0]!.imageHash!;
    expect(await client.mediaFile('thumb', hash)).toContain(place.home);
    expect(await client.mediaFile('thumb', '../../etc/passwd')).toBeNull();

    const bad = await client.handle('photos:detail', { photoId: 'x' });
    expect(bad.ok).toBe(false);
  });

  it('answers internal_error instead of hanging once the worker is gone, and starts a new one on the next call', async () => {
    await client.close();
    const again = await client.handle('import:status', undefined);
    expect(again.ok).toBe(true);
  });
});
