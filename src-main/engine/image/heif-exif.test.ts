import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusFile, temporaryFolder } from '../../../test-support/corpus.js';
import { useTestEngine } from '../../../test-support/test-engine.js';
import { exiftoolOrError } from '../exiftool/exiftool-process.js';
import { heifExifBlock } from './heif-exif.js';
import { sourceMetadataFromHeif } from './source-metadata.js';

describe('HEIC EXIF', () => {
  const engine = useTestEngine({ models: false, aiPack: false });

  it('reads the camera, capture time and orientation of an iPhone HEIC', () => {
    // A fuzzing-corpus file cut from a real iPhone photo: its EXIF item is intact.
    const bytes = readFileSync(corpusFile('bad-heif', 'clusterfuzz-testcase-minimized-file-fuzzer-5752063708495872.heic'));
    const source = sourceMetadataFromHeif(heifExifBlock(bytes), false);
    expect(source).toMatchObject({ metadataRead: true, hasExif: true, cameraMake: 'Apple', capturedAt: '2017-04-08T09:55:10', orientation: 6 });
  });

  it('says there is no EXIF, without failing, for every malformed file of the fuzzing corpus', () => {
    for (const name of readdirSync(corpusFile('bad-heif'))) {
      const block = heifExifBlock(readFileSync(corpusFile('bad-heif', name)));
      expect(block === null || block.subarray(0, 6).toString('latin1') === 'Exif\0\0', name).toBe(true);
    }
    expect(heifExifBlock(readFileSync(corpusFile('heif', 'example.heic')))).toBeNull();
  });

  it('rates a HEIC with its capture time (sub-seconds included), camera and lens', async () => {
    const folder = temporaryFolder();
    try {
      const copy = path.join(folder.dir, 'IMG_0001.HEIC');
      copyFileSync(corpusFile('heif', 'example.heic'), copy);
      await (await exiftoolOrError()).write(copy, {}, {
        writeArgs: ['-Make=Apple', '-Model=iPhone 13 Pro', '-LensModel=iPhone 13 Pro back triple camera 5.7mm f/1.5',
          '-DateTimeOriginal=2024:06:01 18:30:05', '-SubSecTimeOriginal=217', '-ISO=64', '-overwrite_original'],
      });
      const rating = await engine().rateFile(copy);
      if (!rating.ok) throw new Error(rating.error.message);
      expect(rating.result.source).toMatchObject({
        format: 'heic',
        metadata_read: true,
        camera_make: 'Apple',
        camera_model: 'iPhone 13 Pro',
        lens: 'iPhone 13 Pro back triple camera 5.7mm f/1.5',
        captured_at: '2024-06-01T18:30:05',
        captured_at_precise: '2024-06-01T18:30:05.217',
        iso: 64,
      });
    } finally {
      folder.remove();
    }
  });
});
