import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SHARED_MODEL_CACHE, temporaryFolder } from '../../../test-support/corpus.js';
import { providerAvailability, vulkanLoaderInstalled } from './execution-providers.js';
import { ModelStore } from './model-store.js';
import { OrtSessionFactory } from './ort-session-factory.js';
import { createSessionOnPreferredProvider } from './session-on-provider.js';

// A folder that holds a file named like the Vulkan loader: the availability check then offers
// WebGPU, and creating a session shows what happens on a machine where Dawn finds no GPU adapter
// (the file is not a library; on a machine without a GPU the real loader finds none either).
const folder = temporaryFolder();
afterAll(() => folder.remove());
writeFileSync(path.join(folder.dir, 'libvulkan.so.1'), '');
const withLoader = { CULLER_EXECUTION_PROVIDERS: 'webgpu,cpu', LD_LIBRARY_PATH: folder.dir };
const systemLoader = vulkanLoaderInstalled({});

describe('execution providers', () => {
  it.runIf(process.platform === 'linux')('offers WebGPU, bundled with onnxruntime-node, when asked for and the Vulkan loader is installed, with CPU after it', () => {
    const offered = providerAvailability(withLoader);
    expect(offered.map((entry) => entry.provider)).toEqual(['webgpu', 'cpu']);
    expect(offered[0]).toMatchObject({ available: true, reason: 'bundled with onnxruntime-node' });
  });

  it.runIf(process.platform === 'linux' && !systemLoader)('says WebGPU needs the Vulkan loader where it is not installed', () => {
    expect(providerAvailability({ CULLER_EXECUTION_PROVIDERS: 'webgpu' })[0]).toMatchObject({ provider: 'webgpu', available: false, reason: expect.stringContaining('apt install libvulkan1') });
  });

  it.runIf(process.platform === 'linux')('runs a model on WebGPU where the machine has a GPU adapter, else on CPU with the reason WebGPU was not used', async () => {
    const model = await new ModelStore(SHARED_MODEL_CACHE).prepare('selfie-segmentation');
    const log: string[] = [];
    const created = await createSessionOnPreferredProvider(model.onnx, { label: 'selfie-segmentation', providers: providerAvailability(withLoader), log: (line) => log.push(line) });
    try {
      expect(['webgpu', 'cpu']).toContain(created.provider);
      if (created.provider === 'cpu') {
        expect(created.failed).toEqual([{ provider: 'webgpu', reason: expect.stringMatching(/adapter/i) }]);
        expect(log.join('\n')).toMatch(/model selfie-segmentation: cpu execution provider; not used: webgpu: /);
      } else {
        expect(created.fallbackReason).toBeNull();
      }
    } finally {
      await created.session.release();
    }
  });

  it.runIf(process.platform === 'linux')('tries a GPU provider that could not create a session only once, and lists it as unavailable with the reason', async () => {
    const log: string[] = [];
    const factory = new OrtSessionFactory(new ModelStore(SHARED_MODEL_CACHE), (line) => log.push(line), withLoader);
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
