import { describe, expect, it } from 'vitest';
import { atKerasInputSize } from './keras-input-size.js';
import { loadNsfwjsBundledModel } from './nsfwjs-bundle.js';

type Layers = { config: { layers: Array<{ name: string; config: { batch_input_shape?: unknown[] } }>; output_layers: unknown[][] } };
const layersOf = (json: { modelTopology: unknown }): Layers => ((json.modelTopology as { model_config?: Layers }).model_config ?? json.modelTopology) as Layers;

/** The content model's trunk at another input size (models/manifest.json nsfwjs-mobilenet-v2-448). */
describe('a Keras model at another input size', () => {
  const bundle = loadNsfwjsBundledModel('mobilenet_v2');

  it('takes 448² and ends at block_15_add, leaving the installed model as it was', () => {
    const resized = layersOf(atKerasInputSize(bundle.modelJson, 448, 'block_15_add'));
    expect(resized.config.layers[0]!.config.batch_input_shape).toEqual([null, 448, 448, 3]);
    expect(resized.config.layers.at(-1)!.name).toBe('block_15_add');
    expect(resized.config.output_layers).toEqual([['block_15_add', 0, 0]]);
    expect(layersOf(bundle.modelJson).config.layers[0]!.config.batch_input_shape).toEqual([null, 224, 224, 3]);
  });

  it('refuses a layer the model does not have', () => {
    expect(() => atKerasInputSize(bundle.modelJson, 448, 'block_99_add')).toThrow('the model has no layer block_99_add to end at');
  });
});
