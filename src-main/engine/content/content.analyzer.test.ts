import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { corpusFile } from '../../../test-support/corpus.js';
import { defaultEngineConfig } from '../config.js';
import { decodeImage } from '../image/decode.js';
import { HeicDecoder } from '../image/heic-decoder.js';
import { resizeRaw, type RawImage } from '../image/raw-image.js';
import { appearanceCrop } from './appearance.js';

/**
 * classifyView hands a view already at the classifier's 224² (the appearance crop) to the model
 * without resizing it: that is only right while libvips's resize to the same size is the identity.
 */
describe('the appearance crop at the classifier input size', () => {
  it.each(['canon-eos-450d.jpg', 'canon-eos-1000d.jpg'])('%s: resizing the 224² crop to 224² gives the same bytes', async (name) => {
    const config = defaultEngineConfig();
    const heic = new HeicDecoder();
    const decoded = await decodeImage(await readFile(corpusFile('camera', name)), { limits: config.limits, workingLongSidePx: config.workingLongSidePx, heic });
    await heic.close();
    const crop = await appearanceCrop(decoded.working);
    expect([crop.width, crop.height]).toEqual([224, 224]);
    const resized = await resizeRaw(crop, { width: 224, height: 224, fit: 'fill' }, true);
    expect(resized.data.equals(crop.data)).toBe(true);
  });
});

/** The mirrored view is taken from the frame already squeezed to 224²: the same bytes as squeezing the mirrored frame. */
describe('the mirrored view', () => {
  it.each([
    ['faces', 'obama_and_biden.jpg'],
    ['faces', 'kit_with_rose.jpg'],
    ['camera', 'canon-eos-1000d.jpg'],
  ])('%s/%s: mirroring the 224² frame equals squeezing the mirrored frame', async (folder, name) => {
    const config = defaultEngineConfig();
    const heic = new HeicDecoder();
    const { working } = await decodeImage(await readFile(corpusFile(folder, name)), { limits: config.limits, workingLongSidePx: config.workingLongSidePx, heic });
    await heic.close();
    const flip = (image: RawImage): Buffer => {
      const out = Buffer.alloc(image.data.length);
      for (let y = 0; y < image.height; y++) for (let x = 0; x < image.width; x++) image.data.copy(out, (y * image.width + image.width - 1 - x) * 3, (y * image.width + x) * 3, (y * image.width + x) * 3 + 3);
      return out;
    };
    const squeeze = (image: RawImage): Promise<RawImage> => resizeRaw(image, { width: 224, height: 224, fit: 'fill' }, true);
    const squeezedMirror = await squeeze({ ...working, data: flip(working) });
    expect(flip(await squeeze(working)).equals(squeezedMirror.data)).toBe(true);
  });
});
