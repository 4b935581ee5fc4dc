import { describe, expect, it } from 'vitest';
import { corpusFile } from '../../../test-support/corpus.js';
import { decodeImage } from '../image/decode.js';
import { readFile } from 'node:fs/promises';
import { defaultEngineConfig } from '../config.js';
import { HeicDecoder } from '../image/heic-decoder.js';
import { letterboxRegion, regionToTensor, turnedRegionToTensor, type SquareRegion } from './image-to-tensor.js';

/**
 * The upright fast path (every model input but the face mesh's turned crops) must hand the models
 * exactly the tensor the general path computes: the same detections, the same verdicts.
 */
describe('regionToTensor on an upright region', () => {
  it('gives the bit-identical tensor of the general path, inside the frame and past its edges', async () => {
    const config = defaultEngineConfig();
    const heic = new HeicDecoder();
    const decoded = await decodeImage(await readFile(corpusFile('camera', 'canon-eos-1000d.jpg')), { limits: config.limits, workingLongSidePx: config.workingLongSidePx, heic });
    await heic.close();
    const image = decoded.working;
    const regions: SquareRegion[] = [
      letterboxRegion(image),
      { left: 13.7, top: 101.2, size: 407.3 },
      { left: -40.5, top: image.height - 150.25, size: 311 },
      { left: image.width - 90, top: -12.75, size: 128 },
      { left: 200, top: 300, size: 37.1, rotation: 0 },
    ];
    for (const region of regions) {
      for (const [size, mean, std] of [[192, 127.5, 127.5], [256, 0, 255], [128, 0, 1]] as const) {
        const fast = regionToTensor(image, region, size, mean, std);
        const general = turnedRegionToTensor(image, { ...region, rotation: 0 }, size, mean, std);
        expect(Buffer.from(fast.buffer).equals(Buffer.from(general.buffer))).toBe(true);
      }
    }
  });
});
