import { crc32 } from 'node:zlib';
import { OnnxGraphBuilder } from '../../models/onnx/onnx-graph-builder.js';

/**
 * Test support: stand-in model files with the input and output names and shapes of the AI pack's
 * real ones — ONNX towers and heads built with the project's graph builder, and a PyTorch-layout
 * .pth for the LAION head.
 */

/**
 * Image tower: pixel_values [batch, 3, 224, 224] → mean of each channel → × projection [3, size] →
 * `output` [batch, size], plus last_hidden_state [batch, 1, size] as the real exports have.
 */
export function imageTowerOnnx(projection: Float32Array, size: number, output: string): Uint8Array {
  const graph = new OnnxGraphBuilder('image-tower');
  graph.addInput({ name: 'pixel_values', type: 'float32', shape: ['batch_size', 3, 224, 224] });
  const [pooled] = graph.addNode('ReduceMean', ['pixel_values'], { attributes: { axes: [2, 3], keepdims: 0 } });
  const weights = graph.addInitializer('projection', { type: 'float32', dims: [3, size], data: projection });
  graph.addNode('MatMul', [pooled!, weights], { outputs: [output] });
  const axes = graph.addInitializer('axes', { type: 'int64', dims: [1], data: new BigInt64Array([1n]) });
  graph.addNode('Unsqueeze', [output, axes], { outputs: ['last_hidden_state'] });
  graph.addOutput({ name: 'last_hidden_state', type: 'float32', shape: ['batch_size', 1, size] });
  graph.addOutput({ name: output, type: 'float32', shape: ['batch_size', size] });
  return graph.toBytes();
}

/**
 * Text tower: input_ids [batch, seq] → rows of an embedding table → mean over the sequence →
 * `output` [batch, size]. With `attentionMask` the mean covers the unmasked tokens only (CLIP
 * style); without, every position including padding (SigLIP style, which pads to a fixed length).
 */
export function textTowerOnnx(table: Float32Array, vocabSize: number, size: number, output: string, attentionMask: boolean): Uint8Array {
  const graph = new OnnxGraphBuilder('text-tower');
  graph.addInput({ name: 'input_ids', type: 'int64', shape: ['batch_size', 'sequence_length'] });
  const weights = graph.addInitializer('table', { type: 'float32', dims: [vocabSize, size], data: table });
  graph.addNode('Gather', [weights, 'input_ids'], { outputs: ['last_hidden_state'], attributes: { axis: 0 } });
  graph.addOutput({ name: 'last_hidden_state', type: 'float32', shape: ['batch_size', 'sequence_length', size] });
  if (attentionMask) {
    graph.addInput({ name: 'attention_mask', type: 'int64', shape: ['batch_size', 'sequence_length'] });
    const [mask] = graph.addNode('Cast', ['attention_mask'], { attributes: { to: 1 } });
    const last = graph.addInitializer('last_axis', { type: 'int64', dims: [1], data: new BigInt64Array([2n]) });
    const sequence = graph.addInitializer('sequence_axis', { type: 'int64', dims: [1], data: new BigInt64Array([1n]) });
    const [mask3] = graph.addNode('Unsqueeze', [mask!, last]);
    const [masked] = graph.addNode('Mul', ['last_hidden_state', mask3!]);
    const [sum] = graph.addNode('ReduceSum', [masked!, sequence], { attributes: { keepdims: 0 } });
    const [count] = graph.addNode('ReduceSum', [mask!, sequence], { attributes: { keepdims: 1 } });
    graph.addNode('Div', [sum!, count!], { outputs: [output] });
  } else {
    graph.addNode('ReduceMean', ['last_hidden_state'], { outputs: [output], attributes: { axes: [1], keepdims: 0 } });
  }
  graph.addOutput({ name: output, type: 'float32', shape: ['batch_size', size] });
  return graph.toBytes();
}

/** A linear layer [batch, inputs] → [batch, outputs] with free names (the aesthetic head). */
export function linearOnnx(weights: Float32Array, bias: Float32Array, inputs: number, outputs: number, names: { input: string; output: string }): Uint8Array {
  const graph = new OnnxGraphBuilder('linear');
  graph.addInput({ name: names.input, type: 'float32', shape: ['batch', inputs] });
  const w = graph.addInitializer('weight', { type: 'float32', dims: [inputs, outputs], data: weights });
  const b = graph.addInitializer('bias', { type: 'float32', dims: [outputs], data: bias });
  const [product] = graph.addNode('MatMul', [names.input, w]);
  graph.addNode('Add', [product!, b], { outputs: [names.output] });
  graph.addOutput({ name: names.output, type: 'float32', shape: ['batch', outputs] });
  return graph.toBytes();
}

/** ViT classifier stand-in: pixel_values [batch, 3, size, size] → channel means → linear [3, 2] → logits [batch, 2]. */
export function classifierOnnx(weights: Float32Array, bias: Float32Array, size: number): Uint8Array {
  const graph = new OnnxGraphBuilder('classifier');
  graph.addInput({ name: 'pixel_values', type: 'float32', shape: ['batch_size', 3, size, size] });
  const [pooled] = graph.addNode('ReduceMean', ['pixel_values'], { attributes: { axes: [2, 3], keepdims: 0 } });
  const w = graph.addInitializer('weight', { type: 'float32', dims: [3, 2], data: weights });
  const b = graph.addInitializer('bias', { type: 'float32', dims: [2], data: bias });
  const [product] = graph.addNode('MatMul', [pooled!, w]);
  graph.addNode('Add', [product!, b], { outputs: ['logits'] });
  graph.addOutput({ name: 'logits', type: 'float32', shape: ['batch_size', 2] });
  return graph.toBytes();
}

/**
 * A ZIP with stored entries laid out as torch.save writes them: each entry's data padded by a
 * local extra field to a 64-byte boundary, central directory, end record.
 */
export function storedZip(entries: Array<[string, Uint8Array]>): Uint8Array {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const nameBytes = Buffer.from(name);
    const padding = (64 - ((offset + 30 + nameBytes.length + 4) % 64)) % 64;
    const extra = Buffer.alloc(4 + padding);
    extra.writeUInt16LE(0x4650, 0); // torch's 'FB' padding field
    extra.writeUInt16LE(padding, 2);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(extra.length, 28);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(nameBytes.length, 28);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, nameBytes);
    chunks.push(local, nameBytes, extra, Buffer.from(data));
    offset += 30 + nameBytes.length + extra.length + data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, directory, end]);
}

/** An nn.Linear(512, 1) state_dict in PyTorch's zip layout (the pickle is a stand-in: it is not read). */
export function linearHeadPth(weight: Float32Array, bias: number): Uint8Array {
  const bytes = (array: Float32Array) => new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  return storedZip([
    ['archive/data.pkl', Buffer.from('stand-in pickle: OrderedDict(weight -> storage 0 [1, 512], bias -> storage 1 [1])')],
    ['archive/byteorder', Buffer.from('little')],
    ['archive/data/0', bytes(weight)],
    ['archive/data/1', bytes(new Float32Array([bias]))],
    ['archive/version', Buffer.from('3\n')],
  ]);
}
