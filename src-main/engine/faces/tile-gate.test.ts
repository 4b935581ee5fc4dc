import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusFile, SHARED_MODEL_CACHE } from '../../../test-support/corpus.js';
import { compareTileGate } from '../../../test-support/tile-gate-comparison.js';
import { defaultEngineConfig } from '../config.js';
import { decodeImage } from '../image/decode.js';
import { HeicDecoder } from '../image/heic-decoder.js';
import { ModelStore } from '../models/model-store.js';
import { OrtSessionFactory } from '../models/ort-session-factory.js';

const factory = new OrtSessionFactory(new ModelStore(SHARED_MODEL_CACHE));
const heic = new HeicDecoder();
const config = defaultEngineConfig();
afterAll(async () => {
  await factory.close();
  await heic.close();
});

/** The faces with every tile and with the person gate, and how many tiles the gate let run. */
async function gated(folder: string, name: string): Promise<{ every: unknown; gated: unknown; ran: number; asked: number }> {
  const decoded = await decodeImage(readFileSync(corpusFile(folder, name)), { limits: config.limits, workingLongSidePx: config.workingLongSidePx, heic });
  const comparison = await compareTileGate(factory, decoded);
  return { every: comparison.every.faces, gated: comparison.gated.faces, ran: comparison.ran, asked: comparison.asked };
}

describe('the face tiles run only where a person may be', () => {
  it.each([
    ['faces', 'john1.jpeg'],
    ['faces', 'obama_and_biden.jpg'],
    ['bursts', 'd70s-series-1.jpg'],
  ])('%s/%s: the same faces (boxes, scores, eyes) as with every tile', async (folder, name) => {
    const outcome = await gated(folder, name);
    expect(outcome.asked).toBeGreaterThan(0);
    expect(outcome.gated).toEqual(outcome.every);
  });

  it('runs no tile on camera test scenes without a person', async () => {
    for (const name of ['nikon-d90.jpg', 'apple-iphone-5.jpg']) {
      const outcome = await gated('camera', name);
      expect(outcome.asked).toBe(4);
      expect(outcome.ran).toBe(0);
      expect(outcome.gated).toEqual([]);
    }
  });
});
