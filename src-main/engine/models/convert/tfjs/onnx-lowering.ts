import { OnnxGraphBuilder, type AttributeValue } from '../../onnx/onnx-graph-builder.js';
import { broadcastShapes, normalizeAxis, product, spatialPadding, transposeData, type Padding } from './layout-math.js';
import type { ConstTensor } from './tfjs-model-json.js';

export type { Padding } from './layout-math.js';

/**
 * TensorFlow operations expressed in ONNX, shared by the TF.js graph-model and Keras layers-model
 * front ends.
 *
 * TensorFlow is NHWC; ONNX convolutions and pools are NCHW. Every value keeps its TensorFlow
 * (logical) shape and axes, plus the physical layout of the ONNX tensor that holds it: a rank-4
 * value is 'nchw' once a convolution has produced it and stays so through elementwise ops, batch
 * norms and pads, so a MobileNet needs one Transpose at its input and none inside. Ops whose
 * meaning depends on memory order (Reshape, Flatten, MatMul) turn it back to NHWC first; ops with
 * an axis (Mean, Squeeze, Softmax, Concat, Pad) map the axis instead. Weight layouts (HWIO → OIHW,
 * depthwise, broadcast constants) are transposed here at conversion time, never in the graph.
 *
 * Shapes are tracked statically (-1 for a dynamic batch) because TensorFlow's SAME padding is
 * written as explicit pads, computed exactly as TensorFlow computes them.
 */
export type Layout = 'nhwc' | 'nchw';
export type RuntimeValue = { kind: 'runtime'; name: string; shape: number[]; layout: Layout };
export type ConstValue = { kind: 'const' } & ConstTensor;
export type Value = RuntimeValue | ConstValue;

export type ConvOptions = {
  strides: [number, number];
  dilations: [number, number];
  padding: Padding;
  /** Depthwise filters are [kh, kw, in, multiplier]; plain ones [kh, kw, in / groups, out]. */
  depthwise: boolean;
};

export type TensorSpec = { name: string; shape: number[]; type: 'float32' };

export type BinaryOp = 'Add' | 'Sub' | 'Mul' | 'Div' | 'Max' | 'Min';
export type UnaryOp = 'Relu' | 'Sigmoid' | 'Tanh' | 'Elu' | 'Exp' | 'Neg' | 'Abs' | 'Sqrt';

const NHWC_TO_NCHW = [0, 3, 1, 2];
const NCHW_TO_NHWC = [0, 2, 3, 1];
/** Where logical (NHWC) axis i sits in an NCHW tensor. */
const NCHW_POSITION = [0, 2, 3, 1];

export function constValue(tensor: ConstTensor): ConstValue {
  return { kind: 'const', ...tensor } as ConstValue;
}

export class OnnxLowering {
  readonly graph: OnnxGraphBuilder;
  private readonly transposed = new Map<string, RuntimeValue>();
  private readonly materialized = new WeakMap<ConstValue, Map<string, string>>();
  private readonly inputs: TensorSpec[] = [];
  private readonly outputs: TensorSpec[] = [];
  /** What each Pad node padded (physical pads per axis of its input's layout), so a max pool can take the padding over. */
  private readonly pads = new Map<string, { source: RuntimeValue; physical: Array<[number, number]>; fill: number }>();

  constructor(graphName: string) {
    this.graph = new OnnxGraphBuilder(graphName);
  }

  /** Reserves the names of the graph's inputs and outputs before any intermediate name is made. */
  reserveNames(names: string[]): void {
    for (const name of names) {
      if (this.graph.uniqueName(name) !== name) throw new Error(`two graph inputs/outputs are named ${name}`);
    }
  }

  input(name: string, shape: number[]): RuntimeValue {
    this.graph.addInput({ name, type: 'float32', shape: shape.map((dim) => (dim < 0 ? 'batch' : dim)) });
    this.inputs.push({ name, shape, type: 'float32' });
    return { kind: 'runtime', name, shape, layout: 'nhwc' };
  }

