import { z } from 'zod';
import { foldBinary, sparseToDense } from './constant-folding.js';
import { constValue, OnnxLowering, type ConstValue, type Padding, type TensorSpec, type Value } from './onnx-lowering.js';
import type { ConstTensor } from './tfjs-model-json.js';

/**
 * The graph-model front end of the TF.js converter: a TF.js graph model (format "graph-model",
 * TensorFlow ops as the TF.js converter left them, fused ops included) lowered to ONNX.
 * Semantics follow TF.js's own executor (tfjs-converter) where it departs from TensorFlow, e.g. the
 * default epsilon of FusedBatchNorm.
 */

/** Ops this converter understands, for messages and the tests. */
export const SUPPORTED_GRAPH_OPS = [
  'Placeholder', 'Const', 'Identity', 'StopGradient',
  'Conv2D', '_FusedConv2D', 'DepthwiseConv2dNative', 'FusedDepthwiseConv2dNative',
  'FusedBatchNorm', 'FusedBatchNormV2', 'FusedBatchNormV3', 'BiasAdd',
  'Add', 'AddV2', 'Sub', 'Mul', 'RealDiv', 'Maximum', 'Minimum',
  'Relu', 'Relu6', 'Elu', 'Sigmoid', 'Tanh', 'LeakyRelu', 'Prelu',
  'AvgPool', 'MaxPool', 'Mean', 'Pad', 'PadV2', 'Reshape', 'Squeeze', 'ConcatV2',
  'MatMul', '_FusedMatMul', 'Softmax',
  // Graphs exported from PyTorch through ONNX (NanoDet): layout transposes, split heads, FPN upsampling.
  'Transpose', 'SplitV', 'ResizeBilinear', 'SparseToDense',
] as const;

/** Activations TF.js fuses into _FusedConv2D, FusedDepthwiseConv2dNative and _FusedMatMul. */
const FUSED_ACTIVATIONS = new Set(['Relu', 'Relu6', 'Elu', 'Sigmoid', 'Tanh', 'LeakyRelu', 'Prelu']);

const attrValueSchema = z.looseObject({
  i: z.union([z.string(), z.number()]).optional(),
  f: z.number().optional(),
  b: z.boolean().optional(),
  s: z.string().optional(),
  type: z.string().optional(),
  shape: z.looseObject({ dim: z.array(z.looseObject({ size: z.union([z.string(), z.number()]).optional() })).optional(), unknownRank: z.boolean().optional() }).optional(),
  list: z
    .looseObject({
      i: z.array(z.union([z.string(), z.number()])).optional(),
      f: z.array(z.number()).optional(),
      s: z.array(z.string()).optional(),
    })
    .optional(),
});

const graphNodeSchema = z.looseObject({
  name: z.string().min(1),
  op: z.string().min(1),
  input: z.array(z.string()).optional(),
  attr: z.record(z.string(), attrValueSchema).optional(),
});

export const graphTopologySchema = z.looseObject({
  node: z.array(graphNodeSchema),
  library: z.looseObject({ function: z.array(z.unknown()).optional() }).optional(),
});

export const signatureSchema = z.looseObject({
  outputs: z.record(z.string(), z.looseObject({ name: z.string() })).optional(),
});

type GraphNode = z.infer<typeof graphNodeSchema>;
type AttrValue = z.infer<typeof attrValueSchema>;

// ---- attributes -----------------------------------------------------------------------------------

function decodeString(base64: string): string {
  return Buffer.from(base64, 'base64').toString('utf8');
}

class Attributes {
  constructor(private readonly node: GraphNode) {}

  private get(key: string): AttrValue | undefined {
    return this.node.attr?.[key];
  }

  string(key: string, fallback?: string): string {
    const value = this.get(key)?.s;
    if (value !== undefined) return decodeString(value);
    if (fallback !== undefined) return fallback;
    throw new Error(`node ${this.node.name} (${this.node.op}): attribute ${key} is missing`);
  }

  ints(key: string, fallback?: number[]): number[] {
    const list = this.get(key)?.list;
    if (list) return (list.i ?? []).map(Number);
    if (fallback !== undefined) return fallback;
    throw new Error(`node ${this.node.name} (${this.node.op}): attribute ${key} is missing`);
  }

