import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { corpusFile, SHARED_MODEL_CACHE } from '../../../test-support/corpus.js';
import { defaultEngineConfig } from '../config.js';
import { decodeImage } from '../image/decode.js';
import { HeicDecoder } from '../image/heic-decoder.js';
import { ModelStore } from '../models/model-store.js';
import { OrtSessionFactory } from '../models/ort-session-factory.js';
import { APPEARANCE_LAYERS, APPEARANCE_LENGTH, APPEARANCE_VIEW_LENGTH, APPEARANCE_WIDE_MODEL_ID, appearanceWide } from './appearance.js';
import { measureAppearance, unitInput } from './content.analyzer.js';

/**
 * The wide view runs the content classifier's own weights at 448²: the trunk converted for that
 * size (models/manifest.json, convert/tfjs/keras-input-size.ts) answers with the four pooled
 * layers at twice the 224² classifier's cells, and the appearance features are the three views.
 */
describe('the appearance features’ wide view', () => {
  it('camera/canon-eos-450d.jpg: the 448² trunk gives the four layers at twice the scale; three views of 704 numbers', { timeout: 120_000 }, async () => {
    const config = defaultEngineConfig();
    const heic = new HeicDecoder();
    const { working } = await decodeImage(await readFile(corpusFile('camera', 'canon-eos-450d.jpg')), { limits: config.limits, workingLongSidePx: config.workingLongSidePx, heic });
    await heic.close();
    const runner = new OrtSessionFactory(new ModelStore(SHARED_MODEL_CACHE));
    const wide = await appearanceWide(working);
    const outputs = await runner.run(APPEARANCE_WIDE_MODEL_ID, unitInput(wide));
    expect(APPEARANCE_LAYERS.map((layer) => outputs[layer]?.dims)).toEqual([
      [1, 56, 56, 32],
      [1, 28, 28, 64],
      [1, 28, 28, 96],
      [1, 14, 14, 160],
    ]);
    const appearance = await measureAppearance(runner, working);
    expect(appearance).toHaveLength(APPEARANCE_LENGTH);
    // The wide view is its own look at the picture, not a copy of the 224² whole frame.
    const whole = appearance!.slice(0, APPEARANCE_VIEW_LENGTH);
    const wideView = appearance!.slice(2 * APPEARANCE_VIEW_LENGTH);
    expect(wideView.some((value, index) => Math.abs(value - whole[index]!) > 0.05)).toBe(true);
    await runner.close();
  });
});