  output(value: Value, name: string): void {
    const runtime = this.nhwc(this.runtime(value, name));
    // The node that makes the value names it after the output; a copy only when none can (an
    // input, a constant, or a value already given another output's name).
    if (this.outputs.some((output) => output.name === runtime.name) || !this.graph.renameValue(runtime.name, name)) {
      this.graph.addNode('Identity', [runtime.name], { outputs: [name] });
    }
    this.graph.addOutput({ name, type: 'float32', shape: runtime.shape.map((dim) => (dim < 0 ? 'batch' : dim)) });
    this.outputs.push({ name, shape: runtime.shape, type: 'float32' });
  }

  finish(producer: string): { onnx: Uint8Array; inputs: TensorSpec[]; outputs: TensorSpec[] } {
    return { onnx: this.graph.toBytes({ producer }), inputs: this.inputs, outputs: this.outputs };
  }

  // ---- layout -------------------------------------------------------------------------------

  /** The value as an ONNX tensor name (constants become initializers, in TensorFlow layout). */
  runtime(value: Value, hint: string): RuntimeValue {
    if (value.kind === 'runtime') return value;
    return { kind: 'runtime', name: this.constant(value, hint, 'nhwc', value.shape.length), shape: value.shape, layout: 'nhwc' };
  }

  nchw(value: RuntimeValue): RuntimeValue {
    if (value.shape.length !== 4 || value.layout === 'nchw') return value;
    return this.transpose(value, NHWC_TO_NCHW, 'nchw');
  }

  nhwc(value: RuntimeValue): RuntimeValue {
    if (value.layout === 'nhwc') return value;
    return this.transpose(value, NCHW_TO_NHWC, 'nhwc');
  }

  private transpose(value: RuntimeValue, perm: number[], layout: Layout): RuntimeValue {
    const key = `${value.name}→${layout}`;
    let result = this.transposed.get(key);
    if (!result) {
      const [name] = this.graph.addNode('Transpose', [value.name], { outputHint: `${value.name}_${layout}`, attributes: { perm } });
      result = { kind: 'runtime', name: name!, shape: value.shape, layout };
      this.transposed.set(key, result);
    }
    return result;
  }

  /**
   * A constant as an initializer, shaped to broadcast against a value of rank `rank` in `layout`:
   * for an NCHW partner, padded to rank 4 and permuted like the activations are.
   */
  private constant(value: ConstValue, hint: string, layout: Layout, rank: number): string {
    if (value.dtype !== 'float32') throw new Error(`${hint}: int32 tensors are only supported as shapes, axes and paddings`);
    const key = layout === 'nchw' && rank === 4 ? 'nchw' : 'plain';
    let cache = this.materialized.get(value);
    if (!cache) this.materialized.set(value, (cache = new Map()));
    let name = cache.get(key);
    if (!name) {
      let { shape, data } = value;
      if (key === 'nchw' && shape.length > 0) {
        shape = [...new Array<number>(4 - shape.length).fill(1), ...shape];
        data = transposeData(data, shape, NHWC_TO_NCHW);
        shape = NHWC_TO_NCHW.map((axis) => shape[axis]!);
      }
      name = this.graph.addInitializer(hint, { type: 'float32', dims: shape, data });
      cache.set(key, name);
    }
    return name;
  }

  private floats(hint: string, dims: number[], values: ArrayLike<number>): string {
    return this.graph.addInitializer(hint, { type: 'float32', dims, data: Float32Array.from(values) });
  }

  private int64s(hint: string, values: number[]): string {
    return this.graph.addInitializer(hint, { type: 'int64', dims: [values.length], data: BigInt64Array.from(values.map(BigInt)) });
  }

  private node(op: string, inputs: string[], hint: string, attributes?: Record<string, AttributeValue>): string {
    return this.graph.addNode(op, inputs, { outputHint: hint, ...(attributes ? { attributes } : {}) })[0]!;
  }

  // ---- convolution and pooling -----------------------------------------------------------------

