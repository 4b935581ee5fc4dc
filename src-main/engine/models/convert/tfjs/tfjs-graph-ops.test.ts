import * as tf from '@tensorflow/tfjs';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { convertTfjsGraphToOnnx } from './tfjs-graph-to-onnx.js';
import { attr, conv, expectClose, GraphFixture, uniform } from './tfjs-graph-fixture.js';
import { decodeTfjsWeights, type TfjsModelJson, type TfjsWeightSpec } from './tfjs-model-json.js';

// Ops and cases the nsfwjs graphs do not exercise (odd sizes under SAME padding, explicit pads,
// dilations, depth multipliers, every weight quantisation, layout-sensitive reshapes), each checked
// against TF.js running the same model.

/** A graph through every supported op, on a 15×13 input so that SAME padding is uneven. */
function opsGraph(): ReturnType<GraphFixture['model']> {
  const g = new GraphFixture();
  const x = g.placeholder('input', [-1, 15, 13, 3]);
  const c1 = g.op('c1', 'Conv2D', [x, g.floats('w1', [4, 2, 3, 8])], conv([1, 2, 2, 1], 'SAME'));
  const bn = g.op('bn', 'FusedBatchNormV3', [c1, g.floats('bn_scale', [8], undefined, 'uint8'), g.floats('bn_offset', [8]), g.floats('bn_mean', [8]), g.floats('bn_var', [8], uniform(8, 0.5, 2))], {
    epsilon: attr.f(0.001),
    data_format: attr.s('NHWC'),
    is_training: attr.b(false),
  });
  const r6 = g.op('r6', 'Relu6', [bn]);
  const dw = g.op('dw', 'DepthwiseConv2dNative', [r6, g.floats('dwf', [3, 3, 8, 2], undefined, 'float16')], conv([1, 2, 2, 1], 'SAME'));
  const dil = g.op('dil', 'Conv2D', [dw, g.floats('w2', [3, 3, 16, 8], undefined, 'uint16')], conv([1, 1, 1, 1], 'SAME', { dilations: attr.ints([1, 2, 2, 1]) }));
  const fz = g.op('fz', '_FusedConv2D', [dil, g.floats('w3', [1, 1, 8, 8]), g.floats('b3', [8]), g.floats('alpha3', [8])], conv([1, 1, 1, 1], 'VALID', {
    fused_ops: attr.strings(['BiasAdd', 'Prelu']),
    num_args: attr.i(2),
  }));
  const fdw = g.op('fdw', 'FusedDepthwiseConv2dNative', [fz, g.floats('fdwf', [3, 3, 8, 1]), g.floats('fdwb', [8])], conv([1, 1, 1, 1], 'SAME', {
    fused_ops: attr.strings(['BiasAdd', 'Relu']),
    num_args: attr.i(1),
  }));
  const pad = g.op('pad', 'Pad', [fdw, g.ints('paddings', [0, 0, 1, 2, 2, 1, 0, 0], [4, 2])]);
  const window = { ksize: attr.ints([1, 3, 3, 1]), strides: attr.ints([1, 2, 2, 1]), padding: attr.s('SAME'), data_format: attr.s('NHWC') };
  const mp = g.op('mp', 'MaxPool', [pad], window);
  const ap = g.op('ap', 'AvgPool', [pad], window);
  const add = g.op('add', 'AddV2', [mp, ap]);
  const sub = g.op('sub', 'Sub', [add, g.floats('per_channel', [8])]);
  const mul = g.op('mul', 'Mul', [g.floats('rank4', [1, 1, 1, 8]), sub]);
  const div = g.op('div', 'RealDiv', [mul, g.floats('two', [], [2])]);
  const max = g.op('max', 'Maximum', [div, g.floats('floor', [8], uniform(8, -0.5, 0))]);
  const min = g.op('min', 'Minimum', [max, g.floats('ceiling', [], [3])]);
  const leaky = g.op('leaky', 'LeakyRelu', [min], { alpha: attr.f(0.1) });
  const ex = g.op('ex', 'Conv2D', [leaky, g.floats('w4', [3, 3, 8, 4])], conv([1, 1, 1, 1], 'EXPLICIT', { explicit_paddings: attr.ints([0, 0, 1, 0, 0, 2, 0, 0]) }));
  const sig = g.op('sig', 'Sigmoid', [ex]);
  const cat = g.op('cat', 'ConcatV2', [ex, sig, g.ints('cat_axis', [3], [])], { N: attr.i(2) });
  const elu = g.op('elu', 'Elu', [cat]);
  const tanh = g.op('tanh', 'Tanh', [elu]);
  const relu = g.op('relu', 'Relu', [tanh]);
  const prelu = g.op('prelu', 'Prelu', [tanh, g.floats('prelu_alpha', [8])]);
  const both = g.op('both', 'AddV2', [relu, prelu]);
  // Outputs: a reshape of an NCHW activation (element order must stay NHWC), then a classifier head.
  g.op('flat', 'Reshape', [g.op('stop', 'StopGradient', [both]), g.ints('flat_shape', [1, -1])]);
  const mean = g.op('mean', 'Mean', [both, g.ints('spatial', [1, 2])], { keep_dims: attr.b(false) });
  const kept = g.op('kept', 'Mean', [both, g.ints('spatial_neg', [-3, 2])], { keep_dims: attr.b(true) });
  const squeezed = g.op('squeezed', 'Squeeze', [kept], { squeeze_dims: attr.ints([1, 2]) });
  const pooled = g.op('pooled', 'AddV2', [mean, squeezed]);
  const mm = g.op('mm', 'MatMul', [pooled, g.floats('wm', [5, 8])], { transpose_a: attr.b(false), transpose_b: attr.b(true) });
  const biased = g.op('biased', 'BiasAdd', [mm, g.floats('bm', [5])], { data_format: attr.s('NHWC') });
  const fused = g.op('fused', '_FusedMatMul', [biased, g.floats('wf', [5, 4]), g.floats('bf', [4])], {
    fused_ops: attr.strings(['BiasAdd', 'Relu6']),
    num_args: attr.i(1),
    transpose_a: attr.b(false),
    transpose_b: attr.b(false),
  });
  g.op('probs', 'Identity', [g.op('softmax', 'Softmax', [fused])]);
  // A second branch: PadV2's fill value and a VALID max pool on it.
  const padded = g.op('padded', 'PadV2', [dw, g.ints('paddings2', [0, 0, 1, 1, 0, 1, 0, 0], [4, 2]), g.floats('fill', [], [-1.5])]);
  g.op('padded_pool', 'MaxPool', [padded], { ksize: attr.ints([1, 2, 3, 1]), strides: attr.ints([1, 1, 2, 1]), padding: attr.s('VALID'), data_format: attr.s('NHWC') });
  return g.model();
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('convertTfjsGraphToOnnx on a graph of every supported op', () => {
  it('matches TF.js on each output', async () => {
    const { modelJson, weightData } = opsGraph();
    const converted = convertTfjsGraphToOnnx(modelJson, weightData);
    expect(converted.inputs).toEqual([{ name: 'input', shape: [1, 15, 13, 3], type: 'float32' }]);
    // Without a signature the outputs are the graph's sinks, in node order.
    expect(converted.outputs.map((output) => [output.name, output.shape])).toEqual([
      ['flat', [1, 3 * 4 * 8]],
      ['probs', [1, 4]],
      ['padded_pool', [1, 5, 2, 16]],
    ]);

    const input = Float32Array.from(uniform(15 * 13 * 3, 0, 1));
    const session = await InferenceSession.create(converted.onnx);
    const results = await session.run({ input: new Tensor('float32', input, [1, 15, 13, 3]) });
    await session.release();

    const model = await tf.loadGraphModel(
      tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs: modelJson.weightsManifest[0]!.weights as tf.io.WeightsManifestEntry[], weightData }),
    );
    const names = converted.outputs.map((output) => output.name);
    const expected = model.execute({ input: tf.tensor4d(input, [1, 15, 13, 3]) }, names) as tf.Tensor[];
    for (const [index, name] of names.entries()) {
      expect(results[name]!.dims).toEqual(expected[index]!.shape);
      const worst = expectClose(results[name]!.data as Float32Array, expected[index]!.dataSync() as Float32Array, 1e-5);
      console.info(`${name}: worst relative difference ${worst.toExponential(2)}`);
    }
    tf.dispose(expected);
    model.dispose();
  });

  it('decodes quantised weights exactly as TF.js does', () => {
    const { modelJson, weightData } = opsGraph();
    const ours = decodeTfjsWeights(modelJson, weightData);
    const theirs = tf.io.decodeWeights(weightData, modelJson.weightsManifest[0]!.weights as tf.io.WeightsManifestEntry[]);
    for (const name of ['bn_scale', 'dwf', 'w2', 'w1', 'paddings']) {
      expect(Array.from(ours.get(name)!.data)).toEqual(Array.from(theirs[name]!.dataSync()));
    }
    tf.dispose(Object.values(theirs));
  });

  it('names an op it does not support', () => {
    const g = new GraphFixture();
    g.op('sum', 'Cumsum', [g.placeholder('input', [1, 4]), g.ints('axis', [1], [])]);
    const { modelJson, weightData } = g.model();
    expect(() => convertTfjsGraphToOnnx(modelJson, weightData)).toThrow(/unsupported TF\.js op: Cumsum/);
  });

  it('refuses weight data that does not match the manifest', () => {
    const { modelJson, weightData } = opsGraph();
    expect(() => convertTfjsGraphToOnnx(modelJson, weightData.slice(0, weightData.byteLength - 4))).toThrow(/weight data has/);
  });
});

