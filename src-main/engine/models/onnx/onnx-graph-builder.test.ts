import { InferenceSession, Tensor } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { OnnxGraphBuilder } from './onnx-graph-builder.js';

describe('OnnxGraphBuilder', () => {
  it('builds a model onnxruntime runs: y = relu(x · W + b)', async () => {
    const graph = new OnnxGraphBuilder('tiny');
    graph.addInput({ name: 'x', type: 'float32', shape: ['batch', 2] });
    const weights = graph.addInitializer('W', { type: 'float32', dims: [2, 3], data: new Float32Array([1, -1, 2, 0.5, 1, -3]) });
    const bias = graph.addInitializer('b', { type: 'float32', dims: [3], data: new Float32Array([0, 1, -10]) });
    const [product] = graph.addNode('MatMul', ['x', weights]);
    const [sum] = graph.addNode('Add', [product!, bias]);
    graph.addNode('Relu', [sum!], { outputs: ['y'] });
    graph.addOutput({ name: 'y', type: 'float32', shape: ['batch', 3] });

    const session = await InferenceSession.create(graph.toBytes());
    const { y } = await session.run({ x: new Tensor('float32', new Float32Array([2, 4]), [1, 2]) });
    // [2·1 + 4·0.5, 2·−1 + 4·1 + 1, 2·2 + 4·−3 − 10] → relu → [4, 3, 0]
    expect(Array.from(y!.data as Float32Array)).toEqual([4, 3, 0]);
    await session.release();
  });
});
