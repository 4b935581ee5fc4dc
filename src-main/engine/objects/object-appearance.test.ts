import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { corpusFile, SHARED_MODEL_CACHE } from '../../../test-support/corpus.js';
import { DEFAULT_LIMITS } from '../config.js';
import { decodeImage } from '../image/decode.js';
import { HeicDecoder } from '../image/heic-decoder.js';
import { withExtraGraphOutputs } from '../models/convert/tfjs/graph-extra-outputs.js';
import { ModelStore } from '../models/model-store.js';
import { OrtSessionFactory } from '../models/ort-session-factory.js';
import { OBJECT_APPEARANCE_LENGTH, poolObjectAppearance } from './object-appearance.js';
import { detectionsFrom, runNanodet } from './object-detector.js';
import { analyzeObjects } from './objects.analyzer.js';

describe("the object detector's appearance features (quality estimate)", () => {
  it('come from the same NanoDet run as the detections: 896 deviations, and the detections are unchanged', async () => {
    const heic = new HeicDecoder();
    const runner = new OrtSessionFactory(new ModelStore(SHARED_MODEL_CACHE));
    try {
      const { working } = await decodeImage(readFileSync(corpusFile('faces', 'two_people.jpg')), { limits: DEFAULT_LIMITS, workingLongSidePx: 1024, heic });
      const report = await analyzeObjects(runner, working);
      expect(report.appearance).toHaveLength(OBJECT_APPEARANCE_LENGTH);
      expect(report.appearance!.every((value) => Number.isFinite(value) && value >= 0)).toBe(true);
      expect(report.appearance!.filter((value) => value > 0).length).toBeGreaterThan(OBJECT_APPEARANCE_LENGTH / 2);
      expect(report.people).toHaveLength(2);
      // Only the cells on the picture are pooled: the letterbox's bars would change the deviations.
      const { outputs, letterbox } = await runNanodet(runner, working);
      expect(detectionsFrom(outputs, letterbox)).toEqual(report.detections.toSorted((a, b) => b.score - a.score));
      const withBars = poolObjectAppearance(outputs, { left: 0, top: 0, width: 416, height: 416 })!;
      expect(letterbox.height).toBeLessThan(416);
      expect(withBars.some((value, index) => Math.abs(value - report.appearance![index]!) > 1e-3)).toBe(true);
    } finally {
      heic.close();
      await runner.close();
    }
  });

  it('names a missing graph node as an error, at conversion', () => {
    const graph = { signature: { outputs: { 'Identity:0': { name: 'Identity:0' } } }, modelTopology: { node: [{ name: 'Identity' }, { name: 'inner' }] } };
    expect(Object.keys(withExtraGraphOutputs(graph, ['inner']).signature.outputs)).toEqual(['Identity:0', 'inner:0']);
    expect(() => withExtraGraphOutputs(graph, ['missing'])).toThrow(/no node missing/);
  });
});