  conv2d(input: Value, filter: ConstValue, bias: Float32Array | null, options: ConvOptions, hint: string): RuntimeValue {
    const x = this.nchw(this.runtime(input, `${hint}_input`));
    if (x.shape.length !== 4) throw new Error(`${hint}: convolution input must be rank 4, got [${x.shape.join(', ')}]`);
    if (filter.dtype !== 'float32' || filter.shape.length !== 4) throw new Error(`${hint}: the filter must be a rank-4 float32 constant`);
    const [batch, height, width, channels] = x.shape as [number, number, number, number];
    const [kh, kw, filterIn, filterOut] = filter.shape as [number, number, number, number];
    let weights: Float32Array;
    let weightShape: number[];
    let group: number;
    if (options.depthwise) {
      if (filterIn !== channels) throw new Error(`${hint}: depthwise filter has ${filterIn} input channels, the input ${channels}`);
      // TF output channel i·multiplier + m ↔ ONNX group i's output m: [in, mult, kh, kw] → [in·mult, 1, kh, kw].
      weights = transposeData(filter.data, filter.shape, [2, 3, 0, 1]);
      weightShape = [filterIn * filterOut, 1, kh, kw];
      group = channels;
    } else {
      if (channels % filterIn !== 0) throw new Error(`${hint}: filter has ${filterIn} input channels, the input ${channels}`);
      weights = transposeData(filter.data, filter.shape, [3, 2, 0, 1]);
      weightShape = [filterOut, filterIn, kh, kw];
      group = channels / filterIn;
    }
    const outChannels = weightShape[0]!;
    const [top, bottom, outHeight] = spatialPadding(height, kh, options.strides[0], options.dilations[0], options.padding, 0);
    const [left, right, outWidth] = spatialPadding(width, kw, options.strides[1], options.dilations[1], options.padding, 1);
    const inputs = [x.name, this.graph.addInitializer(`${hint}_weights`, { type: 'float32', dims: weightShape, data: weights })];
    if (bias) {
      if (bias.length !== outChannels) throw new Error(`${hint}: bias has ${bias.length} values for ${outChannels} channels`);
      inputs.push(this.floats(`${hint}_bias`, [outChannels], bias));
    }
    const name = this.node('Conv', inputs, hint, {
      kernel_shape: [kh, kw],
      strides: [...options.strides],
      dilations: [...options.dilations],
      pads: [top, left, bottom, right],
      group,
    });
    return { kind: 'runtime', name, shape: [batch, outHeight, outWidth, outChannels], layout: 'nchw' };
  }

  pool(kind: 'max' | 'avg', input: Value, size: [number, number], strides: [number, number], padding: Padding, hint: string): RuntimeValue {
    const x = this.nchw(this.runtime(input, `${hint}_input`));
    if (x.shape.length !== 4) throw new Error(`${hint}: pooling input must be rank 4`);
    const [batch, height, width, channels] = x.shape as [number, number, number, number];
    const [padTop, padBottom, outHeight] = spatialPadding(height, size[0], strides[0], 1, padding, 0);
    const [padLeft, padRight, outWidth] = spatialPadding(width, size[1], strides[1], 1, padding, 1);
    let [source, top, bottom, left, right] = [x, padTop, padBottom, padLeft, padRight];
    // A −∞ Pad of the spatial axes then a VALID max pool (PyTorch's ceil-mode pooling, as exported
    // through TensorFlow) is a max pool with pads: ONNX pads never win a max. One node instead of a
    // Pad, which onnxruntime cannot keep in its blocked layout and reorders around.
    const padded = this.pads.get(x.name);
    if (kind === 'max' && padding.kind === 'valid' && padded && padded.fill === -Infinity) {
      // The Pad's output is this very tensor, so its pads are per axis of the NCHW tensor the pool reads.
      const [n, c, h, w] = padded.physical as [[number, number], [number, number], [number, number], [number, number]];
      if (n[0] === 0 && n[1] === 0 && c[0] === 0 && c[1] === 0 && h.every((pad) => pad >= 0) && w.every((pad) => pad >= 0)) {
        source = padded.source;
        [top, bottom, left, right] = [h[0], h[1], w[0], w[1]];
      }
    }
    // count_include_pad stays 0: TensorFlow averages over the window's real pixels only.
    const name = this.node(kind === 'max' ? 'MaxPool' : 'AveragePool', [source.name], hint, {
      kernel_shape: [...size],
      strides: [...strides],
      pads: [top, left, bottom, right],
    });
    return { kind: 'runtime', name, shape: [batch, outHeight, outWidth, channels], layout: 'nchw' };
  }

