import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { corpusFile, temporaryFolder } from '../../../test-support/corpus.js';
import { useTestEngine } from '../../../test-support/test-engine.js';
import { DEFAULT_LIMITS } from '../config.js';
import { exiftoolOrError } from '../exiftool/exiftool-process.js';
import { collectFiles } from '../files/collect-files.js';
import { sha256Hex } from '../hash/file-hash.js';
import type { FileRating } from '../engine.js';
import { PreviewCache } from '../thumbs/preview-cache.js';
import { readRawPreview } from './raw-preview.js';

/** ../shared/corpus/raw/README.md: per file, the largest embedded JPEG and the camera. */
const USABLE = [
  { file: 'canon-eos-r6-pruned.cr3', format: 'cr3', size: [1620, 1080], model: 'Canon EOS R6', preview: 'QuickTime:PreviewImage' },
  { file: 'canon-eos-1ds-mark3-truncated.cr2', format: 'cr2', size: [2784, 1856], model: 'Canon EOS-1Ds Mark III', preview: 'IFD0:PreviewImage' },
  { file: 'canon-eos-d30.crw', format: 'crw', size: [1440, 960], model: 'Canon EOS D30', preview: 'CanonRaw:JpgFromRaw' },
  { file: 'nikon-d7100-truncated.nef', format: 'nef', size: [6000, 4000], model: 'NIKON D7100', preview: 'SubIFD:JpgFromRaw' },
  { file: 'sony-slt-a55v-truncated.arw', format: 'arw', size: [1616, 1080], model: 'SLT-A55V', preview: 'IFD0:PreviewImage' },
  { file: 'canon-eos-6d-reduced.dng', format: 'dng', size: [1024, 683], model: 'Canon EOS 6D', preview: 'SubIFD1:PreviewImage' },
] as const;

const THUMBNAIL_ONLY = [
  { file: 'canon-eos-r-cut128k.cr3', camera: 'Canon EOS R', holds: '160×120 ThumbnailImage' },
  { file: 'sony-zv-e10-cut100k.arw', camera: 'SONY ZV-E10', holds: '160×120 ThumbnailImage' },
  { file: 'fujifilm-s5pro-stripped.raf', camera: 'FUJIFILM FinePix S5Pro', holds: '160×120 ThumbnailImage' },
];

const NO_PREVIEW = [
  { file: 'canon-550d-magiclantern-nopreview.dng', camera: 'Canon EOS Kiss X4' },
  { file: 'gopro-hero8-black.gpr', camera: 'GoPro HERO8 Black' },
  { file: 'leica-m10-cut100k.dng', camera: 'LEICA M10' },
  { file: 'panasonic-lx3-stripped.rw2', camera: 'Panasonic DMC-LX3' },
];

function failed(rating: FileRating): { code: string; message: string } {
  if (rating.ok) throw new Error(`expected an error, got a rating of ${rating.path}`);
  return rating.error;
}