  strings(key: string): string[] {
    return (this.get(key)?.list?.s ?? []).map(decodeString);
  }

  // Protobuf JSON leaves out default values: a missing b is false, a missing f is 0.
  bool(key: string): boolean {
    return this.get(key)?.b ?? false;
  }

  float(key: string, fallback: number): number {
    const value = this.get(key);
    return value === undefined ? fallback : (value.f ?? 0);
  }
}

// ---- the graph ------------------------------------------------------------------------------------

function parseInputReference(reference: string): { node: string; index: number } | null {
  if (reference.startsWith('^')) return null; // a control dependency: ordering only, no data
  const match = /^(.*?)(?::(\d+))?$/.exec(reference)!;
  return { node: match[1]!, index: match[2] === undefined ? 0 : Number(match[2]) };
}

export function convertGraphModel(
  topology: z.infer<typeof graphTopologySchema>,
  weights: Map<string, ConstTensor>,
  batch: number,
  graphName: string,
  signature: z.infer<typeof signatureSchema>,
): { onnx: Uint8Array; inputs: TensorSpec[]; outputs: TensorSpec[] } {
  if ((topology.library?.function ?? []).length > 0) throw new Error('TF.js graph models with functions (control flow) are not supported');
  const nodes = new Map<string, GraphNode>();
  for (const node of topology.node) {
    if (nodes.has(node.name)) throw new Error(`two nodes are named ${node.name}`);
    nodes.set(node.name, node);
  }
  const dataReferences = (node: GraphNode): Array<{ node: string; index: number }> =>
    (node.input ?? []).flatMap((reference) => {
      const parsed = parseInputReference(reference);
      if (!parsed) return [];
      if (!nodes.has(parsed.node)) throw new Error(`node ${node.name} (${node.op}) reads the missing node ${parsed.node}`);
      return [parsed];
    });
  const dataInputs = (node: GraphNode): string[] => dataReferences(node).map((reference) => reference.node);

  // Outputs: the signature's when it has them (as TF.js's GraphModel does), else the graph's sinks.
  let outputNames = Object.values(signature.outputs ?? {}).map((output) => parseInputReference(output.name)!.node);
  if (outputNames.length === 0) {
    const consumed = new Set(topology.node.flatMap(dataInputs));
    outputNames = topology.node.filter((node) => !consumed.has(node.name) && node.op !== 'Const' && node.op !== 'NoOp').map((node) => node.name);
  }
  for (const name of outputNames) if (!nodes.has(name)) throw new Error(`the signature names the missing output node ${name}`);

  // Topological order of what the outputs need (iterative: graphs can be deep).
  const order: GraphNode[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  for (const root of outputNames) {
    const stack: Array<{ name: string; expanded: boolean }> = [{ name: root, expanded: false }];
    while (stack.length > 0) {
      const top = stack.pop()!;
      if (top.expanded) {
        state.set(top.name, 'done');
        order.push(nodes.get(top.name)!);
        continue;
      }
      const seen = state.get(top.name);
      if (seen === 'done') continue;
      if (seen === 'visiting') throw new Error(`the graph has a cycle through ${top.name}`);
      state.set(top.name, 'visiting');
      stack.push({ name: top.name, expanded: true });
      for (const input of dataInputs(nodes.get(top.name)!).reverse()) if (state.get(input) !== 'done') stack.push({ name: input, expanded: false });
    }
  }

  const unsupported = [...new Set(order.map((node) => node.op).filter((op) => !(SUPPORTED_GRAPH_OPS as readonly string[]).includes(op)))];
  if (unsupported.length > 0) throw new Error(`unsupported TF.js op${unsupported.length > 1 ? 's' : ''}: ${unsupported.join(', ')}`);

  const lowering = new OnnxLowering(graphName);
  const placeholders = order.filter((node) => node.op === 'Placeholder');
  lowering.reserveNames([...placeholders.map((node) => node.name), ...outputNames]);
  // Each node's outputs (most ops have one; SplitV has several), read as `name:index`.
  const values = new Map<string, Value[]>();
  const valueOf = (node: GraphNode, reference: { node: string; index: number }): Value => {
    const value = values.get(reference.node)![reference.index];
    if (!value) throw new Error(`node ${node.name} (${node.op}) reads output ${reference.index} of ${reference.node}, which has ${values.get(reference.node)!.length}`);
    return value;
  };
  for (const node of order) {
    const result = convertNode(node, dataReferences(node).map((reference) => valueOf(node, reference)), lowering, weights, batch);
    values.set(node.name, Array.isArray(result) ? result : [result]);
  }
  for (const name of outputNames) lowering.output(values.get(name)![0]!, name);
  return lowering.finish('culler tfjs-graph-to-onnx');
}

// ---- ops ------------------------------------------------------------------------------------------


function constant(node: GraphNode, value: Value | undefined, what: string): ConstValue {
  if (!value) throw new Error(`node ${node.name} (${node.op}): ${what} is missing`);
  if (value.kind !== 'const') throw new Error(`node ${node.name} (${node.op}): ${what} must be a constant`);
  return value;
}

function floats(node: GraphNode, value: Value | undefined, what: string): Float32Array {
  const tensor = constant(node, value, what);
  if (tensor.dtype !== 'float32') throw new Error(`node ${node.name} (${node.op}): ${what} must be float32`);
  return tensor.data;
}

function ints(node: GraphNode, value: Value | undefined, what: string): number[] {
  return Array.from(constant(node, value, what).data);
}

function checkNhwc(node: GraphNode, attributes: Attributes): void {
  const format = attributes.string('data_format', 'NHWC');
  if (format !== 'NHWC') throw new Error(`node ${node.name} (${node.op}): data_format ${format} is not supported`);
}

function padding(node: GraphNode, attributes: Attributes): Padding {
  const kind = attributes.string('padding');
  if (kind === 'SAME') return { kind: 'same' };
  if (kind === 'VALID') return { kind: 'valid' };
  if (kind === 'EXPLICIT') {
    const pads = attributes.ints('explicit_paddings');
    if (pads.length !== 8 || pads[0] || pads[1] || pads[6] || pads[7]) throw new Error(`node ${node.name} (${node.op}): explicit paddings [${pads.join(', ')}] are not NHWC spatial`);
    return { kind: 'explicit', height: [pads[2]!, pads[3]!], width: [pads[4]!, pads[5]!] };
  }
  throw new Error(`node ${node.name} (${node.op}): padding ${kind} is not supported`);
}

/** [1, h, w, 1] window attributes (strides, dilations, ksize) as [h, w]. */
function spatial(node: GraphNode, values: number[], key: string): [number, number] {
  if (values.length !== 4 || values[0] !== 1 || values[3] !== 1) throw new Error(`node ${node.name} (${node.op}): ${key} [${values.join(', ')}] must be [1, h, w, 1]`);
  return [values[1]!, values[2]!];
}

/** Inference batch norm as one scale and offset per channel, computed in double precision. */
function foldBatchNorm(scale: Float32Array, offset: Float32Array, mean: Float32Array, variance: Float32Array, epsilon: number): { scale: Float32Array; offset: Float32Array } {
  const folded = { scale: new Float32Array(scale.length), offset: new Float32Array(scale.length) };
  for (let channel = 0; channel < scale.length; channel += 1) {
    const multiplier = scale[channel]! / Math.sqrt(variance[channel]! + epsilon);
    folded.scale[channel] = multiplier;
    folded.offset[channel] = offset[channel]! - mean[channel]! * multiplier;
  }
  return folded;
}

function activation(op: string, x: Value, node: GraphNode, attributes: Attributes, lowering: OnnxLowering, alpha: Value | undefined, hint: string): Value {
  const standard = lowering.standardActivation(op, x, hint);
  if (standard) return standard;
  switch (op) {
    case 'LeakyRelu':
      // TF's attribute is `alpha` on LeakyRelu and `leakyrelu_alpha` when fused; both default to 0.2.
      return lowering.leakyRelu(x, attributes.float(node.op === 'LeakyRelu' ? 'alpha' : 'leakyrelu_alpha', 0.2), hint);
    case 'Prelu':
      return lowering.prelu(x, constant(node, alpha, 'the Prelu alpha'), hint);
    default:
      throw new Error(`node ${node.name} (${node.op}): unsupported fused activation ${op}`);
  }
}

/**
 * The post-ops TF.js fuses: an optional BiasAdd, then at most one activation (tfjs-converter's
 * fused-op executor accepts no more; it refuses FusedBatchNorm, and so do we).
 */
function fusedTail(node: GraphNode, attributes: Attributes, args: Value[]): { bias: Float32Array | null; activation: string | null; alpha: Value | undefined } {
  const ops = attributes.strings('fused_ops');
  const hasBias = ops[0] === 'BiasAdd';
  const activationOp = ops[hasBias ? 1 : 0] ?? null;
  if (ops.length > (hasBias ? 1 : 0) + 1 || (activationOp !== null && !FUSED_ACTIVATIONS.has(activationOp))) {
    throw new Error(`node ${node.name} (${node.op}): unsupported fused ops [${ops.join(', ')}]`);
  }
  return { bias: hasBias ? floats(node, args[0], 'the bias') : null, activation: activationOp, alpha: args[hasBias ? 1 : 0] };
}


function convertNode(node: GraphNode, inputs: Value[], lowering: OnnxLowering, weights: Map<string, ConstTensor>, batch: number): Value | Value[] {
  const attributes = new Attributes(node);
  const hint = node.name;
  const [x, second] = inputs;
  const need = (count: number): void => {
    if (inputs.length < count) throw new Error(`node ${node.name} (${node.op}) has ${inputs.length} inputs, needs ${count}`);
  };
  switch (node.op) {
    case 'Placeholder': {
      const dims = (node.attr?.['shape']?.shape?.dim ?? []).map((dim) => Number(dim.size ?? -1));
      if (dims.length === 0) throw new Error(`placeholder ${node.name} has no static shape`);
      if (dims.slice(1).some((dim) => dim < 0)) throw new Error(`placeholder ${node.name} has dynamic dimensions [${dims.join(', ')}] beyond the batch`);
      return lowering.input(node.name, [dims[0]! < 0 ? batch : dims[0]!, ...dims.slice(1)]);
    }
    case 'Const': {
      const tensor = weights.get(node.name);
      if (!tensor) throw new Error(`constant ${node.name} has no entry in the weights manifest`);
      return constValue(tensor);
    }
    case 'Identity':
    case 'StopGradient':
      need(1);
      return x!;
    case 'Conv2D':
    case '_FusedConv2D':
    case 'DepthwiseConv2dNative':
    case 'FusedDepthwiseConv2dNative': {
      need(2);
      checkNhwc(node, attributes);
      const depthwise = node.op.includes('Depthwise');
      const fused = node.op.startsWith('_Fused') || node.op.startsWith('Fused') ? fusedTail(node, attributes, inputs.slice(2)) : null;
      let y: Value = lowering.conv2d(
        x!,
        constant(node, second, 'the filter'),
        fused?.bias ?? null,
        {
          strides: spatial(node, attributes.ints('strides'), 'strides'),
          dilations: spatial(node, attributes.ints('dilations', [1, 1, 1, 1]), 'dilations'),
          padding: padding(node, attributes),
          depthwise,
        },
        hint,
      );
      if (fused?.activation) y = activation(fused.activation, y, node, attributes, lowering, fused.alpha, `${hint}_${fused.activation.toLowerCase()}`);
      return y;
    }
    case 'FusedBatchNorm':
    case 'FusedBatchNormV2':
    case 'FusedBatchNormV3': {
      need(5);
      checkNhwc(node, attributes);
      const [scale, offset, mean, variance] = inputs.slice(1, 5).map((value, index) => floats(node, value, `batch norm input ${index + 1}`)) as [Float32Array, Float32Array, Float32Array, Float32Array];
      // A missing epsilon means TF.js's default, 0.001 (tfjs-converter op_list/normalization).
      const folded = foldBatchNorm(scale, offset, mean, variance, attributes.float('epsilon', 0.001));
      return lowering.channelAffine(x!, folded.scale, folded.offset, hint);
    }
    case 'BiasAdd':
      need(2);
      checkNhwc(node, attributes);
      return lowering.binary('Add', x!, second!, hint);
    case 'Add':
    case 'AddV2':
    case 'Sub':
    case 'Mul':
    case 'RealDiv':
    case 'Maximum':
    case 'Minimum': {
      need(2);
      const op = ({ Add: 'Add', AddV2: 'Add', Sub: 'Sub', Mul: 'Mul', RealDiv: 'Div', Maximum: 'Max', Minimum: 'Min' } as const)[node.op];
      // Shape arithmetic between constants (NanoDet's reshape targets) is folded here.
      if (x!.kind === 'const' && second!.kind === 'const') return foldBinary(op, x!, second!);
      return lowering.binary(op, x!, second!, hint);
    }
    case 'Relu':
    case 'Relu6':
    case 'Elu':
    case 'Sigmoid':
    case 'Tanh':
    case 'LeakyRelu':
    case 'Prelu':
      need(node.op === 'Prelu' ? 2 : 1);
      return activation(node.op, x!, node, attributes, lowering, second, hint);
    case 'AvgPool':
    case 'MaxPool':
      need(1);
      checkNhwc(node, attributes);
      return lowering.pool(
        node.op === 'MaxPool' ? 'max' : 'avg',
        x!,
        spatial(node, attributes.ints('ksize'), 'ksize'),
        spatial(node, attributes.ints('strides'), 'strides'),
        padding(node, attributes),
        hint,
      );
    case 'Mean':
      need(2);
      return lowering.reduceMean(x!, ints(node, second, 'the axes'), attributes.bool('keep_dims'), hint);
    case 'Pad':
    case 'PadV2': {
      need(2);
      const flat = ints(node, second, 'the paddings');
      const pairs = Array.from({ length: flat.length / 2 }, (_, axis): [number, number] => [flat[axis * 2]!, flat[axis * 2 + 1]!]);
      // PadV2 takes the fill as an input; TF.js also reads a constant_value attribute on Pad.
      const fill = node.op === 'PadV2' ? floats(node, inputs[2], 'the constant value')[0]! : attributes.float('constant_value', 0);
      return lowering.pad(x!, pairs, fill, hint);
    }
    case 'Reshape':
      need(2);
      return lowering.reshape(x!, ints(node, second, 'the shape'), hint);
    case 'Squeeze':
      need(1);
      return lowering.squeeze(x!, attributes.ints('squeeze_dims', []), hint);
    case 'ConcatV2': {
      need(2);
      const axis = ints(node, inputs[inputs.length - 1], 'the axis')[0]!;
      return lowering.concat(inputs.slice(0, -1), axis, hint);
    }
    case 'MatMul':
    case '_FusedMatMul': {
      need(2);
      let y: Value = lowering.matMul(x!, second!, attributes.bool('transpose_a'), attributes.bool('transpose_b'), hint);
      if (node.op === '_FusedMatMul') {
        const fused = fusedTail(node, attributes, inputs.slice(2));
        if (fused.bias) y = lowering.binary('Add', y, constValue({ dtype: 'float32', shape: [fused.bias.length], data: fused.bias }), `${hint}_bias`);
        if (fused.activation) y = activation(fused.activation, y, node, attributes, lowering, fused.alpha, `${hint}_${fused.activation.toLowerCase()}`);
      }
      return y;
    }
    case 'Softmax':
      need(1);
      return lowering.softmax(x!, hint);
    case 'Transpose':
      need(2);
      return lowering.transposeLogical(x!, ints(node, second, 'the permutation'), hint);
    case 'SplitV': {
      need(3);
      const sizes = ints(node, second, 'the split sizes');
      const axis = ints(node, inputs[2], 'the split axis')[0]!;
      return lowering.split(x!, sizes, axis, hint);
    }
    case 'ResizeBilinear': {
      need(2);
      const size = ints(node, second, 'the size');
      if (size.length !== 2) throw new Error(`node ${node.name} (${node.op}): size must be [height, width]`);
      return lowering.resizeBilinear(x!, [size[0]!, size[1]!], attributes.bool('align_corners'), attributes.bool('half_pixel_centers'), hint);
    }
    case 'SparseToDense': {
      // Only with constant operands (what exporters leave for shape arithmetic): folded here.
      need(4);
      const indices = constant(node, x, 'the indices');
      const shape = ints(node, second, 'the output shape');
      const values = constant(node, inputs[2], 'the values');
      const fill = constant(node, inputs[3], 'the default value');
      return constValue(sparseToDense(`node ${node.name} (${node.op})`, indices, shape, values, fill));
    }
    default:
      throw new Error(`unsupported TF.js op: ${node.op} (node ${node.name})`);
  }
}
