import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusFile, temporaryFolder } from '../../../test-support/corpus.js';
import { DEFAULT_LIMITS } from '../config.js';
import { sha256Hex } from '../hash/file-hash.js';
import { openFullImageCache } from './full-image-cache.js';

const folder = temporaryFolder();
const cacheDir = path.join(folder.dir, 'cache');
const full = openFullImageCache(cacheDir, DEFAULT_LIMITS);
afterAll(async () => {
  await full.close();
  folder.remove();
});

const hashOf = (file: string) => sha256Hex(readFileSync(file));

describe('full-resolution cache (the loupe at 100 %)', () => {
  it('keeps the photo at its own size, larger than the 1600 px preview, decoded once', async () => {
    const source = corpusFile('faces', 'obama-1080p.jpg');
    const original = await sharp(source).metadata();
    expect(original.width).toBeGreaterThan(1600);
    const file = await full.ensure(hashOf(source), [source]);
    expect(file!.startsWith(path.join(cacheDir, 'full'))).toBe(true);
    const meta = await sharp(file!).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', original.width, original.height]);
    const written = statSync(file!).mtimeMs;
    // Asked again (even with no source file left): the cached file, not a second decode.
    expect(await full.ensure(hashOf(source), [])).toBe(file);
    expect(statSync(file!).mtimeMs).toBe(written);
  });

  it('shares one decode between concurrent requests', async () => {
    const source = corpusFile('faces', 'obama.jpg');
    const [a, b] = await Promise.all([full.ensure(hashOf(source), [source]), full.ensure(hashOf(source), [source])]);
    expect(a).not.toBeNull();
    expect(a).toBe(b);
  });
});
