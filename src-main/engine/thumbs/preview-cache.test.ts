import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusFile, temporaryFolder } from '../../../test-support/corpus.js';
import { DEFAULT_LIMITS } from '../config.js';
import { sha256Hex } from '../hash/file-hash.js';
import { PreviewCache } from './preview-cache.js';

const folder = temporaryFolder();
const previews = new PreviewCache(path.join(folder.dir, 'cache', 'previews'), DEFAULT_LIMITS);
afterAll(async () => {
  await previews.close();
  folder.remove();
});

const hashOf = (file: string) => sha256Hex(readFileSync(file));

async function grey(file: string): Promise<Buffer> {
  return sharp(file).greyscale().resize(32, 32, { fit: 'fill' }).raw().toBuffer();
}

function meanDifference(a: Buffer, b: Buffer): number {
  let sum = 0;
  for (let index = 0; index < a.length; index++) sum += Math.abs(a[index]! - b[index]!);
  return sum / a.length;
}

describe('preview cache', () => {
  it('writes a 1600 px JPEG inside its folder, once', async () => {
    const source = corpusFile('faces', 'obama-1080p.jpg');
    const preview = await previews.ensure(hashOf(source), [source]);
    expect(preview).toBe(previews.pathFor(hashOf(source)));
    expect(preview!.startsWith(previews.directory)).toBe(true);
    const meta = await sharp(preview!).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 1600, 900]);
    expect(await previews.ensure(hashOf(source), [])).toBe(preview);
  });

  it('decodes HEIC and never enlarges', async () => {
    const source = corpusFile('heif', 'example.heic');
    const meta = await sharp((await previews.ensure(hashOf(source), [source]))!).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 1280, 854]);
  });

  it('turns the picture upright by its EXIF orientation', async () => {
    const rotated = corpusFile('formats', 'hopper_orientation_6.jpg');
    const upright = corpusFile('formats', 'hopper.jpg');
    const preview = (await previews.ensure(hashOf(rotated), [rotated]))!;
    const asShown = await grey(preview);
    expect(meanDifference(asShown, await grey(upright))).toBeLessThan(12);
    // Against the stored (unrotated) pixels it differs a lot: the rotation was applied.
    const stored = await sharp(rotated).greyscale().resize(32, 32, { fit: 'fill' }).raw().toBuffer();
    expect(meanDifference(asShown, stored)).toBeGreaterThan(20);
  });

  it('gives null when no file holds those bytes any more', async () => {
    const edited = path.join(folder.dir, 'edited.jpg');
    writeFileSync(edited, readFileSync(corpusFile('faces', 'biden.jpg')));
    const hash = hashOf(edited);
    writeFileSync(edited, readFileSync(corpusFile('faces', 'obama.jpg')));
    expect(await previews.ensure(hash, [edited, path.join(folder.dir, 'missing.jpg')])).toBeNull();
  });
});