  /** TensorFlow Pad: `paddings[i]` = [before, after] for logical axis i. */
  pad(input: Value, paddings: Array<[number, number]>, constant: number, hint: string): RuntimeValue {
    const x = this.runtime(input, `${hint}_input`);
    if (paddings.length !== x.shape.length) throw new Error(`${hint}: ${paddings.length} paddings for rank ${x.shape.length}`);
    const physical = x.layout === 'nchw' ? NHWC_TO_NCHW.map((axis) => paddings[axis]!) : paddings;
    const inputs = [x.name, this.int64s(`${hint}_pads`, [...physical.map(([before]) => before), ...physical.map(([, after]) => after)])];
    if (constant !== 0) inputs.push(this.floats(`${hint}_value`, [], [constant]));
    const name = this.node('Pad', inputs, hint);
    this.pads.set(name, { source: x, physical, fill: constant });
    const shape = x.shape.map((dim, axis) => (dim < 0 ? dim : dim + paddings[axis]![0] + paddings[axis]![1]));
    return { kind: 'runtime', name, shape, layout: x.layout };
  }

  // ---- elementwise ---------------------------------------------------------------------------

  binary(op: BinaryOp, a: Value, b: Value, hint: string): RuntimeValue {
    const shape = broadcastShapes(a.shape, b.shape);
    const runtimes = [a, b].filter((value): value is RuntimeValue => value.kind === 'runtime');
    // Stay NCHW when every runtime operand is a rank-4 activation and one already is NCHW;
    // otherwise work in TensorFlow layout, where broadcasting means what it says.
    const layout: Layout =
      shape.length === 4 && runtimes.length > 0 && runtimes.every((value) => value.shape.length === 4) && runtimes.some((value) => value.layout === 'nchw')
        ? 'nchw'
        : 'nhwc';
    const operand = (value: Value, which: string): string => {
      if (value.kind === 'const') return this.constant(value, `${hint}_${which}`, layout, shape.length);
      return (layout === 'nchw' ? this.nchw(value) : this.nhwc(value)).name;
    };
    const name = this.node(op, [operand(a, 'a'), operand(b, 'b')], hint);
    return { kind: 'runtime', name, shape, layout };
  }

  /**
   * The parameter-free activations both TF.js formats share, by their lower-case name ("relu",
   * "relu6", "elu", "sigmoid", "tanh"); `null` for any other, which each format handles itself.
   */
  standardActivation(name: string, input: Value, hint: string): RuntimeValue | null {
    switch (name.toLowerCase()) {
      case 'relu':
        return this.unary('Relu', input, hint);
      case 'relu6':
        return this.clip(input, 0, 6, hint);
      case 'elu':
        return this.unary('Elu', input, hint);
      case 'sigmoid':
        return this.unary('Sigmoid', input, hint);
      case 'tanh':
        return this.unary('Tanh', input, hint);
      default:
        return null;
    }
  }

  unary(op: UnaryOp, input: Value, hint: string): RuntimeValue {
    const x = this.runtime(input, `${hint}_input`);
    return { ...x, name: this.node(op, [x.name], hint) };
  }

  clip(input: Value, min: number, max: number, hint: string): RuntimeValue {
    const x = this.runtime(input, `${hint}_input`);
    const name = this.node('Clip', [x.name, this.floats(`${hint}_min`, [], [min]), this.floats(`${hint}_max`, [], [max])], hint);
    return { ...x, name };
  }

  /** max(x, 0) + alpha · min(x, 0) with a constant alpha (a scalar, or one value per channel). */
  prelu(input: Value, alpha: ConstValue, hint: string): RuntimeValue {
    const x = this.runtime(input, `${hint}_input`);
    const name = this.node('PRelu', [x.name, this.constant(alpha, `${hint}_alpha`, x.layout, x.shape.length)], hint);
    return { ...x, name };
  }

  leakyRelu(input: Value, alpha: number, hint: string): RuntimeValue {
    // ONNX LeakyRelu where its alpha can be written: onnxruntime fuses it into the convolution before
    // it (NanoDet: 80 → 60 ms CPU a run; a PRelu after each convolution makes its blocked-layout
    // kernels convert back and forth). An integral alpha would be written as an INT attribute (the
    // graph builder's rule) where LeakyRelu needs a FLOAT: PRelu with a constant slope then.
    if (Number.isInteger(alpha)) return this.prelu(input, constValue({ dtype: 'float32', shape: [], data: new Float32Array([alpha]) }), hint);
    const x = this.runtime(input, `${hint}_input`);
    return { ...x, name: this.node('LeakyRelu', [x.name], hint, { alpha: Math.fround(alpha) }) };
  }

