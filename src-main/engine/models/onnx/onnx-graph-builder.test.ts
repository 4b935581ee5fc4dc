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

  it('renames a value that is both read inside and a graph output, and drops the nodes nothing reads', async () => {
    const graph = new OnnxGraphBuilder('outputs');
    graph.addInput({ name: 'x', type: 'float32', shape: [3] });
    const [relu] = graph.addNode('Relu', ['x']);
    graph.addNode('Sigmoid', [relu!]); // read by nothing: dropped
    expect(graph.renameValue(relu!, 'feature')).toBe(true);
    // Nodes added later that name the old value read the new one.
    graph.addNode('Neg', [relu!], { outputs: ['y'] });
    expect(graph.renameValue('x', 'input_copy')).toBe(false); // a graph input: no node makes it
    graph.addOutput({ name: 'feature', type: 'float32', shape: [3] });
    graph.addOutput({ name: 'y', type: 'float32', shape: [3] });

    const bytes = graph.toBytes();
    const session = await InferenceSession.create(bytes);
    const { feature, y } = await session.run({ x: new Tensor('float32', new Float32Array([-1, 0, 2]), [3]) });
    expect(Array.from(feature!.data as Float32Array)).toEqual([0, 0, 2]);
    expect(Array.from(y!.data as Float32Array)).toEqual([-0, -0, -2]);
    await session.release();
    const { onnx } = (await import('onnx-proto')).default;
    expect(onnx.ModelProto.decode(bytes).graph!.node!.map((node) => node.opType)).toEqual(['Relu', 'Neg']);
  });
});
