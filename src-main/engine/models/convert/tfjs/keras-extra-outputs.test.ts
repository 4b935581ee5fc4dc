import { InferenceSession, Tensor } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { withExtraKerasOutputs } from './keras-extra-outputs.js';
import { loadNsfwjsBundledModel } from './nsfwjs-bundle.js';
import { convertTfjsGraphToOnnx } from './tfjs-graph-to-onnx.js';

describe('extra outputs of a converted Keras model', () => {
  it('adds the pooled features of nsfwjs MobileNetV2 as a second output and leaves the class probabilities as they were', async () => {
    const bundle = loadNsfwjsBundledModel('mobilenet_v2');
    const plain = convertTfjsGraphToOnnx(bundle.modelJson, bundle.weightData);
    const extended = convertTfjsGraphToOnnx(withExtraKerasOutputs(bundle.modelJson, ['flatten_1']), bundle.weightData);
    expect(extended.outputs.map((output) => output.shape)).toEqual([[1, 5], [1, 1280]]);
    expect(extended.outputs[1]!.name).toBe('flatten_1');

    // A mid-grey frame: the same five probabilities from both models, and 1280 non-negative features.
    const input = new Float32Array(224 * 224 * 3).fill(0.5);
    const run = async (onnx: Uint8Array) => {
      const session = await InferenceSession.create(onnx);
      try {
        return await session.run({ [session.inputNames[0]!]: new Tensor('float32', input, [1, 224, 224, 3]) });
      } finally {
        await session.release();
      }
    };
    const before = await run(plain.onnx);
    const after = await run(extended.onnx);
    expect(Array.from(after[extended.outputs[0]!.name]!.data as Float32Array)).toEqual(Array.from(before[plain.outputs[0]!.name]!.data as Float32Array));
    const features = after['flatten_1']!.data as Float32Array;
    expect(features).toHaveLength(1280);
    expect(features.every((value) => value >= 0)).toBe(true);
  }, 120_000);

  it('refuses a layer the model does not have', () => {
    const bundle = loadNsfwjsBundledModel('mobilenet_v2');
    expect(() => withExtraKerasOutputs(bundle.modelJson, ['no_such_layer'])).toThrow(/no layer no_such_layer/);
  });
});
