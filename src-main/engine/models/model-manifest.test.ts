import { describe, expect, it } from 'vitest';
import { modelManifest } from './model-manifest.js';
import { modelSourceStatus, verifiedSourceFiles } from './model-store.js';

describe('models/manifest.json', () => {
  it('declares the embedded models, with commercial-use licences only', () => {
    const models = modelManifest();
    expect(models.map((model) => model.id).sort()).toEqual([
      'blazeface-full-range',
      'blazeface-short-range',
      'face-landmark',
      'nanodet-m',
      'nsfwjs-mobilenet-v2',
      'nsfwjs-mobilenet-v2-448',
      'pose-landmark-lite',
      'selfie-segmentation',
    ]);
    for (const model of models) expect(['MIT', 'Apache-2.0', 'BSD-2-Clause', 'BSD-3-Clause']).toContain(model.licence);
  });

  it('traces the body models to their upstream source, model card and training data', () => {
    for (const id of ['selfie-segmentation', 'pose-landmark-lite']) {
      const model = modelManifest().find((entry) => entry.id === id)!;
      expect(model.provenance, id).toMatchObject({ upstream: expect.stringContaining('google/mediapipe'), model_card: expect.stringMatching(/^https:\/\//) });
      expect(model.provenance!.training_data, id).toMatch(/model card/);
    }
  });

  it('traces NanoDet to its Apache-2.0 upstream and COCO 2017, the data it was trained on', () => {
    const model = modelManifest().find((entry) => entry.id === 'nanodet-m')!;
    expect(model).toMatchObject({ licence: 'Apache-2.0', task: 'object_detection', conversion: { from: 'tfjs-graph' }, input: { layout: 'NCHW', shape: [1, 3, 416, 416], color: 'BGR' } });
    expect(model.provenance).toMatchObject({ upstream: expect.stringContaining('RangiLyu/nanodet (Apache-2.0'), training_data: expect.stringContaining('COCO 2017') });
  });

  it('matches the installed packages byte for byte (sha256 of every source file)', () => {
    for (const model of modelManifest()) expect(verifiedSourceFiles(model).length).toBe(model.source.files.length);
    expect([...modelSourceStatus().values()].every((status) => status.ok)).toBe(true);
  });
});
