import { describe, expect, it } from 'vitest';
import { SHARED_MODEL_CACHE } from '../../../test-support/corpus.js';
import { providerAvailability } from './execution-providers.js';
import { ModelStore } from './model-store.js';
import { OrtSessionFactory } from './ort-session-factory.js';
import { createSessionOnPreferredProvider } from './session-on-provider.js';

describe('execution providers', () => {
  it('offers WebGPU, bundled with onnxruntime-node, when CULLER_EXECUTION_PROVIDERS asks for it, with CPU after it', () => {
    const offered = providerAvailability({ CULLER_EXECUTION_PROVIDERS: 'webgpu' });
    expect(offered.map((entry) => entry.provider)).toEqual(['webgpu', 'cpu']);
    expect(offered[0]).toMatchObject({ available: true, reason: 'bundled with onnxruntime-node' });
  });

  it('runs a model on WebGPU where the machine has a GPU adapter, else on CPU with the reason WebGPU was not used', async () => {
    // These test machines have no GPU: Dawn finds no adapter and the session falls back to CPU. On a
    // GPU machine the same call runs on WebGPU (measured on an H200: bench/gpu/replay-model-runs.ts).
    const model = await new ModelStore(SHARED_MODEL_CACHE).prepare('selfie-segmentation');
    const log: string[] = [];
    const created = await createSessionOnPreferredProvider(model.onnx, { label: 'selfie-segmentation', providers: providerAvailability({ CULLER_EXECUTION_PROVIDERS: 'webgpu,cpu' }), log: (line) => log.push(line) });
    try {
      expect(['webgpu', 'cpu']).toContain(created.provider);
      if (created.provider === 'cpu') {
        expect(created.fallbackReason).toMatch(/^webgpu: /);
        expect(log.join('\n')).toMatch(/model selfie-segmentation: cpu execution provider; not used: webgpu: /);
      } else {
        expect(created.fallbackReason).toBeNull();
      }
    } finally {
      await created.session.release();
    }
  });

  it('tries a GPU provider that could not create a session only once, and lists it as unavailable with the reason', async () => {
    const log: string[] = [];
    const factory = new OrtSessionFactory(new ModelStore(SHARED_MODEL_CACHE), (line) => log.push(line), { CULLER_EXECUTION_PROVIDERS: 'webgpu,cpu' });
    try {
      const first = await factory.load('selfie-segmentation');
      await factory.load('blazeface-short-range');
      if (first.provider === 'webgpu') return; // a machine with a GPU adapter: nothing failed
      expect(factory.providers.find((entry) => entry.provider === 'webgpu')).toMatchObject({ available: false, reason: expect.stringMatching(/^could not create a session: /) });
      // The second model did not try WebGPU again: one failure in the log, not two.
      expect(log.filter((line) => line.includes('creating a session on webgpu failed'))).toHaveLength(1);
      expect(factory.providerOf('blazeface-short-range')).toBe('cpu');
    } finally {
      await factory.close();
    }
  });
});