  /** y = x · scale + offset along the last logical axis (an inference batch norm, folded). */
  channelAffine(input: Value, scale: Float32Array, offset: Float32Array, hint: string): RuntimeValue {
    const channels = input.shape[input.shape.length - 1]!;
    if (scale.length !== channels || offset.length !== channels) throw new Error(`${hint}: ${scale.length} scales for ${channels} channels`);
    const scaled = this.binary('Mul', input, constValue({ dtype: 'float32', shape: [channels], data: scale }), `${hint}_scale`);
    return this.binary('Add', scaled, constValue({ dtype: 'float32', shape: [channels], data: offset }), hint);
  }

  // ---- shapes and reductions ------------------------------------------------------------------

  matMul(a: Value, b: Value, transposeA: boolean, transposeB: boolean, hint: string): RuntimeValue {
    let left = this.nhwc(this.runtime(a, `${hint}_a`));
    if (left.shape.length !== 2) throw new Error(`${hint}: MatMul of rank ${left.shape.length} is not supported`);
    if (transposeA) left = { ...left, name: this.node('Transpose', [left.name], `${hint}_a_t`, { perm: [1, 0] }), shape: [left.shape[1]!, left.shape[0]!] };
    let rightName: string;
    let rightShape: number[];
    if (b.kind === 'const') {
      if (b.shape.length !== 2) throw new Error(`${hint}: MatMul needs a rank-2 right operand`);
      const folded = transposeB ? constValue({ ...b, shape: [b.shape[1]!, b.shape[0]!], data: transposeData(b.data, b.shape, [1, 0]) } as ConstTensor) : b;
      rightName = this.constant(folded, `${hint}_b`, 'nhwc', 2);
      rightShape = folded.shape;
    } else {
      const right = this.nhwc(b);
      if (right.shape.length !== 2) throw new Error(`${hint}: MatMul needs a rank-2 right operand`);
      rightName = transposeB ? this.node('Transpose', [right.name], `${hint}_b_t`, { perm: [1, 0] }) : right.name;
      rightShape = transposeB ? [right.shape[1]!, right.shape[0]!] : right.shape;
    }
    if (left.shape[1] !== rightShape[0]) throw new Error(`${hint}: MatMul of [${left.shape.join(', ')}] by [${rightShape.join(', ')}]`);
    const name = this.node('MatMul', [left.name, rightName], hint);
    return { kind: 'runtime', name, shape: [left.shape[0]!, rightShape[1]!], layout: 'nhwc' };
  }

  /**
   * A value whose remaining axes keep their TensorFlow order when `keptAxes` (logical) survive a
   * reduction or squeeze: NCHW stays NCHW only while the survivors are still in order there.
   */
  private forAxisDrop(value: RuntimeValue, keptAxes: number[]): RuntimeValue {
    if (value.layout !== 'nchw' || keptAxes.length === 4) return value;
    const positions = keptAxes.map((axis) => NCHW_POSITION[axis]!);
    const inOrder = positions.every((position, index) => index === 0 || position > positions[index - 1]!);
    return inOrder ? value : this.nhwc(value);
  }

  reduceMean(input: Value, axes: number[], keepDims: boolean, hint: string): RuntimeValue {
    let x = this.runtime(input, `${hint}_input`);
    const rank = x.shape.length;
    const reduced = [...new Set(axes.map((axis) => normalizeAxis(axis, rank)))].sort((p, q) => p - q);
    // TensorFlow reduces nothing for an empty axis list; ONNX would reduce everything.
    if (reduced.length === 0) return x;
    const kept = x.shape.map((_, axis) => axis).filter((axis) => !reduced.includes(axis));
    if (!keepDims) x = this.forAxisDrop(x, kept);
    const physical = x.layout === 'nchw' ? reduced.map((axis) => NCHW_POSITION[axis]!) : reduced;
    const name = this.node('ReduceMean', [x.name], hint, { axes: physical, keepdims: keepDims ? 1 : 0 });
    const shape = keepDims ? x.shape.map((dim, axis) => (reduced.includes(axis) ? 1 : dim)) : kept.map((axis) => x.shape[axis]!);
    return { kind: 'runtime', name, shape, layout: keepDims ? x.layout : 'nhwc' };
  }

