import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusFile } from '../../../test-support/corpus.js';
import { DEFAULT_LIMITS } from '../config.js';
import { decodeImage } from '../image/decode.js';
import { HeicDecoder } from '../image/heic-decoder.js';
import { sha256Hex } from './file-hash.js';
import { hammingDistance, perceptualHash } from './perceptual-hash.js';

const heic = new HeicDecoder();
afterAll(() => heic.close());

async function hashOf(bytes: Buffer): Promise<string> {
  const decoded = await decodeImage(bytes, { limits: DEFAULT_LIMITS, workingLongSidePx: 1536, heic });
  return perceptualHash(decoded.working);
}

describe('perceptual hash', () => {
  it('keeps re-encoded and resized copies within a few bits, and different photos far apart', async () => {
    const original = readFileSync(corpusFile('faces', 'obama3.jpg'));
    const copy = await sharp(original).resize(600).webp({ quality: 60 }).toBuffer();
    const other = readFileSync(corpusFile('faces', 'biden.jpg'));
    const [a, b, c] = await Promise.all([hashOf(original), hashOf(copy), hashOf(other)]);
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(hammingDistance(a, b)).toBeLessThanOrEqual(6);
    expect(hammingDistance(a, c)).toBeGreaterThan(12);
  });

  it('image_hash is the SHA-256 of the exact bytes', () => {
    expect(sha256Hex(Buffer.from('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
