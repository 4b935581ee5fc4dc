import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { temporaryFolder } from '../test-support/corpus.js';
import { fileInsideCache } from './media-file.js';

describe('fileInsideCache', () => {
  const folder = temporaryFolder();
  afterAll(() => folder.remove());
  const cache = path.join(folder.dir, 'cache');
  mkdirSync(path.join(cache, 'thumbnails'), { recursive: true });
  const thumb = path.join(cache, 'thumbnails', 'a.jpg');
  writeFileSync(thumb, 'jpeg');
  const outside = path.join(folder.dir, 'secret.txt');
  writeFileSync(outside, 'secret');

  it('serves a file inside the cache', async () => {
    expect(await fileInsideCache(thumb, cache)).toBe(thumb);
  });

  it('refuses files outside it, by .. or by a planted symlink, and the cache folder itself', async () => {
    expect(await fileInsideCache(path.join(cache, 'thumbnails', '..', '..', 'secret.txt'), cache)).toBeNull();
    const link = path.join(cache, 'thumbnails', 'link.jpg');
    symlinkSync(outside, link);
    expect(await fileInsideCache(link, cache)).toBeNull();
    expect(await fileInsideCache(cache, cache)).toBeNull();
    expect(await fileInsideCache(null, cache)).toBeNull();
    expect(await fileInsideCache(path.join(cache, 'missing.jpg'), cache)).toBeNull();
  });
});