  squeeze(input: Value, axes: number[], hint: string): RuntimeValue {
    let x = this.runtime(input, `${hint}_input`);
    const rank = x.shape.length;
    const squeezed = axes.length > 0 ? axes.map((axis) => normalizeAxis(axis, rank)) : x.shape.flatMap((dim, axis) => (dim === 1 ? [axis] : []));
    for (const axis of squeezed) if (x.shape[axis] !== 1) throw new Error(`${hint}: cannot squeeze axis ${axis} of size ${x.shape[axis]}`);
    // An empty axes input would make ONNX squeeze every size-1 axis.
    if (squeezed.length === 0) return x;
    const kept = x.shape.map((_, axis) => axis).filter((axis) => !squeezed.includes(axis));
    x = this.forAxisDrop(x, kept);
    const physical = x.layout === 'nchw' ? squeezed.map((axis) => NCHW_POSITION[axis]!) : squeezed;
    const name = this.node('Squeeze', [x.name, this.int64s(`${hint}_axes`, physical)], hint);
    return { kind: 'runtime', name, shape: kept.map((axis) => x.shape[axis]!), layout: 'nhwc' };
  }

  reshape(input: Value, target: number[], hint: string): RuntimeValue {
    const x = this.nhwc(this.runtime(input, `${hint}_input`));
    if (target.includes(0)) throw new Error(`${hint}: reshape to a zero-sized dimension is not supported`);
    if (target.filter((dim) => dim === -1).length > 1) throw new Error(`${hint}: reshape with more than one -1`);
    let shape = target;
    if (target.includes(-1) && !x.shape.includes(-1)) {
      const known = product(target.filter((dim) => dim !== -1));
      shape = target.map((dim) => (dim === -1 ? product(x.shape) / known : dim));
    }
    const name = this.node('Reshape', [x.name, this.int64s(`${hint}_shape`, target)], hint);
    return { kind: 'runtime', name, shape, layout: 'nhwc' };
  }

  /** Keras Flatten: [batch, ...] → [batch, product], in TensorFlow (NHWC) element order. */
  flatten(input: Value, hint: string): RuntimeValue {
    const x = this.nhwc(this.runtime(input, `${hint}_input`));
    const name = this.node('Flatten', [x.name], hint, { axis: 1 });
    return { kind: 'runtime', name, shape: [x.shape[0]!, product(x.shape.slice(1))], layout: 'nhwc' };
  }

  /** Softmax over the last logical axis. */
  softmax(input: Value, hint: string): RuntimeValue {
    const x = this.runtime(input, `${hint}_input`);
    const last = x.shape.length - 1;
    const axis = x.layout === 'nchw' ? NCHW_POSITION[last]! : last;
    return { ...x, name: this.node('Softmax', [x.name], hint, { axis }) };
  }

  /**
   * TensorFlow Transpose (result axis i = input axis perm[i]). Graphs converted from PyTorch via
   * ONNX wrap every convolution in NCHW↔NHWC transposes; when the permuted value's memory order
   * already is one of the two layouts this class tracks, the transpose is only a new label on the
   * same ONNX tensor and costs nothing at run time. Otherwise one ONNX Transpose is emitted.
   */
  transposeLogical(input: Value, perm: number[], hint: string): Value {
    const rank = input.shape.length;
    if (perm.length !== rank || [...perm].sort((p, q) => p - q).some((axis, index) => axis !== index)) {
      throw new Error(`${hint}: perm [${perm.join(', ')}] is not a permutation of rank ${rank}`);
    }
    const shape = perm.map((axis) => input.shape[axis]!);
    if (input.kind === 'const') {
      return constValue({ ...input, shape, data: transposeData(input.data, input.shape, perm) } as ConstTensor);
    }
    // Physical axis k of the input holds logical axis inputOrder[k].
    const inputOrder = input.layout === 'nchw' ? NHWC_TO_NCHW : input.shape.map((_, axis) => axis);
    for (const layout of ['nhwc', 'nchw'] as const) {
      if (layout === 'nchw' && rank !== 4) continue;
      const resultOrder = layout === 'nchw' ? NHWC_TO_NCHW : shape.map((_, axis) => axis);
      // Physical axis i of the result holds input logical axis perm[resultOrder[i]].
      const physical = resultOrder.map((axis) => inputOrder.indexOf(perm[axis]!));
      if (physical.every((axis, index) => axis === index)) return { kind: 'runtime', name: input.name, shape, layout };
    }
    const physical = shape.map((_, axis) => inputOrder.indexOf(perm[axis]!));
    return { kind: 'runtime', name: this.node('Transpose', [input.name], hint, { perm: physical }), shape, layout: 'nhwc' };
  }