describe('convertTfjsGraphToOnnx on Keras layers models made by tfjs-layers', () => {
  function randomiseWeights(model: tf.LayersModel): void {
    model.setWeights(
      model.weights.map((weight) => {
        const shape = weight.shape as number[];
        return weight.name.includes('variance') ? tf.randomUniform(shape, 0.5, 1.5) : tf.randomUniform(shape, -1, 1);
      }),
    );
  }

  async function artifactsOf(model: tf.LayersModel): Promise<{ modelJson: TfjsModelJson; weightData: ArrayBuffer }> {
    let saved: tf.io.ModelArtifacts | null = null;
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const artifacts = saved! as tf.io.ModelArtifacts;
    return {
      modelJson: { format: 'layers-model', modelTopology: artifacts.modelTopology as Record<string, unknown>, weightsManifest: [{ paths: ['memory'], weights: artifacts.weightSpecs as TfjsWeightSpec[] }] },
      weightData: artifacts.weightData as ArrayBuffer,
    };
  }

  async function expectParity(model: tf.LayersModel, shape: number[]): Promise<void> {
    randomiseWeights(model);
    const { modelJson, weightData } = await artifactsOf(model);
    const converted = convertTfjsGraphToOnnx(modelJson, weightData);
    const input = Float32Array.from(uniform(shape.reduce((a, b) => a * b, 1), 0, 1));
    const session = await InferenceSession.create(converted.onnx);
    const results = await session.run({ [converted.inputs[0]!.name]: new Tensor('float32', input, shape) });
    await session.release();
    const predicted = model.predict(tf.tensor(input, shape));
    const expected = Array.isArray(predicted) ? predicted : [predicted];
    expect(converted.outputs).toHaveLength(expected.length);
    for (const [index, output] of converted.outputs.entries()) {
      expect(results[output.name]!.dims).toEqual(expected[index]!.shape);
      expectClose(results[output.name]!.data as Float32Array, expected[index]!.dataSync() as Float32Array, 1e-5);
    }
    tf.dispose(expected);
  }

  it('matches TF.js on a functional model with two outputs', async () => {
    const input = tf.input({ shape: [9, 11, 3], name: 'image' });
    const conv = tf.layers.conv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', name: 'conv' }).apply(input) as tf.SymbolicTensor;
    const depthwise = tf.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same', name: 'depthwise' }).apply(conv) as tf.SymbolicTensor;
    const normalised = tf.layers.batchNormalization({ name: 'bn' }).apply(depthwise) as tf.SymbolicTensor;
    const clipped = tf.layers.reLU({ maxValue: 6, name: 'relu6' }).apply(normalised) as tf.SymbolicTensor;
    const padded = tf.layers.zeroPadding2d({ padding: [[1, 0], [0, 2]], name: 'pad' }).apply(clipped) as tf.SymbolicTensor;
    const maxed = tf.layers.maxPooling2d({ poolSize: 2, strides: 1, padding: 'same', name: 'max' }).apply(padded) as tf.SymbolicTensor;
    const averaged = tf.layers.averagePooling2d({ poolSize: 3, strides: 1, padding: 'same', name: 'avg' }).apply(padded) as tf.SymbolicTensor;
    const summed = tf.layers.add({ name: 'sum' }).apply([maxed, averaged]) as tf.SymbolicTensor;
    const joined = tf.layers.concatenate({ name: 'join' }).apply([summed, padded]) as tf.SymbolicTensor;
    const squashed = tf.layers.activation({ activation: 'tanh', name: 'tanh' }).apply(joined) as tf.SymbolicTensor;
    const pooled = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(squashed) as tf.SymbolicTensor;
    const classes = tf.layers.dense({ units: 4, activation: 'softmax', name: 'classes' }).apply(pooled) as tf.SymbolicTensor;
    const flat = tf.layers.flatten({ name: 'flat' }).apply(squashed) as tf.SymbolicTensor;
    const dropped = tf.layers.dropout({ rate: 0.5, name: 'drop' }).apply(flat) as tf.SymbolicTensor;
    const scores = tf.layers.dense({ units: 3, activation: 'sigmoid', name: 'scores' }).apply(dropped) as tf.SymbolicTensor;
    await expectParity(tf.model({ inputs: input, outputs: [classes, scores] }), [1, 9, 11, 3]);
  });

  it('matches TF.js on a Sequential model (no InputLayer in its config)', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [8, 8, 2], filters: 4, kernelSize: 2, padding: 'valid', name: 'first' }),
        tf.layers.maxPooling2d({ poolSize: 2, name: 'pool' }),
        tf.layers.flatten({ name: 'flat' }),
        tf.layers.dense({ units: 2, name: 'out' }),
      ],
    });
    await expectParity(model, [1, 8, 8, 2]);
  });

  it('names a layer it does not support', () => {
    const modelJson: TfjsModelJson = {
      modelTopology: {
        class_name: 'Model',
        config: {
          layers: [
            { class_name: 'InputLayer', name: 'in', config: { batch_input_shape: [null, 4, 2] }, inbound_nodes: [] },
            { class_name: 'LSTM', name: 'lstm', config: {}, inbound_nodes: [[['in', 0, 0, {}]]] },
          ],
          input_layers: [['in', 0, 0]],
          output_layers: [['lstm', 0, 0]],
        },
      },
      weightsManifest: [],
    };
    expect(() => convertTfjsGraphToOnnx(modelJson, new ArrayBuffer(0))).toThrow(/unsupported Keras layer: LSTM/);
  });
});
