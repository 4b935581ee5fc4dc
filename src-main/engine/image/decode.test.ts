import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusFile } from '../../../test-support/corpus.js';
import { DEFAULT_LIMITS } from '../config.js';
import { EngineError } from '../errors.js';
import { decodeImage, type DecodedImage } from './decode.js';
import { HeicDecoder } from './heic-decoder.js';

const heic = new HeicDecoder();
afterAll(() => heic.close());

const options = { limits: DEFAULT_LIMITS, workingLongSidePx: 1536, heic };
const decodeCorpus = (...parts: string[]): Promise<DecodedImage> => decodeImage(readFileSync(corpusFile(...parts)), options);

async function decodeError(promise: Promise<unknown>): Promise<EngineError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(EngineError);
  return error as EngineError;
}

/** Mean absolute difference per channel value between two same-sized working images. */
function meanDifference(a: DecodedImage, b: DecodedImage): number {
  expect([a.working.width, a.working.height]).toEqual([b.working.width, b.working.height]);
  let total = 0;
  for (let index = 0; index < a.working.data.length; index++) total += Math.abs(a.working.data[index]! - b.working.data[index]!);
  return total / a.working.data.length;
}

describe('decodeImage', () => {
  it.each([
    ['hopper.jpg', 'jpeg', 128, 128],
    ['hopper.png', 'png', 128, 128],
    ['hopper.gif', 'gif', 128, 128],
    ['hopper.webp', 'webp', 128, 128],
    ['hopper.tif', 'tiff', 128, 128],
    ['hopper.avif', 'avif', 128, 128],
    ['hopper_gray.jpg', 'jpeg', 128, 128],
    ['mode_16bit.png', 'png', 128, 64],
    ['flower.jpg', 'jpeg', 480, 360],
    ['iss634.gif', 'gif', 245, 245],
    ['anim_frame1.webp', 'webp', 82, 82],
  ])('decodes formats/%s as %s at %i×%i into 8-bit sRGB', async (file, format, width, height) => {
    const image = await decodeCorpus('formats', file);
    expect(image.format).toBe(format);
    expect([image.width, image.height]).toEqual([width, height]);
    expect(image.working.channels).toBe(3);
    expect(image.working.data.length).toBe(image.working.width * image.working.height * 3);
  });

  it('all formats of the same picture decode to nearly the same pixels', async () => {
    const reference = await decodeCorpus('formats', 'hopper.png');
    for (const file of ['hopper.jpg', 'hopper.webp', 'hopper.tif', 'hopper.gif', 'hopper.avif']) {
      expect(meanDifference(reference, await decodeCorpus('formats', file)), file).toBeLessThan(12);
    }
  });

  it.each([3, 6, 8])('applies EXIF orientation %i so the picture is upright', async (orientation) => {
    const upright = await decodeCorpus('formats', 'hopper.jpg');
    const rotated = await decodeCorpus('formats', `hopper_orientation_${orientation}.jpg`);
    expect(rotated.source.orientation).toBe(orientation);
    expect(meanDifference(upright, rotated)).toBeLessThan(8);
    // Without orientation applied the same file is far from the upright picture.
    const raw = await sharp(readFileSync(corpusFile('formats', `hopper_orientation_${orientation}.jpg`))).raw().toBuffer();
    let total = 0;
    for (let index = 0; index < raw.length; index++) total += Math.abs(raw[index]! - upright.working.data[index]!);
    expect(total / raw.length).toBeGreaterThan(20);
  });

  it('reports the upright size of a rotated non-square photo', async () => {
    const landscape = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#808080' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const image = await decodeImage(landscape, options);
    expect([image.width, image.height]).toEqual([200, 300]);
    expect([image.working.width, image.working.height]).toEqual([200, 300]);
  });

  it('takes the first frame of an animated GIF and says how many there are', async () => {
    const image = await decodeCorpus('formats', 'iss634.gif');
    expect(image.source.pages).toBeGreaterThan(1);
    expect(image.height).toBe(245);
  });

  it('reads camera metadata where the file has it', async () => {
    const image = await decodeCorpus('formats', 'exif_gps.jpg');
    expect(image.source.hasExif).toBe(true);
    expect(image.source.metadataRead).toBe(true);
  });

  it('decodes a real HEIC photo through the worker', async () => {
    const image = await decodeCorpus('heif', 'example.heic');
    expect(image.format).toBe('heic');
    expect([image.width, image.height]).toEqual([1280, 854]);
    // Its metadata is read (heif-exif.ts); this example carries no EXIF item.
    expect(image.source.metadataRead).toBe(true);
    expect(image.source.hasExif).toBe(false);
    const mean = image.working.data.reduce((sum, value) => sum + value, 0) / image.working.data.length;
    expect(mean).toBeGreaterThan(40);
    expect(mean).toBeLessThan(220);
  });

  it('decodes AVIF through sharp', async () => {
    const image = await decodeCorpus('heif', 'example.avif');
    expect([image.format, image.width, image.height]).toEqual(['avif', 800, 533]);
  });

  it('keeps the working image at most the configured long side, never enlarged', async () => {
    const large = await decodeCorpus('faces', 'obama3.jpg');
    expect(Math.max(large.working.width, large.working.height)).toBe(1536);
    const small = await decodeCorpus('faces', 'obama-240p.jpg');
    expect([small.working.width, small.working.height]).toEqual([427, 240]);
  });

  it('refuses images over the pixel limit before decoding them', async () => {
    const bytes = readFileSync(corpusFile('faces', 'obama3.jpg'));
    const error = await decodeError(decodeImage(bytes, { ...options, limits: { ...DEFAULT_LIMITS, maxPixels: 1_000_000 } }));
    expect(error.code).toBe('too_many_pixels');
    const heicError = await decodeError(
      decodeImage(readFileSync(corpusFile('heif', 'example.heic')), { ...options, limits: { ...DEFAULT_LIMITS, maxPixels: 500_000 } }),
    );
    expect(heicError.code).toBe('too_many_pixels');
  });

  it('gives typed errors for empty, unknown and unsupported input', async () => {
    expect((await decodeError(decodeImage(Buffer.alloc(0), options))).code).toBe('empty_file');
    expect((await decodeError(decodeImage(Buffer.from('hello, world'), options))).code).toBe('unsupported_format');
    expect((await decodeError(decodeImage(Buffer.from('BM\0\0\0\0\0\0\0\0', 'latin1'), options))).code).toBe('unsupported_format');
  });

  it('abandons a HEIC decode that outlives its time limit, and the next decode still works', async () => {
    const bytes = readFileSync(corpusFile('heif', 'example.heic'));
    const slowDecoder = new HeicDecoder();
    try {
      const tight = { ...options, heic: slowDecoder, limits: { ...DEFAULT_LIMITS, decodeTimeoutMs: 1 } };
      expect((await decodeError(decodeImage(bytes, tight))).code).toBe('decode_timeout');
      const image = await decodeImage(bytes, { ...options, heic: slowDecoder });
      expect(image.width).toBe(1280);
    } finally {
      await slowDecoder.close();
    }
  });
});

describe('HEIF failures', () => {
  it('calls a valid HEIF the decoder cannot handle unsupported, and says why', async () => {
    const error = await decodeError(decodeCorpus('bad-heif', 'uncompressed_comp_RGB.heic'));
    expect(error.code).toBe('unsupported_format');
    expect(error.message).toContain("'unci' is not supported");
  });

  it('calls a HEIF with broken boxes corrupt', async () => {
    const error = await decodeError(decodeCorpus('bad-heif', 'clusterfuzz-testcase-minimized-file-fuzzer-5752063708495872.heic'));
    expect(error.code).toBe('corrupt_image');
  });
});