  /** TensorFlow SplitV: pieces of `sizes` along logical `axis` (one size may be -1: the rest). */
  split(input: Value, sizes: number[], axis: number, hint: string): RuntimeValue[] {
    const x = this.runtime(input, `${hint}_input`);
    const logical = normalizeAxis(axis, x.shape.length);
    const total = x.shape[logical]!;
    const known = sizes.filter((size) => size !== -1).reduce((sum, size) => sum + size, 0);
    const resolved = sizes.map((size) => (size === -1 ? total - known : size));
    if (total >= 0 && resolved.reduce((sum, size) => sum + size, 0) !== total) throw new Error(`${hint}: split sizes [${sizes.join(', ')}] do not add up to ${total}`);
    const physicalAxis = x.layout === 'nchw' ? NCHW_POSITION[logical]! : logical;
    const names = resolved.map((_, index) => this.graph.uniqueName(`${hint}_${index}`));
    this.graph.addNode('Split', [x.name, this.int64s(`${hint}_sizes`, resolved)], { outputs: names, attributes: { axis: physicalAxis } });
    return names.map((name, index) => ({ kind: 'runtime', name, shape: x.shape.map((dim, at) => (at === logical ? resolved[index]! : dim)), layout: x.layout }));
  }

  /** TensorFlow ResizeBilinear of an NHWC value to [height, width]. */
  resizeBilinear(input: Value, size: [number, number], alignCorners: boolean, halfPixelCenters: boolean, hint: string): RuntimeValue {
    const x = this.nchw(this.runtime(input, `${hint}_input`));
    if (x.shape.length !== 4) throw new Error(`${hint}: ResizeBilinear needs a rank-4 input`);
    const [batch, , , channels] = x.shape as [number, number, number, number];
    if (batch < 0) throw new Error(`${hint}: ResizeBilinear needs a static batch`);
    // TF's three coordinate conventions, by their ONNX names (half_pixel_centers ↔ half_pixel).
    const mode = alignCorners ? 'align_corners' : halfPixelCenters ? 'half_pixel' : 'asymmetric';
    const name = this.node('Resize', [x.name, '', '', this.int64s(`${hint}_sizes`, [batch, channels, size[0], size[1]])], hint, {
      mode: 'linear',
      coordinate_transformation_mode: mode,
    });
    return { kind: 'runtime', name, shape: [batch, size[0], size[1], channels], layout: 'nchw' };
  }

  concat(values: Value[], axis: number, hint: string): RuntimeValue {
    const rank = values[0]!.shape.length;
    const logical = normalizeAxis(axis, rank);
    const runtimes = values.filter((value): value is RuntimeValue => value.kind === 'runtime');
    const layout: Layout = rank === 4 && runtimes.some((value) => value.layout === 'nchw') ? 'nchw' : 'nhwc';
    const names = values.map((value, index) => {
      if (value.kind === 'const') return this.constant(value, `${hint}_${index}`, layout, rank);
      return (layout === 'nchw' ? this.nchw(value) : this.nhwc(value)).name;
    });
    const physical = layout === 'nchw' ? NCHW_POSITION[logical]! : logical;
    const name = this.node('Concat', names, hint, { axis: physical });
    const shape = values[0]!.shape.map((dim, index) =>
      index === logical ? values.reduce((total, value) => (total < 0 || value.shape[index]! < 0 ? -1 : total + value.shape[index]!), 0) : dim,
    );
    return { kind: 'runtime', name, shape, layout };
  }
}
