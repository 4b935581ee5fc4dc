import { describe, expect, it } from 'vitest';
import { modelManifest } from './model-manifest.js';
import { modelSourceStatus, verifiedSourceFiles } from './model-store.js';

describe('models/manifest.json', () => {
  it('declares the embedded models, with commercial-use licences only', () => {
    const models = modelManifest();
    expect(models.map((model) => model.id).sort()).toEqual(['blazeface-full-range', 'blazeface-short-range', 'face-landmark', 'nsfwjs-mobilenet-v2']);
    for (const model of models) expect(['MIT', 'Apache-2.0', 'BSD-2-Clause', 'BSD-3-Clause']).toContain(model.licence);
  });

  it('matches the installed packages byte for byte (sha256 of every source file)', () => {
    for (const model of modelManifest()) expect(verifiedSourceFiles(model).length).toBe(model.source.files.length);
    expect([...modelSourceStatus().values()].every((status) => status.ok)).toBe(true);
  });
});