describe('camera RAW files (../shared/corpus/raw)', () => {
  const engine = useTestEngine({ models: false, aiPack: false });
  // An image limit of 300 KB stands in for the 25 MB one: the RAW's own limit (200 MB) still admits RAWs.
  const smallLimit = useTestEngine({ models: false, aiPack: false, config: { limits: { ...DEFAULT_LIMITS, maxFileBytes: 300_000 } } });

  it.each(USABLE)('rates $file at its largest embedded preview, $size.0×$size.1, with the camera facts', async (expected) => {
    const rating = await engine().rateFile(corpusFile('raw', expected.file));
    if (!rating.ok) throw new Error(`${rating.error.code}: ${rating.error.message}`);
    const { result } = rating;
    expect([result.quality.width, result.quality.height]).toEqual(expected.size);
    expect(result.source.format).toBe(expected.format);
    expect(result.source.camera_model).toBe(expected.model);
    expect(result.source.raw).toMatchObject({ format: expected.format, preview: expected.preview, preview_width: expected.size[0], preview_height: expected.size[1] });
    expect(result.why.measured_on).toContain('preview');
    // image_hash stays the SHA-256 of the file's bytes (the RAW), not of the preview.
    expect(result.image_hash).toBe(sha256Hex(readFileSync(corpusFile('raw', expected.file))));
    expect(result.source.file_size).toBe(readFileSync(corpusFile('raw', expected.file)).length);
    expect(rating.thumbnailPath && existsSync(rating.thumbnailPath)).toBeTruthy();
  });

  it('reads lens, sub-second capture time, ISO, shutter, aperture, focal length and sensor size', async () => {
    const rating = await engine().rateFile(corpusFile('raw', 'canon-eos-r6-pruned.cr3'));
    if (!rating.ok) throw new Error(rating.error.message);
    expect(rating.result.source).toMatchObject({
      camera_make: 'Canon',
      lens: 'RF70-200mm F2.8 L IS USM',
      captured_at: '2021-05-12T12:21:21',
      captured_at_precise: '2021-05-12T12:21:21.92',
      iso: 100,
      exposure_time_s: 0.25,
      aperture: 25,
      focal_length_mm: 200,
      raw: { sensor_width: 3408, sensor_height: 2272 },
    });
    expect(rating.result.is_original).toBe(true);
  });

  it.each(THUMBNAIL_ONLY)('refuses $file, which holds only a thumbnail, naming the camera and what it holds', async ({ file, camera, holds }) => {
    const error = failed(await engine().rateFile(corpusFile('raw', file)));
    expect(error.code).toBe('raw_preview_too_small');
    expect(error.message).toContain(camera);
    expect(error.message).toContain(holds);
  });

  it.each(NO_PREVIEW)('refuses $file, which holds no preview, naming the camera', async ({ file, camera }) => {
    const error = failed(await engine().rateFile(corpusFile('raw', file)));
    expect(error.code).toBe('raw_no_preview');
    expect(error.message).toContain(camera);
  });

  it('names a RAW whose camera is unknown in a sentence that reads (a CR3 cut inside its header)', async () => {
    const folder = temporaryFolder();
    try {
      const cut = path.join(folder.dir, 'cut.cr3');
      writeFileSync(cut, readFileSync(corpusFile('raw', 'canon-eos-r6-pruned.cr3')).subarray(0, 3000));
      const error = failed(await engine().rateFile(cut));
      expect(error.code).toBe('raw_no_preview');
      expect(error.message).toMatch(/^this CR3 from an unknown camera holds no embedded JPEG preview/);
    } finally {
      folder.remove();
    }
  });

  it('rates a .nef that is really a JPEG as the JPEG, at its full size', async () => {
    const rating = await engine().rateFile(corpusFile('raw', 'nikon-d70s-actually-jpeg.nef'));
    if (!rating.ok) throw new Error(rating.error.message);
    expect(rating.result.source.format).toBe('jpeg');
    expect(rating.result.source.raw).toBeNull();
    expect([rating.result.quality.width, rating.result.quality.height]).toEqual([2000, 3008]);
  });

  /** A copy of the complete 6D DNG (1024×683 preview) whose IFD0 says the camera was held sideways. */
  async function rotatedCopy(folder: string, orientation: number): Promise<string> {
    const copy = path.join(folder, `rotated-${orientation}.dng`);
    copyFileSync(corpusFile('raw', 'canon-eos-6d-reduced.dng'), copy);
    await (await exiftoolOrError()).write(copy, {}, { writeArgs: [`-IFD0:Orientation#=${orientation}`, '-overwrite_original'] });
    return copy;
  }

  it("turns the preview upright by the RAW's own orientation", async () => {
    const folder = temporaryFolder();
    try {
      const rating = await engine().rateFile(await rotatedCopy(folder.dir, 6));
      if (!rating.ok) throw new Error(rating.error.message);
      expect([rating.result.quality.width, rating.result.quality.height]).toEqual([683, 1024]);
      expect(rating.result.source.orientation).toBe(6);
      expect(rating.result.source.raw).toMatchObject({ preview_width: 1024, preview_height: 683 });
    } finally {
      folder.remove();
    }
  });

  it('rates a RAW sent as bytes (an API upload) as it rates the file', async () => {
    const folder = temporaryFolder();
    try {
      const bytes = readFileSync(await rotatedCopy(folder.dir, 8));
      const rating = await engine().rateBytes(bytes);
      if (!rating.ok) throw new Error(rating.error.message);
      expect(rating.cached).toBe(false);
      expect(rating.result.source.raw?.format).toBe('dng');
      expect([rating.result.quality.width, rating.result.quality.height]).toEqual([683, 1024]);
      expect(rating.result.image_hash).toBe(sha256Hex(bytes));
    } finally {
      folder.remove();
    }
  });

  it('gives a RAW its own size limit: a RAW over the image limit is still rated', async () => {
    const small = smallLimit();
    const rating = await small.rateFile(corpusFile('raw', 'nikon-d7100-truncated.nef'));
    expect(rating.ok).toBe(true);
    const jpeg = await small.rateFile(corpusFile('raw', 'nikon-d70s-actually-jpeg.nef'));
    expect(failed(jpeg).code).toBe('file_too_large');
  });

  it('writes the detail view\'s 1600 px preview when it rates a RAW, and makes it again from the file if the cache is gone', async () => {
    const file = corpusFile('raw', 'nikon-d7100-truncated.nef');
    const rating = await engine().rateFile(file);
    if (!rating.ok) throw new Error(rating.error.message);
    const previews = new PreviewCache(path.join(engine().home, 'cache', 'previews'), engine().config.limits);
    const written = await sharp(previews.pathFor(rating.result.image_hash)).metadata();
    expect([written.width, written.height]).toEqual([1600, 1067]);
    const again = await previews.decodeFrom(rating.result.image_hash, [corpusFile('raw', 'nikon-d70s-actually-jpeg.nef'), file], 800);
    expect(again && [again.width, again.height]).toEqual([800, 533]);
    await previews.close();
  });

  it('finds the same preview when a RAW is read again (the shared exiftool keeps no state between reads)', async () => {
    for (const { file, preview } of [USABLE[2], USABLE[5]]) {
      for (let read = 0; read < 3; read++) {
        const found = await readRawPreview(corpusFile('raw', file), 'dng', 1000);
        expect(found.tag, `${file}, read ${read + 1}`).toBe(preview);
      }
    }
  });

  it('takes RAW files from a folder by their bytes and leaves the README alone', async () => {
    const collected = await collectFiles([corpusFile('raw')], { recursive: false });
    expect(collected.files.map((file) => path.basename(file))).toHaveLength(14);
    expect(collected.skipped.map((file) => path.basename(file))).toEqual(['README.md']);
  });
});

