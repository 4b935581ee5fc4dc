import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { corpusFile } from '../../../test-support/corpus.js';
import { defaultEngineConfig } from '../config.js';
import { decodeImage } from '../image/decode.js';
import { HeicDecoder } from '../image/heic-decoder.js';
import { resizeRaw } from '../image/raw-image.js';
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
